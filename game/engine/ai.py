"""The computer player: plays any side to win, judging moves by its own expected score.

Every option — an event's choices, or the side's actions — is judged by what it
does to the score the side can expect by the end (:mod:`game.engine.evaluation`:
victory points projected to the end, endings read as chances). The computer
sees what the player sees: the state, the rules and the odds, never the outcome
of a roll before it is made. Choices are judged on the state they would leave
(chance effects by their expected value); actions by the gradient of the
expected score, at the price the side puts on its political capital.

Each game the computer draws a hidden temperament for its side from the seed
(the scenario's ``temperaments``: a hawk, a dove, an opportunist...), which adds
its own tastes and its appetite for risk; the end screen reveals it.

Difficulty changes real things (the README lists them):

* easy   — more noise in its judgement; it thinks only one move ahead, and it
  earns 2 political capital less per turn (never below 0);
* normal — small noise; one move ahead;
* hard   — very little noise; on every event it checks its one-move pick by playing
  out the next turns several times for each choice (rollouts with the normal
  computer on both sides, drawing fresh luck, never the real future) and takes
  another choice only when it clearly does better; it earns +1 political capital
  per turn (an open advantage, applied by the rules).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from game.engine import evaluation, rng
from game.engine.commands import Act, Choose, Command, EndTurn
from game.engine.model import ActionDef, ChoiceDef, EventDef, Op, TemperamentDef
from game.engine.rules import (
    _amount,
    action_cost,
    apply,
    choice_available,
    current_event,
    open_action_cost,
    outcomes,
    preview,
)
from game.engine.state import GameState

AI_VERSION = 3
"""Which computer player this is (2: plays for its own score, with temperaments and, on
hard, rollouts; 3: on hard, another choice replaces the one-move pick only when its
play-outs beat it clearly). Bump it whenever a change alters the moves the computer plays: saves
record it, and the computer moves of a save made by another version are not held against
the current player's (see game.persistence.computer_check)."""


@dataclass(frozen=True, slots=True)
class Difficulty:
    name: str
    noise: float
    """standard deviation of the noise in the computer's judgement, in score points"""
    rollouts: int
    """look-ahead play-outs per event choice (0: judge one move ahead)"""
    depth: int
    """turns each play-out runs before the position is judged"""
    summary: str


DIFFICULTIES = {
    "easy": Difficulty("easy", 1.5, 0, 0,
                       "The computer judges loosely, only one move ahead, and earns 2 "
                       "political capital less per turn."),
    "normal": Difficulty("normal", 0.8, 0, 0,
                         "The computer plays for its own score, one move ahead."),
    "hard": Difficulty("hard", 0.25, 6, 6,
                       "The computer looks several turns ahead on every event, plays "
                       "sharply and earns +1 political capital per turn."),
}

AI_WEIGHT_POINTS = 0.25
"""Score points per unit of a scenario's ai_weight: a nudge of style, never the reason."""
CAPITAL_PRICE = 0.15
"""Score points one point of political capital must earn to be worth spending."""


# -- temperament ---------------------------------------------------------------------------------


def temperament_for(state: GameState, side_id: str) -> TemperamentDef | None:
    """The hidden temperament the computer plays ``side_id`` with in this game (from the seed)."""
    temperaments = state.scenario.side(side_id).temperaments
    if side_id in state.plays_as:
        wanted = state.plays_as[side_id]
        return next((t for t in temperaments if t.id == wanted), None)
    if not temperaments:
        return None
    # The draw depends only on the seed and the side; it is asked for several times a turn.
    drawn: dict[tuple[int, str], TemperamentDef] | None = state.scenario.extra.get(
        "temperament_draws")
    if drawn is None or len(drawn) > 1024:
        drawn = state.scenario.extra["temperament_draws"] = {}
    key = (state.seed, side_id)
    found = drawn.get(key)
    if found is None:
        found = drawn[key] = _draw_temperament(temperaments, state.seed, side_id)
    return found


def _draw_temperament(temperaments: tuple[TemperamentDef, ...], seed: int, side_id: str
                      ) -> TemperamentDef:
    total = sum(t.weight for t in temperaments)
    draw = rng.roll(seed, "temperament", side_id) * total
    for temperament in temperaments:
        draw -= temperament.weight
        if draw < 0:
            return temperament
    return temperaments[-1]


# -- judging options -----------------------------------------------------------------------------


def one_step_value(state: GameState, side_id: str, ops: tuple[Op, ...],
                   temperament: TemperamentDef | None = None,
                   extra: dict[int, float] | None = None) -> float:
    """The side's expected score once ``ops`` have applied, one move ahead.

    Every way the ops can turn out (rules.outcomes: chances split, nothing drawn) is
    judged on its own and weighted by its probability, so a small chance of a jump
    toward a catastrophe counts for what it is, not as a small average move. Only
    the effects themselves count: modifiers are started but not yet run, follow-ups
    queued but not yet fired. ``extra`` adds changes of its own (an action's cost).
    """
    total = 0.0
    for weight, values, facts in outcomes(state, ops):
        if extra:
            for slot, delta in extra.items():
                values[slot] += delta  # type: ignore[call-overload]
        judgement = evaluation.judge(state, values=values, facts=facts, only=side_id)
        total += weight * evaluation.with_temperament(judgement, side_id, temperament, values)
    return total


def _constant_adds(state: GameState, ops: tuple[Op, ...]
                   ) -> tuple[tuple[int, float, int, int], ...] | None:
    """(slot, amount, meter's lo, meter's hi) of ops that only add constants to meters, or
    None if any op depends on the state (or is not a plain add)."""
    found: dict[int, float] = {}
    for op in ops:
        if op.kind in ("flag", "unflag", "mod_start", "mod_end", "queue"):
            continue  # no immediate meter change, one move ahead
        if op.kind != "add" or callable(op.amount):
            return None
        found[op.slot] = found.get(op.slot, 0.0) + float(op.amount)
    meters = state.scenario.meters
    return tuple((slot, amount, meters[slot].lo, meters[slot].hi)
                 for slot, amount in found.items())


def expected_changes(state: GameState, ops: tuple[Op, ...], key: tuple[int, int]
                     ) -> dict[int, float]:
    """Expected meter changes of ``ops`` now (as rules.preview gives them).

    ``key`` names the option — (-1, action index) or (event index, choice position) —
    so ops that only add constants are read from a per-scenario table (they read
    nothing from the state, so the table holds for every game of the scenario).
    """
    table: dict[tuple[int, int], tuple[tuple[int, float, int, int], ...] | None] | None = \
        state.scenario.extra.get("constant_adds")
    if table is None:
        table = {}
        state.scenario.extra["constant_adds"] = table
    if key in table:
        adds = table[key]
    else:
        adds = table[key] = _constant_adds(state, ops)
    if adds is None:
        return preview(state, ops)
    values = state.values
    out = {}
    for slot, amount, lo, hi in adds:
        now = values[slot]
        target = min(max(now + amount, lo), hi)
        if target != now:
            out[slot] = float(target - now)
    return out


def _difficulty_for(state: GameState, side_id: str) -> Difficulty:
    if state.human is not None and side_id != state.human:
        return DIFFICULTIES[state.difficulty]
    return DIFFICULTIES["normal"]


def _noise(stream: random.Random, scale: float) -> float:
    # Sum of two uniforms: a cheap bell-shaped draw with standard deviation ``scale``.
    return (stream.random() + stream.random() - 1.0) * scale * 2.449489742783178


def _available_choices(state: GameState, event: EventDef) -> list[ChoiceDef]:
    return [c for c in event.choices if choice_available(state, c)]


def _choose_choice(state: GameState, side_id: str, stream: random.Random,
                   level: Difficulty, grad: evaluation.Gradient | None = None
                   ) -> Command | None:
    """The computer's answer to its current event.

    One move ahead, each choice is judged on the state it would leave (see
    :func:`_one_move_choice`). On hard, that pick is then checked by play-outs
    (:func:`_checked_by_play_outs`).
    """
    event = current_event(state, side_id)
    if event is None:
        return None
    choices = _available_choices(state, event)
    if not choices:
        return None
    temperament = temperament_for(state, side_id)
    pick = _one_move_choice(state, side_id, event, choices, stream, level, grad, temperament)
    if level.rollouts and len(choices) > 1:
        pick = _checked_by_play_outs(state, side_id, event, choices, pick, level, temperament)
    return Choose(side_id, event.id, pick.id)


def _one_move_choice(state: GameState, side_id: str, event: EventDef,
                     choices: list[ChoiceDef], stream: random.Random, level: Difficulty,
                     grad: evaluation.Gradient | None,
                     temperament: TemperamentDef | None) -> ChoiceDef:
    """The choice with the best expected score one move ahead (plus the level's noise).

    With ``grad`` (the gradient of its expected score at the start of its turn) a
    choice is judged by its expected changes against the gradient, plus anything the
    gradient cannot see — flags and modifiers that decide endings — judged exactly.
    """
    values, facts = state.values, state.facts
    capital = state.scenario.side(side_id).capital_slot
    best: ChoiceDef | None = None
    best_score = float("-inf")
    # The gradient serves when no choice needs more; otherwise every choice of the event
    # is judged exactly, so that all are measured on the same scale.
    linear = grad is not None and not any(_needs_exact(state, c) for c in choices)
    open_choices = {id(c) for c in choices}
    for position, choice in enumerate(event.choices):
        if id(choice) not in open_choices:
            continue
        changes = expected_changes(state, choice.ops, (event.index, position))
        if linear:
            assert grad is not None
            judged = evaluation.linear_value(grad, changes)
        else:
            judged = one_step_value(state, side_id, choice.ops, temperament)
        # Capital a choice spends is capital no action can use: it has its price.
        judged += CAPITAL_PRICE * changes.get(capital, 0.0)
        score = (judged + AI_WEIGHT_POINTS * _amount(choice.ai_weight, values, facts)
                 + _noise(stream, level.noise))
        if score > best_score:
            best, best_score = choice, score
    # Every score NaN (a runaway number in the scenario): still answer.
    return best if best is not None else choices[0]


PLAY_OUT_MARGIN = 1.0
"""Standard errors by which another choice's play-outs must beat the one-move pick's."""


def _checked_by_play_outs(state: GameState, side_id: str, event: EventDef,
                          choices: list[ChoiceDef], pick: ChoiceDef, level: Difficulty,
                          temperament: TemperamentDef | None) -> ChoiceDef:
    """``pick``, unless another choice's play-outs beat its own clearly
    (:func:`clearly_better`)."""
    commands = {c.id: Choose(side_id, event.id, c.id) for c in choices}
    chosen = clearly_better(state, side_id, commands[pick.id],
                            [commands[c.id] for c in choices if c is not pick],
                            level.rollouts, level.depth, PLAY_OUT_MARGIN, temperament)
    assert isinstance(chosen, Choose)
    return next(c for c in choices if c.id == chosen.choice)


def clearly_better(state: GameState, side_id: str, default: Command, others: list[Command],
                   rollouts: int, depth: int, margin: float,
                   temperament: TemperamentDef | None = None) -> Command:
    """``default``, unless one of ``others`` wins clearly in play-outs.

    Play-out ``i`` draws the same luck for every command (:func:`rollout_values`), so
    each gives a paired gain over ``default``; another command replaces it only if its
    mean gain exceeds ``margin`` standard errors of those gains (the best such gain
    wins). Taking the best of a few noisy means instead would favour the riskiest
    command, whose play-outs scatter most.
    """
    if not others:
        return default
    base = rollout_values(state, side_id, default, rollouts, depth, temperament)
    best, best_gain = default, 0.0
    for command in others:
        gains = [v - b for v, b in zip(rollout_values(state, side_id, command, rollouts,
                                                      depth, temperament), base, strict=True)]
        gain = sum(gains) / len(gains)
        if gain > best_gain and gain > margin * standard_error(gains):
            best, best_gain = command, gain
    return best


def standard_error(samples: list[float]) -> float:
    """The standard error of the mean of ``samples`` (infinite for fewer than two)."""
    n = len(samples)
    if n < 2:
        return math.inf
    mean = sum(samples) / n
    return math.sqrt(sum((x - mean) ** 2 for x in samples) / (n - 1) / n)


def _needs_exact(state: GameState, choice: ChoiceDef) -> bool:
    """Whether a choice must be judged exactly rather than by the gradient (it rolls dice
    or touches what decides endings): fixed by the scenario, so worked out once."""
    table: dict[int, tuple[ChoiceDef, bool]] | None = state.scenario.extra.get("needs_exact")
    if table is None:
        table = state.scenario.extra["needs_exact"] = {}
    entry = table.get(id(choice))
    if entry is not None and entry[0] is choice:  # the entry keeps ``choice`` alive
        return entry[1]
    exact = _touches_endings(state, choice.ops) or _has_chance(choice.ops)
    table[id(choice)] = (choice, exact)
    return exact


def _has_chance(ops: tuple[Op, ...]) -> bool:
    """Whether ops roll dice: judged branch by branch, since a small chance of a big jump
    (an accident in a crisis) is worth more than its average."""
    return any(op.kind == "chance" or (op.kind == "when" and (_has_chance(op.then)
                                                              or _has_chance(op.otherwise)))
               for op in ops)


def _touches_endings(state: GameState, ops: tuple[Op, ...]) -> bool:
    """Whether ops set or clear a fact that an ending's condition or score reads."""
    facts = evaluation.judge_for(state.scenario).ending_facts
    if not facts:
        return False
    for op in ops:
        if op.kind in ("flag", "unflag", "mod_start", "mod_end") and op.key in facts:
            return True
        if op.kind in ("chance", "when") and (_touches_endings(state, op.then)
                                              or _touches_endings(state, op.otherwise)):
            return True
    return False


def action_deltas(state: GameState, action: ActionDef) -> dict[int, float]:
    """Expected meter changes of taking ``action`` now, its cost included."""
    deltas = preview(state, action.ops)
    capital = state.scenario.side(action.side).capital_slot
    deltas[capital] = deltas.get(capital, 0.0) - action_cost(state, action)
    return deltas


def plan_actions(state: GameState, side_id: str, stream: random.Random,
                 grad: evaluation.Gradient | None = None) -> list[Act]:
    """The actions the computer means to take this turn, best value for capital first."""
    level = _difficulty_for(state, side_id)
    temperament = temperament_for(state, side_id)
    if grad is None:
        grad = evaluation.gradient(state, side_id, temperament)
    values, facts = state.values, state.facts
    scored: list[tuple[float, int, Act]] = []
    for action in state.scenario.actions_for(side_id):
        cost = open_action_cost(state, action)
        if cost is None:
            continue
        gain = (evaluation.linear_value(grad, expected_changes(state, action.ops,
                                                               (-1, action.index)))
                + AI_WEIGHT_POINTS * _amount(action.ai_weight, values, facts)
                + _noise(stream, level.noise) - CAPITAL_PRICE * cost)
        if gain > 0:
            scored.append((gain / max(1, cost), action.index, Act(side_id, action.id)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [act for _, _, act in scored]


def choose_command(state: GameState, side_id: str, stream: random.Random) -> Command:
    """The computer's next command for ``side_id`` (which must be the side to move)."""
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
    # One judgement of the position serves the whole turn: the gradient of the side's
    # expected score weighs every choice and action against each other.
    grad = evaluation.gradient(state, side_id, temperament_for(state, side_id))

    def answer_events() -> None:
        while current_event(state, side_id) is not None:
            choice = _choose_choice(state, side_id, stream, level, grad)
            if choice is None:
                break
            apply(state, choice)
            played.append(choice)

    answer_events()
    for act in plan_actions(state, side_id, stream, grad):
        if open_action_cost(state, state.scenario.action(act.action)) is None:
            continue  # an earlier action this turn spent the capital or changed the state
        apply(state, act)
        played.append(act)
        answer_events()
    end = EndTurn(side_id)
    apply(state, end)
    played.append(end)
    return played


# -- looking ahead -------------------------------------------------------------------------------


def rollout_values(state: GameState, side_id: str, first: Command, rollouts: int, depth: int,
                   temperament: TemperamentDef | None = None) -> list[float]:
    """The side's expected score after ``first`` and ``depth`` more turns, per play-out.

    Each play-out is a lean copy with fresh luck (a seed derived from the position and
    the play-out's number, never the game's own future rolls), played by the normal
    computer on every side: ``side_id`` with ``temperament`` (or none), the others with
    characters drawn anew. Play-out ``i`` draws the same luck whatever ``first`` is, so
    two commands' play-outs can be compared pair by pair.
    """
    values = []
    for index in range(rollouts):
        sim = state.lean_copy()
        sim.seed = rng.derive_seed(state.seed, "rollout", state.turn, len(state.log), index)
        sim.human = None  # every side is played at normal strength in the play-out
        # The judged side plays as itself; the others' characters stay unknown (drawn anew).
        sim.plays_as = {side_id: temperament.id if temperament is not None else None}
        apply(sim, first)
        stop = state.turn + depth
        stream = rng.stream(sim.seed, "rollout-ai")
        while not sim.over and sim.turn <= stop:
            side = sim.to_move
            assert side is not None
            play_side_turn(sim, side, stream)
        if sim.over:
            values.append(sim.scores.get(side_id, 0.0))
        else:
            values.append(evaluation.value(sim, side_id, temperament))
    return values


# -- whole turns and games -----------------------------------------------------------------------


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
