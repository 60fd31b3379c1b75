"""The state of one game in progress, and its hash.

State is plain data that the rules mutate; ``copy()`` gives an independent
state for undo, look-ahead and branching. Every meter change is kept in the
ledger with its cause, and every decision in the chronicle.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field

from game.engine.commands import Command
from game.engine.model import Scenario


@dataclass(frozen=True, slots=True)
class Cause:
    """Why a meter moved: kind is event, choice, action, modifier, income, drift or start."""

    kind: str
    turn: int
    side: str = ""
    source: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded meter change."""

    slot: int
    delta: int
    cause: Cause


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision in the chronicle: an event answered or an action taken."""

    turn: int
    side: str
    kind: str  # "choice" or "action"
    source: str  # event or action id
    detail: str  # choice id ("" for actions)
    historical: bool


@dataclass(slots=True)
class GameState:
    scenario: Scenario
    seed: int
    human: str | None
    difficulty: str
    values: list[int]
    facts: set[str] = field(default_factory=set)
    turn: int = 0
    mover: int = 0
    """index into scenario.sides of the side that must act; -1 when the game is over"""
    pending: dict[str, list[int]] = field(default_factory=dict)
    last_fired: dict[int, int] = field(default_factory=dict)
    queued: list[tuple[int, int]] = field(default_factory=list)
    modifiers: dict[int, int] = field(default_factory=dict)
    ready: dict[int, int] = field(default_factory=dict)
    ledger: list[Change] = field(default_factory=list)
    chronicle: list[Decision] = field(default_factory=list)
    fired_log: list[tuple[int, int]] = field(default_factory=list)
    """(turn, event index) for every event that fired"""
    hashes: list[str] = field(default_factory=list)
    history: list[tuple[int, ...]] = field(default_factory=list)
    """meter values at the end of each turn"""
    log: list[Command] = field(default_factory=list)
    ending: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    moments_held: dict[int, int] = field(default_factory=dict)
    """scoring moment index -> the last turn it was held (for 'once' and cooldowns)"""
    scoring_log: list[tuple[int, int]] = field(default_factory=list)
    """(turn, moment index) for every scoring moment held"""
    rolls: int = 0
    """chance rolls resolved so far: undo never crosses one (see GameSession)"""
    lean: bool = False
    """a working copy for look-ahead and simulation: no ledger, history or turn hashes"""
    plays_as: dict[str, str | None] = field(default_factory=dict)
    """side -> the temperament id the computer plays it with (None: its score alone),
    overriding the draw from the seed; set only in play-outs, so that the side whose
    move is being judged plays as itself rather than as a stranger"""

    @property
    def over(self) -> bool:
        return self.mover < 0

    @property
    def to_move(self) -> str | None:
        """The side that must submit the next command, or None when the game is over."""
        if self.mover < 0:
            return None
        return self.scenario.sides[self.mover].id

    @property
    def date_label(self) -> str:
        return self.scenario.calendar.label(min(self.turn, self.scenario.calendar.turns - 1))

    def value(self, meter_id: str) -> int:
        return self.values[self.scenario.meter_index[meter_id]]

    def copy(self) -> GameState:
        return GameState(
            scenario=self.scenario, seed=self.seed, human=self.human,
            difficulty=self.difficulty, values=list(self.values), facts=set(self.facts),
            turn=self.turn, mover=self.mover,
            pending={k: list(v) for k, v in self.pending.items()},
            last_fired=dict(self.last_fired), queued=list(self.queued),
            modifiers=dict(self.modifiers), ready=dict(self.ready), ledger=list(self.ledger),
            chronicle=list(self.chronicle), fired_log=list(self.fired_log),
            hashes=list(self.hashes), history=list(self.history), log=list(self.log),
            ending=self.ending, scores=dict(self.scores), moments_held=dict(self.moments_held),
            scoring_log=list(self.scoring_log), rolls=self.rolls, lean=self.lean,
        )

    def lean_copy(self) -> GameState:
        """An independent copy for look-ahead: the rules, without the records.

        It plays exactly like the original (the computer draws the same luck, since
        its streams are keyed by the command log, which is kept), but records no
        ledger, meter history or turn hashes, which makes copying and playing it cheap.
        """
        return GameState(
            scenario=self.scenario, seed=self.seed, human=self.human,
            difficulty=self.difficulty, values=list(self.values), facts=set(self.facts),
            turn=self.turn, mover=self.mover,
            pending={k: list(v) for k, v in self.pending.items()},
            last_fired=dict(self.last_fired), queued=list(self.queued),
            modifiers=dict(self.modifiers), ready=dict(self.ready),
            fired_log=list(self.fired_log), log=list(self.log), ending=self.ending,
            scores=dict(self.scores), moments_held=dict(self.moments_held), rolls=self.rolls,
            lean=True,
        )

    def compute_hash(self) -> str:
        """A digest of everything that decides the game's future."""
        meters = len(self.scenario.meters)
        digest = hashlib.blake2b(digest_size=16)
        # Integer tables go in as packed arrays: formatting them as text was most of the cost.
        digest.update(array("q", self.values[:meters]).tobytes())
        digest.update(array("q", [x for pair in sorted(self.last_fired.items())
                                  for x in pair]).tobytes())
        digest.update(array("q", [x for pair in sorted(self.ready.items())
                                  for x in pair]).tobytes())
        digest.update(array("q", [x for pair in sorted(self.queued) for x in pair]).tobytes())
        digest.update(array("q", [x for pair in self.modifiers.items() for x in pair]).tobytes())
        digest.update(array("q", [x for pair in sorted(self.moments_held.items())
                                  for x in pair]).tobytes())
        text = (f"{self.scenario.id}|{self.seed}|{self.human}|{self.difficulty}|{self.turn}|"
                f"{self.mover}|{self.ending}|{sorted(self.pending.items())}|"
                + "\x1f".join(sorted(self.facts)))
        digest.update(text.encode())
        return digest.hexdigest()
