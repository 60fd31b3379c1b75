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
from game.engine import ai, rng
from game.engine.commands import Act, Choose, Command
from game.engine.model import Scenario
from game.engine.policies import default_policy_names, make_policy, play
from game.engine.rules import apply, choice_available, current_event, new_game
from game.engine.state import GameState

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


def _first_open_choice(scenario: Scenario) -> tuple[GameState, str, list[str]]:
    """A position where the side to move answers an event with two choices or more."""
    state = new_game(scenario, 11, "prc")
    stream = rng.stream(11, "t")
    historical = make_policy(scenario, "historical")
    while not state.over:
        side = state.to_move
        assert side is not None
        event = current_event(state, side)
        if event is not None:
            open_ = [c.id for c in event.choices if choice_available(state, c)]
            if len(open_) >= 2:
                return state, side, open_
        apply(state, historical.decide(state, side, stream))
    raise AssertionError("no event with two open choices in the fixture")


@pytest.mark.parametrize(("other", "expected"), [
    ([2.0, 2.5, 1.5, 2.0, 2.2, 1.8, 2.1, 1.9], "other"),   # a steady gain: taken
    ([30.0, -25.0, 28.0, -27.0, 26.0, -24.0, 29.0, -26.0], "greedy"),  # a lucky scatter
    ([-1.0] * 8, "greedy"),                                  # a steady loss
])
def test_lookahead_leaves_greedy_only_for_a_clear_gain(
        tiny: Scenario, monkeypatch: pytest.MonkeyPatch, other: list[float],
        expected: str) -> None:
    """Lookahead compares play-outs pair by pair with greedy's pick and switches only
    when the gain stands out from the scatter (a risky choice's lucky mean is not enough)."""
    state, side, open_ = _first_open_choice(tiny)
    greedy = make_policy(tiny, "greedy").decide(state, side, rng.stream(1, "g"))
    assert isinstance(greedy, Choose)
    rival = next(c for c in open_ if c != greedy.choice)

    def fake(state: GameState, side_id: str, first: Command, rollouts: int, depth: int,
             temperament: object = None) -> list[float]:
        assert rollouts == 8
        if isinstance(first, Choose) and first.choice == rival:
            return other
        return [0.0] * rollouts if first == greedy else [-50.0] * rollouts

    monkeypatch.setattr(ai, "rollout_values", fake)
    picked = make_policy(tiny, "lookahead").decide(state, side, rng.stream(1, "g"))
    assert isinstance(picked, Choose)
    assert picked.choice == (rival if expected == "other" else greedy.choice)
