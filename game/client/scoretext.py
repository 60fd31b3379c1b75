"""The score in words, for the score panel, the score sheet, the objectives page,
the meters' ending lines and the end screen (no pygame here).

Everything is read from the scenario's data through :mod:`game.engine.scoring`:
the victory points and where they came from, the scoring moments still to come
and their timing, the "if the game ended now" forecast and the nearest meter
changes that would alter it, and where each ending's condition draws a line
on a meter. A scenario without a ``scoring`` section gets the forecast alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.client.present import condition_text, ordinal, side_short, signed
from game.engine import evaluation, scoring
from game.engine.model import (
    EndingDef,
    MomentDef,
    Scenario,
    SoftAll,
    SoftAny,
    SoftCondition,
    SoftNot,
    SoftTest,
)
from game.engine.state import GameState

VERDICT_WORDS = {scoring.WIN: "a win", scoring.DRAW: "a draw", scoring.LOSS: "a loss"}
VERDICT_TONES = {scoring.WIN: "good", scoring.DRAW: "neutral", scoring.LOSS: "bad"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def paid(points: float) -> int:
    """Points as the rules pay them (rounded half away from zero)."""
    return int(points + 0.5) if points >= 0 else -int(-points + 0.5)


def rival_of(scenario: Scenario, side: str) -> str:
    """The other side (the first other side when a scenario has more than two)."""
    others = [s for s in scenario.side_ids if s != side]
    return others[0] if others else side


def points_slots(scenario: Scenario) -> set[int]:
    """The meters that hold victory points (shown by the score panel, not the meter list)."""
    return set(scenario.scoring.points.values()) if scenario.scoring else set()


# -- where the points came from ------------------------------------------------------------


@dataclass(frozen=True)
class PointsGroup:
    """All the points a side earned from one award of one scoring moment."""

    moment: str
    label: str
    points: int
    times: int
    last_date: str


def points_groups(state: GameState, side: str) -> list[PointsGroup]:
    """A side's points grouped by moment and award, largest first."""
    totals: dict[tuple[str, str], list[int]] = {}
    last: dict[tuple[str, str], str] = {}
    turns: dict[tuple[str, str], set[int]] = {}
    for source in scoring.score_sources(state, side):
        key = (source.moment, source.label)
        totals.setdefault(key, []).append(source.points)
        turns.setdefault(key, set()).add(source.turn)
        last[key] = source.date
    groups = [PointsGroup(moment, label, sum(points), len(turns[(moment, label)]),
                          last[(moment, label)])
              for (moment, label), points in totals.items()]
    return sorted(groups, key=lambda g: (-abs(g.points), g.moment, g.label))


def moment_totals(state: GameState, side: str) -> list[tuple[str, int, int]]:
    """(moment, points, times held) for a side, largest first."""
    totals: dict[str, int] = {}
    held: dict[str, set[int]] = {}
    for source in scoring.score_sources(state, side):
        totals[source.moment] = totals.get(source.moment, 0) + source.points
        held.setdefault(source.moment, set()).add(source.turn)
    return sorted(((name, pts, len(held[name])) for name, pts in totals.items()),
                  key=lambda item: (-abs(item[1]), item[0]))


def group_text(group: PointsGroup) -> str:
    times = f", {group.times}\u00d7" if group.times > 1 else f", {group.last_date}"
    return f"{group.moment}: {group.label} {signed(group.points)} ({times[2:]})"


# -- when the scoring moments come -----------------------------------------------------------

_CALENDAR_WHEN = re.compile(r"\s*(quarter|month)\s*==\s*(\d+)\s*")


def _calendar_sub(moment: MomentDef) -> tuple[str, int] | None:
    """The quarter or month a moment is tied to ('quarter', 4), when its condition is
    just that."""
    match = _CALENDAR_WHEN.fullmatch(moment.when_source)
    return (match.group(1), int(match.group(2))) if match else None


def _in_sub(scenario: Scenario, turn: int, sub: tuple[str, int]) -> bool:
    _year, quarter, month, _day = scenario.calendar.parts(turn)
    return (quarter if sub[0] == "quarter" else month) == sub[1]


def _sub_name(sub: tuple[str, int]) -> str:
    if sub[0] == "month" and 1 <= sub[1] <= 12:
        return MONTHS[sub[1] - 1]
    return f"Q{sub[1]}"


def turn_word(scenario: Scenario) -> str:
    """What one turn is called: quarter, month, year, week, day, or turn when turns
    change length."""
    cal = scenario.calendar
    if cal.by_day:
        lengths = {cal.days[t + 1] - cal.days[t] for t in range(cal.turns - 1)}
        return {frozenset({7}): "week", frozenset({1}): "day"}.get(frozenset(lengths), "turn")
    return {"quarter": "quarter", "month": "month", "year": "year"}.get(cal.period, "turn")


def _percent(p: float) -> str:
    percent = p * 100
    return f"{percent:.0f}%" if percent >= 1 or percent == 0 else "<1%"


def moment_timing(scenario: Scenario, moment: MomentDef) -> str:
    """When a scoring moment comes, in words, from its definition."""
    parts = []
    sub = _calendar_sub(moment)
    if sub is not None and scenario.calendar.period == sub[0]:
        parts.append(f"at the end of {_sub_name(sub)} each year")
    elif sub is not None:
        parts.append(f"at the end of every {turn_word(scenario)} in {_sub_name(sub)}")
    elif moment.when_source:
        parts.append("when " + condition_text(scenario, moment.when_source))
    elif moment.chance >= 1 and not moment.factors:
        parts.append(f"at the end of every {turn_word(scenario)}")
    if moment.chance < 1 or moment.factors:
        chance = f"a {_percent(moment.chance)} chance each {turn_word(scenario)}"
        if moment.factors:
            chance += " (more or less as things stand)"
        parts.append(chance)
    if moment.cooldown:
        parts.append(f"never within {moment.cooldown} turns of the last")
    cal = scenario.calendar
    if moment.first_turn > 0:
        parts.append(f"from {cal.label(moment.first_turn)}")
    if moment.last_turn < cal.turns - 1:
        parts.append(f"until {cal.label(moment.last_turn)}")
    if moment.once:
        parts.append("once")
    text = ", ".join(parts) or "at any time"
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class UpcomingLine:
    """A scoring moment still to come, as the panel and the sheet tell it."""

    name: str
    when: str
    """e.g. 'this quarter', '20% this quarter', '1955 Q4', 'when ‘X’ has happened'"""
    soon: int
    """0: due this turn, 1: at a known turn, 2: when a condition comes true"""
    turn: int
    awards: dict[str, int]
    """side -> points it would pay if held now"""
    detail: dict[str, tuple[tuple[str, int], ...]]
    """side -> (award label, points now)"""
    timing: str


def upcoming(state: GameState) -> list[UpcomingLine]:
    """The scoring moments that may still come, the soonest first."""
    scenario = state.scenario
    now_word = "this " + turn_word(scenario)
    out = []
    for item in scoring.next_scoring(state):
        moment = item.moment
        if item.due_now:
            when = now_word if item.chance >= 1 else f"{_percent(item.chance)} {now_word}"
            soon, turn = 0, state.turn
        else:
            turn_at = _next_turn(state, moment)
            if turn_at is not None:
                when = scenario.calendar.label(turn_at)
                if item.chance < 1:
                    when = f"from {when}, {_percent(item.chance)} a {turn_word(scenario)}"
                soon, turn = 1, turn_at
            elif moment.when_source:
                when = "when " + condition_text(scenario, moment.when_source)
                soon, turn = 2, moment.last_turn
            else:
                continue
        detail = {side: tuple((label, paid(points)) for label, points in awards)
                  for side, awards in item.awards.items()}
        totals = {side: sum(p for _label, p in rows) for side, rows in detail.items()}
        out.append(UpcomingLine(moment.name, when, soon, turn, totals, detail,
                                moment_timing(scenario, moment)))
    out.sort(key=lambda line: (line.soon, line.turn))
    return out


def _next_turn(state: GameState, moment: MomentDef) -> int | None:
    """The next turn a moment that is not due now can come: the next turn of its calendar
    quarter (or month), or the first after its window opens or its cooldown ends. None for
    moments that wait on a condition that is not a date."""
    scenario = state.scenario
    sub = _calendar_sub(moment)
    if moment.when_source and sub is None:
        return None
    last = state.moments_held.get(moment.index)
    start = max(state.turn + 1, moment.first_turn)
    if last is not None:
        if moment.once:
            return None
        start = max(start, last + moment.cooldown + 1)
    for turn in range(start, moment.last_turn + 1):
        if sub is None or _in_sub(scenario, turn, sub):
            return turn
    return None


def awards_text(scenario: Scenario, awards: dict[str, int], human: str) -> str:
    """'you +4, USSR +3' (the player first)."""
    order = [human] + [s for s in scenario.side_ids if s != human]
    parts = []
    for side in order:
        if side in awards:
            who = "you" if side == human else side_short(scenario, side)
            parts.append(f"{who} {signed(awards[side])}")
    return ", ".join(parts)


# -- the forecast ---------------------------------------------------------------------------


def scores_text(scenario: Scenario, scores: dict[str, float], human: str) -> str:
    order = [human] + [s for s in scenario.side_ids if s != human]
    return ", ".join(f"{'you' if s == human else side_short(scenario, s)} {scores[s]:.0f}"
                     for s in order if s in scores)


def threshold_text(scenario: Scenario, threshold: scoring.Threshold, human: str,
                   short: bool = False) -> str:
    """'If Alliance tension rises to 41 (now 22): Managed Rivalry (you 51, USSR 49)'."""
    title = scenario.ending(threshold.ending).title
    if short:
        return (f"{threshold.label} at {threshold.to} (now {threshold.now}): {title}, you "
                f"{threshold.scores.get(human, 0):.0f}")
    move = "rises to" if threshold.to > threshold.now else "falls to"
    return (f"If {threshold.label} {move} {threshold.to} (now {threshold.now}): {title} "
            f"({scores_text(scenario, threshold.scores, human)})")


def expected_scores(state: GameState) -> dict[str, float]:
    """The computer's estimate of each side's final score (points projected over the
    moments to come, endings as chances)."""
    return dict(evaluation.judge(state).expected)


@dataclass(frozen=True)
class ScoreView:
    """Everything the score panel shows, worked out once per state."""

    human: str
    rival: str
    has_points: bool
    points: dict[str, int]
    forecast: scoring.Forecast
    verdict: str
    thresholds: tuple[str, ...]
    """worded in full, nearest first"""
    thresholds_short: tuple[str, ...]
    upcoming: tuple[UpcomingLine, ...]
    expected: dict[str, float]


def score_view(state: GameState, human: str) -> ScoreView:
    scenario = state.scenario
    forecast = scoring.forecast(state)
    return ScoreView(
        human=human, rival=rival_of(scenario, human),
        has_points=scenario.scoring is not None,
        points=dict(forecast.points), forecast=forecast,
        verdict=forecast.verdicts.get(human, scoring.DRAW),
        thresholds=tuple(threshold_text(scenario, t, human) for t in forecast.thresholds),
        thresholds_short=tuple(threshold_text(scenario, t, human, short=True)
                               for t in forecast.thresholds),
        upcoming=tuple(upcoming(state)),
        expected=expected_scores(state))


def score_lines(state: GameState, view: ScoreView, full: bool = False) -> list[str]:
    """The score in lines: for the panel's tooltip (short) and the score sheet (full)."""
    scenario = state.scenario
    human, rival = view.human, view.rival
    lines = []
    forecast = view.forecast
    lines.append(f"If it ended now: {forecast.title} \u2014 "
                 f"{scores_text(scenario, forecast.scores, human)}: {VERDICT_WORDS[view.verdict]}"
                 " for you.")
    if view.thresholds:
        lines.append("What would change it, nearest first:")
        lines += ["\u2022 " + t for t in view.thresholds[:4 if full else 2]]
    if view.has_points:
        lines.append("Victory points: " + scores_text(
            scenario, {s: float(v) for s, v in view.points.items()}, human) + ".")
        for side in (human, rival):
            who = "Yours" if side == human else f"{side_short(scenario, side)}'s"
            totals = moment_totals(state, side)
            if not totals:
                lines.append(f"{who}: none earned yet.")
                continue
            parts = [f"{name} {signed(pts)}" + (f" ({n}\u00d7)" if n > 1 else "")
                     for name, pts, n in (totals if full else totals[:3])]
            more = "" if full or len(totals) <= 3 else f", and {len(totals) - 3} more"
            lines.append(f"{who}: " + ", ".join(parts) + more + ".")
        if view.upcoming:
            lines.append("Next scoring moments (what each would pay now):")
            for line in view.upcoming[:None if full else 3]:
                lines.append(f"\u2022 {line.name}, {line.when}: "
                             f"{awards_text(scenario, line.awards, human)}")
    if view.expected:
        lines.append("The computer's estimate of the final score: "
                     + scores_text(scenario, view.expected, human) + ".")
    return lines


# -- endings: scores and lines on the meters ---------------------------------------------------


def lead_share(scenario: Scenario, ending: EndingDef, side: str) -> float:
    """How much of a side's lead in victory points its score for the ending adds (0.5:
    half the lead), measured on the ending's score expression around level points."""
    if scenario.scoring is None or side not in scenario.scoring.points:
        return 0.0
    values: list[float] = [0] * scenario.slot_count
    for meter in scenario.meters:
        values[meter.slot] = meter.start
    slot = scenario.scoring.points[side]
    base = values[slot]
    step = 2

    def score(delta: int) -> float:
        values[slot] = base + delta
        return scoring.ending_scores(scenario, ending, values, set())[side]

    share = (score(step) - score(-step)) / (2 * step)
    values[slot] = base
    return round(share, 3)


_FRACTIONS = {1.0: "your whole lead", 0.5: "half your lead", 0.25: "a quarter of your lead",
              0.75: "three quarters of your lead"}


def share_words(share: float) -> str:
    """'half your lead in points' and the like."""
    if share == 0:
        return "whatever the points"
    if share < 0:
        return f"minus {abs(share):g}\u00d7 your lead in points"
    words = _FRACTIONS.get(share)
    return (f"plus {words} in victory points" if words
            else f"plus {share:g}\u00d7 your lead in victory points")


def score_rule(scenario: Scenario, side: str | None) -> str:
    """How a final score is made, from the endings' own expressions (for the side, or for
    either side when ``side`` is None)."""
    judged = side if side is not None else scenario.side_ids[0]
    every = [lead_share(scenario, e, judged) for e in scenario.endings]
    shares = set(every)
    nonzero = sorted(s for s in shares if s)
    margin = scenario.scoring.draw_margin if scenario.scoring else 5.0
    rival = (side_short(scenario, rival_of(scenario, side)) + "'s" if side is not None
             else "the other side's")
    verdict = (f"At the end, a final score more than {margin:g} above {rival} is a win, more "
               f"than {margin:g} below is a loss, anything between is a draw.")
    if scenario.scoring is None or not nonzero:
        return ("Your final score is the score of the ending the campaign reaches. " + verdict)
    if len(nonzero) == 1:
        how = (f"base score {share_words(nonzero[0])} (your points minus {rival}: "
               "trailing lowers it)")
        counted = sum(1 for share in every if share)
        some = ("" if counted == len(every) else ", for most endings," if 2 * counted > len(every)
                else ", for some endings (listed on the objectives page),")
        return (f"Your final score is{some} the ending's {how}. " + verdict)
    return ("Your final score is the ending's base score plus a share of your lead in victory "
            "points that differs by ending (listed below). " + verdict)


@dataclass(frozen=True)
class EndingLine:
    """Where an ending's condition draws a line on a meter."""

    slot: int
    value: float
    op: str
    """which side of the line meets the test: >=, >, <=, <, ==, !="""
    ending: str
    title: str
    alone: bool
    """the test is the ending's whole condition (else one part of it)"""
    moving: bool = False
    """the line depends on other meters (placed where they stand now)"""


_FLIP = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!="}
_NEGATE = {">=": "<", "<": ">=", "<=": ">", ">": "<=", "==": "!=", "!=": "=="}


def _tests(node: SoftCondition | None, alone: bool = True,
           negated: bool = False) -> list[tuple[SoftTest, bool, bool]]:
    """The comparisons of a soft condition: (test, whole condition?, negated?)."""
    if node is None:
        return []
    if isinstance(node, SoftTest):
        return [(node, alone, negated)]
    if isinstance(node, (SoftAll, SoftAny)):
        single = alone and len(node.parts) == 1
        return [t for part in node.parts for t in _tests(part, single, negated)]
    if isinstance(node, SoftNot):
        return _tests(node.part, alone, not negated)
    return []


def ending_lines(scenario: Scenario) -> dict[int, list[EndingLine]]:
    """Fixed lines: comparisons of one meter against a constant, per meter slot."""
    cached: dict[int, list[EndingLine]] | None = scenario.extra.get("ending_lines")
    if cached is not None:
        return cached
    lines: dict[int, list[EndingLine]] = {}
    for ending in scenario.endings:
        for test, alone, negated in _tests(ending.soft):
            if len(test.terms) != 1:
                continue
            slot, coef = test.terms[0]
            if slot >= len(scenario.meters) or not coef:
                continue
            op = _NEGATE[test.op] if negated else test.op
            op = op if coef > 0 else _FLIP[op]
            lines.setdefault(slot, []).append(EndingLine(
                slot, -test.constant / coef, op, ending.id, ending.title, alone))
    for slot in lines:
        lines[slot].sort(key=lambda line: line.value)
    scenario.extra["ending_lines"] = lines
    return lines


def moving_lines(scenario: Scenario, values: list[int]) -> dict[int, list[EndingLine]]:
    """Lines of comparisons between meters, placed where the other meters stand now
    (e.g. 'standing 10 above the rival's' on each of the two standing meters)."""
    lines: dict[int, list[EndingLine]] = {}
    for ending in scenario.endings:
        for test, _alone, negated in _tests(ending.soft):
            if len(test.terms) < 2:
                continue
            for slot, coef in test.terms:
                if slot >= len(scenario.meters) or not coef:
                    continue
                rest = test.constant + sum(c * values[s] for s, c in test.terms if s != slot)
                op = _NEGATE[test.op] if negated else test.op
                op = op if coef > 0 else _FLIP[op]
                lines.setdefault(slot, []).append(EndingLine(
                    slot, -rest / coef, op, ending.id, ending.title, False, moving=True))
    return lines


_OP_WORDS = {">=": "{v} or more", ">": "above {v}", "<=": "{v} or less", "<": "below {v}",
             "==": "exactly {v}", "!=": "anything but {v}"}


def line_text(line: EndingLine) -> str:
    value = f"{line.value:g}" if not line.moving else f"{round(line.value)}"
    where = _OP_WORDS[line.op].format(v=value)
    extra = "" if line.alone else (" as things stand, with more conditions" if line.moving
                                   else ", with more conditions")
    return f"{where}{extra} \u2014 {line.title}"


def ending_rows(scenario: Scenario, side: str) -> list[tuple[scoring.EndingRow, float]]:
    """The ending table for a side, each row with the share of the points lead it adds."""
    by_id = {e.id: e for e in scenario.endings}
    return [(row, lead_share(scenario, by_id[row.ending], side))
            for row in scoring.ending_table(scenario, side)]


def place_among_endings(scenario: Scenario, side: str, ending_id: str) -> int:
    """1 + the number of endings that score more for the side (points level): endings
    that score the same share a place."""
    rows = scoring.ending_table(scenario, side)
    mine = next((row.score for row in rows if row.ending == ending_id), None)
    if mine is None:
        return len(rows)
    return 1 + sum(1 for row in rows if row.score > mine + 1e-9)


def points_verdict(state: GameState, human: str) -> str:
    """What the victory points did to the final score, and where most of them came from."""
    scenario = state.scenario
    points = scoring.victory_points(state)
    if not points or state.ending is None:
        return ""
    rival = rival_of(scenario, human)
    name = side_short(scenario, rival)
    mine, theirs = points.get(human, 0), points.get(rival, 0)
    lead = mine - theirs
    share = lead_share(scenario, scenario.ending(state.ending), human)
    text = f"Victory points, you {mine} to {name} {theirs}: "
    if not share:
        text += "this ending scores the same whatever the points"
    elif lead > 0:
        text += f"your lead of {lead} added {share * lead:g} to your score"
    elif lead < 0:
        text += f"{name}'s lead of {-lead} took {abs(share * lead):g} off your score"
    else:
        text += "level, so they neither added nor took away"
    sources = []
    for side, who in ((human, "your"), (rival, f"{name}'s")):
        groups = points_groups(state, side)
        if groups:
            top = groups[0]
            sources.append(f"{who} biggest source was {top.moment} ({top.label}, "
                           f"{signed(top.points)})")
    return text + ("; " + " and ".join(sources) if sources else "") + "."


def rank_text(place: int, total: int) -> str:
    """'the best of 11', '5th best of 11'."""
    return f"the best of {total}" if place == 1 else f"{ordinal(place)} best of {total}"
