"""Headless AI-versus-AI campaigns and their summary statistics (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import ai, rng
from game.engine.model import Scenario
from game.engine.rules import new_game


@dataclass(frozen=True, slots=True)
class GameSummary:
    index: int
    seat: str
    ending: str
    turns: int
    fired: frozenset[int]
    final_values: tuple[int, ...]
    scores: tuple[tuple[str, float], ...]
    historical_choices: int
    choices: int


BAND = (0.02, 0.90)
"""An event that is neither rare nor a historical anchor should fire in this share of games."""


def seat_for(scenario: Scenario, side: str, index: int) -> str:
    """The side whose seat game ``index`` is played from ('both' alternates)."""
    if side == "both":
        ids = scenario.side_ids
        return ids[index % len(ids)]
    return side


def game_seed(seed: int, index: int) -> int:
    return rng.derive_seed(seed, "game", index)


def play_one(scenario: Scenario, seed: int, index: int, side: str,
             difficulty: str) -> GameSummary:
    """Play game ``index`` of a simulation with the AI in every seat."""
    seat = seat_for(scenario, side, index)
    state = new_game(scenario, game_seed(seed, index), seat, difficulty, lean=True)
    ai.play_out(state, rng.stream(seed, "ai-game", index))
    meters = len(scenario.meters)
    choices = [d for d in state.chronicle if d.kind == "choice"]
    return GameSummary(
        index=index, seat=seat, ending=state.ending or "unfinished", turns=state.turn + 1,
        fired=frozenset(i for _, i in state.fired_log),
        final_values=tuple(state.values[:meters]),
        scores=tuple(sorted(state.scores.items())),
        historical_choices=sum(1 for d in choices if d.historical), choices=len(choices),
    )


def play_many(scenario: Scenario, seed: int, indices: list[int], side: str,
              difficulty: str) -> list[GameSummary]:
    """Play several games of a simulation, in index order."""
    return [play_one(scenario, seed, i, side, difficulty) for i in indices]


def summarize(scenario: Scenario, games: list[GameSummary]) -> dict[str, object]:
    """Endings, event coverage and meter statistics over many games."""
    count = len(games)
    endings: dict[str, int] = {}
    for game in games:
        endings[game.ending] = endings.get(game.ending, 0) + 1
    fired_counts = [0] * len(scenario.events)
    for game in games:
        for index in game.fired:
            fired_counts[index] += 1
    events_fired = {e.id: fired_counts[e.index] for e in scenario.events if fired_counts[e.index]}
    never = [e.id for e in scenario.events if not fired_counts[e.index]]
    meter_stats: dict[str, dict[str, float]] = {}
    for meter in scenario.meters:
        column = sorted(g.final_values[meter.slot] for g in games)
        if not column:
            continue
        meter_stats[meter.id] = {
            "mean": round(sum(column) / count, 2),
            "min": column[0],
            "p10": column[int(0.1 * (count - 1))],
            "median": column[(count - 1) // 2],
            "p90": column[int(0.9 * (count - 1))],
            "max": column[-1],
        }
    seats: dict[str, dict[str, int]] = {}
    for game in games:
        seat_endings = seats.setdefault(game.seat, {})
        seat_endings[game.ending] = seat_endings.get(game.ending, 0) + 1
    return {
        "endings": dict(sorted(endings.items())),
        "endings_by_seat": {s: dict(sorted(e.items())) for s, e in sorted(seats.items())},
        "events_total": len(scenario.events),
        "events_fired": events_fired,
        "events_never_fired": never,
        "rare_events_never_fired": [e.id for e in scenario.events
                                    if e.rare and not fired_counts[e.index]],
        "events_outside_band": {
            e.id: round(fired_counts[e.index] / count, 3) for e in scenario.events
            if count and not e.rare and not e.anchor
            and not BAND[0] <= fired_counts[e.index] / count <= BAND[1]},
        "mean_turns": round(sum(g.turns for g in games) / count, 2) if count else 0,
        "meters": meter_stats,
    }
