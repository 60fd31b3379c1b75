"""The score as players see it: what each side holds now and where the game is heading.

One place answers "who is winning?" for the forecast panel, the objectives page,
the end screen and the balance lab:

* :func:`forecast` — the ending the game would reach if it ended now, each
  side's score for it, the victory points accrued, each side's verdict, and the
  nearest thresholds that would change the forecast;
* :func:`ending_table` — every ending with a side's score for it (with victory
  points level) and its rank, for the objectives page;
* :func:`score_sources` — what a side earned at each scoring moment, and why;
* :func:`next_scoring` — the scoring moments still to come and what each side
  would earn if they came now;
* :func:`verdict` — win, draw or loss, from the final scores.

Victory points are meters (named by the scenario's ``scoring`` section), so
every point carries its cause in the ledger like any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.engine.model import EndingDef, MomentDef, Scenario
from game.engine.rules import _amount, award_points, moment_chance, moment_due
from game.engine.state import GameState

WIN, DRAW, LOSS = "win", "draw", "loss"


def ending_if_now(scenario: Scenario, values: list[Any], facts: set[str]) -> EndingDef:
    """The ending the rules would pick if the game ended with these values."""
    for ending in scenario.endings:
        if ending.sudden and ending.condition is not None and ending.condition(values, facts):
            return ending
    for ending in scenario.endings:
        if not ending.sudden and (ending.condition is None or ending.condition(values, facts)):
            return ending
    return scenario.endings[-1]


def ending_scores(scenario: Scenario, ending: EndingDef, values: list[Any],
                  facts: set[str]) -> dict[str, float]:
    """Each side's score for ``ending`` with these values."""
    return {side: _amount(ending.scores.get(side, ending.scores.get("", 0.0)), values, facts)
            for side in scenario.side_ids}


def verdict(scenario: Scenario, scores: dict[str, float], side: str) -> str:
    """Win, draw or loss for ``side``: beating the best rival by more than the scenario's
    draw margin is a win, trailing it by more is a loss."""
    margin = scenario.scoring.draw_margin if scenario.scoring else 5.0
    rivals = [score for other, score in scores.items() if other != side]
    if not rivals:
        return WIN
    gap = scores[side] - max(rivals)
    if gap > margin:
        return WIN
    if gap < -margin:
        return LOSS
    return DRAW


def victory_points(state: GameState) -> dict[str, int]:
    """Victory points each side has accrued (empty when the scenario keeps none)."""
    scoring = state.scenario.scoring
    if scoring is None:
        return {}
    return {side: state.values[slot] for side, slot in scoring.points.items()}


@dataclass(frozen=True)
class Threshold:
    """A change in one meter that would change the forecast ending."""

    name: str
    """meter id or built-in variable (e.g. allies_prc)"""
    label: str
    now: int
    to: int
    """the value at which the forecast changes"""
    ending: str
    """the ending it would change to"""
    scores: dict[str, float]


@dataclass(frozen=True)
class Forecast:
    ending: str
    title: str
    scores: dict[str, float]
    points: dict[str, int]
    verdicts: dict[str, str]
    thresholds: tuple[Threshold, ...]


def _label(scenario: Scenario, name: str) -> str:
    index = scenario.meter_index.get(name)
    if index is not None:
        return scenario.meters[index].name
    if name.startswith("allies_"):
        side = name[len("allies_"):]
        try:
            return f"Third parties held by {scenario.side(side).short}"
        except KeyError:
            return name
    if name.startswith("board_"):
        return "Board importance held (" + name[len("board_"):].replace("_", ", ") + ")"
    return name


def _deciding_names(scenario: Scenario) -> list[tuple[str, int]]:
    cached: list[tuple[str, int]] | None = scenario.extra.get("deciding_names")
    if cached is not None:
        return cached
    slots: set[int] = set()
    for ending in scenario.endings:
        if ending.condition is not None:
            slots |= scenario.reads.get(ending.condition, (frozenset(), frozenset()))[0]
    names = {slot: name for name, slot in scenario.meter_index.items()}
    names.update({slot: name for name, slot in scenario.builtin_slots.items()
                  if name not in ("turn", "year", "quarter", "month", "day", "turns_left")})
    cached = sorted((names[s], s) for s in slots if s in names)
    scenario.extra["deciding_names"] = cached
    return cached


def _bounds(scenario: Scenario, slot: int) -> tuple[int, int]:
    if slot < len(scenario.meters):
        meter = scenario.meters[slot]
        return meter.lo, meter.hi
    return 0, max(1, len(scenario.parties) * 20)


def forecast(state: GameState, limit: int = 4) -> Forecast:
    """If the game ended now: the ending, its scores, the points, verdicts and what would
    change it (the nearest single-meter thresholds, nearest first)."""
    scenario = state.scenario
    values, facts = state.values, state.facts
    ending = ending_if_now(scenario, values, facts)
    scores = ending_scores(scenario, ending, values, facts)
    thresholds: list[tuple[int, Threshold]] = []
    work = list(values)
    for name, slot in _deciding_names(scenario):
        lo, hi = _bounds(scenario, slot)
        now = values[slot]
        for step in (1, -1):
            target = now + step
            while lo <= target <= hi and abs(target - now) <= 100:
                work[slot] = target
                other = ending_if_now(scenario, work, facts)
                if other.id != ending.id:
                    thresholds.append((abs(target - now), Threshold(
                        name=name, label=_label(scenario, name), now=now, to=target,
                        ending=other.id, scores=ending_scores(scenario, other, work, facts))))
                    break
                target += step
            work[slot] = now
    thresholds.sort(key=lambda item: (item[0], item[1].name, item[1].to))
    return Forecast(
        ending=ending.id, title=ending.title, scores=scores, points=victory_points(state),
        verdicts={side: verdict(scenario, scores, side) for side in scenario.side_ids},
        thresholds=tuple(t for _, t in thresholds[:limit]))


@dataclass(frozen=True)
class EndingRow:
    ending: str
    title: str
    sudden: bool
    score: float
    """the side's score with victory points level (the start's)"""
    rival: float
    rank: int
    """1 = the side's best ending"""
    condition: str


def ending_table(scenario: Scenario, side: str) -> list[EndingRow]:
    """Every ending with ``side``'s score for it when victory points are level, best first
    by rank (ties share a rank), in the scenario's order within a rank."""
    values = [0] * scenario.slot_count
    for meter in scenario.meters:
        values[meter.slot] = meter.start
    facts: set[str] = set()
    rows = []
    for ending in scenario.endings:
        scores = ending_scores(scenario, ending, values, facts)
        rival = max((s for other, s in scores.items() if other != side), default=0.0)
        rows.append((scores[side], rival, ending))
    distinct = sorted({round(score, 6) for score, _, _ in rows}, reverse=True)
    result = [EndingRow(ending=e.id, title=e.title, sudden=e.sudden, score=score, rival=rival,
                        rank=distinct.index(round(score, 6)) + 1,
                        condition=e.condition_source)
              for score, rival, e in rows]
    result.sort(key=lambda row: row.rank)
    return result


def best_endings(scenario: Scenario, side: str) -> list[str]:
    """The endings that rank first for ``side``."""
    return [row.ending for row in ending_table(scenario, side) if row.rank == 1]


@dataclass(frozen=True)
class ScoreSource:
    turn: int
    date: str
    moment: str
    label: str
    points: int


def score_sources(state: GameState, side: str) -> list[ScoreSource]:
    """Every victory point ``side`` has earned or lost, with the moment and the reason."""
    scoring = state.scenario.scoring
    if scoring is None or side not in scoring.points:
        return []
    slot = scoring.points[side]
    names = {m.id: m.name for m in scoring.moments}
    cal = state.scenario.calendar
    return [ScoreSource(turn=c.cause.turn, date=cal.label(c.cause.turn),
                        moment=names.get(c.cause.source, c.cause.source),
                        label=c.cause.detail or c.cause.source, points=c.delta)
            for c in state.ledger if c.slot == slot]


@dataclass(frozen=True)
class UpcomingMoment:
    moment: MomentDef
    due_now: bool
    """its condition holds this turn (it will be held at the end of the turn, luck allowing)"""
    chance: float
    reasons: tuple[str, ...]
    awards: dict[str, tuple[tuple[str, float], ...]]
    """side -> (label, points it would pay now)"""


def next_scoring(state: GameState) -> list[UpcomingMoment]:
    """The scoring moments that may still come, with what each side would earn now."""
    scoring = state.scenario.scoring
    if scoring is None:
        return []
    result = []
    for moment in scoring.moments:
        if state.turn > moment.last_turn:
            continue
        if moment.once and moment.index in state.moments_held:
            continue  # held already
        p, reasons = moment_chance(state, moment)
        awards: dict[str, list[tuple[str, float]]] = {}
        for award in moment.awards:
            awards.setdefault(award.side, []).append((award.label, award_points(state, award)))
        result.append(UpcomingMoment(moment=moment, due_now=moment_due(state, moment),
                                     chance=p, reasons=tuple(reasons),
                                     awards={s: tuple(a) for s, a in awards.items()}))
    return result
