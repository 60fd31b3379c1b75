"""lint: one warning per problem, at the place it is written; silence with a reason."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring.lint import lint_path
from game.content.silencing import CHECKS

ROOT = Path(__file__).resolve().parents[2]
ONE_OF_EACH = ROOT / "tests" / "fixtures" / "lint" / "one_of_each"
MARK = re.compile(r"#\s*warn:\s*([a-z_]+)\s*$")


def _expected(path: Path) -> list[tuple[int, str]]:
    known = {c.name for c in CHECKS}
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARK.search(line)
        if match and match.group(1) in known:
            found.append((number, match.group(1)))
    return found


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return lint_path(ONE_OF_EACH, games=100)


def test_each_problem_is_reported_once_on_its_line(report) -> None:  # type: ignore[no-untyped-def]
    expected = _expected(ONE_OF_EACH / "scenario.yaml")
    found = [(f.position.line, f.check) for f in report.warnings]
    assert sorted(found) == sorted(expected)
    assert all(f.position.file.endswith("one_of_each/scenario.yaml") and f.position.column > 1
               for f in report.warnings)
    lint_checks = {c.name for c in CHECKS if c.tool == "lint"}
    assert {check for _line, check in expected} == lint_checks


def test_warnings_say_what_is_wrong_in_words(report) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(str(f) for f in report.warnings)
    assert "'year >= 1956' cannot hold between 1953 Q1 and 1954 Q4" in text
    assert "costs at least 15 political capital, but prc_capital never exceeds 10" in text
    assert "'tension > 100' cannot hold in any turn" in text
    assert "its epilogue has no text for ussr" in text
    assert "names 1955" in text
    assert "is cut to 'Answer at such length" in text


def test_a_silence_with_a_reason_quiets_one_warning(tmp_path: Path) -> None:
    folder = tmp_path / "silenced"
    shutil.copytree(ONE_OF_EACH, folder)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - id: f_unused  # warn: unused",
                        "  - id: f_unused\n    silence: {unused: kept for a later chapter}")
    text = text.replace("    cost: 15  # warn: unaffordable",
                        "    cost: 15\n    silence: {unaffordable: shown as out of reach}")
    path.write_text(text, encoding="utf-8")
    report = lint_path(folder, games=0)
    checks = {f.check for f in report.warnings}
    assert "unused" not in checks and "unaffordable" not in checks
    assert {(f.check, f.silenced) for f in report.silenced} == {
        ("unused", "kept for a later chapter"), ("unaffordable", "shown as out of reach")}
    assert any("--games 0" in note for note in report.notes)


def test_a_silence_must_name_a_check_that_applies(tmp_path: Path) -> None:
    folder = tmp_path / "wrong"
    shutil.copytree(ONE_OF_EACH, folder)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    cost: 15  # warn: unaffordable", "    cost: 15\n    silence: {unafordable: why}")
    path.write_text(text, encoding="utf-8")
    result = _cli("validate", str(folder))
    assert result.returncode == 1
    assert "unknown check 'unafordable' (did you mean 'unaffordable'?)" in result.stdout


def test_the_shipped_campaign_lints_without_crashing() -> None:
    report = lint_path(ROOT / "scenarios" / "sino_soviet_split", games=20)
    assert report.scenario == "sino_soviet_split"
    known = {c.name for c in CHECKS}
    assert all(f.check in known for f in report.findings)
    # The static rules find nothing impossible in the campaign.
    assert not [f for f in report.warnings
                if f.check in ("never_fires", "never_queued", "unaffordable", "unreachable")]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=300)


def test_lint_command_exit_codes_and_json(tmp_path: Path) -> None:
    result = _cli("lint", str(ONE_OF_EACH), "--games", "50")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(_expected(ONE_OF_EACH / "scenario.yaml"))
    assert all(re.match(r"^[^:]+:\d+:\d+: .+ \[[a-z_]+\]$", line) for line in lines)
    assert "18 warnings" in result.stderr
    as_json = _cli("lint", str(ONE_OF_EACH), "--games", "0", "--json")
    report = json.loads(as_json.stdout)[0]
    assert report["scenario"] == "one_of_each" and report["warnings"] == 17
    assert report["by_check"]["too_long"] == 2
    clean = _cli("new", "clean_one", "--dir", str(tmp_path))
    assert clean.returncode == 0, clean.stderr
    assert _cli("lint", str(tmp_path / "clean_one"), "--games", "50").returncode == 0
    strict = _cli("validate", "--strict", str(ONE_OF_EACH))
    assert strict.returncode == 1 and "[never_fires]" in strict.stdout
    assert _cli("validate", str(ONE_OF_EACH)).returncode == 0
    assert _cli("lint", "no_such_scenario").returncode == 2
