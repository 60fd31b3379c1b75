"""Historical checks on a compiled scenario's text: anachronisms and date lines.

Two rules, both about what a card may say given when it can fire:

* **Anachronism.** A card must never name a year later than the first year in
  which it can fire: a 1955 card that mentions "the 1957 crisis" tells the
  player the future. The rule reads what the player sees before deciding
  (title, date line, the card's text for every side, each choice's label, text
  and requirement, and the labels of chance rolls) and ignores the ``history``
  note, which is shown after the decision and is meant to reach beyond the
  card's date. Years earlier than the window ("the 1950 treaty") are fine.
* **Date line.** The months a card's date line names ("6 - 19 September
  1958", "Winter 1962-63") must overlap the turns in which the card can fire;
  a card dated September that can only fire from October has slipped a
  quarter. Date lines that name no date ("Whenever relations sour") pass.

When an event can fire: its window, or, for an event that other content
queues (follow-ups fire whatever their window), the turns anything that
queues it can run, plus one turn and the delay. Actions count from the first
turn to the last, and modifiers from the first turn anything starts them.
Pure: no pygame, no disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from game.engine import days
from game.engine.model import Calendar, EventDef, Op, Scenario

# A four-digit number not glued to other digits, optionally followed by the end
# of a range ("1959-61", "1958 - 1959"). Thousands separators keep counts such
# as "1,390 experts" from reading as years; a bare "2000 km" would be read as
# one, so write counts with a separator.
_YEAR = re.compile(r"(?<![\d.,])([12]\d{3})(?!\d)(?:\s*[-–]\s*(\d{4}|\d{2})(?![\d,]))?")


def years_named(text: str) -> list[int]:
    """Every year a text names, in order, counting both ends of a range."""
    years: list[int] = []
    for match in _YEAR.finditer(text):
        first = int(match.group(1))
        years.append(first)
        last = _range_end(first, match.group(2))
        if last is not None:
            years.append(last)
    return years


def _range_end(first: int, end: str | None) -> int | None:
    if end is None:
        return None
    last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
    return last if last > first else None


_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"), start=1)}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_DATE_WORD = re.compile(r"[a-z]+|(?<![\d.,])[12]\d{3}(?!\d)(?:\s*[-–]\s*(?:\d{4}|\d{2})(?![\d,]))?")


def months_named(date_text: str) -> tuple[int, int] | None:
    """The span of months a date line names, as (first, last) month numbers
    counted from year 0 (``year * 12 + month - 1``), or None if it names no date.

    A month or season belongs to the next year written after it ("April - 1 May
    1955"), or else to the last one before it; a year with no month of its own
    stands for the whole year. "Winter 1962-63" is December to February; a
    winter of one year is read widely, January of that year to February of the
    next. Words in brackets are comments ("(did not happen)") and are skipped.
    """
    text = re.sub(r"\([^)]*\)", " ", date_text.lower())
    tokens = _DATE_WORD.findall(text)
    spans: list[tuple[int, int]] = []
    waiting: list[str] = []
    last_year: int | None = None

    def place(word: str, year: int, end_year: int | None) -> None:
        if word in _MONTHS:
            month = year * 12 + _MONTHS[word] - 1
            spans.append((month, month))
        elif word == "winter" and end_year == year + 1:
            spans.append((year * 12 + 11, year * 12 + 13))
        elif word == "winter":
            spans.append((year * 12, year * 12 + 13))
        else:
            low, high = _SEASONS[word]
            spans.append((year * 12 + low - 1, year * 12 + high - 1))

    for token in tokens:
        if token[0].isdigit():
            match = _YEAR.match(token)
            assert match is not None
            year = int(match.group(1))
            end_year = _range_end(year, match.group(2))
            if waiting:
                for word in waiting:
                    place(word, year, end_year)
                waiting = []
                if end_year is not None and end_year > year + 1:
                    spans.append((year * 12, end_year * 12 + 11))
            else:
                spans.append((year * 12, (end_year or year) * 12 + 11))
            last_year = end_year or year
        elif token in _MONTHS or token in _SEASONS or token == "winter":
            waiting.append(token)
    if waiting and last_year is not None:
        for word in waiting:
            place(word, last_year, None)
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _turn_months(calendar: Calendar, turn: int) -> tuple[int, int]:
    """(first, last) month numbers of a turn, counted as in :func:`months_named`."""
    if calendar.by_day:
        first_year, first_month, _ = days.civil(calendar.days[turn])
        last_year, last_month, _ = days.civil(calendar.last_day(turn))
        return first_year * 12 + first_month - 1, last_year * 12 + last_month - 1
    year, sub = calendar.date_of(turn)
    if calendar.period == "quarter":
        return year * 12 + (sub - 1) * 3, year * 12 + sub * 3 - 1
    if calendar.period == "month":
        month = year * 12 + sub - 1
        return month, month
    return year * 12, year * 12 + 11


def _queued_by(ops: Iterable[Op]) -> Iterator[tuple[int, int]]:
    """(event index, delay) for every queue_event among ``ops``, nested ones included."""
    for op in ops:
        if op.kind == "queue":
            yield op.index, int(op.amount)  # type: ignore[arg-type]
        yield from _queued_by(op.then)
        yield from _queued_by(op.otherwise)


def _started_by(ops: Iterable[Op]) -> Iterator[int]:
    """Indices of the modifiers that ``ops`` start, nested ones included."""
    for op in ops:
        if op.kind == "mod_start":
            yield op.index
        yield from _started_by(op.then)
        yield from _started_by(op.otherwise)


def _chance_labels(ops: Iterable[Op]) -> Iterator[str]:
    for op in ops:
        if op.kind == "chance" and op.label:
            yield op.label
        yield from _chance_labels(op.then)
        yield from _chance_labels(op.otherwise)


def firing_turns(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Event id -> (earliest, latest) 0-based turn it can fire; events nothing can
    fire are left out."""
    events = scenario.events
    last = scenario.calendar.turns - 1
    spans: dict[int, tuple[int, int]] = {
        e.index: (e.first_turn, e.last_turn) for e in events if not e.follow_up_only}
    modifiers: dict[int, tuple[int, int]] = {}

    def widen(table: dict[int, tuple[int, int]], index: int, low: int, high: int) -> bool:
        high = min(high, last)
        if low > last:
            return False
        old = table.get(index)
        new = (low, high) if old is None else (min(old[0], low), max(old[1], high))
        table[index] = new
        return new != old

    # Spans only ever widen and are bounded by the calendar, so the loop ends;
    # it needs about one pass per link in the longest chain of queues.
    changed = True
    while changed:
        changed = False
        sources: list[tuple[tuple[int, int], tuple[tuple[int, int], ...], tuple[Op, ...]]] = []
        for event in events:
            span = spans.get(event.index)
            if span is None:
                continue
            sources.append((span, (), event.ops))
            sources.extend((span, c.follow_ups, c.ops) for c in event.choices)
        sources.extend(((0, last), a.follow_ups, a.ops) for a in scenario.actions)
        sources.extend((modifiers[m.index], (), m.ops) for m in scenario.modifiers
                       if m.index in modifiers)
        for (low, high), follow_ups, ops in sources:
            for index, delay in (*follow_ups, *_queued_by(ops)):
                changed |= widen(spans, index, low + 1 + delay, high + 1 + delay)
            for index in _started_by(ops):
                changed |= widen(modifiers, index, low, last)
    return {events[index].id: span for index, span in spans.items()}


def earliest_turns(scenario: Scenario) -> dict[str, int]:
    """Event id -> the earliest turn (0-based) it can fire."""
    return {event_id: span[0] for event_id, span in firing_turns(scenario).items()}


@dataclass(frozen=True, slots=True)
class Anachronism:
    """A year named on a card later than the first year the card can fire."""

    event_id: str
    where: str
    """Which text: 'title', 'date_text', 'text', 'text (prc)', 'choice <id> label'..."""
    year: int
    first_year: int

    def __str__(self) -> str:
        return (f"{self.event_id}: {self.where} names {self.year}, but the event can fire "
                f"from {self.first_year}")


@dataclass(frozen=True, slots=True)
class DateSlip:
    """A date line that lies wholly outside the turns in which its card can fire."""

    event_id: str
    date_text: str
    fires: str
    """The turns the card can fire, as calendar labels ('1958 Q4' or '1958 Q4 - 1959 Q1')."""

    def __str__(self) -> str:
        return (f"{self.event_id}: the date line '{self.date_text}' lies outside the turns "
                f"in which the event can fire ({self.fires})")


def _card_texts(event: EventDef) -> Iterator[tuple[str, str]]:
    """(where, text) for everything the player reads on a card before deciding."""
    yield "title", event.title
    yield "date_text", event.date_text
    for side, text in event.texts.items():
        yield ("text" if not side else f"text ({side})"), text
    for label in _chance_labels(event.ops):
        yield "chance label", label
    for choice in event.choices:
        yield f"choice {choice.id} label", choice.label
        yield f"choice {choice.id} text", choice.text
        yield f"choice {choice.id} requirement", choice.requirement
        for label in _chance_labels(choice.ops):
            yield f"choice {choice.id} chance label", label


def anachronisms(scenario: Scenario) -> list[Anachronism]:
    """Every year named on a card later than the first year that card can fire."""
    found: list[Anachronism] = []
    turns = firing_turns(scenario)
    for event in scenario.events:
        span = turns.get(event.id)
        if span is None:
            continue
        first_year = scenario.calendar.date_of(span[0])[0]
        for where, text in _card_texts(event):
            found.extend(Anachronism(event.id, where, year, first_year)
                         for year in years_named(text) if year > first_year)
    return found


def date_slips(scenario: Scenario) -> list[DateSlip]:
    """Every card whose date line names months outside the turns it can fire."""
    found: list[DateSlip] = []
    calendar = scenario.calendar
    turns = firing_turns(scenario)
    for event in scenario.events:
        span = turns.get(event.id)
        named = months_named(event.date_text)
        if span is None or named is None:
            continue
        first, last = _turn_months(calendar, span[0])[0], _turn_months(calendar, span[1])[1]
        if named[1] < first or named[0] > last:
            fires = calendar.label(span[0])
            if span[1] != span[0]:
                fires += " - " + calendar.label(span[1])
            found.append(DateSlip(event.id, event.date_text, fires))
    return found
