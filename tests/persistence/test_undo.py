"""Undo never re-rolls, and replays reproduce every roll."""

from __future__ import annotations

from game.engine.commands import Act, Choose, EndTurn
from game.engine.model import Scenario
from game.engine.session import GameSession
from game.persistence import read_save, restore_session, save_game

from .helpers import play


def _fingerprint(session: GameSession) -> tuple[object, ...]:
    state = session.state
    return (state.compute_hash(), tuple(state.values), tuple(state.ledger))


def test_a_roll_is_final_undo_cannot_reach_back_past_it(chance: Scenario) -> None:
    """No peeking at luck: once a chance is rolled and seen, undo cannot take it back."""
    outcomes = set()
    for seed in range(40):
        session = GameSession.new(chance, seed, "prc")
        assert session.state.pending["prc"]  # the gamble is waiting
        session.submit(Choose("prc", "gamble", "roll"))
        outcomes.add(session.state.value("luck"))
        assert session.last_rolled
        assert not session.can_undo and not session.undo()
        rolled = _fingerprint(session)
        # An action that rolls is final too, and so is everything before it.
        session.submit(Act("prc", "wager"))
        assert session.last_rolled and not session.undo()
        assert _fingerprint(session) != rolled
    assert outcomes == {40, 60}  # the dice are real: both outcomes occur across seeds


def test_undo_takes_back_commands_that_rolled_nothing(chance: Scenario) -> None:
    session = GameSession.new(chance, 3, "prc")
    start = _fingerprint(session)
    session.submit(Choose("prc", "gamble", "pass"))
    assert not session.last_rolled and session.can_undo
    assert session.undo()
    assert _fingerprint(session) == start


def test_replaying_the_same_commands_gives_the_same_rolls(chance: Scenario) -> None:
    """Rolls are keyed by seed, turn and cause, never by draw order."""
    for seed in range(10):
        first = GameSession.new(chance, seed, "prc")
        second = GameSession.new(chance, seed, "prc")
        for session in (first, second):
            session.submit(Choose("prc", "gamble", "roll"))
            session.submit(Act("prc", "wager"))
        assert _fingerprint(first) == _fingerprint(second)


def test_undo_stops_at_the_turn_start(chance: Scenario) -> None:
    session = GameSession.new(chance, 1, "prc")
    session.submit(Choose("prc", "gamble", "pass"))
    session.submit(EndTurn("prc"))
    assert not session.can_undo and not session.undo()


def test_saved_dice_games_replay_exactly(chance: Scenario) -> None:
    for seed in range(6):
        session = play(chance, seed, "ussr" if seed % 2 else "prc")
        restored = restore_session(read_save(save_game(session, f"dice {seed}")), strict=True)
        assert restored.state.hashes == session.state.hashes
        assert restored.state.ledger == session.state.ledger
