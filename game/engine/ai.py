"""The computer player: plays any side from the scenario data alone.

For each option (an event's choices, or the side's affordable actions) the AI
adds the scenario's AI weight to how far the option's expected meter changes
move the side toward its goals (sweet spots included), subtracts the cost of
actions, and adds a seeded touch of noise. It takes the best action while one
is worth its cost, then ends its turn. It sees only what the player sees.

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
from game.engine.model import Op
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


def _goal_gain(state: GameState, side_id: str, ops: tuple[Op, ...]) -> float:
    deltas = preview(state, ops)
    if not deltas:
        return 0.0
    gain = 0.0
    values = state.values
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


def _difficulty_for(state: GameState, side_id: str) -> Difficulty:
    if state.human is not None and side_id != state.human:
        return DIFFICULTIES[state.difficulty]
    return DIFFICULTIES["normal"]


def choose_command(state: GameState, side_id: str, stream: random.Random) -> Command:
    """The AI's next command for ``side_id`` (which must be the side to move)."""
    level = _difficulty_for(state, side_id)
    values, facts = state.values, state.facts
    event = current_event(state, side_id)
    if event is not None:
        best: Command | None = None
        best_score = float("-inf")
        for choice in event.choices:
            if not choice_available(state, choice):
                continue
            score = (_amount(choice.ai_weight, values, facts)
                     + level.foresight * GOAL_SCALE * _goal_gain(state, side_id, choice.ops)
                     + stream.gauss(0.0, level.noise))
            if score > best_score:
                best, best_score = Choose(side_id, event.id, choice.id), score
        if best is not None:
            return best
    best_action: Command = EndTurn(side_id)
    best_score = ACTION_THRESHOLD
    for action in state.scenario.actions_for(side_id):
        if action_lock_reason(state, action) is not None:
            continue
        score = (_amount(action.ai_weight, values, facts)
                 + level.foresight * GOAL_SCALE * _goal_gain(state, side_id, action.ops)
                 - COST_SCALE * action_cost(state, action)
                 + stream.gauss(0.0, level.noise))
        if score > best_score:
            best_action, best_score = Act(side_id, action.id), score
    return best_action


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
        command = choose_command(state, side, stream)
        apply(state, command)
        played.append(command)
    return played


def play_out(state: GameState, stream: random.Random | None = None,
             limit: int = 100_000) -> GameState:
    """Play the computer on every side until the game ends."""
    stream = stream or decision_stream(state)
    steps = 0
    while not state.over and steps < limit:
        side = state.to_move
        assert side is not None
        apply(state, choose_command(state, side, stream))
        steps += 1
    return state
