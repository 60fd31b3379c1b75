"""What a choice or an action will really do: its compiled effects read into an
outcome tree, and why an action is locked, as typed values.

The interpreter walks a command's ops exactly as the rules apply them (the
same rounding, clamping and order, on a scratch copy of the meters and facts),
so for everything that does not depend on a roll the tree states the very
change the command makes. A chance becomes a node with its odds and both
branches; a ``when`` becomes a node with its condition, whether it holds now,
and both branches. Timed modifiers carry their per-turn effects and total,
flags what they open or close (every event, choice, action and ending whose
condition reads them), follow-ups their delay and condition. Nothing here
words anything for players: the client does that from these values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from game.engine.model import ActionDef, ChoiceDef, Op, Scenario
from game.engine.rules import _amount, action_cost
from game.engine.state import GameState

OP_KINDS = ("add", "set", "fair", "flag", "unflag", "mod_start", "mod_end", "queue",
            "chance", "when")
"""Every Op kind the interpreter understands; a new kind must be handled here."""


# -- the outcome tree ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeterChange:
    """A meter moves by ``amount`` (what really changes, after rounding and bounds).

    ``requested`` is what the effect asked for before the meter's bounds cut it."""

    slot: int
    meter_id: str
    amount: int
    requested: float
    how: str  # add, set or fair


@dataclass(frozen=True, slots=True)
class CapitalCost:
    """Political capital an action spends."""

    slot: int
    amount: int


@dataclass(frozen=True, slots=True)
class TimedModifier:
    """A modifier starts: ``per_turn`` effects at the start of each of ``turns`` turns."""

    modifier_id: str
    name: str
    description: str
    turns: int
    per_turn: tuple[MeterChange, ...]
    restarts: bool
    """it was already running and starts again from its full length"""
    turns_left_before: int = 0

    def totals(self) -> dict[int, int]:
        """Meter slot -> total over every turn (from today's values; bounds may cut it)."""
        out: dict[int, int] = {}
        for change in self.per_turn:
            out[change.slot] = out.get(change.slot, 0) + change.amount * self.turns
        return out


@dataclass(frozen=True, slots=True)
class ModifierEnded:
    modifier_id: str
    name: str
    was_active: bool
    turns_left: int
    per_turn: tuple[MeterChange, ...]
    """what it would have gone on doing each turn"""


@dataclass(frozen=True, slots=True)
class Reader:
    """Something in the scenario whose condition reads a flag or modifier."""

    kind: str  # event, choice, action, ending, likelier, less_likely
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class FlagChange:
    flag: str
    description: str
    raised: bool
    """True: the flag is set; False: it is cleared"""
    changes: bool
    """False when the flag already was as the effect leaves it"""
    opens: tuple[Reader, ...]
    closes: tuple[Reader, ...]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An event that may come: at the start of turn ``turn`` (0-based)."""

    event_id: str
    title: str
    delay: int
    turn: int
    condition: str
    """the event's condition as written ('' when it has none)"""
    holds_now: bool
    spent: bool
    """the event has fired already and cannot fire again"""


@dataclass(frozen=True, slots=True)
class Chance:
    p: float
    label: str
    then: tuple[Outcome, ...]
    otherwise: tuple[Outcome, ...]


@dataclass(frozen=True, slots=True)
class Conditional:
    condition: str
    """the condition as written; the client puts it in words"""
    holds: bool
    then: tuple[Outcome, ...]
    otherwise: tuple[Outcome, ...]


Outcome = MeterChange | CapitalCost | TimedModifier | ModifierEnded | FlagChange | FollowUp \
    | Chance | Conditional


@dataclass(frozen=True, slots=True)
class Preview:
    """Everything one choice or action does, in the order the rules do it."""

    effects: tuple[Outcome, ...]

    def expected_deltas(self) -> dict[int, float]:
        """Meter slot -> expected change (chances weighted by their odds)."""
        out: dict[int, float] = {}
        _expected(self.effects, 1.0, out)
        return {slot: delta for slot, delta in out.items() if delta != 0}

    def items(self) -> Iterator[tuple[Outcome, float]]:
        """Every live outcome with the probability that it happens (1 when certain)."""
        yield from _walk(self.effects, 1.0)

    @property
    def empty(self) -> bool:
        return not self.effects


def _expected(effects: tuple[Outcome, ...], weight: float, out: dict[int, float]) -> None:
    for item in effects:
        if isinstance(item, (MeterChange, CapitalCost)):
            if item.amount:
                out[item.slot] = out.get(item.slot, 0.0) + item.amount * weight
        elif isinstance(item, Chance):
            _expected(item.then, weight * item.p, out)
            _expected(item.otherwise, weight * (1 - item.p), out)
        elif isinstance(item, Conditional):
            _expected(item.then if item.holds else item.otherwise, weight, out)


def _walk(effects: tuple[Outcome, ...], weight: float) -> Iterator[tuple[Outcome, float]]:
    for item in effects:
        if isinstance(item, Chance):
            yield item, weight
            yield from _walk(item.then, weight * item.p)
            yield from _walk(item.otherwise, weight * (1 - item.p))
        elif isinstance(item, Conditional):
            yield item, weight
            yield from _walk(item.then if item.holds else item.otherwise, weight)
        else:
            yield item, weight


# -- reading the ops ----------------------------------------------------------------


@dataclass
class _World:
    """A scratch copy of what the ops read and change."""

    values: list[int]
    facts: set[str]
    modifiers: dict[int, int]
    turn: int
    last_fired: dict[int, int] = field(default_factory=dict)

    def fork(self) -> _World:
        return _World(list(self.values), set(self.facts), dict(self.modifiers), self.turn,
                      self.last_fired)


def _clamped_change(world: _World, scenario: Scenario, slot: int, delta: float) -> int:
    """Apply a change as rules._change does and return what really moved."""
    old = world.values[slot]
    new = old + (int(delta + 0.5) if delta >= 0 else -int(-delta + 0.5))
    meter = scenario.meters[slot]
    new = min(max(new, meter.lo), meter.hi)
    world.values[slot] = new
    return new - old


def _meter_op(world: _World, scenario: Scenario, op: Op) -> MeterChange:
    values, facts = world.values, world.facts
    meter = scenario.meters[op.slot]
    amount = _amount(op.amount, values, facts)
    current = values[op.slot]
    if op.kind == "add":
        delta = amount
    elif op.kind == "set":
        delta = amount - current
    else:
        percent = max(-100.0, min(100.0, amount))
        room = (meter.hi - current) if percent >= 0 else (current - meter.lo)
        delta = room * percent / 100
    moved = _clamped_change(world, scenario, op.slot, delta)
    return MeterChange(op.slot, meter.id, moved, delta, op.kind)


def _read(world: _World, scenario: Scenario, ops: tuple[Op, ...]) -> tuple[Outcome, ...]:
    out: list[Outcome] = []
    for op in ops:
        handler = _HANDLERS.get(op.kind)
        if handler is None:
            raise ValueError(f"outcome: no reading for effect kind '{op.kind}'")
        item = handler(world, scenario, op)
        if item is not None:
            out.append(item)
    return tuple(out)


def _on_meter(world: _World, scenario: Scenario, op: Op) -> Outcome | None:
    return _meter_op(world, scenario, op)


def _on_flag(world: _World, scenario: Scenario, op: Op) -> Outcome | None:
    name = op.key.removeprefix("flag:")
    raised = op.kind == "flag"
    changes = (op.key in world.facts) != raised
    if raised:
        world.facts.add(op.key)
    else:
        world.facts.discard(op.key)
    opens, closes = readers(scenario, op.key)
    if not raised:
        opens, closes = closes, opens
    return FlagChange(name, scenario.flags.get(name, ""), raised, changes, opens, closes)


def _modifier_per_turn(world: _World, scenario: Scenario, index: int) -> tuple[MeterChange, ...]:
    scratch = world.fork()
    items = _read(scratch, scenario, scenario.modifiers[index].ops)
    return tuple(_flatten_meters(items))


def _flatten_meters(items: tuple[Outcome, ...]) -> Iterator[MeterChange]:
    for item in items:
        if isinstance(item, MeterChange):
            yield item
        elif isinstance(item, Conditional):
            yield from _flatten_meters(item.then if item.holds else item.otherwise)


def _on_mod_start(world: _World, scenario: Scenario, op: Op) -> Outcome | None:
    modifier = scenario.modifiers[op.index]
    turns = int(op.amount) if op.amount else modifier.turns  # type: ignore[arg-type]
    before = world.modifiers.get(op.index, 0)
    world.modifiers[op.index] = turns
    world.facts.add(op.key)
    return TimedModifier(modifier.id, modifier.name, modifier.description, turns,
                         _modifier_per_turn(world, scenario, op.index), before > 0, before)


def _on_mod_end(world: _World, scenario: Scenario, op: Op) -> Outcome | None:
    modifier = scenario.modifiers[op.index]
    left = world.modifiers.pop(op.index, 0)
    per_turn = _modifier_per_turn(world, scenario, op.index) if left else ()
    world.facts.discard(op.key)
    return ModifierEnded(modifier.id, modifier.name, left > 0, left, per_turn)


def follow_up(world_or_state: Any, scenario: Scenario, event_index: int,
              delay: int) -> FollowUp:
    event = scenario.events[event_index]
    values, facts = world_or_state.values, world_or_state.facts
    holds = event.condition is None or bool(event.condition(values, facts))
    spent = not event.repeatable and event_index in world_or_state.last_fired
    return FollowUp(event.id, event.title, delay, world_or_state.turn + 1 + delay,
                    event.condition_source, holds, spent)


def _on_queue(world: _World, scenario: Scenario, op: Op) -> Outcome | None:
    return follow_up(world, scenario, op.index, int(op.amount))  # type: ignore[arg-type]


def _on_chance(world: _World, scenario: Scenario, op: Op) -> Outcome | None:
    p = _amount(op.amount, world.values, world.facts)
    p = min(1.0, max(0.0, p))
    then_world, else_world = world.fork(), world.fork()
    then = _read(then_world, scenario, op.then)
    otherwise = _read(else_world, scenario, op.otherwise)
    # What follows a roll runs in the world of the likelier branch.
    chosen = then_world if p >= 0.5 else else_world
    world.values[:] = chosen.values
    world.facts.clear()
    world.facts.update(chosen.facts)
    world.modifiers.clear()
    world.modifiers.update(chosen.modifiers)
    return Chance(p, op.label, then, otherwise)


def _on_when(world: _World, scenario: Scenario, op: Op) -> Outcome | None:
    test: Callable[..., Any] = op.amount  # type: ignore[assignment]
    holds = bool(test(world.values, world.facts))
    other = world.fork()
    then = _read(world if holds else other, scenario, op.then)
    otherwise = _read(other if holds else world, scenario, op.otherwise)
    return Conditional(op.label, holds, then, otherwise)


_HANDLERS: dict[str, Callable[[_World, Scenario, Op], Outcome | None]] = {
    "add": _on_meter, "set": _on_meter, "fair": _on_meter,
    "flag": _on_flag, "unflag": _on_flag,
    "mod_start": _on_mod_start, "mod_end": _on_mod_end,
    "queue": _on_queue, "chance": _on_chance, "when": _on_when,
}
assert set(_HANDLERS) == set(OP_KINDS)


def _world(state: GameState) -> _World:
    return _World(list(state.values), set(state.facts), dict(state.modifiers), state.turn,
                  state.last_fired)


def of_ops(state: GameState, ops: tuple[Op, ...]) -> Preview:
    """The outcome of bare ops (e.g. an event's own effects) from this state."""
    return Preview(_read(_world(state), state.scenario, ops))


def of_choice(state: GameState, choice: ChoiceDef) -> Preview:
    """What answering with ``choice`` would do now."""
    world = _world(state)
    scenario = state.scenario
    effects = list(_read(world, scenario, choice.ops))
    effects += [follow_up(world, scenario, index, delay) for index, delay in choice.follow_ups]
    return Preview(tuple(effects))


def of_action(state: GameState, action: ActionDef) -> Preview:
    """What taking ``action`` would do now (its cost first, as the rules spend it)."""
    world = _world(state)
    scenario = state.scenario
    slot = scenario.side(action.side).capital_slot
    cost = action_cost(state, action)
    spent = _clamped_change(world, scenario, slot, -cost)
    effects: list[Outcome] = [CapitalCost(slot, spent)]
    effects += _read(world, scenario, action.ops)
    effects += [follow_up(world, scenario, index, delay) for index, delay in action.follow_ups]
    return Preview(tuple(effects))


# -- what reads a flag ----------------------------------------------------------------

_FACT = re.compile(r'(\bnot\s+)?\b(flag|active|fired)\(\s*"([a-z0-9_]+)"\s*\)')


def _facts_read(source: str) -> Iterator[tuple[str, bool]]:
    """(fact key, read negated) for each flag/active/fired call in a condition."""
    for match in _FACT.finditer(source or ""):
        negated, function, name = match.group(1), match.group(2), match.group(3)
        prefix = {"flag": "flag:", "active": "active:", "fired": "fired:"}[function]
        yield prefix + name, bool(negated)


def readers(scenario: Scenario, fact: str) -> tuple[tuple[Reader, ...], tuple[Reader, ...]]:
    """What setting ``fact`` opens and what it closes (conditions that read it)."""
    table: dict[str, tuple[list[Reader], list[Reader]]] | None = scenario.extra.get("readers")
    if table is None:
        table = _reader_table(scenario)
        scenario.extra["readers"] = table
    opens, closes = table.get(fact, ([], []))
    return tuple(opens), tuple(closes)


def _reader_table(scenario: Scenario) -> dict[str, tuple[list[Reader], list[Reader]]]:
    table: dict[str, tuple[list[Reader], list[Reader]]] = {}

    def note(source: str, reader: Reader) -> None:
        for fact, negated in _facts_read(source):
            opens, closes = table.setdefault(fact, ([], []))
            target = closes if negated else opens
            if reader not in target:
                target.append(reader)

    for event in scenario.events:
        note(event.condition_source, Reader("event", event.id, event.title))
        for factor in event.factors:
            kind = "likelier" if factor.factor >= 1 else "less_likely"
            for fact, negated in _facts_read(factor.source):
                opens = table.setdefault(fact, ([], []))[0]
                reader = Reader(kind if not negated else (
                    "less_likely" if kind == "likelier" else "likelier"), event.id, event.title)
                if reader not in opens:
                    opens.append(reader)
        for choice in event.choices:
            note(choice.condition_source, Reader("choice", f"{event.id}/{choice.id}",
                                                  f"{event.title}: {choice.label}"))
    for action in scenario.actions:
        note(action.condition_source, Reader("action", action.id, action.name))
    for ending in scenario.endings:
        note(ending.condition_source, Reader("ending", ending.id, ending.title))
    return table


# -- why an action is locked ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cooldown:
    turns_left: int


@dataclass(frozen=True, slots=True)
class AlreadyTaken:
    """A once-per-campaign action that has been taken."""


@dataclass(frozen=True, slots=True)
class Unmet:
    requirement: str
    """the scenario's plain words, or '' when it gives none"""
    condition: str
    """the condition as written"""


@dataclass(frozen=True, slots=True)
class TooExpensive:
    cost: int
    capital: int


Lock = Cooldown | AlreadyTaken | Unmet | TooExpensive


def action_lock(state: GameState, action: ActionDef) -> Lock | None:
    """Why the action cannot be taken now (None if it can); the same rule as
    rules.action_lock_reason, as a value the client words."""
    ready = state.ready.get(action.index)
    if ready is not None and ready > state.turn:
        if action.once or ready >= 1 << 30:
            return AlreadyTaken()
        return Cooldown(ready - state.turn)
    if action.condition is not None and not action.condition(state.values, state.facts):
        return Unmet(action.requirement, action.condition_source)
    cost = action_cost(state, action)
    capital = state.values[state.scenario.side(action.side).capital_slot]
    if cost > capital:
        return TooExpensive(cost, capital)
    return None
