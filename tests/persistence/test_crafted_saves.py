"""Saves that cannot harm: crafted files get a clear message within a second, the game
reads no file a save points at outside the scenario folders, and every other save in
the folder stays listed and loadable.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from game.cli.main import main
from game.engine import ai
from game.engine.commands import Choose
from game.engine.model import Scenario
from game.engine.rules import legal_commands
from game.persistence import (
    SaveError,
    computer_check,
    list_saves,
    read_save,
    restore_session,
    save_game,
    saves_dir,
    store,
    verify,
)
from game.persistence.replay import Timeline
from game.persistence.save_format import MAX_SAVE_BYTES, checksum_of

from .helpers import play


@contextmanager
def within_a_second() -> Iterator[None]:
    """The block must finish within a second (a hang fails the test instead of the suite)."""
    def expired(signum: int, frame: object) -> None:
        raise AssertionError("still running after a second")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def good_save(tiny: Scenario) -> Path:
    """An ordinary save, already in the saves folder when the crafted file arrives."""
    return save_game(play(tiny, 1, until_turn=2), "A good game")


def assert_other_saves_still_work(good: Path) -> None:
    with within_a_second():
        entries = {entry.path.name: entry for entry in list_saves()}
    assert entries[good.name].ok, entries[good.name].error
    session = restore_session(read_save(good), strict=True)
    assert not session.state.over and session.state.turn == 2


def read_error(path: Path, **kwargs: Any) -> str:
    with within_a_second(), pytest.raises(SaveError) as caught:
        read_save(path, **kwargs)
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 400
    return message


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_bytes())
    change(data)
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")


# -- a path inside a save is never followed outside the scenario folders ------------------------


@pytest.mark.parametrize("stored", [
    "/dev/zero", "/dev/stdin", "/", "/etc", "/proc/self/mem", "a" * 9_000, "bad\u0000path",
    "../../../../../../../../dev/zero", "~/../../etc/passwd", "//server/share/scenario",
])
def test_a_scenario_path_in_a_save_is_never_followed_outside_the_scenario_folders(
        tiny: Scenario, good_save: Path, user_home: Path, stored: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []
    original = store.load_scenario_cached

    def watch(path: Path) -> Scenario:
        opened.append(Path(path))
        return original(path)

    monkeypatch.setattr(store, "load_scenario_cached", watch)
    path = save_game(play(tiny, 2, until_turn=1), "Pointing elsewhere")
    rewrite(path, lambda d: d["scenario"].update(path=stored))
    # While the scenario is installed it is found by its id, and the path is ignored.
    with within_a_second():
        assert read_save(path).scenario.id == "tiny_win"
    (user_home / "scenarios" / "tiny_win").rename(user_home / "elsewhere")
    message = read_error(path)
    assert "needs the scenario 'tiny_win'" in message
    roots = [user_home.resolve() / "scenarios"]
    assert all(p.resolve().is_relative_to(roots[0]) or "sino_soviet_split" in str(p)
               for p in opened), opened
    (user_home / "elsewhere").rename(user_home / "scenarios" / "tiny_win")
    assert_other_saves_still_work(good_save)


def test_a_scenario_folder_named_on_the_command_line_is_used(
        tiny: Scenario, user_home: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    outside = tmp_path / "my_copy"
    shutil.copytree(user_home / "scenarios" / "tiny_win", outside)
    shutil.rmtree(user_home / "scenarios" / "tiny_win")
    path = save_game(play(tiny, 3), "Finished", scenario_path=outside)
    assert main(["replay", str(path), "--verify"]) == 1  # not followed by itself...
    assert "needs the scenario" in capsys.readouterr().err
    assert main(["replay", str(path), "--verify", "--scenario", str(outside)]) == 0
    assert "computer moves ok" in capsys.readouterr().out


# -- sizes are checked before reading --------------------------------------------------------


def test_a_3_gb_file_is_listed_with_its_reason_and_never_read(good_save: Path) -> None:
    huge = saves_dir() / "huge.json"
    with open(huge, "wb") as handle:  # sparse: takes no disk space
        handle.truncate(3 * 1024**3)
    with within_a_second():
        entries = {e.path.name: e for e in list_saves()}
    assert not entries["huge.json"].ok
    assert "too large to be a save (3,072 MB" in str(entries["huge.json"].error)
    assert "too large" in read_error(huge)
    assert_other_saves_still_work(good_save)


def test_a_50_mb_save_is_refused_before_parsing(good_save: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    big = saves_dir() / "big.json"
    raw = json.loads(good_save.read_bytes())
    raw["display"]["name"] = "x" * (50 * 1024 * 1024)
    big.write_text(json.dumps(raw), encoding="utf-8")
    assert big.stat().st_size > 50 * 1024 * 1024 > MAX_SAVE_BYTES

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    with monkeypatch.context() as patch:
        patch.setattr(store, "parse_save", never)
        assert "too large" in read_error(big)
    assert_other_saves_still_work(good_save)


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "folder", "dangling", "no_permission"])
def test_odd_files_in_the_saves_folder(good_save: Path, kind: str) -> None:
    odd = saves_dir() / f"odd-{kind}.json"
    if kind == "dev_zero":
        odd.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(odd)
    elif kind == "folder":
        odd.mkdir()
    elif kind == "dangling":
        odd.symlink_to(saves_dir() / "nothing-here.json")
    else:
        odd.write_text("{}", encoding="utf-8")
        odd.chmod(0)
        if os.access(odd, os.R_OK):  # running as root: permissions do not apply
            odd.chmod(0o644)
            odd.write_bytes(b"\xff\xfe not a save")
    with within_a_second():
        entries = {e.path.name: e for e in list_saves()}
    if kind in ("folder", "dangling"):
        assert odd.name not in entries
    else:
        assert not entries[odd.name].ok and entries[odd.name].error
    message = read_error(odd)
    assert message
    assert_other_saves_still_work(good_save)


def test_a_save_with_a_byte_order_mark_loads(good_save: Path) -> None:
    marked = saves_dir() / "bom.json"
    marked.write_bytes(b"\xef\xbb\xbf" + good_save.read_bytes())
    session = restore_session(read_save(marked), strict=True)
    assert session.state.turn == 2
    assert {e.path.name: e for e in list_saves()}["bom.json"].ok


def test_the_saves_list_survives_an_unlistable_folder(tmp_path: Path) -> None:
    assert list_saves(tmp_path / "missing") == []
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    assert list_saves(file) == []


# -- timelines -------------------------------------------------------------------------------------


def test_timeline_from_save_raises_only_save_error(tiny: Scenario, good_save: Path) -> None:
    session = play(tiny, 4)
    path = save_game(session, "illegal later")
    index = next(i for i, c in enumerate(session.state.log) if i > 3 and c.side == "ussr")
    rewrite(path, lambda d: d["commands"].insert(index, {"type": "end_turn", "side": "prc"}))
    save = read_save(path)
    timeline = Timeline.from_save(save)  # the replay viewer shows the good part...
    assert timeline.broken is not None and f"command {index + 1} " in timeline.broken
    with pytest.raises(SaveError, match=f"command {index + 1} "):
        Timeline.from_save(save, strict=True)  # ...and strict callers hear of it
    rewrite(path, lambda d: d.update(human="nobody"))
    with pytest.raises(SaveError, match="side 'nobody'"):
        read_save(path)
    save.data = save.data.model_copy(update={"human": "nobody"})
    with pytest.raises(SaveError, match="does not fit its scenario"):
        Timeline.from_save(save)
    assert_other_saves_still_work(good_save)


# -- the computer's moves are the computer's ------------------------------------------------------


def _puppeted(scenario: Scenario, seed: int, name: str, until_turn: int | None = None
              ) -> tuple[Path, int]:
    """A save whose log is consistent but where one of the computer's commands was
    chosen by someone else (the game then played on from there). Returns (path, index)."""
    from game.engine import rng
    from game.engine.rules import apply, new_game

    honest = play(scenario, seed).state
    state = new_game(scenario, seed, honest.human, honest.difficulty)
    puppeted_at = -1
    for position, command in enumerate(honest.log):
        if command.side != honest.human and not isinstance(command, Choose):
            others = [c for c in legal_commands(state) if c != command]
            if others:
                apply(state, others[0])
                puppeted_at = position
                break
        apply(state, command)
    else:
        raise AssertionError("no computer command could be replaced")
    stream = rng.stream(seed, "tests", "human-seat")
    while not state.over and (until_turn is None or state.turn < until_turn
                              or state.to_move != state.human):
        if state.to_move == state.human:
            apply(state, ai.choose_command(state, state.to_move, stream))
        else:
            ai.play_until_human(state)
    return save_game(state, name), puppeted_at


def test_a_save_that_puppets_the_computer_is_refused_but_still_replays(
        tiny: Scenario, good_save: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, index = _puppeted(tiny, 5, "puppet")
    save = read_save(path)
    assert save.data.computer is not None and save.data.computer.mark is None
    with within_a_second(), pytest.raises(SaveError) as caught:
        restore_session(save)
    message = str(caught.value)
    report = verify(save, check_computer=True).computer
    assert report is not None and report.turn_label
    assert "cannot be continued" in message and f"from {report.turn_label}" in message
    assert "the computer plays" in message and "Replays" in message
    report = verify(save, check_computer=True)
    assert report.computer is not None and report.computer.first_difference == index
    assert not report.ok
    assert main(["replay", str(path), "--verify"]) == 1
    out = capsys.readouterr().out
    assert f"computer moves DIFFER at command {index + 1}" in out
    assert main(["replay", str(path), "--verify", "--json"]) == 1
    verdict = json.loads(capsys.readouterr().out)["computer_moves"]
    assert verdict["ok"] is False and verdict["first_difference"] == index
    assert main(["replay", str(path), "--verify", "--hashes-only"]) == 0  # hashes agree
    assert "computer moves" not in capsys.readouterr().out
    # The replay viewer still opens it, and allows taking over only before the edit.
    timeline = Timeline.from_save(read_save(path, for_replay=True))
    assert timeline.broken is None and timeline.turn_count >= 2
    edited_turn = next(t for t in range(timeline.turn_count)
                       if timeline._boundaries[t] > index) if any(
        b > index for b in timeline._boundaries) else None
    assert timeline.branch(0).state.turn == 0
    if edited_turn is not None:
        with pytest.raises(ValueError, match="may have been edited"):
            timeline.branch(edited_turn)
    assert_other_saves_still_work(good_save)


def test_own_saves_are_vouched_for_and_not_replayed_through_the_computer(
        tiny: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_game(play(tiny, 6, until_turn=3), "mine")
    save = read_save(path)
    assert save.data.computer is not None and save.data.computer.mark
    assert computer_check.vouched_for(save) == len(save.commands)
    calls: list[int] = []
    original = ai.play_until_human

    def counted(state: Any, stream: Any = None) -> Any:
        calls.append(len(state.log))
        return original(state, stream)

    monkeypatch.setattr(ai, "play_until_human", counted)
    restore_session(save, strict=True)
    assert calls == [len(save.commands)]  # only the restored session's own advance
    # Without this installation's key the mark is worth nothing: the moves are checked.
    computer_check.key_path().write_text("00" * 32, encoding="ascii")
    calls.clear()
    save = read_save(path)
    assert computer_check.vouched_for(save) == 0
    restore_session(save, strict=True)
    assert len(calls) > 1


def test_a_forged_mark_or_count_is_ignored(tiny: Scenario) -> None:
    honest = read_save(save_game(play(tiny, 7, until_turn=2), "honest"))
    assert honest.data.computer is not None
    path, _index = _puppeted(tiny, 7, "forged", until_turn=2)
    commands = len(read_save(path).commands)
    for marked in (commands, honest.data.computer.marked, 10**6):
        rewrite(path, lambda d, n=marked: d["computer"].update(
            marked=n, mark=honest.data.computer.mark))  # type: ignore[union-attr]
        assert computer_check.vouched_for(read_save(path)) == 0
        with pytest.raises(SaveError, match="cannot be continued"):
            restore_session(read_save(path))


def test_a_save_by_another_computer_player_loads_with_a_note(tiny: Scenario) -> None:
    path, _index = _puppeted(tiny, 8, "older", until_turn=2)
    rewrite(path, lambda d: d["computer"].update(player=ai.AI_VERSION + 7, mark=None))
    save = read_save(path)
    session = restore_session(save)
    assert any("were not checked" in w and f"computer player {ai.AI_VERSION + 7}" in w
               for w in save.warnings)
    # Saved again, it stays labelled with the computer that played its past moves.
    again = read_save(save_game(session, "older, saved again"))
    assert again.data.computer is not None
    assert again.data.computer.player == ai.AI_VERSION + 7 and again.data.computer.mark is None


def test_checking_proceeds_a_slice_at_a_time(tiny: Scenario) -> None:
    path = save_game(play(tiny, 9), "finished")
    check = computer_check.ComputerMoveCheck.for_save(read_save(path), use_mark=False)
    slices = 0
    while not check.run(budget=0.0):
        slices += 1
        assert 0 <= check.progress <= 1
    assert slices > 1 and check.report.ok and check.report.computer_commands > 0
    assert check.state.compute_hash() == read_save(path).data.snapshot.state_hash  # type: ignore[union-attr]


def test_many_commands_fail_fast(tiny: Scenario, good_save: Path) -> None:
    path = save_game(play(tiny, 10), "endless")
    rewrite(path, lambda d: d["commands"].extend([{"type": "end_turn", "side": "prc"}] * 50_000))
    save = read_save(path)
    started = time.perf_counter()
    with within_a_second(), pytest.raises(SaveError, match="does not replay"):
        restore_session(save)
    assert time.perf_counter() - started < 1
    assert_other_saves_still_work(good_save)
