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


def test_undo_then_same_choice_gives_same_roll(chance: Scenario) -> None:
    outcomes = set()
    for seed in range(40):
        session = GameSession.new(chance, seed, "prc")
        assert session.state.pending["prc"]  # the gamble is waiting
        start = _fingerprint(session)
        roll = Choose("prc", "gamble", "roll")
        session.submit(roll)
        first = _fingerprint(session)
        outcomes.add(session.state.value("luck"))
        for _ in range(3):
            assert session.undo()
            assert _fingerprint(session) == start
            session.submit(roll)
            assert _fingerprint(session) == first
        # the same for an action that rolls dice
        wager = Act("prc", "wager")
        session.submit(wager)
        after_wager = _fingerprint(session)
        assert session.undo()
        assert _fingerprint(session) == first
        session.submit(wager)
        assert _fingerprint(session) == after_wager
        # undo the whole turn and take another path, then come back: still the same rolls
        assert session.undo() and session.undo() and not session.can_undo
        session.submit(Choose("prc", "gamble", "pass"))
        assert session.undo()
        session.submit(roll)
        session.submit(wager)
        assert _fingerprint(session) == after_wager
    assert outcomes == {40, 60}  # the dice are real: both outcomes occur across seeds


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
