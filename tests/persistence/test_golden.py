"""Golden replays: complete AI-vs-AI campaigns recorded in tests/golden/.

They are replayed on every test run; if a change to the rules alters any
turn's state hash, these tests fail. That may be intended — then regenerate
the files deliberately (see REGENERATE) and commit them with the change.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario
from game.persistence import SaveError, read_save, verify
from game.persistence.save_format import parse_save

from .helpers import GOLDEN, ROOT

REGENERATE = ("If you changed the rules (or the fixture scenario) on purpose, regenerate the "
              "golden saves with `python tests/golden/regenerate.py` and commit them with your "
              "change; otherwise your change altered games that should not have changed.")


def _regenerate_module() -> ModuleType:
    name = "golden_regenerate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GOLDEN / "regenerate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


GOLDENS = _regenerate_module().GOLDENS


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.name for g in GOLDENS])
def test_golden_replay_hashes_unchanged(golden) -> None:  # type: ignore[no-untyped-def]
    if not golden.path.exists():
        if golden.fixture:
            pytest.fail(f"{golden.path.name} is missing. {REGENERATE}")
        pytest.skip(f"{golden.path.name} has not been recorded yet")
    data, _ = parse_save(golden.path.read_bytes())
    try:
        scenario = load_scenario(golden.scenario_dir)
    except ScenarioError as error:
        if golden.fixture:
            raise
        pytest.skip(f"{golden.scenario} does not load right now: {error.problems[0]}")
    if scenario.content_hash != data.scenario.content_hash:
        if golden.fixture:
            pytest.fail(f"the fixture {golden.scenario} changed since {golden.path.name} was "
                        f"recorded. {REGENERATE}")
        pytest.skip(f"the campaign's content changed since {golden.path.name} was recorded; "
                    f"run `python tests/golden/regenerate.py --only {golden.name}` to record "
                    "it again")
    report = verify(read_save(golden.path, scenario=scenario))
    if not report.ok:
        details = "; ".join(report.differences[:8])
        pytest.fail(f"golden replay {golden.path.name}: {report.summary()} "
                    f"[{details}]. {REGENERATE}")
    assert report.hashes_checked == len(data.hashes) == report.turns
    assert report.ending is not None, "golden saves are complete campaigns"


@pytest.mark.parametrize("golden", [g for g in GOLDENS if g.fixture],
                         ids=[g.name for g in GOLDENS if g.fixture])
def test_the_computer_still_plays_the_fixture_goldens_moves(golden) -> None:  # type: ignore[no-untyped-def]
    """A tripwire for ai.AI_VERSION: a save from someone else is checked against the
    computer player that made it. If the computer now plays other moves, saves of the
    recorded version would be refused as edited, so the version must change with it."""
    from game.engine import ai

    data, _ = parse_save(golden.path.read_bytes())
    assert data.computer is not None and data.computer.player == ai.AI_VERSION, (
        f"{golden.path.name} was recorded by computer player "
        f"{data.computer.player if data.computer else 'unknown'}, this is {ai.AI_VERSION}. "
        f"{REGENERATE}")
    report = verify(read_save(golden.path, scenario=load_scenario(golden.scenario_dir)),
                    check_computer=True)
    assert report.computer is not None
    assert report.computer.ok, (
        f"{golden.path.name}: {report.computer.message()}. The computer now plays "
        f"differently from computer player {ai.AI_VERSION}: if that is on purpose, raise "
        "ai.AI_VERSION (saves of the old player from elsewhere are then loaded with a note "
        "instead of refused) and regenerate the golden saves with "
        "`python tests/golden/regenerate.py`")
    assert report.computer.computer_commands > 0


def test_fixture_goldens_exist_and_find_their_scenario_only_where_allowed(
        user_home: Path) -> None:
    """A golden records its scenario's path relative to itself (outside the scenario folders):
    that path is never followed; the scenario is found when installed, or when named."""
    fixtures = [g for g in GOLDENS if g.fixture]
    assert len(fixtures) >= 2
    shutil.rmtree(user_home / "scenarios" / "tiny_win")
    for golden in fixtures:
        assert golden.path.exists()
        data, _ = parse_save(golden.path.read_bytes())
        assert data.scenario.path and not data.scenario.path.startswith("/")
        assert (golden.path.parent / data.scenario.path).resolve() == golden.scenario_dir
        with pytest.raises(SaveError, match="needs the scenario 'tiny_win'"):
            read_save(golden.path)
        named = read_save(golden.path, scenario=load_scenario(golden.scenario_dir))
        assert named.scenario.id == "tiny_win" and not named.content_changed
    shutil.copytree(fixtures[0].scenario_dir, user_home / "scenarios" / "tiny_win")
    assert read_save(fixtures[0].path).scenario.id == "tiny_win"
    assert (ROOT / "tests" / "golden" / "regenerate.py").exists()
