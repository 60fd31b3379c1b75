"""Players as policies: one way to pick a move, shared by the computer and the balance lab.

A policy answers ``decide(state, side, stream) -> Command`` for the side to
move; :func:`play` runs a game with a policy per side. The computer's own
difficulty levels are policies (:class:`ComputerPolicy`), and so are the
balance lab's scripted players:

* ``random`` — any legal command, uniformly;
* ``historical`` — the historical choice of every event, no actions;
* ``greedy`` — the move that most raises the side's expected score one move
  ahead (:func:`game.engine.ai.one_step_value`), actions while any raises it;
* one-line rules — ``max_own`` (whatever raises the side's own meters most),
  ``min:<meter>`` / ``max:<meter>`` (push one meter down or up), ``dove``
  (lowest risk to every shared meter a rise of which is bad);
* ``spam:<action>`` — that action whenever it can be taken, events by ``max_own``;
* ``lookahead`` — greedy, checked by play-outs of the next turns (the normal
  computer on both sides, fresh luck) on every event and, near the end, on
  actions; another option replaces greedy's only when its play-outs beat it clearly.

Everything here is pure and deterministic given the stream.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from game.engine import ai, evaluation
from game.engine.commands import Act, Choose, Command, EndTurn
from game.engine.model import ActionDef, ChoiceDef, Op, Scenario
from game.engine.rules import (
    action_cost,
    action_lock_reason,
    apply,
    choice_available,
    current_event,
    legal_commands,
    preview,
)
from game.engine.state import GameState


class Policy(Protocol):
    """Something that picks the next command for the side to move."""

    name: str

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command: ...


def play(state: GameState, policies: Mapping[str, Policy], stream: random.Random) -> GameState:
    """Play until the game ends, each side by its policy (a side without one: the computer)."""
    while not state.over:
        side = state.to_move
        assert side is not None
        policy = policies.get(side)
        if policy is None or isinstance(policy, ComputerPolicy):
            ai.play_side_turn(state, side, stream)  # plans the turn once: same moves, faster
            continue
        apply(state, policy.decide(state, side, stream))
    return state


# -- helpers -----------------------------------------------------------------------------------


def _choices(state: GameState, side: str) -> list[ChoiceDef]:
    event = current_event(state, side)
    if event is None:
        return []
    return [c for c in event.choices if choice_available(state, c)]


def _affordable(state: GameState, side: str) -> list[ActionDef]:
    return [a for a in state.scenario.actions_for(side) if action_lock_reason(state, a) is None]


def _best(options: list[tuple[float, Command]], stream: random.Random) -> Command:
    """The best-scored command; ties broken by the stream."""
    top = max(score for score, _ in options)
    tied = [command for score, command in options if score >= top - 1e-9]
    return tied[0] if len(tied) == 1 else stream.choice(tied)


def _event_command(state: GameState, side: str) -> tuple[str, list[ChoiceDef]] | None:
    event = current_event(state, side)
    if event is None:
        return None
    return event.id, _choices(state, side)


# -- the computer ------------------------------------------------------------------------------


@dataclass
class ComputerPolicy:
    """The computer's own judgement (at the state's difficulty for the side it plays)."""

    name: str = "computer"

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command:
        return ai.choose_command(state, side, stream)


# -- scripted players --------------------------------------------------------------------------


@dataclass
class RandomPolicy:
    name: str = "random"

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command:
        return stream.choice(legal_commands(state))


@dataclass
class HistoricalPolicy:
    name: str = "historical"

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command:
        found = _event_command(state, side)
        if found is None:
            return EndTurn(side)
        event_id, choices = found
        historical = next((c for c in choices if c.historical), None)
        if historical is not None:
            return Choose(side, event_id, historical.id)
        return ai.choose_command(state, side, stream)


@dataclass
class GreedyPolicy:
    """One move ahead on the side's expected score."""

    name: str = "greedy"

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command:
        found = _event_command(state, side)
        if found is not None:
            event_id, choices = found
            return _best([(ai.one_step_value(state, side, c.ops), Choose(side, event_id, c.id))
                          for c in choices], stream)
        base = evaluation.value(state, side)
        options: list[tuple[float, Command]] = [(base, EndTurn(side))]
        capital = state.scenario.side(side).capital_slot
        for action in _affordable(state, side):
            extra = {capital: -float(action_cost(state, action))}
            options.append((ai.one_step_value(state, side, action.ops, extra=extra),
                            Act(side, action.id)))
        return _best(options, stream)


def own_gain(scenario: Scenario, side: str, deltas: dict[int, float]) -> float:
    """How much changes raise the side's own meters (owned by it, by their good direction)."""
    total = 0.0
    capital = scenario.side(side).capital_slot
    points = scenario.scoring.points.get(side) if scenario.scoring else None
    for slot, delta in deltas.items():
        meter = scenario.meters[slot]
        if meter.owner != side or slot in (capital, points):
            continue
        if meter.higher_is == "good":
            total += delta
        elif meter.higher_is == "bad":
            total -= delta
    return total


@dataclass
class RulePolicy:
    """A one-line rule: score each option by a fixed sum of its expected meter changes.

    Events: the best-scoring choice. Actions: the best-scoring action while it
    scores above zero and can be paid for, then end the turn.
    """

    name: str
    weights: dict[int, float] = field(default_factory=dict)
    """slot -> weight (for min:/max: and dove)"""
    own: bool = False
    """score by the side's own meters (max_own)"""

    def score(self, state: GameState, side: str, ops: tuple[Op, ...]) -> float:
        deltas = preview(state, ops)
        total = sum(self.weights.get(slot, 0.0) * d for slot, d in deltas.items())
        if self.own:
            total += own_gain(state.scenario, side, deltas)
        return total

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command:
        found = _event_command(state, side)
        if found is not None:
            event_id, choices = found
            return _best([(self.score(state, side, c.ops), Choose(side, event_id, c.id))
                          for c in choices], stream)
        options: list[tuple[float, Command]] = [(0.0, EndTurn(side))]
        for action in _affordable(state, side):
            options.append((self.score(state, side, action.ops), Act(side, action.id)))
        return _best(options, stream)


@dataclass
class SpamPolicy:
    """One action whenever it can be taken; events answered by max_own."""

    name: str
    action: str
    events: RulePolicy = field(default_factory=lambda: RulePolicy("max_own", own=True))

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command:
        if current_event(state, side) is not None:
            return self.events.decide(state, side, stream)
        action = state.scenario.action(self.action)
        if action_lock_reason(state, action) is None:
            return Act(side, action.id)
        return EndTurn(side)


@dataclass
class LookaheadPolicy:
    """Greedy, checked by play-outs: other options are played out against greedy's pick,
    and one replaces it only when it wins clearly.

    Each option gets ``rollouts`` play-outs of ``depth`` turns (the normal computer on
    both sides, fresh luck), play-out ``i`` drawing the same luck for every option, so
    each play-out gives a paired gain over greedy's pick. An option replaces greedy's
    only if its mean gain exceeds ``margin`` standard errors of those gains: taking the
    best of a few noisy means would favour the riskiest option, whose play-outs scatter
    most (in the lab that led China into border wars). Every event is checked this way;
    actions only once the play-outs reach the end of the game, where thresholds decide
    the ending (earlier, their play-outs cost several times more for little gain), with
    the three actions the judge likes best and ending the turn as the alternatives.
    """

    name: str = "lookahead"
    rollouts: int = 8
    depth: int = 8
    margin: float = 1.0

    def decide(self, state: GameState, side: str, stream: random.Random) -> Command:
        greedy = GreedyPolicy().decide(state, side, stream)
        found = _event_command(state, side)
        if found is not None:
            event_id, choices = found
            others: list[Command] = [Choose(side, event_id, c.id) for c in choices]
        elif state.turn + self.depth >= state.scenario.calendar.turns - 1:
            grad = evaluation.gradient(state, side)
            ranked = sorted(_affordable(state, side), key=lambda a: (
                -evaluation.linear_value(grad, ai.action_deltas(state, a)), a.index))
            others = [*(Act(side, a.id) for a in ranked[:3]), EndTurn(side)]
        else:
            return greedy
        return ai.clearly_better(state, side, greedy, [c for c in others if c != greedy],
                                 self.rollouts, self.depth, self.margin)


# -- names -------------------------------------------------------------------------------------

FIXED_POLICIES = ("random", "historical", "greedy", "lookahead", "max_own", "dove")


def shared_meters(scenario: Scenario) -> list[str]:
    """Meters owned by no side or party: the shared stakes one-line rules push on."""
    return [m.id for m in scenario.meters if m.owner is None and not m.hidden]


def default_policy_names(scenario: Scenario) -> list[str]:
    """The lab's standard set for a scenario: fixed players and one-line rules."""
    names = list(FIXED_POLICIES)
    for meter in shared_meters(scenario):
        names += [f"min:{meter}", f"max:{meter}"]
    return names


def make_policy(scenario: Scenario, name: str) -> Policy:
    """A policy by name; raises ValueError with the known names on a bad one."""
    simple: dict[str, type] = {"random": RandomPolicy, "historical": HistoricalPolicy,
                               "greedy": GreedyPolicy, "lookahead": LookaheadPolicy,
                               "computer": ComputerPolicy}
    if name in simple:
        policy: Policy = simple[name]()
        return policy
    if name == "max_own":
        return RulePolicy("max_own", own=True)
    if name == "dove":
        weights = {scenario.meter_index[m]: -1.0 for m in shared_meters(scenario)
                   if scenario.meter(m).higher_is == "bad"}
        return RulePolicy("dove", weights=weights)
    kind, _, target = name.partition(":")
    if kind in ("min", "max") and target in scenario.meter_index:
        sign = -1.0 if kind == "min" else 1.0
        return RulePolicy(name, weights={scenario.meter_index[target]: sign})
    if kind == "spam":
        try:
            scenario.action(target)
        except KeyError:
            raise ValueError(f"unknown action '{target}' in policy '{name}'") from None
        return SpamPolicy(name, target)
    known = ", ".join([*FIXED_POLICIES, "min:<meter>", "max:<meter>", "spam:<action>"])
    raise ValueError(f"unknown policy '{name}'; known: {known}")


def play_historical(state: GameState) -> GameState:
    """Play every side historically until the game ends (no actions)."""
    stream = ai.decision_stream(state)
    historical = HistoricalPolicy()
    while not state.over:
        side = state.to_move
        assert side is not None
        apply(state, historical.decide(state, side, stream))
    return state
