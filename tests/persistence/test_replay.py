"""verify() and the replay viewer's Timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import rules
from game.engine.commands import Choose
from game.engine.model import Scenario
from game.persistence import Timeline, read_save, save_game, verify
from game.persistence.save_format import checksum_of

from .helpers import play


def _rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(path.read_bytes())
    change(data)
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_verify_ok(tiny: Scenario) -> None:
    session = play(tiny, 1)
    report = verify(read_save(save_game(session, "ok")))
    assert report.ok and report.error is None
    assert report.turns == report.hashes_checked == report.hashes_expected == 4
    assert report.commands == len(session.state.log)
    assert report.first_divergent_turn is None
    assert report.ending == session.state.ending
    assert report.summary().startswith("ok: 4 turns")


def test_verify_names_first_divergent_turn_and_meters(tiny: Scenario,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    save = read_save(save_game(play(tiny, 2, "prc"), "rules change"))
    # A "rules change": the computer's side now earns one more capital per turn.
    monkeypatch.setitem(rules.DIFFICULTY_INCOME_BONUS, "normal", 1)
    report = verify(save)
    assert not report.ok
    assert report.first_divergent_turn == 0 and report.first_divergent_label == "1953 Q2"
    assert report.expected_hash == save.data.hashes[0]
    assert report.actual_hash and report.actual_hash != report.expected_hash
    assert any(d.startswith("ussr_capital: saved") for d in report.differences)
    assert "DIVERGES at turn 1 (1953 Q2)" in report.summary()


def test_verify_tampered_hash(tiny: Scenario) -> None:
    path = save_game(play(tiny, 3), "tampered")
    _rewrite(path, lambda d: d["hashes"].__setitem__(2, "f" * 32))
    report = verify(read_save(path))
    assert report.first_divergent_turn == 2
    assert report.expected_hash == "f" * 32
    assert report.hashes_checked == 4
    assert report.differences == ["meters agree at the end of that turn; the difference is in "
                                  "flags, events, timers or cooldowns"]


def test_verify_missing_turns_and_illegal_commands(tiny: Scenario) -> None:
    session = play(tiny, 4)
    path = save_game(session, "short")
    _rewrite(path, lambda d: d["commands"].pop())  # the last EndTurn is gone
    report = verify(read_save(path))
    assert report.first_divergent_turn == 3
    assert "the save records 4 turns, the replay completes 3" in report.differences[0]

    path2 = save_game(session, "illegal")
    _rewrite(path2, lambda d: d["commands"].insert(0, {"type": "end_turn", "side": "ussr"}))
    report2 = verify(read_save(path2))
    assert not report2.ok and report2.error is not None
    assert "turn 1 (1953 Q2), command 1" in report2.error
    assert report2.first_divergent_turn == 0


def test_verify_snapshot_cross_check(tiny: Scenario) -> None:
    path = save_game(play(tiny, 5, until_turn=1, extra=1), "mid-turn")
    _rewrite(path, lambda d: d["snapshot"].update(state_hash="a" * 32,
                                                  meters={**d["snapshot"]["meters"],
                                                          "tension": 99}))
    report = verify(read_save(path))
    assert report.first_divergent_turn == 1
    assert any(d.startswith("tension: saved 99") for d in report.differences)


def test_timeline_states_and_history(tiny: Scenario) -> None:
    session = play(tiny, 1)
    final = session.state
    timeline = Timeline.from_save(read_save(save_game(session, "viewer")))
    assert timeline.turn_count == timeline.completed_turns == 4
    assert timeline.commands == final.log
    for turn in range(4):
        start = timeline.state_at_start(turn)
        assert start.turn == turn and start.mover == 0
        assert timeline.state_at_start(turn) is start  # cached: scrubbing costs nothing
        after = timeline.state_after(turn)
        assert after.hashes[turn] == final.hashes[turn] == timeline.hash(turn)
        assert tuple(timeline.end_values(turn)[m.id] for m in tiny.meters) == final.history[turn]
        assert all(d.turn == turn for d in timeline.decisions(turn))
        assert all(c.cause.turn == turn for c in timeline.changes(turn))
        assert timeline.label(turn) == tiny.calendar.label(turn)
    assert timeline.state_after(3) is timeline.final
    assert sum(len(timeline.decisions(t)) for t in range(4)) == len(final.chronicle)
    assert sum(len(timeline.changes(t)) for t in range(4)) == len(final.ledger)
    assert sum(len(timeline.turn_commands(t)) for t in range(4)) == len(final.log)
    assert [e.id for e in timeline.events(0)] == ["aid_deal"]
    # every meter's start plus its recorded changes gives its final value
    for meter in tiny.meters:
        moved = sum(c.delta for c in final.ledger if c.slot == meter.slot)
        assert meter.start + moved == final.values[meter.slot], meter.id
    with pytest.raises(IndexError):
        timeline.state_at_start(4)


def test_timeline_of_unfinished_game(tiny: Scenario) -> None:
    session = play(tiny, 2, until_turn=2, extra=1)
    timeline = Timeline.from_state(session.state)
    assert timeline.turn_count == 3 and timeline.completed_turns == 2
    assert timeline.state_after(2) is timeline.final
    with pytest.raises(IndexError):
        timeline.end_values(2)


@pytest.mark.parametrize(("human", "turn"), [("prc", 1), ("ussr", 2), ("prc", 0)])
def test_branch_replays_to_the_turn_and_plays_on(tiny: Scenario, human: str, turn: int) -> None:
    original = play(tiny, 6, human).state
    timeline = Timeline.from_state(original)
    branch = timeline.branch(turn)
    assert branch.human == human and branch.state.turn == turn
    assert branch.state.to_move == human and not branch.can_undo
    assert branch.state.hashes == original.hashes[:turn]
    # Playing the human's original moves again rebuilds the original game exactly...
    for command in original.log[len(branch.state.log):]:
        if command.side == human:
            branch.submit(command)
    assert branch.state.hashes == original.hashes
    assert branch.state.log == original.log


def test_branch_can_take_another_path(tiny: Scenario) -> None:
    original = play(tiny, 1, "prc").state
    assert Choose("prc", "aid_deal", "accept") in original.log
    branch = Timeline.from_state(original).branch(0)
    branch.submit(Choose("prc", "aid_deal", "refuse"))
    assert branch.state.value("tension") == 40  # 30 at the start, +10 for refusing
    assert "flag:aid_signed" not in branch.state.facts


def test_branch_needs_a_human(tiny: Scenario) -> None:
    from game.engine.ai import play_out
    from game.engine.rules import new_game

    state = play_out(new_game(tiny, 1, None))
    with pytest.raises(ValueError, match="no human side"):
        Timeline.from_state(state).branch(0)
