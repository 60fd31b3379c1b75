"""The scenario file format, as pydantic models.

One model per kind of thing a scenario declares. Every model rejects unknown
keys, and every field carries a description: the same models validate files,
drive the engine's compiler and produce the published JSON Schema that editors
use for completion. A scenario folder may split its content over several
files; each file is a :class:`ScenarioFile` and the folder's files are merged.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError, core_schema

from game.content.numbers import NUMBER_LIMIT, check_number
from game.content.silencing import (
    ActionCheck,
    ChoiceCheck,
    EndingCheck,
    EventCheck,
    FlagCheck,
    MeterCheck,
    PartyCheck,
)

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
DATE_PATTERN = r"^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=60,
                          description="Identifier: lower case letters, digits and '_'.")]


class _InRange:
    """Refuses infinite, NaN and out-of-range numbers with one clear message (see
    numbers.py) before any other check, and publishes the range in the JSON Schema where
    the field does not state a narrower one."""

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(check_number, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonDict:
        published: JsonDict = handler(schema)
        if "minimum" not in published and "exclusiveMinimum" not in published:
            published["minimum"] = -NUMBER_LIMIT
        if "maximum" not in published and "exclusiveMaximum" not in published:
            published["maximum"] = NUMBER_LIMIT
        return published


Whole = Annotated[int, _InRange()]
"""A whole number within +-1,000,000."""
Number = Annotated[float, _InRange()]
"""A finite number within +-1,000,000."""
Expr = Annotated[
    str | int | float,
    _InRange(),
    Field(description="A number within +-1,000,000, or an expression such as "
                      "'min(20, prc_leadership / 2)'."),
]
Condition = Annotated[
    str | bool,
    Field(description="A true/false expression such as "
                      "'tension >= 60 and year >= 1958 and not flag(\"experts_withdrawn\")'."),
]
DateText = Annotated[str, Field(
    pattern=DATE_PATTERN,
    description="A date on the scenario calendar, written as text: '1956-Q1' for quarters, "
                "'1956-03' for months, '1956' for years (quote a year: '1956'), "
                "'1962-10-16' (year-month-day) for weeks and days.")]
Reason = Annotated[str, Field(min_length=1, description="Why the item fails the check on "
                                                        "purpose.")]
_SILENCE_TEXT = ("Checks this item fails on purpose, each with the reason: check name -> why "
                 "(see 'Warnings and silence' in FORMAT.md).")
FlagSilence = Annotated[dict[FlagCheck, Reason], Field(description=_SILENCE_TEXT)]
MeterSilence = Annotated[dict[MeterCheck, Reason], Field(description=_SILENCE_TEXT)]
PartySilence = Annotated[dict[PartyCheck, Reason], Field(description=_SILENCE_TEXT)]
EventSilence = Annotated[dict[EventCheck, Reason], Field(description=_SILENCE_TEXT)]
ChoiceSilence = Annotated[dict[ChoiceCheck, Reason], Field(description=_SILENCE_TEXT)]
ActionSilence = Annotated[dict[ActionCheck, Reason], Field(description=_SILENCE_TEXT)]
EndingSilence = Annotated[dict[EndingCheck, Reason], Field(description=_SILENCE_TEXT)]
SideText = Annotated[str | dict[str, str], Field(
    description="Text for every side, or a mapping of side id to that side's own version.")]


class Strict(BaseModel):
    """Every model: unknown keys refused, values taken as written (strict: text is never
    read as a number or a true/false, and a number is never read as text), and a key
    written with no value is refused rather than read as 'not given'."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False,
                              strict=True)

    @field_validator("*", mode="before")
    @classmethod
    def _written_value(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            raise PydanticCustomError(
                "no_value", "the key has no value: write one, or leave the key out")
        # JSON Schema counts 3.0 as an integer, so the game does too.
        if type(value) is float and value.is_integer() and info.field_name in _whole_fields(cls):
            return int(value)
        return value


def _whole_fields(model: type[BaseModel]) -> frozenset[str]:
    cached: frozenset[str] | None = model.__dict__.get("_whole_cache")
    if cached is None:
        cached = frozenset(name for name, info in model.model_fields.items()
                           if info.annotation is int)
        model._whole_cache = cached  # type: ignore[attr-defined]
    return cached


# -- how a scenario looks: map, caption, colours, flags, title art ---------------------

HexColour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$",
                                 description="A colour written '#rrggbb'.")]


class GeoPoint(Strict):
    """A place on the map, in degrees."""

    lon: Number = Field(ge=-180, le=360, description="Longitude, east positive.")
    lat: Number = Field(ge=-85, le=85, description="Latitude, north positive.")
    name: str = Field("", description="The place's name (a capital's name is shown on hover).")


class MapRegion(Strict):
    """The part of the map the board shows, in degrees."""

    west: Number = Field(ge=-180, le=360)
    east: Number = Field(ge=-180, le=360)
    north: Number = Field(ge=-80, le=85)
    south: Number = Field(ge=-85, le=80)

    @model_validator(mode="after")
    def _ordered(self) -> MapRegion:
        if self.east - self.west < 5:
            raise ValueError("east must lie at least 5 degrees east of west")
        if self.north - self.south < 5:
            raise ValueError("north must lie at least 5 degrees north of south")
        return self


class NamedBorder(Strict):
    """A land border drawn strongly and named on the board."""

    between: list[str] = Field(min_length=2, max_length=2,
                               description="The two map states (ids from the map) it divides.")
    name: str = Field(min_length=1, description="The label, e.g. 'Sino-Soviet border'.")


class BoardLook(Strict):
    """The board: which part of the map it shows and its caption."""

    caption: str = Field("", description="Words after the date at the top of the board "
                                         "(default: the scenario's title).")
    region: MapRegion | None = Field(
        None, description="Part of the map to show (default: fitted to every side and party).")
    borders: list[NamedBorder] = Field(default_factory=list,
                                       description="Borders drawn strongly and named.")


FLAG_SHAPES = ("rect", "circle", "ring", "star", "stars", "polygon", "sun", "wheel",
               "hammer_sickle", "crescent")


class FlagShape(Strict):
    """One figure on a flag. Positions and sizes are fractions of the flag: x and w of
    its width, y, h and r of its height."""

    kind: Literal["rect", "circle", "ring", "star", "stars", "polygon", "sun", "wheel",
                  "hammer_sickle", "crescent"] = Field(
        description="rect (x, y, w, h); circle, ring, star, sun, wheel, hammer_sickle, "
                    "crescent (centre x, y and radius r); stars (a grid of small stars over "
                    "x, y, w, h in rows and columns); polygon (points).")
    color: HexColour
    x: Number = Field(0.5, ge=-0.5, le=1.5)
    y: Number = Field(0.5, ge=-0.5, le=1.5)
    w: Number = Field(0.0, ge=0, le=2)
    h: Number = Field(0.0, ge=0, le=2)
    r: Number = Field(0.0, ge=0, le=1.5)
    rotation: Number = Field(0.0, ge=-360, le=360, description="Degrees, clockwise.")
    rows: int = Field(0, ge=0, le=20, description="For stars: rows of the grid.")
    columns: int = Field(0, ge=0, le=20, description="For stars: columns of the grid.")
    points: list[list[Number]] = Field(
        default_factory=list, description="For polygon: [x, y] pairs (fractions of the flag).")

    @model_validator(mode="after")
    def _complete(self) -> FlagShape:
        kind = self.kind
        if kind == "rect" and (self.w <= 0 or self.h <= 0):
            raise ValueError("a rect needs w and h above 0")
        if kind == "stars" and (self.w <= 0 or self.h <= 0 or self.rows < 1
                                or self.columns < 1 or self.r <= 0):
            raise ValueError("stars need w, h, r, rows and columns")
        if kind in ("circle", "ring", "star", "sun", "wheel", "hammer_sickle",
                    "crescent") and self.r <= 0:
            raise ValueError(f"a {kind} needs a radius r above 0")
        if kind == "polygon":
            if len(self.points) < 3:
                raise ValueError("a polygon needs at least 3 points")
            if any(len(point) != 2 for point in self.points):
                raise ValueError("each polygon point is an [x, y] pair")
        return self


class FlagLook(Strict):
    """A flag drawn by the game: equal stripes, then figures on top."""

    ratio: Number = Field(1.5, ge=1, le=2.5, description="Width divided by height.")
    stripes: list[HexColour] = Field(
        min_length=1, max_length=15, description="Equal stripes (one colour: a plain field).")
    vertical: bool = Field(False, description="Stripes run top to bottom.")
    shapes: list[FlagShape] = Field(default_factory=list, description="Figures on the field.")


class TitleArt(Strict):
    """The title poster of a scenario."""

    headline: str = Field("", description="Big words (default: the scenario's title).")
    subtitle: str = Field("", description="A line under the headline.")
    cities: list[str] = Field(default_factory=list, max_length=4,
                              description="Names set on the poster's banners, e.g. the "
                                          "sides' capitals.")
    background: HexColour | None = Field(None, description="The poster's ground colour.")
    rays: HexColour | None = Field(None, description="The colour of the rays.")


class CalendarPhase(Strict):
    from_: DateText = Field(alias="from", description="The day from which turns take this "
                                                      "length.")
    days: int = Field(ge=1, le=366, description="Days in each turn from then on.")


class Calendar(Strict):
    start: DateText = Field(description="First turn.")
    end: DateText = Field(description="Last turn (inclusive; for week and day calendars, "
                                      "the turn that holds this day).")
    period: Literal["quarter", "month", "year", "week", "day"] = Field(
        "quarter", description="Length of one turn.")
    phases: list[CalendarPhase] = Field(
        default_factory=list, description="Week and day calendars: turns of another "
                                          "length from a given day on, in date order "
                                          "(weekly turns, then daily ones through a crisis).")


class ScenarioInfo(Strict):
    id: Id = Field(description="Scenario id; normally the folder name.")
    title: str = Field(min_length=1, description="Title shown to players.")
    version: str = Field("1", description="Content version; saves record it.")
    description: str = Field("", description="A paragraph for the new-campaign screen.")
    authors: list[str] = Field(default_factory=list, description="Who wrote it.")
    calendar: Calendar = Field(description="The turns: first, last and their length.")
    triggered_events_per_turn: int = Field(
        2, ge=0, le=20,
        description="At most this many repeatable chance-based events fire per turn (one-off "
                    "events, whatever their chance, are never held back by it).")
    map: str = Field("", description="The board's map: 'world' (the default, a map of "
                                     "1953-1964) or 'plain' (no map; places use position).")
    board: BoardLook | None = Field(None, description="Caption and region of the board.")
    title_art: TitleArt | None = Field(None, description="The title poster.")


class Temperament(Strict):
    """A hidden character the computer may draw for a side, revealed in the epilogue."""

    id: Id
    name: str = Field(min_length=1, description="Shown in the epilogue, e.g. 'A hawk'.")
    description: str = Field("", description="How this temperament plays, for the epilogue.")
    weight: Number = Field(1.0, gt=0, le=100,
                           description="Relative chance of being drawn at the start of a game.")
    values: dict[str, Number] = Field(
        default_factory=dict,
        description="Meter id -> extra value the computer puts on each point of that meter, "
                    "in score points, on top of its own score (negative: it wants it low).")
    risk: Number = Field(1.0, ge=0, le=5, description="How much the computer fears endings "
                        "that are bad for it: 1 judges them at face value; above 1 it is "
                        "cautious, below 1 reckless.")

class BoardPoint(Strict):
    x: Number = Field(ge=0, le=1, description="0 = left edge of the board, 1 = right edge.")
    y: Number = Field(ge=0, le=1, description="0 = top edge of the board, 1 = bottom edge.")


class Side(Strict):
    id: Id
    name: str = Field(min_length=1, description="Full name shown to players.")
    short: str = Field("", description="Short name for tight spaces, e.g. 'PRC'.")
    leader: str = Field("", description="Who leads this side at the start.")
    description: str = Field("", description="A paragraph for the new-campaign screen.")
    capital_meter: Id = Field(description="The meter that holds this side's political capital.")
    income: Expr = Field(description="Political capital gained at the start of every turn.")
    objectives: list[str] = Field(
        default_factory=list, description="What this side is trying to do, told to the player.")
    temperaments: list[Temperament] = Field(
        default_factory=list,
        description="Characters the computer may play this side with, one drawn from the "
                    "seed each game; none: it plays for its score alone.")
    position: BoardPoint | None = Field(None, description="Where its capital sits on a plain "
                                                          "board.")
    color: HexColour | None = Field(None, description="Display colour (default: the palette's).")
    emblem: Literal["disc", "square", "diamond", "shield"] | None = Field(
        None, description="Shape of its seal on the board (default: by order of the sides).")
    flag: FlagLook | None = Field(None, description="Its flag, drawn by the game.")
    territory: list[str] = Field(default_factory=list,
                                 description="Map states (ids from the map) it holds.")
    capital: GeoPoint | None = Field(None, description="Its capital on the map (default: the "
                                                       "map's capital of its first state).")


class Display(Strict):
    group: str = Field("", description="Panel the meter is shown in, e.g. 'alliance'.")
    higher_is: Literal["good", "bad", "neutral"] = Field(
        "good", description="Whether a rise is good for the owner (colours the change).")
    short: str = Field("", description="Short label for tight spaces.")
    hidden: bool = Field(False, description="Kept off the main panels.")
    order: Whole = Field(0, description="Sort order within its group.")


class Drift(Strict):
    toward: Whole = Field(description="Value the meter drifts toward every turn.")
    rate: int = Field(1, ge=1, le=100, description="Points moved per turn.")


class Meter(Strict):
    id: Id
    name: str = Field(min_length=1, description="Shown on the meter panel.")
    owner: Id | None = Field(
        None, description="Side or third party id; leave it out for shared meters.")
    min: Whole = 0
    max: Whole = 100
    start: Whole = Field(description="Value at the start of the campaign.")
    description: str = Field("", description="What the meter means, for tooltips.")
    display: Display = Field(default_factory=Display)
    drift: Drift | None = Field(None, description="Slow pull toward a resting value.")
    silence: MeterSilence = Field(default_factory=dict)

    @model_validator(mode="after")
    def _bounds(self) -> Meter:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start {self.start} is outside the bounds {self.min}..{self.max}")
        return self


class ThirdParty(Strict):
    id: Id
    name: str = Field(min_length=1, description="Shown on the board.")
    description: str = Field("", description="What it is, for tooltips.")
    position: BoardPoint | None = Field(
        None, description="Where it sits on a plain board (on a map: its territory or capital).")
    territory: list[str] = Field(default_factory=list,
                                 description="Map states (ids from the map) it stands for.")
    capital: GeoPoint | None = Field(None, description="Where its marker sits on the map "
                                                       "(default: its first state's capital).")
    flag: FlagLook | None = Field(None, description="Its flag, drawn by the game.")
    label: str = Field("", max_length=16,
                       description="A short name for a crowded board (default: made from "
                                   "its name, e.g. 'N. Korea').")
    independence: Number = Field(
        15, ge=0, description="A side controls the party when its influence exceeds every "
                              "rival's by at least this much.")
    influence: dict[str, Annotated[int, Field(ge=0, le=100), _InRange()]] = Field(
        description="Starting influence of each side (side id -> 0..100).")
    drift: int = Field(
        1, ge=0, le=20, description="Points per turn that influence drifts back toward its "
                                    "start when neglected (0: never).")
    importance: int = Field(
        1, ge=0, le=20, description="What controlling the party is worth: summed into the "
                                    "built-in variables board_<side> and board_<side>_<region>.")
    region: Id | None = Field(
        None, description="Region the party belongs to (e.g. 'asia'), for regional scoring "
                          "through board_<side>_<region>.")
    silence: PartySilence = Field(default_factory=dict)


class ModifierStart(Strict):
    modifier: Id = Field(description="The modifier to start.")
    turns: int | None = Field(None, ge=1, le=400, description="Overrides the modifier's length.")


class FollowUp(Strict):
    event: Id = Field(description="The event to queue.")
    delay: int = Field(1, ge=0, le=200, description="Turns to wait; 0 fires next turn's start.")


class Effect(Strict):
    """One change. Write exactly one of the keys."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1, "maxProperties": 1})

    add: dict[str, Expr] | None = Field(None, description="Add amounts to meters.")
    set: dict[str, Expr] | None = Field(None, description="Set meters to values.")
    fair: dict[str, Expr] | None = Field(
        None, description="Move meters a percentage of the way to their max (positive) "
                          "or min (negative): diminishing returns near the bounds.")
    set_flag: Id | list[Id] | None = Field(None, description="Raise one or more flags.")
    clear_flag: Id | list[Id] | None = Field(None, description="Lower one or more flags.")
    start_modifier: Id | ModifierStart | None = Field(None, description="Start a timed modifier.")
    end_modifier: Id | None = Field(None, description="End a running modifier.")
    queue_event: FollowUp | None = Field(None, description="Queue an event for a later turn.")
    chance: ChanceEffect | None = Field(None, description="Roll a seeded chance.")
    when: ConditionalEffect | None = Field(None, description="Apply effects only if a test holds.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Effect:
        present = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(present) != 1:
            options = ", ".join(type(self).model_fields)
            if not present:
                raise ValueError(f"an effect needs one of: {options}")
            raise ValueError(f"an effect has exactly one key; found {', '.join(present)} "
                             "(write them as separate list items)")
        return self


class ChanceEffect(Strict):
    p: Expr = Field(description="Probability 0..1 (an amount expression).")
    label: str = Field("", description="What is being risked, shown to the player.")
    then: list[Effect] = Field(default_factory=list, description="Applied when the roll succeeds.")
    otherwise: list[Effect] = Field(default_factory=list, description="Applied when it fails.")


class ConditionalEffect(Strict):
    condition: Condition = Field(description="Tested when the effect applies.")
    then: list[Effect] = Field(default_factory=list, description="Applied when it holds.")
    otherwise: list[Effect] = Field(default_factory=list, description="Applied when it does not.")


_HAS_FACTORS: JsonDict = {"required": ["factors"], "properties": {"factors": {"minItems": 1}}}
_CHANCE_BELOW_ONE: JsonDict = {"required": ["chance"],
                               "properties": {"chance": {"exclusiveMaximum": 1}}}
"""Chance factors multiply a chance below 1 (the compiler checks the same)."""


class ChanceFactor(Strict):
    when: Condition = Field(description="While this holds, the chance is multiplied.")
    factor: Number = Field(ge=0, le=100, description="Multiplies the event's chance.")
    reason: str = Field(min_length=1, description="Shown to the player: why it is likelier.")


class Choice(Strict):
    id: Id
    label: str = Field(min_length=1, description="The button text.")
    text: str = Field("", description="A sentence on what this choice means.")
    condition: Condition | None = Field(None, description="When this choice is offered.")
    requirement: str = Field("", description="Plain words for the condition, shown when locked.")
    historical: bool = Field(False, description="What really happened.")
    ai_weight: Expr = Field(1, description="Base preference of the AI for this choice.")
    effects: list[Effect] = Field(default_factory=list, description="Applied when chosen.")
    follow_ups: list[FollowUp] = Field(default_factory=list,
                                       description="Events queued when chosen.")
    silence: ChoiceSilence = Field(default_factory=dict)


class Event(Strict):
    id: Id
    title: str = Field(min_length=1, description="The card's headline.")
    side: Id = Field(description="Side id that decides, or 'both' (each side decides).")
    from_: DateText | None = Field(None, alias="from", description="First turn it can fire.")
    to: DateText | None = Field(None, description="Last turn it can fire.")
    condition: Condition | None = Field(None, description="Must hold for it to fire.")
    chance: Number = Field(1.0, ge=0, le=1, description="Chance per turn while eligible.")
    factors: list[ChanceFactor] = Field(default_factory=list,
                                        description="Multipliers of the chance, shown to players.")
    repeatable: bool = Field(False, description="Can fire again (after its cooldown).")
    cooldown: int = Field(0, ge=0, le=200, description="Turns between repeats.")
    follow_up_only: bool = Field(False, description="Fires only when queued by a choice.")
    rare: bool = Field(False, description="Rare by design: the balance report does not flag it.")
    crisis: str = Field("", description="Name of the crisis chain this step belongs to.")
    date_text: str = Field("", description="Date line on the card, e.g. '25 February 1956'.")
    text: SideText = Field(description="The card's text.")
    history: str = Field("", description="What really happened, and when.")
    effects: list[Effect] = Field(default_factory=list, description="Applied when it fires.")
    choices: list[Choice] = Field(min_length=2, max_length=4,
                                  description="Two to four choices.")
    anchor: str = Field("", description="Why this event fires in almost every game (a "
                                        "historical anchor such as Stalin's death); the "
                                        "balance report then does not flag it.")
    silence: EventSilence = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              json_schema_extra={"if": _HAS_FACTORS, "then": _CHANCE_BELOW_ONE})

    @field_validator("choices")
    @classmethod
    def _choice_ids_unique(cls, choices: list[Choice]) -> list[Choice]:
        seen: set[str] = set()
        for choice in choices:
            if choice.id in seen:
                raise ValueError(f"two choices have the id '{choice.id}'")
            seen.add(choice.id)
        return choices


class Action(Strict):
    id: Id
    name: str = Field(min_length=1, description="The action's name on its button.")
    side: Id = Field(description="The side that may take it.")
    category: str = Field("", description="diplomacy, aid, polemics, military, economy, "
                                          "nuclear, congress, ...")
    description: str = Field("", description="What it does, in a sentence.")
    cost: Expr = Field(1, description="Political capital spent.")
    cooldown: int = Field(0, ge=0, le=200, description="Turns before it can be taken again.")
    once: bool = Field(False, description="Can be taken only once per campaign.")
    condition: Condition | None = Field(None, description="Must hold for it to be taken.")
    requirement: str = Field("", description="Plain words for the condition, shown when locked.")
    ai_weight: Expr = Field(1, description="A small nudge of the computer's taste for it.")
    effects: list[Effect] = Field(default_factory=list, description="Applied when taken.")
    follow_ups: list[FollowUp] = Field(default_factory=list,
                                       description="Events queued when taken.")
    silence: ActionSilence = Field(default_factory=dict)


class Modifier(Strict):
    id: Id
    name: str = Field(min_length=1, description="Shown in the strip of running effects.")
    description: str = Field("", description="What it does, for tooltips.")
    turns: int = Field(4, ge=1, le=400, description="Default length in turns.")
    each_turn: list[Effect] = Field(default_factory=list, description="Applied every turn.")
    from_start: bool = Field(False, description="Running when the game begins (for standing "
                                                "rules of the world, shown like any modifier).")


class Flag(Strict):
    id: Id
    description: str = Field("", description="A sentence players read in previews, e.g. "
                                             "'Khrushchev has been removed from power.'")
    silence: FlagSilence = Field(default_factory=dict)


class Ending(Strict):
    id: Id
    title: str = Field(min_length=1, description="Shown on the end screen.")
    kind: Literal["sudden", "final"] = Field(
        description="sudden: checked at the end of every turn, in order; final: checked at "
                    "the end of the last turn, the first that holds wins.")
    condition: Condition | None = Field(
        None, description="Required for sudden endings; a final ending without one is the "
                          "fallback and must come last.")
    score: Expr | dict[str, Expr] = Field(0, description="Score, or side id -> score.")
    epilogue: SideText = Field(description="What became of the world, for the player.")
    history: str = Field("", description="What really happened, set beside the epilogue.")
    historical: bool = Field(False, description="The ending closest to real history.")
    silence: EndingSilence = Field(default_factory=dict)

    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"kind": {"const": "sudden"}}, "required": ["kind"]},
        "then": {"required": ["condition"]}})


class GlossaryEntry(Strict):
    id: Id
    term: str = Field(min_length=1, max_length=80, description="The word as players meet it.")
    kind: Literal["term", "person", "place", "word"] = Field(
        "word", description="A game term, a person, a place, or a word of the period.")
    aliases: list[str] = Field(default_factory=list,
                               description="Other spellings that link to this entry.")
    text: str = Field(min_length=1, max_length=1200, description="The explanation, in plain "
                                                                 "words.")


class Award(Strict):
    side: Id = Field(description="Side that earns the points.")
    label: str = Field(min_length=1, description="What the points are for, shown to players.")
    points: Expr = Field(description="Victory points earned (an amount expression; may be "
                                     "negative).")


class ScoringMoment(Strict):
    """A moment at which sides earn victory points from what they hold."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              json_schema_extra={"if": _HAS_FACTORS, "then": _CHANCE_BELOW_ONE})

    id: Id
    name: str = Field(min_length=1, description="Shown to players, e.g. 'Year-end review'.")
    description: str = Field("", description="What is being scored, in plain words.")
    when: Condition = Field(True, description="Checked at the end of every turn, after both "
                                              "sides have moved: points are paid when it holds.")
    from_: DateText | None = Field(None, alias="from", description="First turn it can happen.")
    to: DateText | None = Field(None, description="Last turn it can happen.")
    chance: Number = Field(1.0, ge=0, le=1, description="Chance per turn while eligible: below "
                                                       "1, its timing is uncertain.")
    factors: list[ChanceFactor] = Field(default_factory=list,
                                        description="Multipliers of the chance.")
    once: bool = Field(False, description="Happens at most once per game.")
    cooldown: int = Field(0, ge=0, le=400, description="Turns after it is held before it can "
                                                       "be held again.")
    awards: list[Award] = Field(min_length=1, description="Points paid to each side.")


class Scoring(Strict):
    """The running score: victory points accrue at scoring moments during play."""

    points: dict[str, Id] = Field(
        description="Side id -> the meter that holds the side's victory points.")
    draw_margin: Number = Field(
        5, ge=0, le=100, description="At the end a side wins if its score beats the other's "
                                     "by more than this, loses if it trails by more, else draws.")
    moments: list[ScoringMoment] = Field(default_factory=list,
                                         description="When points are paid.")


class ScenarioFile(Strict):
    """One YAML file in a scenario folder. Every section is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Red Schism scenario file")

    scenario: ScenarioInfo | None = Field(
        None, description="Id, title and calendar (in exactly one file of the folder).")
    sides: list[Side] = Field(default_factory=list, description="The playable powers.")
    meters: list[Meter] = Field(default_factory=list, description="Numbers the rules move.")
    third_parties: list[ThirdParty] = Field(
        default_factory=list, description="Countries and parties the sides compete for.")
    flags: list[Flag] = Field(default_factory=list, description="Facts effects set and clear.")
    modifiers: list[Modifier] = Field(default_factory=list, description="Timed effects.")
    events: list[Event] = Field(default_factory=list, description="Cables with choices.")
    actions: list[Action] = Field(default_factory=list,
                                  description="What sides spend capital on.")
    endings: list[Ending] = Field(default_factory=list, description="How a game can end.")
    glossary: list[GlossaryEntry] = Field(
        default_factory=list, description="Game terms and the period's people, places and "
                                          "words, linked from the text where they appear.")
    scoring: Scoring | None = Field(None, description="The running score (one file only).")


Effect.model_rebuild()
ChanceEffect.model_rebuild()
ConditionalEffect.model_rebuild()

SECTIONS = ("sides", "meters", "third_parties", "flags", "modifiers", "events", "actions",
            "endings", "glossary")


def json_schema() -> dict[str, object]:
    """The JSON Schema of one scenario file."""
    from game.content.schema_export import tidy

    schema = tidy(ScenarioFile.model_json_schema(by_alias=True))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://red-schism.invalid/scenario.schema.json"
    return schema
