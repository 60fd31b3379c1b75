"""The compiled scenario: the engine's read-only view of a campaign's rules.

Content loading turns YAML into these objects once; the engine only ever reads
them. Meters and built-in variables live in one flat value vector, so each
meter, variable and third-party influence is an integer slot. Conditions and
amounts are already-compiled functions of ``(values, facts)``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.engine import days as civil_days
from game.engine.look import ScenarioLook

Evaluator = Callable[[list[int], set[str]], Any]
Amount = float | Evaluator
"""A constant, or a compiled expression returning a number."""


@dataclass(frozen=True, slots=True)
class Op:
    """One compiled effect.

    kind is one of: add, set, fair, flag, unflag, mod_start, mod_end, queue,
    chance, when. ``slot`` is a value slot, ``amount`` a number or evaluator,
    ``key`` a fact or an event/modifier index, ``then``/``otherwise`` nested ops.
    ``label`` is a chance's label, or a when's condition as written (for previews).
    """

    kind: str
    slot: int = -1
    amount: Amount = 0.0
    key: str = ""
    index: int = -1
    label: str = ""
    then: tuple[Op, ...] = ()
    otherwise: tuple[Op, ...] = ()


@dataclass(frozen=True, slots=True)
class MeterDef:
    id: str
    name: str
    slot: int
    lo: int
    hi: int
    start: int
    owner: str | None
    description: str
    group: str
    higher_is: str
    short: str
    hidden: bool
    order: int
    drift_toward: int | None
    drift_rate: int
    silence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TemperamentDef:
    """A hidden character the computer may play a side with (drawn from the seed)."""

    id: str
    name: str
    description: str
    weight: float
    values: tuple[tuple[int, float], ...]
    """(slot, extra value per point) on top of the side's score"""
    risk: float


@dataclass(frozen=True, slots=True)
class SideDef:
    id: str
    name: str
    short: str
    leader: str
    description: str
    capital_slot: int
    income: Amount
    objectives: tuple[str, ...]
    temperaments: tuple[TemperamentDef, ...]
    position: tuple[float, float] | None
    color: str


@dataclass(frozen=True, slots=True)
class PartyDef:
    id: str
    name: str
    description: str
    position: tuple[float, float] | None
    """on a plain board (0..1); on a map the look's territory and capital place it"""
    independence: float
    influence_slots: dict[str, int]
    """side id -> slot of that side's influence meter"""
    importance: int = 1
    region: str = ""


@dataclass(frozen=True, slots=True)
class Factor:
    when: Evaluator
    factor: float
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class ChoiceDef:
    id: str
    label: str
    text: str
    condition: Evaluator | None
    condition_source: str
    requirement: str
    historical: bool
    ai_weight: Amount
    ops: tuple[Op, ...]
    follow_ups: tuple[tuple[int, int], ...]
    """(event index, delay)"""
    silence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EventDef:
    id: str
    index: int
    title: str
    sides: tuple[str, ...]
    first_turn: int
    last_turn: int
    condition: Evaluator | None
    chance: float
    factors: tuple[Factor, ...]
    repeatable: bool
    cooldown: int
    follow_up_only: bool
    rare: bool
    crisis: str
    date_text: str
    texts: dict[str, str]
    history: str
    ops: tuple[Op, ...]
    choices: tuple[ChoiceDef, ...]
    condition_source: str = ""
    """the condition as written, for telling players what opens the event"""
    anchor: str = ""
    silence: dict[str, str] = field(default_factory=dict)

    def text_for(self, side: str) -> str:
        return self.texts.get(side) or self.texts.get("", "")


@dataclass(frozen=True, slots=True)
class ActionDef:
    id: str
    index: int
    name: str
    side: str
    category: str
    description: str
    cost: Amount
    cooldown: int
    once: bool
    condition: Evaluator | None
    condition_source: str
    requirement: str
    ai_weight: Amount
    ops: tuple[Op, ...]
    follow_ups: tuple[tuple[int, int], ...]
    silence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ModifierDef:
    id: str
    index: int
    name: str
    description: str
    turns: int
    ops: tuple[Op, ...]
    from_start: bool = False


@dataclass(frozen=True, slots=True)
class SoftTest:
    """A comparison ``sum(coef * value[slot]) + constant  OP  0`` read as a probability.

    The evaluator treats each value as uncertain (noise that grows with the turns
    left) and gives the chance that the comparison holds, so the computer sees
    how close a threshold is instead of a bare yes or no.
    """

    terms: tuple[tuple[int, float], ...]
    constant: float
    op: str
    """one of >=, >, <=, <, ==, !="""


@dataclass(frozen=True, slots=True)
class SoftAll:
    parts: tuple[SoftCondition, ...]


@dataclass(frozen=True, slots=True)
class SoftAny:
    parts: tuple[SoftCondition, ...]


@dataclass(frozen=True, slots=True)
class SoftNot:
    part: SoftCondition


@dataclass(frozen=True, slots=True)
class SoftExact:
    """A part that is not a linear comparison (flags, min/max...): judged as it stands."""

    test: Evaluator


SoftCondition = SoftTest | SoftAll | SoftAny | SoftNot | SoftExact


@dataclass(frozen=True, slots=True)
class EndingDef:
    id: str
    title: str
    sudden: bool
    condition: Evaluator | None
    condition_source: str
    """the condition as written, for telling players how the ending is reached"""
    scores: dict[str, Amount]
    epilogues: dict[str, str]
    history: str
    historical: bool
    soft: SoftCondition | None = None
    """the condition as a tree of comparisons, for judging how likely the ending is"""

    def epilogue_for(self, side: str) -> str:
        return self.epilogues.get(side) or self.epilogues.get("", "")


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    id: str
    term: str
    kind: str
    aliases: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class AwardDef:
    side: str
    label: str
    points: Amount


@dataclass(frozen=True, slots=True)
class MomentDef:
    """A scoring moment: when it holds at the end of a turn, its awards are paid."""

    id: str
    index: int
    name: str
    description: str
    when: Evaluator | None
    when_source: str
    first_turn: int
    last_turn: int
    chance: float
    factors: tuple[Factor, ...]
    once: bool
    cooldown: int
    awards: tuple[AwardDef, ...]


@dataclass(frozen=True, slots=True)
class ScoringDef:
    """The running score: which meter holds each side's victory points, and when they accrue."""

    points: dict[str, int]
    """side id -> slot of its victory-point meter"""
    draw_margin: float
    moments: tuple[MomentDef, ...]


DAY_PERIODS = ("week", "day")
"""periods whose turns are counted in days (dates written 'YYYY-MM-DD')"""


@dataclass(frozen=True, slots=True)
class Calendar:
    """The scenario's turns and the date each stands for.

    Quarter, month and year calendars count whole periods from the start. Week and
    day calendars keep the first day of every turn in ``days``, so their turns may
    change length part-way (a scenario's calendar phases: weekly turns, then daily
    ones through a crisis). A turn's date is its first day.
    """

    period: str
    """quarter, month, year, week or day"""
    start_year: int
    start_sub: int
    """quarter (1-4), month (1-12) or 1 for years; the start month for week and day"""
    turns: int
    days: tuple[int, ...] = ()
    """week and day calendars: the first day of each turn (a day number of
    :mod:`game.engine.days`), then the day after the last turn"""

    @property
    def by_day(self) -> bool:
        return self.period in DAY_PERIODS

    @property
    def per_year(self) -> int:
        """Turns in a year (for week and day calendars, of their usual length)."""
        return {"quarter": 4, "month": 12, "year": 1, "week": 52, "day": 365}[self.period]

    def date_of(self, turn: int) -> tuple[int, int]:
        """(year, quarter-or-month) of a 0-based turn; (year, month) for week and day
        calendars."""
        if self.by_day:
            year, month, _ = civil_days.civil(self.days[turn])
            return year, month
        offset = self.start_sub - 1 + turn
        return self.start_year + offset // self.per_year, offset % self.per_year + 1

    def parts(self, turn: int) -> tuple[int, int, int, int]:
        """(year, quarter, month, day of the month) of a turn's first day."""
        if self.by_day:
            year, month, day = civil_days.civil(self.days[turn])
            return year, (month - 1) // 3 + 1, month, day
        year, sub = self.date_of(turn)
        if self.period == "month":
            return year, (sub - 1) // 3 + 1, sub, 1
        return year, sub, (sub - 1) * 3 + 1, 1

    def last_day(self, turn: int) -> int:
        """The last day (a day number) a week or day calendar's turn covers."""
        return self.days[turn + 1] - 1

    def label(self, turn: int) -> str:
        if self.by_day:
            return civil_days.label(self.days[turn])
        year, sub = self.date_of(turn)
        if self.period == "quarter":
            return f"{year} Q{sub}"
        if self.period == "month":
            return f"{year}-{sub:02d}"
        return str(year)

    def turn_of_day(self, day: int) -> int | None:
        """The turn of a week or day calendar that covers a day, or None outside it."""
        if not self.days or not self.days[0] <= day < self.days[-1]:
            return None
        return bisect_right(self.days, day) - 1

    def recent(self, turn: int) -> tuple[int, str]:
        """How many turns back "recently" reaches from ``turn`` and its name: a year for
        quarter, month and year calendars, a month (30 days) for week calendars, a week
        for day calendars (fewer turns where turns are longer)."""
        if not self.by_day:
            return self.per_year, "year"
        span, name = (30, "month") if self.period == "week" else (7, "week")
        back = self.turn_of_day(self.days[min(turn, self.turns - 1)] - span)
        return max(1, turn - (0 if back is None else back)), name

    def ticks(self) -> list[tuple[int, str]]:
        """Turns that open a new year (a new month in week and day calendars that span
        under two years), each with its label: where a timeline marks the calendar."""
        result: list[tuple[int, str]] = []
        monthly = self.by_day and (civil_days.civil(self.days[-1] - 1)[0]
                                   - civil_days.civil(self.days[0])[0]) < 2
        previous: tuple[int, int] | None = None
        for turn in range(self.turns):
            year, _, month, _ = self.parts(turn)
            key = (year, month) if monthly else (year, 0)
            if key == previous:
                continue
            if monthly:
                text = civil_days.MONTH_NAMES[month - 1]
                if previous is None or previous[0] != year:
                    text += f" {year}"
            else:
                text = str(year)
            result.append((turn, text))
            previous = key
        return result


@dataclass(frozen=True)
class Scenario:
    """A whole compiled scenario."""

    id: str
    title: str
    version: str
    description: str
    content_hash: str
    calendar: Calendar
    triggered_events_per_turn: int
    sides: tuple[SideDef, ...]
    meters: tuple[MeterDef, ...]
    parties: tuple[PartyDef, ...]
    flags: dict[str, str]
    modifiers: tuple[ModifierDef, ...]
    events: tuple[EventDef, ...]
    actions: tuple[ActionDef, ...]
    endings: tuple[EndingDef, ...]
    slot_count: int
    """meters plus built-in variables"""
    builtin_slots: dict[str, int]
    events_by_turn: tuple[tuple[int, ...], ...]
    """turn -> indices of events whose window includes it (not follow-up-only)"""
    source_files: tuple[str, ...] = ()
    scoring: ScoringDef | None = None
    reads: dict[Evaluator, tuple[frozenset[int], frozenset[str]]] = field(default_factory=dict)
    """compiled expression -> (value slots, facts) it reads; for analysis and previews"""
    map: str = ""
    """name of the board's map ('world', another map in assets/maps, or 'plain')"""
    look: ScenarioLook = field(default_factory=ScenarioLook)
    """map, colours, flags and title art: read by the client only"""
    glossary: tuple[GlossaryEntry, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def side(self, side_id: str) -> SideDef:
        for side in self.sides:
            if side.id == side_id:
                return side
        raise KeyError(side_id)

    def meter(self, meter_id: str) -> MeterDef:
        return self.meters[self.meter_index[meter_id]]

    @property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sides)

    @property
    def meter_index(self) -> dict[str, int]:
        cached: dict[str, int] | None = self.extra.get("meter_index")
        if cached is None:
            cached = {m.id: m.slot for m in self.meters}
            self.extra["meter_index"] = cached
        return cached

    def event(self, event_id: str) -> EventDef:
        index: dict[str, EventDef] | None = self.extra.get("event_index")
        if index is None:
            index = {e.id: e for e in self.events}
            self.extra["event_index"] = index
        return index[event_id]

    def action(self, action_id: str) -> ActionDef:
        index: dict[str, ActionDef] | None = self.extra.get("action_index")
        if index is None:
            index = {a.id: a for a in self.actions}
            self.extra["action_index"] = index
        return index[action_id]

    def actions_for(self, side_id: str) -> tuple[ActionDef, ...]:
        key = "actions_" + side_id
        cached: tuple[ActionDef, ...] | None = self.extra.get(key)
        if cached is None:
            cached = tuple(a for a in self.actions if a.side == side_id)
            self.extra[key] = cached
        return cached

    @property
    def drifting(self) -> tuple[tuple[int, int, int], ...]:
        """(slot, target, rate) of every meter that drifts."""
        cached: tuple[tuple[int, int, int], ...] | None = self.extra.get("drifting")
        if cached is None:
            cached = tuple((m.slot, m.drift_toward, m.drift_rate) for m in self.meters
                           if m.drift_toward is not None)
            self.extra["drifting"] = cached
        return cached

    @property
    def control_table(self) -> tuple[tuple[str, tuple[int, ...], tuple[int, ...], float], ...]:
        """(party id, influence slots in side order, allies slots in side order, independence)."""
        cached = self.extra.get("control_table")
        if cached is None:
            sides = self.side_ids
            allies = tuple(self.builtin_slots["allies_" + s] for s in sides)
            cached = tuple((p.id, tuple(p.influence_slots[s] for s in sides), allies,
                            p.independence) for p in self.parties)
            self.extra["control_table"] = cached
        return cached

    @property
    def board_table(self) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """Per party: (importance, the board slots it counts toward, in side order: the side's
        whole-board slot, then its regional slot when the party has a region)."""
        cached = self.extra.get("board_table")
        if cached is None:
            rows = []
            for party in self.parties:
                slots = []
                for side in self.side_ids:
                    slots.append(self.builtin_slots["board_" + side])
                    if party.region:
                        slots.append(self.builtin_slots[f"board_{side}_{party.region}"])
                rows.append((party.importance, tuple(slots)))
            cached = tuple(rows)
            self.extra["board_table"] = cached
        return cached

    @property
    def board_slots(self) -> tuple[int, ...]:
        """Every board_* built-in slot (reset before control is counted)."""
        cached = self.extra.get("board_slots")
        if cached is None:
            cached = tuple(slot for name, slot in self.builtin_slots.items()
                           if name.startswith("board_"))
            self.extra["board_slots"] = cached
        return cached

    def ending(self, ending_id: str) -> EndingDef:
        for ending in self.endings:
            if ending.id == ending_id:
                return ending
        raise KeyError(ending_id)
