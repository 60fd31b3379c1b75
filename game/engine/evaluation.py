"""Judging a position: the score each side can expect by the end of the game.

The computer and the balance lab's scripted players need a smooth answer to
"how good is this for me?", not the bare step of "which ending would it be
now". The judgement has three parts, all read from the scenario's data:

* **Victory points, projected.** Points accrued so far, plus what the side's
  position would earn at each scoring moment still to come (the awards'
  expressions evaluated now, times the moments expected before the end).
* **Endings, as chances.** Every meter is treated as uncertain, with noise that
  grows with the turns left; each ending's condition (compiled as comparisons,
  see :class:`~game.engine.model.SoftTest`) then holds with a probability, so a
  threshold five points away matters more than one fifty points away. Sudden
  endings may strike on any turn, so their chance is raised toward the chance of
  ever touching the line (the reflection principle); endings are taken in
  order, the first that holds wins, as in the rules.
* **Scores.** The expected score is each ending's score (its expression, with
  projected points) weighted by its chance.

Control of third parties is smoothed the same way: the chance that a side's
influence margin clears the party's independence, weighted by importance.

:func:`gradient` differentiates all of this with respect to every meter, so an
option's value is the dot product of the gradient with its expected changes:
cheap enough for the computer to weigh every action each turn. Judgement uses
only what both sides can see — the state and the rules, never future luck.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.engine.model import (
    EndingDef,
    Scenario,
    SoftAll,
    SoftAny,
    SoftCondition,
    SoftExact,
    SoftNot,
    SoftTest,
    TemperamentDef,
)
from game.engine.state import GameState

NOISE_PER_TURN = 2.5
"""Standard deviation, in points of a 0..100 meter, that one turn of play adds."""
INFLUENCE_NOISE = 4.0
"""Standard deviation of an influence margin when judging control (points)."""
BUILTIN_NOISE = {"allies": 0.25, "board": 0.5}
"""Per-turn noise of the counted built-ins (third parties held, board importance)."""

Gradient = dict[int, float]

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _phi(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / _SQRT2))


def _density(z: float) -> float:
    return _INV_SQRT_2PI * math.exp(-0.5 * z * z)


# -- what the judge knows about a scenario ------------------------------------------------------


@dataclass
class _Reader:
    """An opaque compiled amount and the slots it reads (differentiated numerically)."""

    function: Any
    slots: tuple[int, ...]
    constant: bool = False
    """``function`` is a plain number, not an evaluator"""

    def value(self, values: list[Any], facts: set[str]) -> float:
        function = self.function
        if self.constant:
            return function  # type: ignore[no-any-return]
        number = float(function(values, facts))
        return number if -1e12 < number < 1e12 else 0.0

    def partials(self, values: list[Any], facts: set[str], base: float) -> Gradient:
        out: Gradient = {}
        function = self.function
        for slot in self.slots:  # none for a constant
            old = values[slot]
            values[slot] = old + 1
            up = float(function(values, facts))  # as value() reads it
            if not -1e12 < up < 1e12:
                up = 0.0
            values[slot] = old
            if up != base:
                out[slot] = up - base
        return out


@dataclass
class Judge:
    """Everything the evaluation needs from one scenario, worked out once."""

    scenario: Scenario
    sides: tuple[str, ...]
    meter_count: int
    unit: list[float]
    """per slot: noise scale per sqrt(turn)"""
    endings: tuple[EndingDef, ...]
    scores: dict[str, tuple[_Reader, ...]]
    """side -> per ending, its score expression"""
    points_slots: dict[str, int]
    influence: tuple[tuple[tuple[int, ...], float, int, tuple[int, ...], tuple[int, ...]], ...]
    """per party: (influence slots by side, independence, importance, allies slots by side,
    board slots by side as flat groups)"""
    builtin_slots: frozenset[int]
    counted_slots: tuple[int, ...]
    """allies_* and board_* slots, recounted (smoothly) by the judge"""
    dated_moments: dict[int, list[bool]]
    """moment index -> per turn, whether its condition holds (for conditions on the date only)"""
    awards_by_moment: tuple[tuple[int, tuple[tuple[str, _Reader], ...]], ...] = ()
    """the awards grouped by moment, in order, keeping only those paid into a points slot"""
    read_influence: Callable[[list[Any]], tuple[Any, ...]] = tuple
    """values -> the influence slots' values as a tuple (the control cache's key)"""
    ending_facts: frozenset[str] = frozenset()
    """facts (flags, active modifiers) that an ending's condition or score reads"""
    _moment_cache: dict[Any, list[float]] = field(default_factory=dict)
    _control_cache: dict[tuple[Any, ...], tuple[tuple[tuple[int, float], ...],
                                                 dict[int, Gradient] | None]] = field(
        default_factory=dict)
    """influence values -> (counted built-ins, their gradient if worked out)"""
    _sigma_cache: dict[int, list[float]] = field(default_factory=dict)
    _party_memo: dict[tuple[int, Any], _PartyEffects] = field(default_factory=dict)
    """(party index, influence margin) -> what the party adds (see _party_effects)"""

    @property
    def has_scoring(self) -> bool:
        return bool(self.points_slots)


def judge_for(scenario: Scenario) -> Judge:
    cached: Judge | None = scenario.extra.get("judge")
    if cached is None:
        cached = _build_judge(scenario)
        scenario.extra["judge"] = cached
    return cached


def _reader(scenario: Scenario, amount: Any) -> _Reader:
    if callable(amount):
        slots, _ = scenario.reads.get(amount, (frozenset(), frozenset()))
        return _Reader(amount, tuple(sorted(slots)))
    return _Reader(float(amount), (), constant=True)


def _build_judge(scenario: Scenario) -> Judge:
    sides = scenario.side_ids
    unit = [0.0] * scenario.slot_count
    for meter in scenario.meters:
        unit[meter.slot] = NOISE_PER_TURN * (meter.hi - meter.lo) / 100.0
    builtins = set()
    for name, slot in scenario.builtin_slots.items():
        prefix = name.split("_", 1)[0]
        unit[slot] = BUILTIN_NOISE.get(prefix, 0.0)
        builtins.add(slot)
    scoring = scenario.scoring
    points = dict(scoring.points) if scoring else {}
    for slot in points.values():
        unit[slot] = NOISE_PER_TURN * 0.4  # points accrue only at scoring moments
    scores = {side: tuple(_reader(scenario, e.scores.get(side, e.scores.get("", 0.0)))
                          for e in scenario.endings) for side in sides}
    awards = []
    if scoring:
        for moment in scoring.moments:
            for award in moment.awards:
                awards.append((moment.index, award.side, _reader(scenario, award.points)))
    influence = []
    for party, board in zip(scenario.parties, scenario.board_table, strict=True):
        influence.append((tuple(party.influence_slots[s] for s in sides), party.independence,
                          board[0], tuple(scenario.builtin_slots["allies_" + s] for s in sides),
                          board[1]))
    influence_slots = tuple(slot for row in influence for slot in row[0])
    counted = sorted({slot for _, _, _, allies, board in influence for slot in (*allies, *board)})
    dated: dict[int, list[bool]] = {}
    if scoring:
        date_slots = {scenario.builtin_slots[n] for n in
                      ("turn", "year", "quarter", "month", "day", "turns_left")}
        cal = scenario.calendar
        for moment in scoring.moments:
            if moment.when is None:
                continue
            slots, facts = scenario.reads.get(moment.when, (frozenset(), frozenset()))
            if facts or not slots <= date_slots:
                continue
            values = [0] * scenario.slot_count
            row = []
            for turn in range(cal.turns):
                year, quarter, month, day = cal.parts(turn)
                values[scenario.builtin_slots["turn"]] = turn + 1
                values[scenario.builtin_slots["year"]] = year
                values[scenario.builtin_slots["quarter"]] = quarter
                values[scenario.builtin_slots["month"]] = month
                values[scenario.builtin_slots["day"]] = day
                values[scenario.builtin_slots["turns_left"]] = cal.turns - 1 - turn
                row.append(bool(moment.when(values, set())))
            dated[moment.index] = row
    return Judge(scenario=scenario, sides=sides, meter_count=len(scenario.meters), unit=unit,
                 endings=scenario.endings, scores=scores, points_slots=points,
                 influence=tuple(influence),
                 builtin_slots=frozenset(builtins), counted_slots=tuple(counted),
                 dated_moments=dated, awards_by_moment=_group_awards(awards, points),
                 read_influence=_tuple_reader(influence_slots),
                 ending_facts=frozenset(fact for e in scenario.endings
                                        for fn in (e.condition, *e.scores.values())
                                        if callable(fn)
                                        for fact in scenario.reads.get(fn, ((), ()))[1]))


def _group_awards(awards: list[tuple[int, str, _Reader]], points: dict[str, int]
                  ) -> tuple[tuple[int, tuple[tuple[str, _Reader], ...]], ...]:
    """Awards by moment, in their order; an award to a side without a points slot pays
    nothing and is dropped."""
    grouped: dict[int, list[tuple[str, _Reader]]] = {}
    for moment_index, side, reader in awards:
        if side in points:
            grouped.setdefault(moment_index, []).append((side, reader))
    return tuple((index, tuple(group)) for index, group in grouped.items())


def _tuple_reader(slots: tuple[int, ...]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """values -> the values at ``slots``, as a tuple (itemgetter builds it in C)."""
    if len(slots) > 1:
        return operator.itemgetter(*slots)
    return lambda values: tuple(values[slot] for slot in slots)


# -- soft conditions ----------------------------------------------------------------------------


def _soft(node: SoftCondition, values: list[Any], facts: set[str], sigma: list[float],
          grad: Gradient | None) -> float:
    """The chance that ``node`` holds; adds d(chance)/d(value) into ``grad`` when given."""
    if isinstance(node, SoftTest):
        mean = node.constant
        var = 0.0
        for slot, coef in node.terms:
            mean += coef * values[slot]
            s = coef * sigma[slot]
            var += s * s
        op = node.op
        if var <= 1e-12:
            if op == ">=":
                return 1.0 if mean >= 0 else 0.0
            if op == ">":
                return 1.0 if mean > 0 else 0.0
            if op == "<=":
                return 1.0 if mean <= 0 else 0.0
            if op == "<":
                return 1.0 if mean < 0 else 0.0
            if op == "==":
                return 1.0 if abs(mean) < 0.5 else 0.0
            return 0.0 if abs(mean) < 0.5 else 1.0
        sd = math.sqrt(var)
        if op in (">=", ">"):
            z = mean / sd
            p, sign = _phi(z), 1.0
        elif op in ("<=", "<"):
            z = -mean / sd
            p, sign = _phi(z), -1.0
        else:
            hi, lo = (0.5 - mean) / sd, (-0.5 - mean) / sd
            p = _phi(hi) - _phi(lo)
            if grad is not None:
                d = (-_density(hi) + _density(lo)) / sd
                if op == "!=":
                    d = -d
                for slot, coef in node.terms:
                    grad[slot] = grad.get(slot, 0.0) + d * coef
            return p if op == "==" else 1.0 - p
        if grad is not None:
            d = sign * _density(z) / sd
            for slot, coef in node.terms:
                grad[slot] = grad.get(slot, 0.0) + d * coef
        return p
    if isinstance(node, SoftAll):
        if grad is None:
            p = 1.0
            for part in node.parts:
                p *= _soft(part, values, facts, sigma, None)
                if p == 0.0:
                    break
            return p
        probs = []
        grads = []
        for part in node.parts:
            g: Gradient = {}
            probs.append(_soft(part, values, facts, sigma, g))
            grads.append(g)
        total = math.prod(probs)
        for i, g in enumerate(grads):
            if not g:
                continue
            others = math.prod(probs[:i]) * math.prod(probs[i + 1:])
            if others:
                for slot, d in g.items():
                    grad[slot] = grad.get(slot, 0.0) + d * others
        return total
    if isinstance(node, SoftAny):
        # P(any) = 1 - prod(1 - p_i)
        misses = []
        any_grads: list[Gradient | None] = []
        for part in node.parts:
            part_grad: Gradient | None = {} if grad is not None else None
            misses.append(1.0 - _soft(part, values, facts, sigma, part_grad))
            any_grads.append(part_grad)
        if grad is not None:
            for i, part_grad in enumerate(any_grads):
                if not part_grad:
                    continue
                others = math.prod(misses[:i]) * math.prod(misses[i + 1:])
                if others:
                    for slot, d in part_grad.items():
                        grad[slot] = grad.get(slot, 0.0) + d * others
        return 1.0 - math.prod(misses)
    if isinstance(node, SoftNot):
        if grad is None:
            return 1.0 - _soft(node.part, values, facts, sigma, None)
        g = {}
        p = _soft(node.part, values, facts, sigma, g)
        for slot, d in g.items():
            grad[slot] = grad.get(slot, 0.0) - d
        return 1.0 - p
    assert isinstance(node, SoftExact)
    return 1.0 if node.test(values, facts) else 0.0


def _exact(ending: EndingDef, values: list[Any], facts: set[str]) -> float:
    if ending.condition is None:
        return 1.0
    return 1.0 if ending.condition(values, facts) else 0.0


# -- the evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """What :func:`judge` found: each ending's chance and each side's expected score."""

    chances: tuple[float, ...]
    """per scenario ending, in order"""
    expected: dict[str, float]
    """side -> expected final score"""
    points: dict[str, float]
    """side -> projected victory points at the end"""
    scores: dict[str, tuple[float, ...]]
    """side -> per ending, its score with the projected points (0 for an ending with no
    chance at all, which is not worked out)"""
    gradients: dict[str, Gradient] | None = None
    """side -> d(expected score)/d(value slot), when asked for"""


def expected_moments(state: GameState) -> list[float]:
    """Per scoring moment, how many more times it is expected to be held (this turn included).

    A moment whose condition reads only the date is counted on the turns its
    condition will hold; one that reads the state is counted as if its condition
    stays as it is now. Each counts with its chance now, once per cooldown.
    """
    scoring = state.scenario.scoring
    if scoring is None:
        return []
    judge = judge_for(state.scenario)
    from game.engine.rules import moment_chance  # the rules own the chance of a moment

    chances = []
    for moment in scoring.moments:
        p = moment_chance(state, moment)[0] if (moment.chance < 1 or moment.factors) else 1.0
        holds_now = (moment.when is None or moment.index in judge.dated_moments
                     or bool(moment.when(state.values, state.facts)))
        chances.append(p if holds_now else 0.0)
    key = (state.turn, tuple(sorted(state.moments_held.items())), tuple(chances))
    cached = judge._moment_cache.get(key)
    if cached is not None:
        return cached
    counts = []
    for moment, p in zip(scoring.moments, chances, strict=True):
        last = state.moments_held.get(moment.index)
        if (moment.once and last is not None) or not p:
            counts.append(0.0)
            continue
        dated = judge.dated_moments.get(moment.index)
        blocked_until = last + moment.cooldown if last is not None else -1
        count = pending = 0.0
        for turn in range(max(state.turn, moment.first_turn), moment.last_turn + 1):
            if turn <= blocked_until or (dated is not None and not dated[turn]):
                continue
            if moment.cooldown:
                pending += p
                if pending >= 1.0:
                    count += 1.0
                    pending = 0.0
                    blocked_until = turn + moment.cooldown
                continue
            count += p
            if moment.once:
                break
        count += pending
        counts.append(min(count, 1.0) if moment.once else count)
    if len(judge._moment_cache) > 256:
        judge._moment_cache.clear()
    judge._moment_cache[key] = counts
    return counts


def _sigma(judge: Judge, turns_left: int) -> list[float]:
    cached = judge._sigma_cache.get(turns_left)
    if cached is None:
        scale = math.sqrt(max(0, turns_left) + 0.5)
        cached = [u * scale for u in judge.unit]
        judge._sigma_cache[turns_left] = cached
    return cached


def _control_chances(judge: Judge, values: list[Any], with_gradient: bool
                     ) -> dict[int, Gradient] | None:
    """Replace allies_* and board_* in ``values`` by their expected (smoothed) counts.

    With ``with_gradient``, also returns slot -> d(builtin)/d(influence) for each
    allies/board slot. Both depend only on the influence meters, so they are cached
    by those values; the cached gradient is shared and must only be read.
    """
    if not judge.influence:
        return {} if with_gradient else None
    key = judge.read_influence(values)
    cached = judge._control_cache.get(key)
    if cached is not None and (not with_gradient or cached[1] is not None):
        for slot, value in cached[0]:
            values[slot] = value
        return cached[1]
    for slot in judge.counted_slots:
        values[slot] = 0.0
    grad_of: dict[int, Gradient] | None = {} if with_gradient else None
    _count_control(judge, values, grad_of)
    if len(judge._control_cache) > 4096:
        judge._control_cache.clear()
    judge._control_cache[key] = (tuple((slot, values[slot]) for slot in judge.counted_slots),
                                 grad_of)
    return grad_of


_PartyEffects = tuple[tuple[tuple[int, float], ...],
                      tuple[tuple[int, int, float, int, float], ...]]


def _party_effects(judge: Judge, index: int, diff: Any) -> _PartyEffects:
    """What party ``index`` adds to the counted built-ins when the first side's influence
    leads the second's by ``diff`` (two sides): ((slot, amount), ...) to add in this
    order, and ((built-in slot, own influence slot, derivative, rival's influence slot,
    derivative), ...) likewise.

    It depends on nothing else, so :func:`_count_control` memoises it per margin and
    replays the additions in the order it would have made them.
    """
    (a, b), independence, importance, allies, board = judge.influence[index]
    sd = INFLUENCE_NOISE
    half = len(board) // 2
    adds: list[tuple[int, float]] = []
    grads: list[tuple[int, int, float, int, float]] = []
    for i, margin, own, other in ((0, diff, a, b), (1, -diff, b, a)):
        z = (margin - independence + 0.5) / sd
        if z < -6.0:
            continue
        p = 1.0 if z > 6.0 else _phi(z)
        adds.append((allies[i], p))
        targets = board[i * half:(i + 1) * half] if importance else ()
        for slot in targets:
            adds.append((slot, importance * p))
        if z <= 6.0:
            d = _density(z) / sd
            for slot, weight in ((allies[i], 1.0), *((t, float(importance)) for t in targets)):
                # x - y is x + (-y), exactly
                grads.append((slot, own, weight * d, other, -(weight * d)))
    return tuple(adds), tuple(grads)


def _count_control(judge: Judge, values: list[Any], grad_of: dict[int, Gradient] | None
                   ) -> None:
    sd = INFLUENCE_NOISE
    if len(judge.sides) == 2:
        memo = judge._party_memo
        if len(memo) > 8192:
            memo.clear()
        for index, ((a, b), _, _, _, _) in enumerate(judge.influence):
            diff = values[a] - values[b]
            effects = memo.get((index, diff))
            if effects is None:
                effects = memo[index, diff] = _party_effects(judge, index, diff)
            adds, grads = effects
            for slot, amount in adds:
                values[slot] += amount
            if grad_of is not None:
                for slot, own, up, other, down in grads:
                    g = grad_of.setdefault(slot, {})
                    g[own] = g.get(own, 0.0) + up
                    g[other] = g.get(other, 0.0) + down
        return
    sides = len(judge.sides)
    for slots, independence, importance, allies, board in judge.influence:
        per_side = len(board) // sides
        for i in range(sides):
            own = values[slots[i]]
            rival_index = -1
            rival = -1e9
            for j in range(sides):
                if j != i and values[slots[j]] > rival:
                    rival, rival_index = values[slots[j]], j
            z = (own - rival - independence + 0.5) / sd
            p = _phi(z)
            values[allies[i]] += p
            targets = board[i * per_side:(i + 1) * per_side] if importance else ()
            for slot in targets:
                values[slot] += importance * p
            if grad_of is not None:
                d = _density(z) / sd
                for slot, weight in ((allies[i], 1.0), *((t, float(importance)) for t in targets)):
                    g = grad_of.setdefault(slot, {})
                    g[slots[i]] = g.get(slots[i], 0.0) + weight * d
                    if rival_index >= 0:
                        r = slots[rival_index]
                        g[r] = g.get(r, 0.0) - weight * d


def judge(state: GameState, *, with_gradient: bool = False, only: str | None = None,
          values: list[Any] | None = None, facts: set[str] | None = None) -> Judgement:
    """Each side's expected final score from ``state`` (or with ``values`` and ``facts``
    in place of the state's own).

    ``with_gradient`` adds each side's gradient. With ``only``, just that side's expected
    score, ending scores and gradient are worked out (the others are left out of the
    judgement): each side's are worked out on their own, so the numbers are the same.
    """
    scenario = state.scenario
    jd = judge_for(scenario)
    if facts is None:
        facts = state.facts
    work: list[Any] = list(state.values if values is None else values)
    turns_left = scenario.calendar.turns - 1 - state.turn
    sigma = _sigma(jd, turns_left)
    builtin_grad = _control_chances(jd, work, with_gradient)

    # Victory points, projected to the end.
    counts = expected_moments(state) if jd.has_scoring else []
    points_grad: dict[str, Gradient] = {s: {} for s in jd.sides}
    projected: dict[str, float] = {}
    for side, slot in jd.points_slots.items():
        projected[side] = float(work[slot])
        points_grad[side][slot] = 1.0
    for moment_index, moment_awards in jd.awards_by_moment:
        count = counts[moment_index] if moment_index < len(counts) else 0.0
        if not count:
            continue
        for side, reader in moment_awards:
            base = reader.value(work, facts)
            projected[side] += count * base
            if with_gradient and reader.slots:
                side_grad = points_grad[side]
                for slot, d in reader.partials(work, facts, base).items():
                    side_grad[slot] = side_grad.get(slot, 0.0) + count * d
    for side, slot in jd.points_slots.items():
        work[slot] = projected[side]

    # Endings, as chances, in rule order: the first that holds wins.
    qs: list[float] = []
    dqs: list[Gradient] = []
    for ending in jd.endings:
        g: Gradient | None = {} if with_gradient else None
        if ending.soft is not None:
            q = _soft(ending.soft, work, facts, sigma, g)
        else:
            q = _exact(ending, work, facts)
        if ending.sudden and turns_left > 0:
            # The line may be touched on any turn still to play, not only at the end.
            reach = 1.0 + turns_left / (turns_left + 2.0)
            if q * reach >= 1.0:
                q, g = 1.0, ({} if g is not None else None)
            else:
                q *= reach
                if g is not None:
                    for slot in g:
                        g[slot] *= reach
        qs.append(q)
        dqs.append(g or {})
        if q >= 1.0:
            break  # later endings cannot happen
    chances: list[float] = []
    reached: list[float] = []
    """chance of getting as far as each ending (no earlier ending holding)"""
    survive = 1.0
    for q in qs:
        reached.append(survive)
        chances.append(survive * q)
        survive *= 1.0 - q
    chances.extend([0.0] * (len(jd.endings) - len(qs)))

    # Scores.
    expected: dict[str, float] = {}
    per_ending: dict[str, tuple[float, ...]] = {}
    gradients: dict[str, Gradient] | None = {} if with_gradient else None
    for side in jd.sides if only is None else (only,):
        readers = jd.scores[side]
        scores = []
        total = 0.0
        for index, reader in enumerate(readers):
            p = chances[index]
            if p < 1e-9 and not (with_gradient and index < len(qs)):
                scores.append(0.0)  # an ending with no chance adds nothing; not worked out
                continue
            base = reader.value(work, facts)
            scores.append(base)
            total += p * base
        expected[side] = total
        per_ending[side] = tuple(scores)
        if gradients is None:
            continue
        # Reverse accumulation: d(expected)/d(q_k) = reached_k * (s_k - T_k), where T_k is
        # what the endings after k are worth, weighted by their chance once k fails.
        grad: Gradient = {}
        after = 0.0
        for k in range(len(qs) - 1, -1, -1):
            weight = reached[k] * (scores[k] - after)
            after = scores[k] * qs[k] + (1.0 - qs[k]) * after
            if weight:
                for slot, d in dqs[k].items():
                    grad[slot] = grad.get(slot, 0.0) + weight * d
        for index, reader in enumerate(readers):
            p = chances[index]
            if p > 1e-9 and reader.slots:
                for slot, d in reader.partials(work, facts, scores[index]).items():
                    grad[slot] = grad.get(slot, 0.0) + p * d
        gradients[side] = grad
    if gradients is not None:
        for grad in gradients.values():
            _chain(grad, jd, points_grad, builtin_grad or {})
    return Judgement(chances=tuple(chances), expected=expected, points=projected,
                     scores=per_ending, gradients=gradients)


def _chain(grad: Gradient, jd: Judge, points_grad: dict[str, Gradient],
           builtin_grad: dict[int, Gradient]) -> None:
    """Carry derivatives taken on victory points and counted built-ins back to meters."""
    for side, slot in jd.points_slots.items():
        d = grad.pop(slot, 0.0)
        if not d:
            continue
        for source, weight in points_grad[side].items():
            grad[source] = grad.get(source, 0.0) + d * weight
    for slot in list(grad):
        if slot not in jd.builtin_slots:
            continue
        d = grad.pop(slot)
        # A count no party is near changing has no meter behind it to credit.
        for source, weight in builtin_grad.get(slot, {}).items():
            grad[source] = grad.get(source, 0.0) + d * weight


def value(state: GameState, side: str, temperament: TemperamentDef | None = None) -> float:
    """The score ``side`` can expect by the end, as judged from ``state`` (plus any
    temperament's own tastes and fears)."""
    j = judge(state, only=side)
    return with_temperament(j, side, temperament, state.values)


def with_temperament(j: Judgement, side: str, temperament: TemperamentDef | None,
                     values: list[Any]) -> float:
    """A judgement's expected score for ``side``, seen through a temperament's eyes."""
    total = j.expected[side]
    if temperament is None:
        return total
    if temperament.risk != 1.0:
        downside = sum(p * max(0.0, total - s) for p, s in zip(j.chances, j.scores[side],
                                                              strict=False))
        total -= (temperament.risk - 1.0) * downside
    for slot, weight in temperament.values:
        total += weight * values[slot]
    return total


def gradient(state: GameState, side: str, temperament: TemperamentDef | None = None
             ) -> Gradient:
    """d(value)/d(meter) for every meter that bears on ``side``'s expected score."""
    j = judge(state, with_gradient=True, only=side)
    assert j.gradients is not None
    grad = j.gradients[side]  # made for this call alone: no copy needed
    if temperament is not None:
        for slot, weight in temperament.values:
            grad[slot] = grad.get(slot, 0.0) + weight
    return grad


def linear_value(grad: Gradient, deltas: dict[int, float]) -> float:
    """The first-order change of value from expected meter changes."""
    get = grad.get
    return sum([get(slot, 0.0) * delta for slot, delta in deltas.items()])

