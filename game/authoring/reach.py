"""What can ever happen in a scenario, worked out without playing it.

Each meter can only reach the values its bounds allow, and only in the
directions some effect moves it (a meter nothing raises stays at or below its
start). A flag can only be true if something that can happen sets it; an event
has fired only if it can fire; a modifier is active only if something starts
it. From those facts a condition is judged *possible* or *impossible* by
interval arithmetic over its compiled form, narrowing each meter by the plain
comparisons of an ``and`` (so ``tension > 50 and tension < 40`` is impossible).

The judgement is conservative: "impossible" is always right; "possible" may be
optimistic (two meters tied by a rule the intervals cannot see).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from game.content.expressions import Symbols, check_expression
from game.content.history_checks import firing_turns
from game.content.numbers import symbols_of
from game.engine.model import ActionDef, EventDef, Op, Scenario

Interval = tuple[float, float]
_EVERYTHING: Interval = (-math.inf, math.inf)


# -- the facts of a world -------------------------------------------------------------


@dataclass
class World:
    """What can happen: each slot's reachable range, and the facts that can become true."""

    bounds: dict[int, Interval]
    facts: set[str] = field(default_factory=set)
    """'flag:x', 'fired:e', 'active:m' facts that can be true at some point"""


def _walk(ops: Iterable[Op]) -> Iterator[Op]:
    for op in ops:
        yield op
        yield from _walk(op.then)
        yield from _walk(op.otherwise)


@dataclass
class Reach:
    """The result: what can happen in a scenario, and why some things cannot."""

    scenario: Scenario
    world: World
    live_events: set[int]
    live_actions: set[int]
    live_modifiers: set[int]
    flags_set: set[str]
    """flags some effect that can happen sets"""
    flags_set_anywhere: set[str]
    """flags any effect at all sets (even one that can never happen)"""
    queued_by_anything: set[int]
    """events that some choice, action, effect or modifier queues"""
    spans: dict[str, tuple[int, int]]
    """event id -> earliest and latest turn it can fire (see history_checks.firing_turns)"""
    cost_sources: dict[str, object] = field(default_factory=dict)
    """action id -> its cost as written (the compiled form keeps only a function)"""

    # -- judging one expression

    def possible(self, source: object, world: World | None = None) -> bool:
        """Whether a condition (as written) can hold somewhere in ``world``."""
        return True in self.truths(source, world)

    def truths(self, source: object, world: World | None = None) -> set[bool]:
        if source is None or source == "":
            return {True}
        node, problem = check_expression(source, "condition", self._symbols)
        if node is None or problem is not None:
            return {True, False}
        return truth(node, world or self.world)

    def interval(self, source: object, world: World | None = None) -> Interval:
        if isinstance(source, int | float) and not isinstance(source, bool):
            return float(source), float(source)
        node, problem = check_expression(source, "amount", self._symbols)
        if node is None or problem is not None:
            return _EVERYTHING
        return interval(node, (world or self.world).bounds)

    def blocking_part(self, source: str, world: World | None = None) -> str | None:
        """The first part of an ``and`` condition that can never hold on its own, as written
        (or None when no single part is to blame)."""
        try:
            tree = ast.parse(source.strip().replace("\n", " "), mode="eval")
        except SyntaxError:
            return None
        body = tree.body
        parts = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) \
            else [body]
        text = source.strip().replace("\n", " ")
        for part in parts:
            segment = ast.get_source_segment(text, part)
            if segment and not self.possible(segment, world):
                return segment
        return None

    @property
    def _symbols(self) -> Symbols:
        cached: Symbols | None = self.__dict__.get("_symbols_cache")
        if cached is None:
            cached = symbols_of(self.scenario)
            self.__dict__["_symbols_cache"] = cached
        return cached

    # -- worlds for items

    def window(self, first: int, last: int) -> World:
        """The world as it can be at the start of any turn from ``first`` to ``last``
        (0-based): the calendar's built-in variables held to that span."""
        scenario = self.scenario
        cal = scenario.calendar
        slots = scenario.builtin_slots
        years = [cal.date_of(t)[0] for t in (first, last)]
        subs = {cal.date_of(t)[1] for t in range(first, last + 1)} if last - first < 24 \
            else set(range(1, cal.per_year + 1))
        bounds = dict(self.world.bounds)
        bounds[slots["turn"]] = (first + 1.0, last + 1.0)
        bounds[slots["year"]] = (float(years[0]), float(years[1]))
        bounds[slots["turns_left"]] = (float(cal.turns - 1 - last), float(cal.turns - 1 - first))
        if cal.period == "quarter":
            bounds[slots["quarter"]] = (float(min(subs)), float(max(subs)))
            bounds[slots["month"]] = (float((min(subs) - 1) * 3 + 1),
                                      float((max(subs) - 1) * 3 + 1))
        elif cal.period == "month":
            bounds[slots["month"]] = (float(min(subs)), float(max(subs)))
            bounds[slots["quarter"]] = (float((min(subs) - 1) // 3 + 1),
                                        float((max(subs) - 1) // 3 + 1))
        return World(bounds, self.world.facts)

    def event_world(self, event: EventDef) -> World | None:
        """The world in which the event can be considered, or None if it can never be."""
        span = self.spans.get(event.id)
        if span is None:
            return None
        return self.window(*span)

    def last_turn_world(self) -> World:
        last = self.scenario.calendar.turns - 1
        return self.window(last, last)

    def all_turns_world(self) -> World:
        return self.window(0, self.scenario.calendar.turns - 1)


def analyse(scenario: Scenario, cost_sources: dict[str, object] | None = None) -> Reach:
    """Work out what can happen in a scenario (a fixed point: things that cannot happen
    set no flags, fire no follow-ups and move no meters, which may rule out more)."""
    spans = firing_turns(scenario)
    flags_anywhere: set[str] = set()
    queued_anywhere: set[int] = set()
    for ops, follow_ups in _all_sources(scenario):
        for op in _walk(ops):
            if op.kind == "flag":
                flags_anywhere.add(op.key.removeprefix("flag:"))
            elif op.kind == "queue":
                queued_anywhere.add(op.index)
        queued_anywhere.update(index for index, _delay in follow_ups)
    live_events = {e.index for e in scenario.events}
    live_actions = {a.index for a in scenario.actions}
    live_modifiers = {m.index for m in scenario.modifiers}
    while True:
        reach = _reach_from(scenario, spans, live_events, live_actions, live_modifiers,
                            flags_anywhere, queued_anywhere)
        reach.cost_sources = cost_sources or {}
        events = {e.index for e in scenario.events if _event_can_fire(reach, e)}
        actions = {a.index for a in scenario.actions if _action_can_be_taken(reach, a)}
        modifiers = {m.index for m in scenario.modifiers
                     if m.from_start or m.index in _started(reach)}
        if (events, actions, modifiers) == (live_events, live_actions, live_modifiers):
            return reach
        live_events &= events
        live_actions &= actions
        live_modifiers &= modifiers


Source = tuple[tuple[Op, ...], tuple[tuple[int, int], ...]]
"""effects, and follow-ups (event index, delay), of one thing that can happen"""


def _all_sources(scenario: Scenario) -> Iterator[Source]:
    for event in scenario.events:
        yield event.ops, ()
        for choice in event.choices:
            yield choice.ops, choice.follow_ups
    for action in scenario.actions:
        yield action.ops, action.follow_ups
    for modifier in scenario.modifiers:
        yield modifier.ops, ()


def _live_sources(scenario: Scenario, events: set[int], actions: set[int],
                  modifiers: set[int]) -> Iterator[Source]:
    for event in scenario.events:
        if event.index in events:
            yield event.ops, ()
            for choice in event.choices:
                yield choice.ops, choice.follow_ups
    for action in scenario.actions:
        if action.index in actions:
            yield action.ops, action.follow_ups
    for modifier in scenario.modifiers:
        if modifier.index in modifiers:
            yield modifier.ops, ()


def _reach_from(scenario: Scenario, spans: dict[str, tuple[int, int]], events: set[int],
                actions: set[int], modifiers: set[int], flags_anywhere: set[str],
                queued_anywhere: set[int]) -> Reach:
    up: set[int] = set()
    down: set[int] = set()
    flags: set[str] = set()
    started: set[int] = {m.index for m in scenario.modifiers if m.from_start}
    queued: set[int] = set()

    def moves(op: Op) -> None:
        amount = op.amount
        constant = None if callable(amount) else float(amount)
        if op.kind == "set" or constant is None:
            up.add(op.slot)
            down.add(op.slot)
        elif constant > 0:
            up.add(op.slot)
        elif constant < 0:
            down.add(op.slot)

    for ops, follow_ups in _live_sources(scenario, events, actions, modifiers):
        queued.update(index for index, _delay in follow_ups)
        for op in _walk(ops):
            if op.kind in ("add", "set", "fair"):
                moves(op)
            elif op.kind == "flag":
                flags.add(op.key.removeprefix("flag:"))
            elif op.kind == "mod_start":
                started.add(op.index)
            elif op.kind == "queue":
                queued.add(op.index)
    for side in scenario.sides:
        income = side.income
        if callable(income) or income > 0:
            up.add(side.capital_slot)
        if callable(income) or income < 0 or any(
                a.side == side.id for a in scenario.actions if a.index in actions):
            down.add(side.capital_slot)
    if scenario.scoring is not None:
        for moment in scenario.scoring.moments:
            for award in moment.awards:
                slot = scenario.scoring.points.get(award.side)
                if slot is None:
                    continue
                points = award.points
                if callable(points) or points > 0:
                    up.add(slot)
                if callable(points) or points < 0:
                    down.add(slot)
    bounds: dict[int, Interval] = {}
    drift = {slot: target for slot, target, _rate in scenario.drifting}
    for meter in scenario.meters:
        lo = float(meter.lo if meter.slot in down else meter.start)
        hi = float(meter.hi if meter.slot in up else meter.start)
        target = drift.get(meter.slot)
        if target is not None:
            lo, hi = min(lo, target), max(hi, target)
        bounds[meter.slot] = (lo, hi)
    cal = scenario.calendar
    builtin_ranges = {"turn": (1.0, float(cal.turns)),
                      "year": (float(cal.date_of(0)[0]), float(cal.date_of(cal.turns - 1)[0])),
                      "quarter": (1.0, 4.0), "month": (1.0, 12.0), "day": (1.0, 31.0),
                      "turns_left": (0.0, float(cal.turns - 1))}
    board_total = float(sum(p.importance for p in scenario.parties))
    for name, slot in scenario.builtin_slots.items():
        if name in builtin_ranges:
            bounds[slot] = builtin_ranges[name]
        elif name.startswith("allies_"):
            bounds[slot] = (0.0, float(len(scenario.parties)))
        else:
            bounds[slot] = (0.0, board_total)
    facts = {"flag:" + f for f in flags}
    facts |= {"fired:" + e.id for e in scenario.events if e.index in events}
    facts |= {"active:" + m.id for m in scenario.modifiers if m.index in started}
    reach = Reach(scenario, World(bounds, facts), set(events), set(actions), set(modifiers),
                  flags, flags_anywhere, queued_anywhere, spans)
    reach.__dict__["_started"] = started
    reach.__dict__["_queued_live"] = queued
    return reach


def _started(reach: Reach) -> set[int]:
    started: set[int] = reach.__dict__["_started"]
    return started


def queued_live(reach: Reach) -> set[int]:
    """Events that something which can happen queues."""
    queued: set[int] = reach.__dict__["_queued_live"]
    return queued


def _event_can_fire(reach: Reach, event: EventDef) -> bool:
    return event_blocker(reach, event) is None


def event_blocker(reach: Reach, event: EventDef) -> str | None:
    """Why an event can never fire (in plain words), or None if it can."""
    queued = event.index in queued_live(reach)
    if event.follow_up_only and not queued:
        return "it fires only as a follow-up, and nothing that can happen queues it"
    if not event.follow_up_only and not queued and event.chance <= 0:
        return "its chance is 0 and nothing queues it"
    world = reach.event_world(event)
    if world is None:
        return "no turn of the calendar is left for it"
    if not event.condition_source:
        return None
    if not reach.possible(event.condition_source, world):
        part = reach.blocking_part(event.condition_source, world)
        when = _span_text(reach, world)
        return (f"its condition cannot hold {when}" if part is None
                else f"'{part}' cannot hold {when}")
    return None


def action_blocker(reach: Reach, action: ActionDef) -> str | None:
    """Why an action can never be taken, or None if it can."""
    scenario = reach.scenario
    capital = scenario.side(action.side).capital_slot
    most = reach.world.bounds[capital][1]
    cost = action.cost if not callable(action.cost) else reach.cost_sources.get(action.id)
    cost_lo = reach.interval(cost)[0] if cost is not None else -math.inf
    if cost_lo > most:
        return (f"it costs at least {cost_lo:g} political capital, but "
                f"{scenario.meters[capital].id} never exceeds {most:g}")
    if action.condition_source and not reach.possible(action.condition_source,
                                                      reach.all_turns_world()):
        part = reach.blocking_part(action.condition_source, reach.all_turns_world())
        return f"'{part or action.condition_source}' can never hold"
    return None


def _action_can_be_taken(reach: Reach, action: ActionDef) -> bool:
    return action_blocker(reach, action) is None


def _span_text(reach: Reach, world: World) -> str:
    cal = reach.scenario.calendar
    slot = reach.scenario.builtin_slots["turn"]
    first, last = (int(x) - 1 for x in world.bounds[slot])
    if first == last:
        return f"in {cal.label(first)}"
    return f"between {cal.label(first)} and {cal.label(last)}"


# -- interval arithmetic ----------------------------------------------------------------


def _slot_of(node: ast.expr) -> int | None:
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id == "v" and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, int)):
        return node.slice.value
    return None


def interval(node: ast.expr, bounds: dict[int, Interval]) -> Interval:
    """The range of values a compiled amount can take, given each slot's range."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return float(value), float(value)
        if isinstance(value, int | float):
            return float(value), float(value)
        return _EVERYTHING
    slot = _slot_of(node)
    if slot is not None:
        return bounds.get(slot, _EVERYTHING)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        lo, hi = interval(node.operand, bounds)
        return -hi, -lo
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        return interval(node.operand, bounds)
    if isinstance(node, ast.BinOp):
        a, b = interval(node.left, bounds), interval(node.right, bounds)
        if isinstance(node.op, ast.Add):
            return a[0] + b[0], a[1] + b[1]
        if isinstance(node.op, ast.Sub):
            return a[0] - b[1], a[1] - b[0]
        if isinstance(node.op, ast.Mult):
            products = [_mul(x, y) for x in a for y in b]
            return min(products), max(products)
        if isinstance(node.op, ast.Div | ast.FloorDiv) and (b[0] > 0 or b[1] < 0):
            quotients = [_div(x, y) for x in a for y in b]
            lo, hi = min(quotients), max(quotients)
            if isinstance(node.op, ast.FloorDiv):
                lo, hi = math.floor(lo) if math.isfinite(lo) else lo, \
                    math.floor(hi) if math.isfinite(hi) else hi
            return lo, hi
        if isinstance(node.op, ast.Mod) and b[0] > 0:
            return 0.0, b[1]
        return _EVERYTHING
    if isinstance(node, ast.IfExp):
        body, other = interval(node.body, bounds), interval(node.orelse, bounds)
        tests = truth(node.test, World(bounds)) if _is_test(node.test) else {True, False}
        if tests == {True}:
            return body
        if tests == {False}:
            return other
        return min(body[0], other[0]), max(body[1], other[1])
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [interval(arg, bounds) for arg in node.args]
        name = node.func.id
        if name == "min" and args:
            return min(a[0] for a in args), min(a[1] for a in args)
        if name == "max" and args:
            return max(a[0] for a in args), max(a[1] for a in args)
        if name == "abs" and args:
            lo, hi = args[0]
            if lo >= 0:
                return lo, hi
            if hi <= 0:
                return -hi, -lo
            return 0.0, max(-lo, hi)
        if name in ("round", "_round") and args:   # _round: round() guarded against NaN
            return math.floor(args[0][0]), math.ceil(args[0][1])
        if name == "float" and args:   # products are taken in floating point
            return args[0]
    return _EVERYTHING


def _is_test(node: ast.expr) -> bool:
    return isinstance(node, ast.Compare | ast.BoolOp) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)) or (
        isinstance(node, ast.Constant) and isinstance(node.value, bool))


def _mul(x: float, y: float) -> float:
    if x == 0 or y == 0:
        return 0.0
    return x * y


def _div(x: float, y: float) -> float:
    if math.isinf(x) and math.isinf(y):
        return 0.0
    return x / y


_FLIP = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE,
         ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


def _compare(op: ast.cmpop, a: Interval, b: Interval) -> set[bool]:
    """Which outcomes ``a OP b`` can have when a and b range over their intervals."""
    if isinstance(op, ast.GtE):
        return _outcomes(a[1] >= b[0], a[0] < b[1])
    if isinstance(op, ast.Gt):
        return _outcomes(a[1] > b[0], a[0] <= b[1])
    if isinstance(op, ast.LtE):
        return _outcomes(a[0] <= b[1], a[1] > b[0])
    if isinstance(op, ast.Lt):
        return _outcomes(a[0] < b[1], a[1] >= b[0])
    overlap = a[0] <= b[1] and b[0] <= a[1]
    single = a[0] == a[1] == b[0] == b[1]
    if isinstance(op, ast.Eq):
        return _outcomes(overlap, not single)
    return _outcomes(not single, overlap)


def _outcomes(can_be_true: bool, can_be_false: bool) -> set[bool]:
    return {value for value, can in ((True, can_be_true), (False, can_be_false)) if can}


def _narrow(node: ast.expr, bounds: dict[int, Interval]) -> dict[int, Interval] | None:
    """Bounds tightened by a plain comparison ``v[s] OP constant`` (either way round);
    None when the comparison cannot hold at all."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        return bounds
    left, right, op = node.left, node.comparators[0], node.ops[0]
    if type(op) not in _FLIP:
        return bounds
    slot = _slot_of(left)
    other = right
    if slot is None:
        slot = _slot_of(right)
        if slot is None:
            return bounds
        other = left
        op = _FLIP[type(op)]()
    value = interval(other, bounds)
    if value[0] != value[1]:
        return bounds
    c = value[0]
    lo, hi = bounds.get(slot, _EVERYTHING)
    if isinstance(op, ast.GtE):
        lo = max(lo, c)
    elif isinstance(op, ast.Gt):
        lo = max(lo, math.floor(c) + 1 if c == math.floor(c) else math.ceil(c))
    elif isinstance(op, ast.LtE):
        hi = min(hi, c)
    elif isinstance(op, ast.Lt):
        hi = min(hi, math.ceil(c) - 1 if c == math.ceil(c) else math.floor(c))
    elif isinstance(op, ast.Eq):
        lo, hi = max(lo, c), min(hi, c)
    else:
        return bounds
    if lo > hi:
        return None
    return {**bounds, slot: (lo, hi)}


def _all_of(parts: list[set[bool]]) -> set[bool]:
    """What a conjunction can be, given what each part can be."""
    result: set[bool] = set()
    if all(True in p for p in parts):
        result.add(True)
    if any(False in p for p in parts):
        result.add(False)
    return result


def _any_of(parts: list[set[bool]]) -> set[bool]:
    """What a disjunction can be, given what each part can be."""
    result: set[bool] = set()
    if any(True in p for p in parts):
        result.add(True)
    if all(False in p for p in parts):
        result.add(False)
    return result


def truth(node: ast.expr, world: World) -> set[bool]:
    """Which truth values a compiled condition can take in ``world``."""
    if isinstance(node, ast.Constant):
        return {bool(node.value)}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return {not value for value in truth(node.operand, world)}
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            bounds: dict[int, Interval] | None = world.bounds
            for part in node.values:
                bounds = _narrow(part, bounds) if bounds is not None else None
            if bounds is None:
                return {False}
            narrowed = World(bounds, world.facts)
            parts = [truth(part, narrowed) for part in node.values]
            result: set[bool] = set()
            if all(True in p for p in parts):
                result.add(True)
            if any(False in truth(part, world) for part in node.values):
                result.add(False)
            return result
        return _any_of([truth(part, world) for part in node.values])
    if isinstance(node, ast.Compare):
        if (isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
                and len(node.ops) == 1 and isinstance(node.ops[0], ast.In)):
            fact = node.left.value
            return {True, False} if fact in world.facts else {False}
        values = [interval(node.left, world.bounds),
                  *(interval(c, world.bounds) for c in node.comparators)]
        return _all_of([_compare(op, values[i], values[i + 1])
                        for i, op in enumerate(node.ops)])
    if isinstance(node, ast.IfExp):
        tests = truth(node.test, world)
        result = set()
        if True in tests:
            result |= truth(node.body, world)
        if False in tests:
            result |= truth(node.orelse, world)
        return result
    return {True, False}
