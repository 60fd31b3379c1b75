"""The command line keeps its word: help for every option, --version, documented exit
codes (a bad --scenario or --side is bad usage, with or without --autoplay), and
--exit-after-frames is a clean stop."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from game import __version__
from game.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]
TINY = "tests/fixtures/scenarios/tiny_win"


def _cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=timeout)


def test_every_command_and_option_has_help() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helped = {choice.dest for choice in commands._choices_actions if choice.help}
    assert helped == set(commands.choices), set(commands.choices) - helped
    missing = []
    for name, sub in [("red-schism", parser), *commands.choices.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            if not action.help:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []
    for name in ("lint", "new", "validate", "simulate", "play"):
        assert "--help" not in _cli(name, "--help").stderr
        assert _cli(name, "--help").returncode == 0


def test_version() -> None:
    result = _cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_a_bad_scenario_or_side_is_bad_usage_with_or_without_autoplay() -> None:
    for extra in ([], ["--autoplay"]):
        result = _cli("play", "--scenario", "no_such_scenario", *extra, timeout=60)
        assert result.returncode == 2, (extra, result.stderr)
        assert "no scenario 'no_such_scenario'" in result.stderr
        result = _cli("play", "--scenario", TINY, "--side", "usa", *extra, timeout=60)
        assert result.returncode == 2, (extra, result.stderr)
        assert "unknown side 'usa'; choose one of prc, ussr" in result.stderr
    assert "Traceback" not in result.stderr


def test_exit_after_frames_is_a_clean_exit() -> None:
    result = _cli("play", "--scenario", TINY, "--side", "prc", "--seed", "3", "--autoplay",
                  "--size", "1024x600", "--exit-after-frames", "5", timeout=120)
    assert result.returncode == 0, result.stderr
    result = _cli("play", "--exit-after-frames", "3", "--size", "1024x600", timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_license_file_ships() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
