"""Static balance checks: dominated choices, meters nothing reads, actions never worth taking.

"Matters" is read from the scenario's own scoring, not guessed: a meter's good
direction for a side is the sign of the side's expected-score gradient
(:func:`game.engine.evaluation.gradient`) over positions from sample games.
A meter whose sign flips (a sweet spot) is judged in neither direction.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import ai, evaluation, rng
from game.engine.model import ChoiceDef, EventDef, Op, Scenario
from game.engine.rules import new_game, preview
from game.engine.state import GameState

SAMPLE_GAMES = 4
SAMPLE_TURNS = (0, 6, 12, 20, 28, 36, 44)


def sample_states(scenario: Scenario, games: int = SAMPLE_GAMES) -> list[GameState]:
    """Positions from a few computer-vs-computer games, at several turns."""
    states: list[GameState] = []
    for index in range(games):
        state = new_game(scenario, rng.derive_seed(0, "checks", index), None, lean=True)
        stream = rng.stream(0, "checks-ai", index)
        taken: set[int] = set()
        while not state.over:
            if state.turn in SAMPLE_TURNS and state.turn not in taken and state.mover == 0:
                states.append(state.lean_copy())
                taken.add(state.turn)
            side = state.to_move
            assert side is not None
            ai.play_side_turn(state, side, stream)
    return states


def directions(scenario: Scenario, states: list[GameState]) -> dict[str, dict[int, int]]:
    """side -> slot -> +1 (higher is better for the side), -1 (lower is better), 0 (it
    depends on the position). Slots the side's score never responds to are left out."""
    result: dict[str, dict[int, int]] = {}
    for side in scenario.side_ids:
        signs: dict[int, set[int]] = {}
        for state in states:
            for slot, d in evaluation.gradient(state, side).items():
                if abs(d) > 1e-6 and slot < len(scenario.meters):
                    signs.setdefault(slot, set()).add(1 if d > 0 else -1)
        table = {slot: (next(iter(s)) if len(s) == 1 else 0) for slot, s in signs.items()}
        capital = scenario.side(side).capital_slot
        table[capital] = 1  # capital buys actions, which the score does not see directly
        result[side] = table
    return result


def _consequences(ops: tuple[Op, ...]) -> frozenset[str]:
    """What a choice does besides changing meters: flags, modifiers, queued events."""
    found: set[str] = set()
    for op in ops:
        if op.kind in ("flag", "unflag", "mod_start", "mod_end"):
            found.add(f"{op.kind}:{op.key}")
        elif op.kind == "queue":
            found.add(f"queue:{op.index}")
        elif op.kind in ("chance", "when"):
            found |= _consequences(op.then) | _consequences(op.otherwise)
    return frozenset(found)


@dataclass(frozen=True)
class Dominated:
    event: str
    side: str
    choice: str
    by: str
    historical: bool
    silenced: str
    """the scenario's stated reason when it marks the choice as deliberately so, else ''"""


def dominated_choices(scenario: Scenario, directions_by_side: dict[str, dict[int, int]],
                      reference: GameState) -> list[Dominated]:
    """Choices that another choice of the same event beats or equals on every meter that
    matters to the deciding side (and strictly beats on one), with nothing else to offer."""
    found: list[Dominated] = []
    for event in scenario.events:
        for side in event.sides:
            found.extend(_dominated_in(scenario, event, side, directions_by_side[side],
                                       reference))
    return found


def _dominated_in(scenario: Scenario, event: EventDef, side: str, table: dict[int, int],
                  reference: GameState) -> list[Dominated]:
    profiles: list[tuple[ChoiceDef, dict[int, float], frozenset[str]]] = []
    for choice in event.choices:
        deltas = preview(reference, choice.ops)
        profiles.append((choice, deltas, _consequences(choice.ops)
                         | {f"follow:{i}" for i, _ in choice.follow_ups}))
    result = []
    for choice, deltas, extra in profiles:
        for other, other_deltas, other_extra in profiles:
            if other is choice or not extra <= other_extra:
                continue
            if _beats(other_deltas, deltas, table):
                result.append(Dominated(event.id, side, choice.id, other.id, choice.historical,
                                        choice.silence.get("dominated", "")))
                break
    return result


def _beats(better: dict[int, float], worse: dict[int, float], table: dict[int, int]) -> bool:
    strictly = False
    for slot in set(better) | set(worse):
        diff = better.get(slot, 0.0) - worse.get(slot, 0.0)
        if abs(diff) < 0.05:
            continue
        sign = table.get(slot)
        if sign is None:
            continue  # the side's score ignores this meter
        if sign == 0:
            return False  # a sweet spot: which is better depends on the position
        if diff * sign < 0:
            return False
        strictly = True
    return strictly


def unread_meters(scenario: Scenario) -> list[tuple[str, str]]:
    """Meters no condition, amount, score or rule reads: (meter id, silencing reason or '')."""
    read: set[int] = set()
    for slots, _ in scenario.reads.values():
        read |= slots
    for side in scenario.sides:
        read.add(side.capital_slot)
    counted = {slot for name, slot in scenario.builtin_slots.items()
               if name.startswith(("allies_", "board_"))}
    if read & counted:
        for party in scenario.parties:
            read |= set(party.influence_slots.values())
    return [(m.id, m.silence.get("unread", "")) for m in scenario.meters if m.slot not in read]


def never_taken(scenario: Scenario, taken: dict[str, set[str]]) -> list[tuple[str, str, str]]:
    """Actions that skilled play never took: (side, action id, silencing reason or '')."""
    return [(a.side, a.id, a.silence.get("never_taken", "")) for a in scenario.actions
            if a.id not in taken.get(a.side, set())]
