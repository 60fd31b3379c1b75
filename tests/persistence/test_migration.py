"""Save format migration: the version-1 fixture loads through the step-by-step migrations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.engine.model import Scenario
from game.persistence import (
    CURRENT_FORMAT,
    SaveError,
    read_save,
    restore_session,
    save_game,
    verify,
)
from game.persistence.save_format import MIGRATIONS, SaveFile, migrate, parse_save

from .helpers import DATA, TINY

V1 = DATA / "tiny_win_v1.json"


def test_every_old_format_has_a_migration() -> None:
    assert CURRENT_FORMAT == 3
    assert sorted(MIGRATIONS) == list(range(1, CURRENT_FORMAT))


def test_migrate_v1_step_by_step() -> None:
    old = json.loads(V1.read_bytes())
    new = migrate(old, {"saved_at": "2001-02-03T04:05:06+00:00"})
    assert new["save_format"] == 3
    assert new["computer"] is None  # older formats did not record the computer player
    assert new["commands"][0] == {"type": "choose", "side": "prc", "event": "aid_deal",
                                  "choice": "accept"}
    assert new["commands"][2] == {"type": "end_turn", "side": "prc"}
    assert new["display"]["saved_at"] == "2001-02-03T04:05:06+00:00"
    assert new["display"]["name"] == "Imported save (turn 3)"
    assert new["scenario"] == {"id": "tiny_win", "version": "1", "content_hash": None,
                               "path": None}
    SaveFile.model_validate(new)  # a valid current-format save


def test_v1_fixture_loads_and_replays(tiny: Scenario) -> None:
    before = V1.read_bytes()
    save = read_save(V1, scenario=tiny)
    assert V1.read_bytes() == before  # reading never rewrites the file
    assert save.original_format == 1 and save.data.save_format == 3
    assert save.warnings == ["converted from save format 1"]
    assert save.data.game_version == "0.0.9" and save.data.human == "ussr"
    session = restore_session(save, strict=True)
    assert session.state.turn == 2 and session.state.to_move == "ussr"
    assert session.state.hashes == save.data.hashes
    assert verify(save).ok
    # saving it again writes the current format
    again = parse_save(save_game(session, "resaved").read_bytes())
    assert again[1] == CURRENT_FORMAT


def test_v1_fixture_needs_its_scenario(user_home: Path) -> None:
    shutil.rmtree(user_home / "scenarios" / "tiny_win")
    with pytest.raises(SaveError, match="needs the scenario 'tiny_win'"):
        read_save(V1)
    shutil.copytree(TINY, user_home / "scenarios" / "tiny_win")
    assert read_save(V1).scenario.id == "tiny_win"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["commands"].__setitem__(0, ["choose", "prc"]), "commands.0"),
    (lambda d: d["commands"].__setitem__(1, ["teleport", "prc"]), "unknown command type"),
    (lambda d: d["commands"].__setitem__(1, "act prc praise"), "commands.1: not a command"),
    (lambda d: d.update(commands={}), "commands: not a list"),
    (lambda d: d.update(extra=1), "extra: unknown field"),
    (lambda d: d.pop("seed"), "seed: missing field"),
    (lambda d: d.update(turn="2"), "turn"),
    (lambda d: d.update(seed=None), "seed"),
    (lambda d: d.update(version=0), "unknown save format 0"),
    (lambda d: d.update(version=True), "not a whole number"),
])
def test_broken_v1_saves(tmp_path: Path, tiny: Scenario, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(V1.read_bytes())
    change(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError, match=message):
        read_save(path, scenario=tiny)
