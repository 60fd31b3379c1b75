"""README's set-up commands stay true and CI runs the same test command."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_has_play_and_test_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/red-schism" in text
    test_line = ("python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
                 ".venv/bin/python -m pytest")
    assert test_line in text


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "bash -c \"$test_command\"" in ci
    assert "python -m game validate" in ci
