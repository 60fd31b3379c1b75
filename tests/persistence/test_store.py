"""Saving and loading: round trips, slots, autosave rotation, listing, load errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.engine import ai, rng
from game.engine.commands import Act, EndTurn
from game.engine.model import Scenario
from game.engine.rules import legal_commands
from game.engine.session import GameSession
from game.persistence import (
    SaveError,
    autosave,
    enable_autosave,
    list_saves,
    quicksave,
    quicksave_path,
    read_save,
    restore_session,
    save_game,
    saves_dir,
)
from game.persistence.save_format import checksum_of, dump_save, parse_save
from game.persistence.store import file_name_for

from .helpers import TINY, play


def _same_game(a: GameSession, b: GameSession) -> None:
    assert a.state.compute_hash() == b.state.compute_hash()
    assert a.state.hashes == b.state.hashes
    assert legal_commands(a.state) == legal_commands(b.state)
    assert a.state.log == b.state.log
    assert a.state.ledger == b.state.ledger
    assert a.state.chronicle == b.state.chronicle


def _rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Edit a save's JSON and give it a valid checksum again."""
    data = json.loads(path.read_bytes())
    change(data)
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "human", "until", "extra"), [
    (1, "prc", None, 0),     # finished game
    (2, "ussr", 2, 0),       # start of a human turn
    (3, "prc", 1, 1),        # in the middle of a human turn (after an action)
    (4, "prc", 0, 0),        # the very first move
])
def test_round_trip_same_state_and_legal_commands(tiny: Scenario, seed: int, human: str,
                                                  until: int | None, extra: int) -> None:
    session = play(tiny, seed, human, until_turn=until, extra=extra)
    path = save_game(session, f"round trip {seed}")
    assert path.parent == saves_dir()
    loaded = read_save(path)
    assert loaded.warnings == []
    restored = restore_session(loaded, strict=True)
    _same_game(session, restored)
    assert loaded.data.display.name == f"round trip {seed}"
    assert loaded.data.snapshot is not None
    assert loaded.data.snapshot.state_hash == session.state.compute_hash()


def test_restored_game_plays_on_like_the_original(tiny: Scenario) -> None:
    session = play(tiny, 5, "prc", until_turn=1)
    restored = restore_session(read_save(save_game(session, "x")))
    for command in (Act("prc", "praise"), EndTurn("prc")):
        session.submit(command)
        restored.submit(command)
    _same_game(session, restored)


def test_dump_is_deterministic_and_parses_back(tiny: Scenario) -> None:
    session = play(tiny, 6)
    from game.persistence.save_format import build_save

    save = build_save(session.state, name="名字 — ünïcode", saved_at="2000-01-01T00:00:00+00:00")
    raw = dump_save(save)
    assert raw == dump_save(save)
    parsed, version = parse_save(raw)
    assert version == 3
    assert parsed.model_dump(exclude={"checksum"}) == save.model_dump(exclude={"checksum"})
    assert "名字".encode() in raw  # readable text, not escapes


def test_save_is_plain_json_never_pickle(tiny: Scenario) -> None:
    path = save_game(play(tiny, 7), "plain")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["save_format"] == 3
    assert data["game_version"] == "0.1.0"
    assert data["scenario"]["id"] == "tiny_win"
    assert len(data["scenario"]["content_hash"]) == 64
    assert data["commands"][0]["type"] in ("choose", "act", "end_turn")
    assert data["hashes"]
    assert set(data["display"]) == {"name", "saved_at", "turn_label", "side", "scenario_title",
                                    "kind"}
    assert not path.read_bytes().startswith(b"\x80")


# -- slots ----------------------------------------------------------------------------------


def test_named_save_file_names_are_safe_and_distinct() -> None:
    names = ["Before the Leap", "before the leap", "a/b\\c:d", "..", "CON", "quicksave",
             "autosave-0001", "北京", "", "x" * 300]
    files = [file_name_for(n) for n in names]
    assert len(set(files)) == len(files)
    for file in files:
        assert file.endswith(".json") and "/" not in file and "\\" not in file
        assert not file.startswith(".") and len(file) < 90
    assert file_name_for("plain_name") == "plain_name.json"


def test_same_name_replaces_and_quicksave_is_one_slot(tiny: Scenario) -> None:
    a, b = play(tiny, 1, until_turn=1), play(tiny, 1, until_turn=2)
    assert save_game(a, "slot") == save_game(b, "slot")
    assert quicksave(a) == quicksave(b) == quicksave_path()
    saves = list_saves()
    assert len(saves) == 2
    assert read_save(quicksave_path()).data.snapshot.turn == 2  # type: ignore[union-attr]
    assert not list(saves_dir().glob(".*"))  # no temporary files left behind


def test_autosave_keeps_the_last_five(tiny: Scenario) -> None:
    session = play(tiny, 1, until_turn=1)
    paths = [autosave(session) for _ in range(8)]
    remaining = sorted(p.name for p in saves_dir().glob("autosave-*.json"))
    assert remaining == sorted(p.name for p in paths[-5:])
    assert paths[-1].name == "autosave-0008.json"


def test_autosave_on_every_human_turn(tiny: Scenario) -> None:
    session = GameSession.new(tiny, 9, "prc")
    saver = enable_autosave(session, save_now=True)
    assert enable_autosave(session) is saver  # not added twice
    stream = rng.stream(9, "autosave-test")
    written = [saver.last_path]
    while not session.state.over:
        session.submit(ai.choose_command(session.state, "prc", stream))
        if saver.last_path is not None and saver.last_path not in written:
            written.append(saver.last_path)
            assert read_save(saver.last_path).data.snapshot.to_move in ("prc", None)  # type: ignore[union-attr]
    assert saver.last_error is None
    assert len(written) == 5  # turn 1 (save_now), turns 2-4, and the end
    saves = [e for e in list_saves() if e.kind == "auto"]
    assert len(saves) == 5  # 1 + one per turn start (+ game over), trimmed to 5
    newest = read_save(saves[0].path)
    assert newest.data.snapshot is not None and newest.data.snapshot.ending is not None


def test_autosave_failure_never_raises(tiny: Scenario, tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    session = play(tiny, 1, until_turn=1)
    saver = enable_autosave(session, folder=blocker)
    session.submit(EndTurn("prc"))  # the listener runs and fails quietly
    assert session.state.turn == 2
    assert saver.last_error and "\n" not in saver.last_error


# -- listing ----------------------------------------------------------------------------------


def test_list_saves_newest_first_with_unreadable_reasons(tiny: Scenario) -> None:
    session = play(tiny, 2, until_turn=1)
    first = save_game(session, "first")
    second = quicksave(session)
    folder = saves_dir()
    (folder / "broken.json").write_text('{"save_format": 2, "seed": ', encoding="utf-8")
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    (folder / ".quicksave.json.abc.tmp").write_text("half", encoding="utf-8")
    entries = list_saves()
    by_name = {e.path.name: e for e in entries}
    assert set(by_name) == {first.name, second.name, "broken.json"}
    assert entries[0].path.name == "broken.json"  # newest file
    assert entries[1].path == second and entries[2].path == first
    broken = by_name["broken.json"]
    assert not broken.ok and broken.display is None
    assert broken.error and "\n" not in broken.error and "incomplete" in broken.error
    good = by_name[first.name]
    assert good.ok and good.display is not None and good.display.name == "first"
    assert good.display.turn_label == "1953 Q3" and good.kind == "named"
    assert by_name[second.name].kind == "quick"


def test_list_saves_without_folder() -> None:
    assert list_saves() == []


# -- load errors -----------------------------------------------------------------------------------


def _error(path: Path) -> str:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(SaveError) as caught:
        read_save(path)
    message = str(caught.value)
    assert message and "\n" not in message and "Traceback" not in message
    if before is not None:
        assert path.read_bytes() == before  # never modified by a failed load
    return message


def test_load_errors_have_clear_messages(tiny: Scenario, tmp_path: Path) -> None:
    good = save_game(play(tiny, 1), "good")
    raw = good.read_bytes()
    cases = tmp_path / "cases"
    cases.mkdir()

    def case(name: str, data: bytes) -> Path:
        path = cases / name
        path.write_bytes(data)
        return path

    assert "no such save" in _error(cases / "missing.json")
    assert "folder" in _error(cases)
    assert "empty" in _error(case("empty.json", b""))
    assert "incomplete" in _error(case("cut.json", raw[: len(raw) // 2]))
    assert "damaged" in _error(case("junk.json", b"\x00\xff garbage"))
    assert "not a Red Schism save" in _error(case("list.json", b"[1, 2]"))
    assert "not a Red Schism save" in _error(case("other.json", b'{"hello": 1}'))
    assert "checksum" in _error(case("flip.json", raw.replace(b'"seed": 1', b'"seed": 2')))

    newer = json.loads(raw)
    newer["save_format"] = 4
    newer["game_version"] = "9.0.0"
    message = _error(case("newer.json", json.dumps(newer).encode()))
    assert "made by a newer version of Red Schism" in message and "9.0.0" in message

    commands = len(json.loads(raw)["commands"])
    for name, change, expected in [
        ("extra.json", lambda d: d.update(cheat=True), "cheat: unknown field"),
        ("type.json", lambda d: d.update(seed="1"), "seed"),
        ("nested.json", lambda d: d["snapshot"]["meters"].update(tension="high"),
         "snapshot.meters.tension"),
        ("cmd.json", lambda d: d["commands"].append({"type": "fly", "side": "prc"}),
         f"commands.{commands}"),
        ("missing.json", lambda d: d.pop("hashes"), "hashes: missing field"),
        ("bool.json", lambda d: d.update(seed=True), "seed"),
        ("side.json", lambda d: d.update(human="usa"), "side 'usa'"),
    ]:
        path = case(name, raw)
        _rewrite(path, change)
        assert expected in _error(path), name


def test_hand_edited_save_without_checksum_loads(tiny: Scenario) -> None:
    path = save_game(play(tiny, 1), "edited")
    data = json.loads(path.read_bytes())
    del data["checksum"]
    data["display"]["name"] = "renamed by hand"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_save(path).data.display.name == "renamed by hand"


def test_missing_scenario(tiny: Scenario, user_home: Path) -> None:
    shutil.rmtree(user_home / "scenarios" / "tiny_win")
    copy = user_home / "scenarios" / "copy_of_tiny"  # in the user's folder, under another name
    shutil.copytree(TINY, copy)
    session = play(tiny, 1)
    path = save_game(session, "needs copy", scenario_path=copy)
    assert read_save(path).scenario.id == "tiny_win"  # found through the path it recorded
    shutil.rmtree(copy)
    message = _error(path)
    assert "needs the scenario 'tiny_win'" in message and "not installed" in message


def test_scenario_found_among_user_scenarios(tiny: Scenario, user_home: Path) -> None:
    shutil.rmtree(user_home / "scenarios" / "tiny_win")
    session = play(tiny, 2)
    path = save_game(session, "by id", scenario_path="/nowhere/tiny_win")
    with pytest.raises(SaveError, match="not installed"):
        read_save(path)
    shutil.copytree(TINY, user_home / "scenarios" / "tiny_win")
    restored = restore_session(read_save(path), strict=True)
    assert restored.state.hashes == session.state.hashes


def _changed_copy(tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / "tiny_changed"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(TINY, copy)
    file = copy / "scenario.yaml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def test_changed_scenario_still_loads_when_commands_are_legal(tiny: Scenario, tmp_path: Path,
                                                              user_home: Path) -> None:
    shutil.rmtree(user_home / "scenarios" / "tiny_win")
    copy = user_home / "scenarios" / "tiny_copy"
    shutil.copytree(TINY, copy)
    session = play(tiny, 1)
    path = save_game(session, "changes", scenario_path=copy)
    changed = _changed_copy(tmp_path, "Moscow offers plants.", "Moscow offers factories.")
    shutil.rmtree(copy)
    changed.rename(copy)
    loaded = read_save(path)
    assert loaded.content_changed
    assert any("has changed since this save was made" in w for w in loaded.warnings)
    restored = restore_session(loaded)
    assert restored.state.log == session.state.log


def test_changed_scenario_that_breaks_the_log_names_the_turn(tiny: Scenario, tmp_path: Path,
                                                             user_home: Path) -> None:
    shutil.rmtree(user_home / "scenarios" / "tiny_win")
    copy = user_home / "scenarios" / "tiny_copy"
    shutil.copytree(TINY, copy)
    session = play(tiny, 1)
    assert Act("prc", "praise") in session.state.log
    path = save_game(session, "breaks", scenario_path=copy)
    changed = _changed_copy(tmp_path, "cost: 2\n", "cost: 50\n")
    shutil.rmtree(copy)
    changed.rename(copy)
    message = _error(path)
    assert "has changed since this save was made" in message
    assert "no longer replays" in message and "turn 1 (1953 Q2)" in message
    assert "praise" in message


def test_tampered_hashes_warn_or_fail_when_strict(tiny: Scenario) -> None:
    path = save_game(play(tiny, 3), "tampered")
    _rewrite(path, lambda d: d["hashes"].__setitem__(2, "0" * 32))
    loaded = read_save(path)
    session = restore_session(loaded)  # the player keeps the game...
    assert session.state.over
    assert any("from turn 3 (1953 Q4)" in w for w in loaded.warnings)
    with pytest.raises(SaveError, match="turn 3"):
        restore_session(read_save(path), strict=True)  # ...but strict callers hear of it


def test_illegal_command_in_log_names_the_turn(tiny: Scenario) -> None:
    session = play(tiny, 1)
    path = save_game(session, "illegal")
    index = next(i for i, c in enumerate(session.state.log) if isinstance(c, EndTurn)
                 and i > 5)

    def change(d: dict) -> None:  # type: ignore[type-arg]
        d["commands"].insert(index, {"type": "act", "side": "ussr", "action": "praise"})

    _rewrite(path, change)
    loaded = read_save(path)  # the scenario is unchanged: restore is where it shows
    with pytest.raises(SaveError) as caught:
        restore_session(loaded)
    assert "does not replay" in str(caught.value) and "turn " in str(caught.value)
    assert "'praise' is not an action of ussr" in str(caught.value)
