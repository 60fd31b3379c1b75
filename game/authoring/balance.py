"""``simulate`` as a balance report: what the computer-against-computer games did.

Each game is played exactly as :func:`game.engine.simulation.play_one` plays it
(the same seeds and streams, so the contract's figures are unchanged), while
a recorder keeps what an author needs to judge balance: the choices picked,
the actions taken and every meter as each turn began. :func:`balance` turns
the records into ending shares with 95% confidence intervals, endings never
reached, choice shares per event, actions taken and meter percentiles over
time. Pure: no pygame, no disk, no clock.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from game.engine import ai, rng
from game.engine.commands import Act
from game.engine.model import Scenario
from game.engine.rules import new_game
from game.engine.simulation import GameSummary, game_seed, seat_for


@dataclass(frozen=True, slots=True)
class GameRecord:
    summary: GameSummary
    choices: tuple[tuple[str, str, str], ...]
    """(event id, choice id, side) for every event answered"""
    actions: tuple[tuple[str, str], ...]
    """(side, action id) for every action taken"""
    trajectory: tuple[tuple[int, ...], ...]
    """the meters as each turn began (income and events in), then as the game ended"""


def play_recorded(scenario: Scenario, seed: int, index: int, side: str,
                  difficulty: str) -> GameRecord:
    """Game ``index`` of a simulation, as ``simulation.play_one`` plays it, recorded."""
    seat = seat_for(scenario, side, index)
    state = new_game(scenario, game_seed(seed, index), seat, difficulty, lean=True)
    stream = rng.stream(seed, "ai-game", index)
    meters = len(scenario.meters)
    trajectory = [tuple(state.values[:meters])]
    while not state.over:
        mover = state.to_move
        assert mover is not None
        turn = state.turn
        ai.play_side_turn(state, mover, stream)
        if state.turn != turn or state.over:
            trajectory.append(tuple(state.values[:meters]))
    decisions = [d for d in state.chronicle if d.kind == "choice"]
    summary = GameSummary(
        index=index, seat=seat, ending=state.ending or "unfinished", turns=state.turn + 1,
        fired=frozenset(i for _, i in state.fired_log),
        final_values=tuple(state.values[:meters]),
        scores=tuple(sorted(state.scores.items())),
        historical_choices=sum(1 for d in decisions if d.historical),
        choices=len(decisions))
    return GameRecord(
        summary=summary,
        choices=tuple((d.source, d.detail, d.side) for d in decisions),
        actions=tuple((c.side, c.action) for c in state.log if isinstance(c, Act)),
        trajectory=tuple(trajectory))


def play_records(scenario: Scenario, seed: int, indices: list[int], side: str,
                 difficulty: str) -> list[GameRecord]:
    return [play_recorded(scenario, seed, i, side, difficulty) for i in indices]


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a share (good near 0 and 1, unlike mean ± 2 s.e.)."""
    if trials <= 0:
        return 0.0, 0.0
    p = successes / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    scale = 1 + z * z / trials
    return max(0.0, (centre - spread) / scale), min(1.0, (centre + spread) / scale)


def _percentile(ordered: list[int], fraction: float) -> int:
    return ordered[int(fraction * (len(ordered) - 1))]


def balance(scenario: Scenario, records: list[GameRecord]) -> dict[str, object]:
    """The balance report's figures (JSON-ready, deterministic for the same records)."""
    games = len(records)
    endings = Counter(r.summary.ending for r in records)
    ending_rows = []
    for ending in scenario.endings:
        count = endings.get(ending.id, 0)
        low, high = wilson(count, games)
        ending_rows.append({"ending": ending.id, "title": ending.title,
                            "kind": "sudden" if ending.sudden else "final", "games": count,
                            "share": round(count / games, 4) if games else 0.0,
                            "ci95": [round(low, 4), round(high, 4)]})
    if endings.get("unfinished"):
        count = endings["unfinished"]
        low, high = wilson(count, games)
        ending_rows.append({"ending": "unfinished", "title": "Unfinished", "kind": "none",
                            "games": count, "share": round(count / games, 4),
                            "ci95": [round(low, 4), round(high, 4)]})
    picked: dict[str, Counter[str]] = {}
    for record in records:
        for event_id, choice_id, _side in record.choices:
            picked.setdefault(event_id, Counter())[choice_id] += 1
    choice_rows = []
    for event in scenario.events:
        counts = picked.get(event.id)
        if not counts:
            continue
        total = sum(counts.values())
        choice_rows.append({
            "event": event.id, "answered": total,
            "choices": {c.id: round(counts.get(c.id, 0) / total, 4) for c in event.choices},
            "never_picked": [c.id for c in event.choices if not counts.get(c.id)]})
    taken_games: Counter[str] = Counter()
    taken_times: Counter[str] = Counter()
    for record in records:
        seen = set()
        for _side, action_id in record.actions:
            taken_times[action_id] += 1
            seen.add(action_id)
        taken_games.update(seen)
    action_rows = [{"action": a.id, "side": a.side,
                    "games": taken_games.get(a.id, 0),
                    "share": round(taken_games.get(a.id, 0) / games, 4) if games else 0.0,
                    "per_game": round(taken_times.get(a.id, 0) / games, 3) if games else 0.0}
                   for a in scenario.actions]
    turns = max((len(r.trajectory) for r in records), default=0)
    over_time: dict[str, dict[str, list[int]]] = {}
    for meter in scenario.meters:
        rows: dict[str, list[int]] = {"p10": [], "p50": [], "p90": []}
        for point in range(turns):
            column = sorted(r.trajectory[point][meter.slot] for r in records
                            if point < len(r.trajectory))
            if not column:
                break
            rows["p10"].append(_percentile(column, 0.1))
            rows["p50"].append(_percentile(column, 0.5))
            rows["p90"].append(_percentile(column, 0.9))
        over_time[meter.id] = rows
    return {
        "endings_detail": ending_rows,
        "endings_never_reached": [e.id for e in scenario.endings if not endings.get(e.id)],
        "choices": choice_rows,
        "choices_never_picked": sum(len(_never(row)) for row in choice_rows),
        "actions": action_rows,
        "actions_never_taken": [a.id for a in scenario.actions if not taken_games.get(a.id)],
        "meters_over_time": over_time,
    }


def _never(row: dict[str, object]) -> list[str]:
    never = row["never_picked"]
    assert isinstance(never, list)
    return never
