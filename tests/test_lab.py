"""The balance lab: policies play legal games, the lab reports what an author needs.

Runs on the small fixture scenarios (fast); the shipped campaign's tables come
from ``python -m game analyze`` (see README).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.analysis import checks
from game.analysis.lab import Cell, play_cell, summarize_cell
from game.analysis.targets import findings
from game.engine import rng
from game.engine.commands import Act
from game.engine.model import Scenario
from game.engine.policies import default_policy_names, make_policy, play
from game.engine.rules import new_game

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

POLICIES = ["random", "historical", "greedy", "max_own", "dove", "min:tension",
            "max:tension", "spam:praise"]


@pytest.mark.parametrize("name", POLICIES)
def test_every_policy_plays_a_whole_legal_game(tiny: Scenario, name: str) -> None:
    state = new_game(tiny, 3, "prc")
    play(state, {"prc": make_policy(tiny, name)}, rng.stream(3, "t", name))
    assert state.over and state.ending is not None
    assert set(state.scores) == {"prc", "ussr"}


def test_spam_takes_its_action_whenever_it_can(tiny: Scenario) -> None:
    state = new_game(tiny, 5, "prc")
    play(state, {"prc": make_policy(tiny, "spam:praise")}, rng.stream(5, "t"))
    taken = [c.action for c in state.log if isinstance(c, Act) and c.side == "prc"]
    assert taken and set(taken) == {"praise"}


def test_unknown_policies_are_refused_with_the_known_names(tiny: Scenario) -> None:
    with pytest.raises(ValueError, match="known: random"):
        make_policy(tiny, "cleverest")
    with pytest.raises(ValueError, match="unknown action 'fly'"):
        make_policy(tiny, "spam:fly")


def test_default_policies_cover_the_shared_meters(tiny: Scenario) -> None:
    names = default_policy_names(tiny)
    assert {"random", "greedy", "lookahead", "min:tension", "max:tension"} <= set(names)


def test_cells_use_the_same_seeds_for_every_policy(tiny: Scenario) -> None:
    """Common random numbers: the same game index is the same game, so two identical
    policies give identical games."""
    a = play_cell(tiny, Cell("historical", "prc", "normal"), 9, [0, 1, 2])
    b = play_cell(tiny, Cell("historical", "prc", "normal"), 9, [0, 1, 2])
    assert a == b


def test_findings_report_a_failing_bar(tiny: Scenario) -> None:
    random_games = play_cell(tiny, Cell("random", "prc", "normal"), 1, list(range(6)))
    greedy_games = play_cell(tiny, Cell("greedy", "prc", "normal"), 1, list(range(6)))
    reports = [summarize_cell(tiny, Cell("random", "prc", "normal"), random_games),
               summarize_cell(tiny, Cell("greedy", "prc", "normal"), greedy_games)]
    found = findings(reports, ["prc"])
    gap = next(f for f in found if "greedy >= random" in f.bar)
    assert gap.holds == (reports[1].mean - reports[0].mean >= 25)


def test_static_checks_find_meters_nothing_reads(tiny: Scenario) -> None:
    unread = dict(checks.unread_meters(tiny))
    assert "prc_economy" in unread  # drifts, but nothing reads it


def test_analyze_command_prints_tables_and_json() -> None:
    fixture = str(FIXTURES / "scenarios" / "tiny_win")
    result = subprocess.run(
        [sys.executable, "-m", "game", "analyze", fixture, "--games", "4",
         "--lookahead-games", "2", "--policies", "random,greedy,lookahead", "--json"],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    cells = {(c["policy"], c["seat"], c["difficulty"]) for c in report["cells"]}
    assert ("greedy", "prc", "hard") in cells and ("lookahead", "ussr", "normal") in cells
    assert {"findings", "dominated_choices", "unread_meters", "actions_never_taken"} <= set(report)
    bad = subprocess.run([sys.executable, "-m", "game", "analyze", fixture, "--policies",
                          "cleverest"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert bad.returncode == 2 and "unknown policy" in bad.stderr
