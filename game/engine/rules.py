"""The rules: starting a game, legal commands, applying them, turn phases.

A turn runs as DESIGN.md describes. At its start each side earns political
capital, running modifiers apply and tick down, and events fire (follow-ups
that are due, scheduled events whose window has come, triggered events that
win their roll). Then each side in scenario order answers its events, takes
actions and ends its turn. When the last side ends its turn, third-party
control is counted and sudden endings are checked; then meters drift, the
turn's hash is recorded, and the next turn begins — or, after the last turn, a
final ending is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine import rng
from game.engine.commands import Act, Choose, Command, EndTurn, IllegalCommandError
from game.engine.model import (
    ActionDef,
    Amount,
    AwardDef,
    ChoiceDef,
    EndingDef,
    EventDef,
    MomentDef,
    Op,
    Scenario,
)
from game.engine.state import Cause, Change, Decision, GameState

DIFFICULTY_INCOME_BONUS = {"easy": -2, "normal": 0, "hard": 1}
"""Political capital per turn added to the computer's side (stated openly; never below 0 in all)."""


AMOUNT_LIMIT = 1e9
"""Amounts are clamped to +-this: an expression that overflows cannot break a meter."""


def _amount(amount: Amount, values: list[int], facts: set[str]) -> float:
    result = amount(values, facts) if callable(amount) else amount
    try:
        number = float(result)
    except (OverflowError, TypeError, ValueError):
        # An integer too large for a float: treat it as the limit in its direction.
        return AMOUNT_LIMIT if isinstance(result, int) and result > 0 else (
            -AMOUNT_LIMIT if isinstance(result, int) else 0.0)
    if number != number:  # NaN: a documented zero
        return 0.0
    if number > AMOUNT_LIMIT:
        return AMOUNT_LIMIT
    if number < -AMOUNT_LIMIT:
        return -AMOUNT_LIMIT
    return number


def _round(x: float) -> int:
    # Round half away from zero, so +0.5 and -0.5 move a meter alike.
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


# -- starting ---------------------------------------------------------------


def new_game(scenario: Scenario, seed: int, human: str | None = None,
             difficulty: str = "normal", *, lean: bool = False) -> GameState:
    """Start a campaign. ``human`` is the player's side (None: computer on every side).

    A ``lean`` game plays by the same rules but keeps no ledger, meter history or
    turn hashes (for simulations and look-ahead)."""
    if human is not None and human not in scenario.side_ids:
        raise ValueError(f"unknown side '{human}'; choose one of {', '.join(scenario.side_ids)}")
    if difficulty not in DIFFICULTY_INCOME_BONUS:
        raise ValueError(f"unknown difficulty '{difficulty}'")
    values = [0] * scenario.slot_count
    for meter in scenario.meters:
        values[meter.slot] = meter.start
    state = GameState(scenario=scenario, seed=int(seed), human=human, difficulty=difficulty,
                      values=values, pending={s: [] for s in scenario.side_ids}, lean=lean)
    for modifier in scenario.modifiers:
        if modifier.from_start:
            state.modifiers[modifier.index] = modifier.turns
            state.facts.add("active:" + modifier.id)
    _count_allies(state)
    _begin_turn(state)
    return state


# -- queries ----------------------------------------------------------------


def current_event(state: GameState, side: str) -> EventDef | None:
    queue = state.pending.get(side)
    if not queue:
        return None
    return state.scenario.events[queue[0]]


def choice_available(state: GameState, choice: ChoiceDef) -> bool:
    """Whether the choice may be taken now: its condition holds, or it is the fallback.

    The fallback: when none of an event's choices is available as the side must
    answer (the state moved on since the event fired), its first choice is offered,
    so the side to move always has a legal command.
    """
    if choice.condition is None or choice.condition(state.values, state.facts):
        return True
    return _is_fallback(state, choice)


def _is_fallback(state: GameState, choice: ChoiceDef) -> bool:
    events: dict[int, EventDef] | None = state.scenario.extra.get("event_of_choice")
    if events is None:
        events = {id(c): e for e in state.scenario.events for c in e.choices}
        state.scenario.extra["event_of_choice"] = events
    event = events.get(id(choice))
    if event is None or event.choices[0] is not choice:
        return False
    values, facts = state.values, state.facts
    return not any(c.condition is None or c.condition(values, facts) for c in event.choices)


def action_cost(state: GameState, action: ActionDef) -> int:
    cost = _action_table(state.scenario)[action.index][0]
    if cost is not None:
        return cost
    return max(0, _round(_amount(action.cost, state.values, state.facts)))


def open_action_cost(state: GameState, action: ActionDef) -> int | None:
    """The action's cost if it can be taken now, or None if it is locked.

    The computer asks this of every action every turn, so it skips the wording of
    :func:`action_lock_reason` (which gives the same verdict, with the reason).
    """
    ready = state.ready.get(action.index)
    if ready is not None and ready > state.turn:
        return None
    values, facts = state.values, state.facts
    condition = action.condition
    if condition is not None and not condition(values, facts):
        return None
    cost, capital_slot = _action_table(state.scenario)[action.index]
    if cost is None:
        cost = max(0, _round(_amount(action.cost, values, facts)))
    return cost if cost <= values[capital_slot] else None


def _action_table(scenario: Scenario) -> dict[int, tuple[int | None, int]]:
    """Action index -> (its price when that is a constant, else None; the slot of its
    side's political capital). Neither reads the state, so both are worked out once."""
    table: dict[int, tuple[int | None, int]] | None = scenario.extra.get("action_table")
    if table is None:
        capital = {side.id: side.capital_slot for side in scenario.sides}
        table = {a.index: (None if callable(a.cost) else max(0, _round(_amount(a.cost, [], set()))),
                           capital[a.side])
                 for a in scenario.actions}
        scenario.extra["action_table"] = table
    return table


def action_lock_reason(state: GameState, action: ActionDef) -> str | None:
    """Why the action cannot be taken now, or None if it can."""
    if open_action_cost(state, action) is not None:
        return None
    ready = state.ready.get(action.index)
    if ready is not None and ready > state.turn:
        if action.once or ready >= 1 << 30:
            return "already taken (once per campaign)"
        left = ready - state.turn
        return f"cooldown: {left} more turn{'s' if left != 1 else ''}"
    if action.condition is not None and not action.condition(state.values, state.facts):
        return "requires " + (action.requirement or action.condition_source)
    cost = action_cost(state, action)
    capital = state.values[state.scenario.side(action.side).capital_slot]
    if cost > capital:
        return f"costs {cost} political capital; you have {capital}"
    return None


def income(state: GameState, side_id: str) -> int:
    """Political capital ``side_id`` would earn if a turn started now (difficulty included)."""
    side = state.scenario.side(side_id)
    amount = _amount(side.income, state.values, state.facts)
    if state.human is not None and side_id != state.human:
        amount = max(0.0, amount + DIFFICULTY_INCOME_BONUS[state.difficulty])
    return _round(amount)


def legal_commands(state: GameState) -> list[Command]:
    """Every command the side to move may submit now."""
    side = state.to_move
    if side is None:
        return []
    event = current_event(state, side)
    if event is not None:
        return [Choose(side, event.id, c.id) for c in event.choices
                if choice_available(state, c)]
    commands: list[Command] = [Act(side, a.id) for a in state.scenario.actions_for(side)
                               if action_lock_reason(state, a) is None]
    commands.append(EndTurn(side))
    return commands


def event_chance(state: GameState, event: EventDef) -> tuple[float, list[str]]:
    """This turn's chance of a triggered event, and the reasons that multiply it."""
    p = event.chance
    reasons = []
    for factor in event.factors:
        if factor.when(state.values, state.facts):
            p *= factor.factor
            reasons.append(f"×{factor.factor:g} {factor.reason}")
    return min(1.0, p), reasons


Outcome = tuple[float, list[int], set[str]]
"""One way ops can turn out: (its probability, the values after, the facts after)."""


def outcomes(state: GameState, ops: tuple[Op, ...]) -> list[Outcome]:
    """Every way ``ops`` can turn out from the current state, with its probability.

    The ops are worked out exactly as the rules apply them — in order, each amount
    on the values as they stand by then, rounded and clamped like a real change,
    conditions on the facts set so far — and every chance splits the path in two.
    Nothing is changed and no luck is drawn.
    """
    leaves: list[Outcome] = []
    _expand(state, ops, list(state.values), set(state.facts), 1.0, leaves)
    return leaves


def _expand(state: GameState, ops: tuple[Op, ...], values: list[int], facts: set[str],
            weight: float, leaves: list[Outcome]) -> None:
    meters = state.scenario.meters
    for index, op in enumerate(ops):
        kind = op.kind
        if kind == "add" or kind == "set" or kind == "fair":
            meter = meters[op.slot]
            current = values[op.slot]
            amount = _amount(op.amount, values, facts)
            if kind == "add":
                delta = amount
            elif kind == "set":
                delta = amount - current
            else:
                percent = max(-100.0, min(100.0, amount))
                delta = ((meter.hi - current) if percent >= 0 else (current - meter.lo)) \
                    * percent / 100
            new = current + _round(delta)
            values[op.slot] = meter.lo if new < meter.lo else (meter.hi if new > meter.hi
                                                               else new)
        elif kind == "flag" or kind == "mod_start":
            facts.add(op.key)
        elif kind == "unflag" or kind == "mod_end":
            facts.discard(op.key)
        elif kind == "chance":
            p = min(1.0, max(0.0, _amount(op.amount, values, facts)))
            rest = ops[index + 1:]
            if p > 0.0:
                _expand(state, op.then + rest, list(values), set(facts), weight * p, leaves)
            if p < 1.0:
                _expand(state, op.otherwise + rest, values, facts, weight * (1.0 - p), leaves)
            return
        elif kind == "when":
            test: Callable[..., Any] = op.amount  # type: ignore[assignment]
            branch = op.then if test(values, facts) else op.otherwise
            _expand(state, branch + ops[index + 1:], values, facts, weight, leaves)
            return
    leaves.append((weight, values, facts))


def preview(state: GameState, ops: tuple[Op, ...]) -> dict[int, float]:
    """Expected meter changes of ``ops`` from the current state (nothing is changed)."""
    before = state.values
    written = _written_slots(state.scenario, ops)
    out: dict[int, float] = {}
    for weight, values, _ in outcomes(state, ops):
        # Only slots an op writes can differ; visiting them in slot order keeps the
        # order (and so the float sums) of a scan over every slot.
        for slot in written:
            value = values[slot]
            if value != before[slot]:
                out[slot] = out.get(slot, 0.0) + weight * (value - before[slot])
    return {slot: delta for slot, delta in out.items() if abs(delta) >= 0.05}


def _written_slots(scenario: Scenario, ops: tuple[Op, ...]) -> tuple[int, ...]:
    """The value slots ``ops`` may change, in slot order (cached per ops tuple)."""
    cache: dict[int, tuple[tuple[Op, ...], tuple[int, ...]]] | None = \
        scenario.extra.get("written_slots")
    if cache is None:
        cache = scenario.extra["written_slots"] = {}
    # Keyed by identity; the entry keeps ``ops`` alive, so its id cannot be reused.
    entry = cache.get(id(ops))
    if entry is not None and entry[0] is ops:
        return entry[1]
    found: set[int] = set()

    def walk(branch: tuple[Op, ...]) -> None:
        for op in branch:
            if op.kind in ("add", "set", "fair"):
                found.add(op.slot)
            elif op.kind in ("chance", "when"):
                walk(op.then)
                walk(op.otherwise)

    walk(ops)
    if len(cache) > 4096:
        cache.clear()
    slots = tuple(sorted(found))
    cache[id(ops)] = (ops, slots)
    return slots


# -- applying commands --------------------------------------------------------


def apply(state: GameState, command: Command) -> None:
    """Apply one command, or raise IllegalCommandError and change nothing."""
    side = state.to_move
    if side is None:
        raise IllegalCommandError("the game is over")
    if command.side != side:
        raise IllegalCommandError(f"it is {side}'s move, not {command.side}'s")
    scenario = state.scenario
    if isinstance(command, Choose):
        event = current_event(state, side)
        if event is None:
            raise IllegalCommandError(f"{side} has no event to answer")
        if command.event != event.id:
            raise IllegalCommandError(f"{side} must answer '{event.id}' first")
        choice = next((c for c in event.choices if c.id == command.choice), None)
        if choice is None:
            raise IllegalCommandError(f"'{event.id}' has no choice '{command.choice}'")
        if not choice_available(state, choice):
            raise IllegalCommandError(f"choice '{choice.id}' is not available")
        state.pending[side].pop(0)
        cause = Cause("choice", state.turn, side, event.id, choice.id)
        _run_ops(state, choice.ops, cause)
        for event_index, delay in choice.follow_ups:
            state.queued.append((state.turn + 1 + delay, event_index))
        state.chronicle.append(Decision(state.turn, side, "choice", event.id, choice.id,
                                        choice.historical))
        # Logged only once it has applied cleanly: a log never holds a command that breaks.
        state.log.append(command)
        return
    if isinstance(command, Act):
        try:
            action = scenario.action(command.action)
        except KeyError:
            raise IllegalCommandError(f"unknown action '{command.action}'") from None
        if action.side != side:
            raise IllegalCommandError(f"'{action.id}' is not an action of {side}")
        if current_event(state, side) is not None:
            raise IllegalCommandError(f"{side} must answer its events first")
        reason = action_lock_reason(state, action)
        if reason is not None:
            raise IllegalCommandError(f"'{action.id}' is locked: {reason}")
        cost = action_cost(state, action)
        cause = Cause("action", state.turn, side, action.id)
        capital_slot = scenario.side(side).capital_slot
        _change(state, capital_slot, -cost, cause)
        _run_ops(state, action.ops, cause)
        for event_index, delay in action.follow_ups:
            state.queued.append((state.turn + 1 + delay, event_index))
        state.ready[action.index] = (1 << 30) if action.once else state.turn + 1 + action.cooldown
        state.chronicle.append(Decision(state.turn, side, "action", action.id, "", False))
        state.log.append(command)
        return
    if isinstance(command, EndTurn):
        if current_event(state, side) is not None:
            raise IllegalCommandError(f"{side} must answer its events before ending the turn")
        state.mover += 1
        if state.mover >= len(scenario.sides):
            _resolve_turn(state)
        state.log.append(command)
        return
    raise IllegalCommandError(f"not a command: {command!r}")


# -- effects ----------------------------------------------------------------------


def _change(state: GameState, slot: int, delta: float, cause: Cause) -> None:
    values = state.values
    old = values[slot]
    new = old + (int(delta + 0.5) if delta >= 0 else -int(-delta + 0.5))
    meter = state.scenario.meters[slot]
    if new < meter.lo:
        new = meter.lo
    elif new > meter.hi:
        new = meter.hi
    if new != old:
        values[slot] = new
        if not state.lean:
            state.ledger.append(Change(slot, new - old, cause))


def _run_ops(state: GameState, ops: tuple[Op, ...], cause: Cause) -> None:
    values, facts = state.values, state.facts
    for op in ops:
        kind = op.kind
        if kind == "add":
            _change(state, op.slot, _amount(op.amount, values, facts), cause)
        elif kind == "fair":
            meter = state.scenario.meters[op.slot]
            current = values[op.slot]
            percent = max(-100.0, min(100.0, _amount(op.amount, values, facts)))
            room = (meter.hi - current) if percent >= 0 else (current - meter.lo)
            _change(state, op.slot, room * percent / 100, cause)
        elif kind == "set":
            target = _amount(op.amount, values, facts)
            _change(state, op.slot, target - values[op.slot], cause)
        elif kind == "flag":
            facts.add(op.key)
        elif kind == "unflag":
            facts.discard(op.key)
        elif kind == "mod_start":
            modifier = state.scenario.modifiers[op.index]
            turns = int(op.amount) if op.amount else modifier.turns  # type: ignore[arg-type]
            state.modifiers.pop(op.index, None)
            state.modifiers[op.index] = turns
            facts.add(op.key)
        elif kind == "mod_end":
            state.modifiers.pop(op.index, None)
            facts.discard(op.key)
        elif kind == "queue":
            state.queued.append((state.turn + 1 + int(op.amount), op.index))  # type: ignore[arg-type]
        elif kind == "chance":
            p = _amount(op.amount, values, facts)
            draw = rng.roll(state.seed, state.turn, cause.kind, cause.side, cause.source,
                            cause.detail, op.key)
            state.rolls += 1
            _run_ops(state, op.then if draw < p else op.otherwise, cause)
        elif kind == "when":
            test: Callable[..., Any] = op.amount  # type: ignore[assignment]
            _run_ops(state, op.then if test(values, facts) else op.otherwise, cause)


# -- turn phases --------------------------------------------------------------------


def _set_builtins(state: GameState) -> None:
    scenario = state.scenario
    slots = scenario.builtin_slots
    cal = scenario.calendar
    year, quarter, month, day = cal.parts(state.turn)
    values = state.values
    values[slots["turn"]] = state.turn + 1
    values[slots["year"]] = year
    values[slots["quarter"]] = quarter
    values[slots["month"]] = month
    values[slots["day"]] = day
    values[slots["turns_left"]] = cal.turns - 1 - state.turn


def _controlling_index(values: list[int], slots: tuple[int, ...], independence: float) -> int:
    """Index (in side order) of the side controlling a party by margin, or -1."""
    if len(slots) == 2:
        diff = values[slots[0]] - values[slots[1]]
        if diff >= independence:
            return 0
        if -diff >= independence:
            return 1
        return -1
    for i, own_slot in enumerate(slots):
        own = values[own_slot]
        if all(own - values[s] >= independence for j, s in enumerate(slots) if j != i):
            return i
    return -1


def _count_allies(state: GameState) -> None:
    """Count who controls each third party: allies_<side> and the board_* built-ins."""
    values = state.values
    scenario = state.scenario
    table = scenario.control_table
    if not table:
        return
    allies = table[0][2]
    for slot in scenario.board_slots:
        values[slot] = 0
    board = scenario.board_table
    sides = len(allies)
    counts = [0] * len(allies)
    two = len(allies) == 2
    for (_, slots, _, independence), (importance, board_slots) in zip(table, board,
                                                                       strict=True):
        if two:
            diff = values[slots[0]] - values[slots[1]]
            winner = 0 if diff >= independence else (1 if -diff >= independence else -1)
        else:
            winner = _controlling_index(values, slots, independence)
        if winner < 0:
            continue
        counts[winner] += 1
        if importance:
            per_side = len(board_slots) // sides
            for slot in board_slots[winner * per_side:(winner + 1) * per_side]:
                values[slot] += importance
    for slot, count in zip(allies, counts, strict=True):
        values[slot] = count


def controller(state: GameState, party_id: str) -> str | None:
    """The side that controls a third party (by margin), if any."""
    for party, slots, _, independence in state.scenario.control_table:
        if party == party_id:
            winner = _controlling_index(state.values, slots, independence)
            return state.scenario.side_ids[winner] if winner >= 0 else None
    return None


def _begin_turn(state: GameState) -> None:
    scenario = state.scenario
    _set_builtins(state)
    facts = state.facts
    for side in scenario.sides:
        _change(state, side.capital_slot, income(state, side.id),
                Cause("income", state.turn, side.id))
    for index in list(state.modifiers):
        modifier = scenario.modifiers[index]
        _run_ops(state, modifier.ops, Cause("modifier", state.turn, "", modifier.id))
        left = state.modifiers.get(index)
        if left is None:
            continue
        if left <= 1:
            del state.modifiers[index]
            facts.discard("active:" + modifier.id)
        else:
            state.modifiers[index] = left - 1
    _fire_events(state)
    state.mover = 0


def _fire_events(state: GameState) -> None:
    scenario = state.scenario
    turn = state.turn
    values, facts = state.values, state.facts
    if state.queued:
        due = [index for when, index in state.queued if when <= turn]
        state.queued = [(when, index) for when, index in state.queued if when > turn]
        for index in due:
            event = scenario.events[index]
            # An event fires at most once a turn: a copy queued twice for the same turn
            # is dropped, so a choice that queues its own event twice cannot multiply it.
            if state.last_fired.get(index) == turn:
                continue
            if (not event.repeatable and index in state.last_fired) or (
                    event.condition is not None and not event.condition(values, facts)):
                continue
            _fire(state, event)
    triggered = 0
    cap = scenario.triggered_events_per_turn
    for index in scenario.events_by_turn[turn]:
        event = scenario.events[index]
        last = state.last_fired.get(index)
        if last is not None and (not event.repeatable or turn - last <= event.cooldown
                                 or last == turn):
            continue
        if event.condition is not None and not event.condition(values, facts):
            continue
        if event.chance < 1.0 or event.factors:
            # Only repeatable triggered events count toward the cap: they are the ones
            # that could crowd a quarter; one-off events with uncertain timing never do.
            if event.repeatable and triggered >= cap:
                continue
            p, _ = event_chance(state, event)
            if rng.roll(state.seed, "event", turn, event.id) >= p:
                continue
            if event.repeatable:
                triggered += 1
        _fire(state, event)


def _fire(state: GameState, event: EventDef) -> None:
    state.last_fired[event.index] = state.turn
    state.facts.add("fired:" + event.id)
    state.fired_log.append((state.turn, event.index))
    _run_ops(state, event.ops, Cause("event", state.turn, "", event.id))
    for side in event.sides:
        # Only an event with a choice open as it fires waits for an answer (the
        # fallback choice is for events whose choices closed while they waited).
        if any(c.condition is None or c.condition(state.values, state.facts)
               for c in event.choices):
            state.pending[side].append(event.index)


def _drift(state: GameState) -> None:
    values = state.values
    ledger = state.ledger
    lean = state.lean
    cause: Cause | None = None
    for slot, target, rate in state.scenario.drifting:
        value = values[slot]
        if value == target:
            continue
        step = rate if rate < abs(target - value) else abs(target - value)
        delta = step if target > value else -step
        values[slot] = value + delta
        if lean:
            continue
        if cause is None:
            cause = Cause("drift", state.turn)
        ledger.append(Change(slot, delta, cause))


def _score(ending: EndingDef, state: GameState) -> dict[str, float]:
    scores = {}
    for side in state.scenario.side_ids:
        amount = ending.scores.get(side, ending.scores.get("", 0.0))
        scores[side] = _amount(amount, state.values, state.facts)
    return scores


def _finish(state: GameState, ending: EndingDef) -> None:
    state.ending = ending.id
    state.scores = _score(ending, state)
    state.mover = -1
    for side in state.pending:
        state.pending[side] = []


def moment_chance(state: GameState, moment: MomentDef) -> tuple[float, list[str]]:
    """This turn's chance of a scoring moment, and the reasons that multiply it."""
    p = moment.chance
    reasons = []
    for factor in moment.factors:
        if factor.when(state.values, state.facts):
            p *= factor.factor
            reasons.append(f"×{factor.factor:g} {factor.reason}")
    return min(1.0, p), reasons


def moment_due(state: GameState, moment: MomentDef) -> bool:
    """Whether a scoring moment may happen this turn (window, once, condition), before luck."""
    turn = state.turn
    if not moment.first_turn <= turn <= moment.last_turn:
        return False
    last = state.moments_held.get(moment.index)
    if last is not None and (moment.once or turn - last <= moment.cooldown):
        return False
    return moment.when is None or bool(moment.when(state.values, state.facts))


def award_points(state: GameState, award: AwardDef) -> float:
    """The victory points an award would pay now."""
    return _amount(award.points, state.values, state.facts)


def _hold_scoring_moments(state: GameState) -> None:
    scoring = state.scenario.scoring
    if scoring is None:
        return
    for moment in scoring.moments:
        if not moment_due(state, moment):
            continue
        if moment.chance < 1.0 or moment.factors:
            p, _ = moment_chance(state, moment)
            if rng.roll(state.seed, "moment", state.turn, moment.id) >= p:
                continue
        state.moments_held[moment.index] = state.turn
        if not state.lean:
            state.scoring_log.append((state.turn, moment.index))
        # Every award is worked out on the board as it stands, before any is paid.
        paid = [(award, award_points(state, award)) for award in moment.awards]
        for award, points in paid:
            slot = scoring.points.get(award.side)
            if slot is not None:
                _change(state, slot, points,
                        Cause("scoring", state.turn, award.side, moment.id, award.label))


def _resolve_turn(state: GameState) -> None:
    scenario = state.scenario
    _count_allies(state)
    values, facts = state.values, state.facts
    _hold_scoring_moments(state)
    # Sudden endings see the turn as the sides left it, before meters drift back.
    for ending in scenario.endings:
        if ending.sudden and ending.condition is not None and ending.condition(values, facts):
            _finish(state, ending)
            break
    else:
        _drift(state)
        _count_allies(state)
        if state.turn >= scenario.calendar.turns - 1:
            for ending in scenario.endings:
                if ending.sudden:
                    continue
                if ending.condition is None or ending.condition(values, facts):
                    _finish(state, ending)
                    break
    if not state.lean:
        state.history.append(tuple(values[: len(scenario.meters)]))
        state.hashes.append(state.compute_hash())
    if state.ending is None:
        state.turn += 1
        _begin_turn(state)


# -- replaying ---------------------------------------------------------------------


def replay(scenario: Scenario, seed: int, human: str | None, difficulty: str,
           commands: list[Command]) -> GameState:
    """Rebuild a game from its seed and command log."""
    state = new_game(scenario, seed, human, difficulty)
    for command in commands:
        apply(state, command)
    return state
