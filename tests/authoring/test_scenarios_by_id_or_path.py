"""Every command takes a scenario id or a path; a folder of scenarios is several; a user
copy of a built-in scenario replaces it, and says so; nothing is listed twice silently."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.content import discovery

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win"


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=300,
                          env={**os.environ, "RED_SCHISM_HOME": str(home)})


def _user_copy(home: Path, name: str, title: str) -> Path:
    folder = home / "scenarios" / name
    folder.mkdir(parents=True)
    text = (TINY / "scenario.yaml").read_text(encoding="utf-8")
    (folder / "scenario.yaml").write_text(
        text.replace("id: tiny_win", f"id: {name}").replace("Tiny alliance", title),
        encoding="utf-8")
    return folder


def test_every_command_takes_an_id_or_a_path(tmp_path: Path) -> None:
    _user_copy(tmp_path, "my_tiny", "My tiny")
    for scenario in ("my_tiny", str(tmp_path / "scenarios" / "my_tiny")):
        assert _cli("validate", scenario, home=tmp_path).returncode == 0
        assert _cli("lint", scenario, "--games", "10", home=tmp_path).returncode in (0, 1)
        result = _cli("simulate", scenario, "--games", "4", home=tmp_path)
        assert result.returncode == 0 and "my_tiny" in result.stdout, result.stderr
        result = _cli("analyze", scenario, "--checks-only", home=tmp_path)
        assert result.returncode == 0, result.stderr
    unknown = _cli("validate", "my_tyni", home=tmp_path)
    assert unknown.returncode == 1
    assert "did you mean 'my_tiny'?" in unknown.stdout


def test_a_folder_of_scenarios_is_checked_as_several(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for name in ("one", "two"):
        shutil.copytree(TINY, folder / name)
    (folder / "two" / "scenario.yaml").write_text(
        (TINY / "scenario.yaml").read_text(encoding="utf-8").replace("start: 30,", "start: 300,"),
        encoding="utf-8")
    assert discovery.expand(folder) == [folder / "one", folder / "two"]
    assert discovery.expand(TINY) == [TINY]
    result = _cli("validate", str(folder), home=tmp_path)
    assert result.returncode == 1
    assert "two/scenario.yaml" in result.stdout and "one/scenario.yaml" not in result.stdout
    fixed = _cli("validate", str(folder / "one"), str(TINY), home=tmp_path)
    assert fixed.returncode == 0 and "2 scenarios checked" in fixed.stderr


def test_a_user_copy_of_a_builtin_scenario_replaces_it_with_a_notice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RED_SCHISM_HOME", str(tmp_path))
    mine = _user_copy(tmp_path, discovery.DEFAULT_SCENARIO, "My own split")
    resolved = discovery.resolve(discovery.DEFAULT_SCENARIO)
    assert resolved.path == mine
    assert "replaces the built-in one" in resolved.notice
    playable = [e for e in discovery.playable_scenarios() if e.id == discovery.DEFAULT_SCENARIO]
    assert [e.path for e in playable] == [mine]
    hidden = [e for e in discovery.available_scenarios()
              if e.id == discovery.DEFAULT_SCENARIO and e.builtin]
    assert hidden and hidden[0].hidden_by == mine
    listing = _cli("scenarios", home=tmp_path)
    assert "NOT USED: your copy at" in listing.stdout
    assert "My own split (replaces the built-in one)" in listing.stdout
    simulated = _cli("simulate", "--games", "2", home=tmp_path)
    assert simulated.returncode == 0
    assert "replaces the built-in one" in simulated.stderr


def test_two_user_scenarios_of_one_id_are_never_listed_twice_silently(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RED_SCHISM_HOME", str(tmp_path))
    first = _user_copy(tmp_path, "twin", "Folder twin")
    (tmp_path / "scenarios" / "twin.yaml").write_text(
        (first / "scenario.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    entries = [e for e in discovery.available_scenarios() if e.id == "twin"]
    assert len(entries) == 2
    assert sum(1 for e in entries if e.hidden_by is None) == 1
    assert len([e for e in discovery.playable_scenarios() if e.id == "twin"]) == 1
    assert any("two user scenarios are named 'twin'" in n for n in discovery.shadow_notices())
    listing = _cli("scenarios", home=tmp_path)
    assert "NOT USED: the first user scenario of that id" in listing.stdout
