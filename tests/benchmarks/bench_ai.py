"""How long the computer takes to decide, at each difficulty, on the shipped campaign.

Bar: the hard computer decides within about one second on a 2-core machine.
A "decision" is one answer to an event, or the planning of a turn's actions;
the human waits for all of the computer's decisions in a turn after ending
theirs, so the per-turn time is reported too.
"""

from __future__ import annotations

import statistics
import time

from _common import CAMPAIGN, result

from game.content.loader import load_scenario
from game.engine import ai, evaluation, rng
from game.engine.commands import EndTurn
from game.engine.rules import action_lock_reason, apply, current_event, new_game


def _decisions(scenario, difficulty: str, games: int, turns: int) -> tuple[list[float],
                                                                          list[float]]:
    """Seconds per decision and per computer turn, the computer playing the USSR against
    the normal computer in China's seat."""
    per_decision: list[float] = []
    per_turn: list[float] = []
    for game in range(games):
        state = new_game(scenario, rng.derive_seed(11, "bench-ai", game), "prc", difficulty)
        stream = rng.stream(11, "bench-ai", game)
        while not state.over and state.turn < turns:
            side = state.to_move
            assert side is not None
            if side == "prc":
                ai.play_side_turn(state, side, stream)
                continue
            level = ai.DIFFICULTIES[difficulty]
            turn_started = time.perf_counter()
            grad = evaluation.gradient(state, side, ai.temperament_for(state, side))
            while current_event(state, side) is not None:
                started = time.perf_counter()
                choice = ai._choose_choice(state, side, stream, level, grad)
                per_decision.append(time.perf_counter() - started)
                assert choice is not None
                apply(state, choice)
            started = time.perf_counter()
            plan = ai.plan_actions(state, side, stream, grad)
            per_decision.append(time.perf_counter() - started)
            for act in plan:
                if action_lock_reason(state, scenario.action(act.action)) is None:
                    apply(state, act)
                    while current_event(state, side) is not None:
                        choice = ai._choose_choice(state, side, stream, level, grad)
                        assert choice is not None
                        apply(state, choice)
            per_turn.append(time.perf_counter() - turn_started)
            apply(state, EndTurn(side))
    return per_decision, per_turn


def run(quick: bool) -> list[dict[str, object]]:
    scenario = load_scenario(CAMPAIGN)
    out = []
    for difficulty in ("normal", "hard"):
        games, turns = (1, 12) if quick else (3, 47)
        decisions, turns_taken = _decisions(scenario, difficulty, games, turns)
        decisions.sort()
        worst = decisions[-1]
        p95 = decisions[int(0.95 * (len(decisions) - 1))]
        bar_ok = worst <= 1.5 if difficulty == "hard" else None
        out.append(result(
            f"{difficulty} computer: seconds per decision (median)",
            statistics.median(decisions), "s",
            "<= about 1 s (hard)" if difficulty == "hard" else "informational",
            bar_ok,
            f"{len(decisions)} decisions; p95 {p95:.3f} s, slowest {worst:.3f} s; "
            f"per computer turn: median {statistics.median(turns_taken):.3f} s, "
            f"slowest {max(turns_taken):.3f} s"))
    return out
