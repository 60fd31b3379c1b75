"""Broken scenarios get exact, friendly messages and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
INVALID = sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.yaml"))
JUNK = sorted((ROOT / "tests" / "fixtures" / "junk").glob("*.yaml"))


def _expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} lacks its '# expect:' line"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_each_invalid_fixture_gives_its_expected_message_and_line(path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    messages = [f"{p.position.line}:{p.position.column}: {p.message}"
                for p in caught.value.problems]
    assert any(m.startswith(_expected(path)) for m in messages), messages
    assert all(str(p).startswith(str(path.relative_to(ROOT)) + ":")
               or str(p).startswith(str(path)) for p in caught.value.problems)


@pytest.mark.parametrize("path", JUNK, ids=lambda p: p.stem)
def test_junk_files_give_messages_not_crashes(path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems
    for problem in caught.value.problems:
        assert problem.position.line >= 1 and problem.message


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "scenario: {id: x, title: X, calendar: {start: 1953-Q2, end: 1953-Q4}}\n"
        "sides: [{id: prc, name: P, capital_meter: capitl, income: 1}]\n"
        "meters: [{id: capital, name: C, start: 0}]\n"
        "endings: [{id: e, title: E, kind: final, epilogue: x}]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "events:\n"
        "  - {id: e1, title: E, side: prcc, text: t, choices: [{id: a, label: A}, "
        "{id: b, label: B, condition: 'capitl > 1'}]}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path)
    text = str(caught.value)
    assert "a.yaml:2:" in text and "unknown meter 'capitl' (did you mean 'capital'?)" in text
    assert "b.yaml:2:" in text and "unknown side 'prcc' (did you mean 'prc'?)" in text
    assert "unknown name 'capitl' (did you mean 'capital'?)" in text


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=120)


def test_validate_exit_codes_and_format() -> None:
    clean = _cli("validate", "tests/fixtures/scenarios/tiny_win")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = _cli("validate", *(str(p.relative_to(ROOT)) for p in INVALID + JUNK))
    assert broken.returncode == 1
    assert "Traceback" not in broken.stdout + broken.stderr
    lines = broken.stdout.strip().splitlines()
    assert len(lines) >= len(INVALID) + len(JUNK)
    for line in lines:
        file, row, column, message = line.split(":", 3)
        assert file.startswith("tests/fixtures/") and row.isdigit() and column.isdigit()
        assert message.strip()
    usage = _cli("validate")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    missing = _cli("validate", "no/such/folder")
    assert missing.returncode == 1 and "no such file or folder" in missing.stdout
