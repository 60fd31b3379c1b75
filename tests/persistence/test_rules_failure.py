"""A command whose effects break the rules never reaches the log, and never costs a save.

Before this was fixed, an effect that raised mid-command left the command in the
game's log; every later autosave replayed into the same error, so a whole game's
autosaves became unloadable. These tests break the rules on purpose (by making
one effect raise) and check that the game, its saves and its replay survive.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import rules
from game.engine.commands import Choose, EndTurn, IllegalCommandError, RulesError
from game.engine.model import Scenario
from game.engine.rules import new_game
from game.engine.session import GameSession
from game.persistence import store
from game.persistence.replay import Timeline, verify
from game.persistence.save_format import SaveError

REFUSE = Choose("prc", "aid_deal", "refuse")


@pytest.fixture
def refuse_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answering 'refuse' raises inside the effects, as an overflowing amount once did."""
    original = rules._run_ops

    def run_ops(state, ops, cause):  # type: ignore[no-untyped-def]
        if cause.kind == "choice" and cause.detail == "refuse":
            state.values[0] += 7  # half-applied before the failure
            raise OverflowError("int too large to convert to float")
        return original(state, ops, cause)

    monkeypatch.setattr(rules, "_run_ops", run_ops)


def test_a_command_that_breaks_leaves_the_game_and_its_log_as_they_were(
        tiny: Scenario, refuse_breaks: None) -> None:
    session = GameSession.new(tiny, seed=3, human="prc")
    before_values = list(session.state.values)
    before_log = list(session.state.log)
    with pytest.raises(RulesError, match="rules failed"):
        session.submit(REFUSE)
    assert session.state.values == before_values
    assert session.state.log == before_log
    # The player can go on with another choice.
    session.submit(Choose("prc", "aid_deal", "accept"))
    session.submit(EndTurn("prc"))
    assert session.state.turn == 1


def test_an_illegal_command_still_raises_illegal_and_changes_nothing(tiny: Scenario) -> None:
    session = GameSession.new(tiny, seed=3, human="prc")
    before = list(session.state.values)
    with pytest.raises(IllegalCommandError):
        session.submit(EndTurn("prc"))  # must answer the event first
    assert session.state.values == before


def test_autosaves_stay_loadable_after_a_breaking_command(
        tiny: Scenario, refuse_breaks: None, tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    session = GameSession.new(tiny, seed=3, human="prc")
    store.enable_autosave(session, folder=folder, save_now=True)
    with pytest.raises(RulesError):
        session.submit(REFUSE)
    session.submit(Choose("prc", "aid_deal", "accept"))
    session.submit(EndTurn("prc"))
    session.submit(EndTurn("prc"))
    saves = sorted(folder.glob("*.json"))
    assert len(saves) >= 2
    for path in saves:
        restored = store.restore_session(store.read_save(path, tiny), strict=True)
        assert restored.state.compute_hash() is not None


def test_a_log_that_breaks_gives_a_save_error_and_a_partial_replay(
        tiny: Scenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A game played to turn 2 with 'refuse' at turn 1 is saved while the rules work...
    session = GameSession.new(tiny, seed=3, human="prc")
    session.submit(Choose("prc", "aid_deal", "refuse"))
    session.submit(EndTurn("prc"))
    session.submit(EndTurn("prc"))
    path = store.save_game(session, "before the break", folder=tmp_path)
    # ...and then the rules break on 'refuse' (a changed engine, a broken scenario).
    original = rules._run_ops

    def run_ops(state, ops, cause):  # type: ignore[no-untyped-def]
        if cause.kind == "choice" and cause.detail == "refuse":
            raise ValueError("cannot convert float NaN to integer")
        return original(state, ops, cause)

    monkeypatch.setattr(rules, "_run_ops", run_ops)
    save = store.read_save(path, tiny)
    with pytest.raises(SaveError, match=r"does not replay.*turn 1"):
        store.restore_session(save)
    report = verify(save)
    assert not report.ok and "breaks the scenario's rules" in (report.error or "")
    timeline = Timeline.from_save(save)
    assert timeline.broken is not None and "turn 1" in timeline.broken
    assert timeline.turn_count == 1
    assert timeline.state_at_start(0).log == []


def test_overflowing_amounts_are_clamped_not_raised(tiny: Scenario) -> None:
    state = new_game(tiny, 1, "prc")
    cause = rules.Cause("action", 0, "prc", "test")
    tension = tiny.meter_index["tension"]
    for amount in (1e400, -1e400, float("nan"), 10**400):
        op = rules.Op("add", slot=tension, amount=amount)  # type: ignore[arg-type]
        rules._run_ops(state, (op,), cause)
        assert tiny.meters[tension].lo <= state.values[tension] <= tiny.meters[tension].hi
