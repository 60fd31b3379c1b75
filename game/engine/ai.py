"""The computer player: plays any side from the scenario data alone.

For each option (an event's choices, or the side's actions) the AI adds the
scenario's AI weight to how far the option's expected meter changes move the
side toward its goals (sweet spots included), subtracts the cost of actions,
and adds a seeded touch of noise. At the start of its action phase it ranks
the actions it can take and takes them in order while each is still worth its
cost and affordable, then ends its turn. It sees only what the player sees.

Expected meter changes of effects with constant amounts are worked out once
per scenario; effects whose amounts depend on the state are previewed live.

Difficulty changes real things, and the README lists them:

* easy   — noisy judgement (noise 3.0) and half weight on its goals;
* normal — moderate noise (1.0), full weight on its goals;
* hard   — little noise (0.3), 1.5× weight on its goals, and +1 political
  capital per turn (an open advantage, applied by the rules).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from game.engine import rng
from game.engine.commands import Act, Choose, Command, EndTurn
from game.engine.model import ActionDef, Evaluator, Op, Scenario
from game.engine.rules import (
    _amount,
    action_cost,
    action_lock_reason,
    apply,
    choice_available,
    current_event,
    preview,
)
from game.engine.state import GameState


@dataclass(frozen=True, slots=True)
class Difficulty:
    name: str
    noise: float
    foresight: float
    summary: str


DIFFICULTIES = {
    "easy": Difficulty("easy", 3.0, 0.5,
                       "The computer judges loosely and cares half as much about its goals."),
    "normal": Difficulty("normal", 1.0, 1.0,
                         "The computer weighs its goals fully, with some unpredictability."),
    "hard": Difficulty("hard", 0.3, 1.5,
                       "The computer plays sharply and earns +1 political capital per turn."),
}

GOAL_SCALE = 0.25
"""Converts goal-weighted meter points into the units of AI weights."""
COST_SCALE = 0.6
"""How much one point of political capital weighs against an action's value."""
ACTION_THRESHOLD = 0.5
"""An action must score above this to be worth taking at all."""
MODIFIER_DISCOUNT = 0.5
"""Share of a started modifier's future per-turn effects that the AI counts."""


# -- expected effects -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Appraisal:
    """How an option's effects bear on one side's goals, worked out once.

    ``linear`` covers constant changes to plain goals; ``ideal_terms`` are
    (slot, delta, ideal, weight) for sweet-spot goals, which depend on the
    current value; ``branches`` are (test, then, otherwise) for conditional
    effects and ``chances`` (probability, then, otherwise) for constant-odds rolls.
    """

    linear: float
    ideal_terms: tuple[tuple[int, float, float, float], ...]
    branches: tuple[tuple[Evaluator, _Appraisal, _Appraisal], ...] = ()
    chances: tuple[tuple[float, _Appraisal, _Appraisal], ...] = ()


_NOTHING = _Appraisal(0.0, ())


def _constant_deltas(scenario: Scenario, ops: tuple[Op, ...],
                     deltas: dict[int, float]) -> bool:
    """Add the constant meter changes of plain ops; False if one depends on the state."""
    for op in ops:
        if op.kind == "add":
            if callable(op.amount):
                return False
            deltas[op.slot] = deltas.get(op.slot, 0.0) + float(op.amount)
        elif op.kind in ("set", "fair"):
            return False
        elif op.kind == "mod_start":
            modifier = scenario.modifiers[op.index]
            inner: dict[int, float] = {}
            if not _constant_deltas(scenario, modifier.ops, inner):
                return False
            turns = float(op.amount) if op.amount else float(modifier.turns)  # type: ignore[arg-type]
            for slot, delta in inner.items():
                deltas[slot] = deltas.get(slot, 0.0) + delta * turns * MODIFIER_DISCOUNT
    return True


def _appraise(scenario: Scenario, side_id: str, ops: tuple[Op, ...]) -> _Appraisal | None:
    """The appraisal of ``ops`` for ``side_id``, or None if it must be previewed live."""
    deltas: dict[int, float] = {}
    plain = tuple(op for op in ops if op.kind not in ("when", "chance"))
    if not _constant_deltas(scenario, plain, deltas):
        return None
    branches = []
    chances = []
    for op in ops:
        if op.kind not in ("when", "chance"):
            continue
        then = _appraise(scenario, side_id, op.then)
        otherwise = _appraise(scenario, side_id, op.otherwise)
        if then is None or otherwise is None:
            return None
        if op.kind == "when":
            branches.append((op.amount, then, otherwise))
        elif callable(op.amount):
            return None
        else:
            p = min(1.0, max(0.0, float(op.amount)))
            chances.append((p, then, otherwise))
    linear = 0.0
    ideal_terms = []
    for goal in scenario.side(side_id).goals:
        delta = deltas.get(goal.slot)
        if not delta:
            continue
        if goal.ideal is None:
            linear += goal.weight * delta
        else:
            ideal_terms.append((goal.slot, delta, goal.ideal, goal.weight))
    if not ideal_terms and not branches and not chances and not linear:
        return _NOTHING
    return _Appraisal(linear, tuple(ideal_terms), tuple(branches),  # type: ignore[arg-type]
                      tuple(chances))


def _gain(appraisal: _Appraisal, values: list[int], facts: set[str]) -> float:
    gain = appraisal.linear
    for slot, delta, ideal, weight in appraisal.ideal_terms:
        old = values[slot]
        gain += weight * (abs(old - ideal) - abs(old + delta - ideal))
    for test, then, otherwise in appraisal.branches:
        gain += _gain(then if test(values, facts) else otherwise, values, facts)
    for p, then, otherwise in appraisal.chances:
        gain += p * _gain(then, values, facts) + (1 - p) * _gain(otherwise, values, facts)
    return gain


def _appraisals(scenario: Scenario, side_id: str) -> dict[int, _Appraisal | None]:
    key = "ai_appraisals_" + side_id
    cached: dict[int, _Appraisal | None] | None = scenario.extra.get(key)
    if cached is None:
        cached = {}
        for action in scenario.actions_for(side_id):
            cached[id(action.ops)] = _appraise(scenario, side_id, action.ops)
        for event in scenario.events:
            if side_id in event.sides:
                for choice in event.choices:
                    cached[id(choice.ops)] = _appraise(scenario, side_id, choice.ops)
        scenario.extra[key] = cached
    return cached


def goal_gain(state: GameState, side_id: str, ops: tuple[Op, ...]) -> float:
    """How much ``ops`` would move ``side_id`` toward its goals, in goal-weighted points."""
    appraisal = _appraisals(state.scenario, side_id).get(id(ops), None)
    values = state.values
    if appraisal is not None:
        return _gain(appraisal, values, state.facts)
    deltas = preview(state, ops)
    gain = 0.0
    for goal in state.scenario.side(side_id).goals:
        delta = deltas.get(goal.slot)
        if delta is None:
            continue
        if goal.ideal is None:
            gain += goal.weight * delta
        else:
            old = values[goal.slot]
            gain += goal.weight * (abs(old - goal.ideal) - abs(old + delta - goal.ideal))
    return gain


# -- decisions -----------------------------------------------------------------------


def _difficulty_for(state: GameState, side_id: str) -> Difficulty:
    if state.human is not None and side_id != state.human:
        return DIFFICULTIES[state.difficulty]
    return DIFFICULTIES["normal"]


def _choose_choice(state: GameState, side_id: str, stream: random.Random,
                   level: Difficulty) -> Command | None:
    event = current_event(state, side_id)
    if event is None:
        return None
    values, facts = state.values, state.facts
    best: Command | None = None
    best_score = float("-inf")
    for choice in event.choices:
        if not choice_available(state, choice):
            continue
        score = (_amount(choice.ai_weight, values, facts)
                 + level.foresight * GOAL_SCALE * goal_gain(state, side_id, choice.ops)
                 + _noise(stream, level.noise))
        if score > best_score:
            best, best_score = Choose(side_id, event.id, choice.id), score
    return best


def _action_table(scenario: Scenario, side_id: str) -> tuple[
        tuple[ActionDef, int | None, float | None, _Appraisal | None], ...]:
    """Per action: the action, its constant cost, constant AI weight and appraisal."""
    key = "ai_actions_" + side_id
    cached = scenario.extra.get(key)
    if cached is None:
        appraisals = _appraisals(scenario, side_id)
        rows = []
        for action in scenario.actions_for(side_id):
            cost = None if callable(action.cost) else max(0, round(float(action.cost)))
            weight = None if callable(action.ai_weight) else float(action.ai_weight)
            rows.append((action, cost, weight, appraisals.get(id(action.ops))))
        cached = tuple(rows)
        scenario.extra[key] = cached
    return cached


def _noise(stream: random.Random, scale: float) -> float:
    # Sum of two uniforms: a cheap bell-shaped draw with standard deviation ``scale``.
    return (stream.random() + stream.random() - 1.0) * scale * 2.449489742783178


def plan_actions(state: GameState, side_id: str, stream: random.Random) -> list[Act]:
    """The actions the AI means to take this turn, best first, within its capital."""
    level = _difficulty_for(state, side_id)
    values, facts, turn, ready = state.values, state.facts, state.turn, state.ready
    capital = values[state.scenario.side(side_id).capital_slot]
    foresight = level.foresight * GOAL_SCALE
    noise = level.noise
    scored: list[tuple[float, int, Act]] = []
    for action, const_cost, const_weight, appraisal in _action_table(state.scenario, side_id):
        available_from = ready.get(action.index)
        if available_from is not None and available_from > turn:
            continue
        condition = action.condition
        if condition is not None and not condition(values, facts):
            continue
        cost = const_cost if const_cost is not None else action_cost(state, action)
        if cost > capital:
            continue
        if appraisal is _NOTHING:
            gain = 0.0
        elif appraisal is not None:
            gain = _gain(appraisal, values, facts)
        else:
            gain = goal_gain(state, side_id, action.ops)
        score = ((const_weight if const_weight is not None
                  else _amount(action.ai_weight, values, facts))
                 + foresight * gain - COST_SCALE * cost + _noise(stream, noise))
        if score > ACTION_THRESHOLD:
            scored.append((score, action.index, Act(side_id, action.id)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [act for _, _, act in scored]


def choose_command(state: GameState, side_id: str, stream: random.Random) -> Command:
    """The AI's next command for ``side_id`` (which must be the side to move)."""
    level = _difficulty_for(state, side_id)
    choice = _choose_choice(state, side_id, stream, level)
    if choice is not None:
        return choice
    for act in plan_actions(state, side_id, stream):
        return act
    return EndTurn(side_id)


def play_side_turn(state: GameState, side_id: str, stream: random.Random) -> list[Command]:
    """Play one side's whole part of the current turn: events, actions, end of turn."""
    level = _difficulty_for(state, side_id)
    played: list[Command] = []
    while True:
        choice = _choose_choice(state, side_id, stream, level)
        if choice is None:
            break
        apply(state, choice)
        played.append(choice)
    for act in plan_actions(state, side_id, stream):
        action = state.scenario.action(act.action)
        if action_lock_reason(state, action) is not None:
            continue  # an earlier action this turn spent the capital or changed the state
        apply(state, act)
        played.append(act)
        while current_event(state, side_id) is not None:  # actions never queue same-turn
            choice = _choose_choice(state, side_id, stream, level)
            if choice is None:
                break
            apply(state, choice)
            played.append(choice)
    end = EndTurn(side_id)
    apply(state, end)
    played.append(end)
    return played


def decision_stream(state: GameState) -> random.Random:
    """A random stream for the AI, fixed by the seed and how far the game has gone."""
    return rng.stream(state.seed, "ai", state.turn, len(state.log))


def play_until_human(state: GameState, stream: random.Random | None = None) -> list[Command]:
    """Let the computer move for every side it controls until the human must act."""
    stream = stream or decision_stream(state)
    played: list[Command] = []
    while not state.over and state.to_move != state.human:
        side = state.to_move
        assert side is not None
        played.extend(play_side_turn(state, side, stream))
    return played


def play_out(state: GameState, stream: random.Random | None = None) -> GameState:
    """Play the computer on every side until the game ends."""
    stream = stream or decision_stream(state)
    while not state.over:
        side = state.to_move
        assert side is not None
        play_side_turn(state, side, stream)
    return state
