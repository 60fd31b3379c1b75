"""Checking a validated scenario as a whole and compiling it for the engine.

Pydantic has already checked each file's shape. Here every cross-reference is
checked (ids exist, dates sit inside the calendar, expressions name real
meters), all problems are collected with positions, and, when there are none,
the engine's :class:`~game.engine.model.Scenario` is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from game.content import maps, schema
from game.content.diagnostics import Position, Problem, did_you_mean
from game.content.expressions import (
    FunctionTable,
    Kind,
    Symbols,
    check_expression,
    constant_value,
    reads_of,
    soft_condition,
)
from game.content.yaml_reader import Document, Path
from game.engine import days, look, model

BUILTIN_VARIABLES = ("turn", "year", "quarter", "month", "day", "turns_left")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE = {
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
    "year": re.compile(r"^(\d{4})$"),
    "week": _DAY,
    "day": _DAY,
}
_DATE_EXAMPLE = {"quarter": "1956-Q1", "month": "1956-03", "year": "1956",
                 "week": "1962-10-16", "day": "1962-10-16"}
_DEFAULT_DAYS = {"week": 7, "day": 1}


def read_date(period: str, text: str) -> tuple[int, int]:
    """A calendar date written as text: (year, quarter-or-month) for quarter, month and
    year calendars, (day number, 0) for week and day calendars (see game.engine.days).
    Raises ValueError with the message to show."""
    match = _DATE[period].match(str(text))
    if not match:
        kind = "day" if period in model.DAY_PERIODS else period
        raise ValueError(f"'{text}' is not a {kind} date (write it like "
                         f"'{_DATE_EXAMPLE[period]}')")
    year = int(match.group(1))
    if period in model.DAY_PERIODS:
        month, day = int(match.group(2)), int(match.group(3))
        if not days.is_date(year, month, day):
            raise ValueError(f"'{text}' is not a day of the calendar (year-month-day, "
                             f"like '{_DATE_EXAMPLE[period]}')")
        return days.day_number(year, month, day), 0
    sub = int(match.group(2)) if match.lastindex and match.lastindex >= 2 else 1
    return year, sub


@dataclass
class Located:
    """A validated item and where it was written."""

    item: Any
    doc: Document
    path: Path

    def pos(self, *more: str | int, key: bool = False) -> Position:
        return self.doc.position_of((*self.path, *more), key=key)


@dataclass
class _Expressions:
    table: FunctionTable = field(default_factory=FunctionTable)
    cache: dict[tuple[str, str], Any] = field(default_factory=dict)


class Compiler:
    def __init__(self, located: dict[str, list[Located]], info: Located | None,
                 files: tuple[str, ...], content_hash: str,
                 scoring: Located | None = None) -> None:
        self.located = located
        self.info = info
        self.scoring_loc = scoring
        self.files = files
        self.content_hash = content_hash
        self.problems: list[Problem] = []
        self.exprs = _Expressions()
        self.reads: dict[Any, tuple[frozenset[int], frozenset[str]]] = {}

    # -- helpers ---------------------------------------------------------

    def problem(self, position: Position, message: str) -> None:
        self.problems.append(Problem(position, message))

    def unique_ids(self, section: str, taken: dict[str, str]) -> dict[str, Located]:
        result: dict[str, Located] = {}
        for loc in self.located[section]:
            ident = loc.item.id
            if ident in result:
                first = result[ident].pos("id")
                self.problem(loc.pos("id"), f"duplicate id '{ident}' (first defined at {first})")
                continue
            if ident in taken:
                self.problem(loc.pos("id"), f"id '{ident}' is already used by {taken[ident]}")
            result[ident] = loc
        return result

    def ref(self, loc: Located, path: tuple[str | int, ...], ident: str,
            known: Iterable[str], what: str, *, key: bool = False) -> bool:
        if ident in known:
            return True
        pool = list(known)
        self.problem(loc.pos(*path, key=key),
                     f"unknown {what} '{ident}'{did_you_mean(ident, pool)}")
        return False

    def expr(self, loc: Located, path: tuple[str | int, ...], source: Any,
             kind: Kind) -> Any:
        """Check an expression; return a constant, a function, or None on error."""
        if isinstance(source, (int, float)) and not isinstance(source, bool) and kind == "amount":
            return float(source)
        key = (source if isinstance(source, str) else repr(source), kind)
        known = self.exprs.cache.get(key)
        if known is not None:
            return known
        node, issue = check_expression(source, kind, self.symbols)
        if issue is not None:
            base = loc.pos(*path)
            column = base.column + issue.column
            if isinstance(source, str) and loc.doc.has_position((*loc.path, *path)):
                # Quoted scalars start one column before their text.
                raw = self._raw_line(base)
                if raw and base.column - 1 < len(raw) and raw[base.column - 1] in "\"'":
                    column += 1
            self.problem(Position(base.file, base.line, column), issue.message)
            return None
        assert node is not None
        constant = constant_value(node)
        if constant is not None:
            self.exprs.cache[key] = constant
            return constant
        function = self.exprs.table.add(node)
        self.exprs.cache[key] = function
        self.reads[function] = reads_of(node)
        return function

    def soft(self, source: Any) -> Any:
        """The soft form of a condition that has already been checked without problems."""
        if source is None or isinstance(source, bool):
            return None
        node, issue = check_expression(source, "condition", self.symbols)
        if node is None or issue is not None:
            return None
        return soft_condition(node, self.exprs.table.add)

    def _raw_line(self, position: Position) -> str:
        lines: list[str] | None = getattr(self, "_line_cache", {}).get(position.file)
        if lines is None:
            try:
                with open(position.file, encoding="utf-8") as handle:
                    lines = handle.read().splitlines()
            except OSError:
                lines = []
            cache = getattr(self, "_line_cache", {})
            cache[position.file] = lines
            self._line_cache = cache
        index = position.line - 1
        return lines[index] if 0 <= index < len(lines) else ""

    def condition(self, loc: Located, path: tuple[str | int, ...], source: Any) -> Any:
        if source is None or source is True:
            return None
        result = self.expr(loc, path, source, "condition")
        if result is True:
            return None
        if result is False:
            return _NEVER
        return result

    def date_to_turn(self, loc: Located, path: tuple[str | int, ...], text: str) -> int | None:
        cal = self.calendar
        if cal is None:
            return None
        try:
            year, sub = read_date(cal.period, text)
        except ValueError as error:
            self.problem(loc.pos(*path), str(error))
            return None
        if cal.by_day:
            turn = cal.turn_of_day(year)
            turn = -1 if turn is None else turn
        else:
            turn = (year - cal.start_year) * cal.per_year + (sub - cal.start_sub)
        if not 0 <= turn < cal.turns:
            self.problem(loc.pos(*path), f"date '{text}' is outside the calendar "
                                         f"({cal.label(0)} to {cal.label(cal.turns - 1)})")
            return None
        return turn

    # -- the whole compile -----------------------------------------------

    def run(self) -> model.Scenario | None:
        self.calendar = self.compile_calendar()
        sides = self.unique_ids("sides", {})
        self.side_ids = list(sides)
        if not sides and self.info is not None:
            self.problem(self.info.pos(), "the scenario declares no sides")
        meters = self.unique_ids("meters", {})
        parties = self.unique_ids("third_parties", {})
        flags = self.unique_ids("flags", {})
        modifiers = self.unique_ids("modifiers", {})
        events = self.unique_ids("events", {})
        actions = self.unique_ids("actions", {})
        endings = self.unique_ids("endings", {})
        glossary = self.compile_glossary(self.unique_ids("glossary", {}))

        meter_defs = self.compile_meters(meters, parties)
        slot_of = {m.id: m.slot for m in meter_defs}
        builtin_slots: dict[str, int] = {}
        for name in BUILTIN_VARIABLES:
            builtin_slots[name] = len(slot_of) + len(builtin_slots)
        regions = sorted({loc.item.region for loc in parties.values() if loc.item.region})
        for side_id in self.side_ids:
            builtin_slots[f"allies_{side_id}"] = len(slot_of) + len(builtin_slots)
            builtin_slots[f"board_{side_id}"] = len(slot_of) + len(builtin_slots)
            for region in regions:
                builtin_slots[f"board_{side_id}_{region}"] = len(slot_of) + len(builtin_slots)
        for name in builtin_slots:
            if name in slot_of:
                loc = meters.get(name)
                if loc is not None:
                    self.problem(loc.pos("id"), f"'{name}' is a built-in variable; "
                                                "choose another meter id")
        control: dict[str, dict[str, tuple[int, tuple[int, ...], float]]] = {}
        for party_id, loc in parties.items():
            control[party_id] = {}
            for side_id in self.side_ids:
                own = slot_of.get(f"{party_id}_{side_id}", -1)
                rivals = tuple(slot_of.get(f"{party_id}_{s}", -1) for s in self.side_ids
                               if s != side_id)
                control[party_id][side_id] = (own, rivals, float(loc.item.independence))
        self.symbols = Symbols(
            values={**slot_of, **builtin_slots},
            flags=frozenset(flags),
            events=frozenset(events),
            modifiers=frozenset(modifiers),
            control=control,
        )
        self.meter_ids = list(slot_of)
        self.event_index = {ident: i for i, ident in enumerate(events)}
        self.modifier_index = {ident: i for i, ident in enumerate(modifiers)}
        self.flag_ids = list(flags)

        side_defs = [self.compile_side(loc, slot_of) for loc in sides.values()]
        party_defs = [self.compile_party(loc, slot_of) for loc in parties.values()]
        scoring = self.compile_scoring(slot_of)
        modifier_defs = [self.compile_modifier(i, loc) for i, loc in enumerate(modifiers.values())]
        event_defs = [self.compile_event(i, loc) for i, loc in enumerate(events.values())]
        action_defs = [self.compile_action(i, loc) for i, loc in enumerate(actions.values())]
        ending_defs = self.compile_endings(endings)
        scenario_look = self.compile_look(sides, parties)

        self.check_follow_up_cycles([e for e in event_defs if e is not None], events)
        if self.info is None:
            first = self.files[0] if self.files else "<scenario>"
            self.problem(Position(first, 1, 1),
                         "no file has a 'scenario:' section (id, title, calendar)")
        if self.problems or self.calendar is None or self.info is None:
            return None

        self.exprs.table.compile()
        turns = self.calendar.turns
        events_by_turn: list[list[int]] = [[] for _ in range(turns)]
        resolved_events = [e for e in event_defs if e is not None]
        for event in resolved_events:
            if event.follow_up_only:
                continue
            for turn in range(event.first_turn, event.last_turn + 1):
                events_by_turn[turn].append(event.index)
        info: schema.ScenarioInfo = self.info.item
        return model.Scenario(
            id=info.id,
            title=info.title,
            version=info.version,
            description=info.description,
            content_hash=self.content_hash,
            calendar=self.calendar,
            triggered_events_per_turn=info.triggered_events_per_turn,
            sides=tuple(side_defs),
            meters=tuple(meter_defs),
            parties=tuple(party_defs),
            flags={ident: loc.item.description for ident, loc in flags.items()},
            modifiers=tuple(modifier_defs),
            events=tuple(resolved_events),
            actions=tuple(a for a in action_defs if a is not None),
            endings=tuple(ending_defs),
            slot_count=len(slot_of) + len(builtin_slots),
            builtin_slots=builtin_slots,
            events_by_turn=tuple(tuple(t) for t in events_by_turn),
            source_files=self.files,
            scoring=scoring,
            reads=self.reads,
            map=scenario_look.map,
            look=scenario_look,
            glossary=tuple(glossary),
        )

    def compile_glossary(self, entries: dict[str, Located]) -> list[model.GlossaryEntry]:
        """Glossary entries; a term or alias may name only one entry."""
        result = []
        seen: dict[str, str] = {}
        for ident, loc in entries.items():
            g: schema.GlossaryEntry = loc.item
            names = [g.term, *g.aliases]
            for i, name in enumerate(names):
                key = " ".join(name.split()).casefold()
                where = ("term",) if i == 0 else ("aliases", i - 1)
                if not key:
                    self.problem(loc.pos(*where), "a glossary term cannot be blank")
                elif key in seen and seen[key] != ident:
                    self.problem(loc.pos(*where), f"'{name}' already names the glossary entry "
                                                  f"'{seen[key]}'")
                else:
                    seen[key] = ident
            result.append(model.GlossaryEntry(ident, g.term, g.kind, tuple(g.aliases), g.text))
        return result

    def compile_calendar(self) -> model.Calendar | None:
        if self.info is None:
            return None
        cal: schema.Calendar = self.info.item.calendar
        parsed = []
        for key in ("start", "end"):
            try:
                parsed.append(read_date(cal.period, getattr(cal, key)))
            except ValueError as error:
                self.problem(self.info.pos("calendar", key), str(error))
                return None
        if cal.period in model.DAY_PERIODS:
            return self.compile_day_calendar(cal, parsed[0][0], parsed[1][0])
        if cal.phases:
            self.problem(self.info.pos("calendar", "phases"),
                         "phases change the length of turns in days: they need a week or "
                         "day calendar")
            return None
        per_year = {"quarter": 4, "month": 12, "year": 1}[cal.period]
        turns = (parsed[1][0] - parsed[0][0]) * per_year + parsed[1][1] - parsed[0][1] + 1
        if turns < 1:
            self.problem(self.info.pos("calendar", "end"), "the calendar ends before it starts")
            return None
        if turns > 2000:
            self.problem(self.info.pos("calendar", "end"), "the calendar has over 2,000 turns")
            return None
        return model.Calendar(cal.period, parsed[0][0], parsed[0][1], turns)

    def compile_day_calendar(self, cal: schema.Calendar, start: int, end: int
                             ) -> model.Calendar | None:
        """Turns of a week or day calendar: from ``start``, each as long as the phase it
        begins in says, until the turn that holds ``end``."""
        assert self.info is not None
        if end < start:
            self.problem(self.info.pos("calendar", "end"), "the calendar ends before it starts")
            return None
        lengths = [(start, _DEFAULT_DAYS[cal.period])]
        for i, phase in enumerate(cal.phases):
            try:
                begins = read_date(cal.period, phase.from_)[0]
            except ValueError as error:
                self.problem(self.info.pos("calendar", "phases", i, "from"), str(error))
                return None
            if not start <= begins <= end:
                self.problem(self.info.pos("calendar", "phases", i, "from"),
                             f"phase starts on '{phase.from_}', outside the calendar "
                             f"({cal.start} to {cal.end})")
                return None
            if begins <= lengths[-1][0] and i:
                self.problem(self.info.pos("calendar", "phases", i, "from"),
                             "phases must be listed in date order, each on a later day")
                return None
            if begins == start:
                lengths[0] = (start, phase.days)
            else:
                lengths.append((begins, phase.days))
        turn_days = [start]
        current = 0
        while turn_days[-1] <= end:
            if len(turn_days) > 2000:
                self.problem(self.info.pos("calendar", "end"),
                             "the calendar has over 2,000 turns")
                return None
            while current + 1 < len(lengths) and lengths[current + 1][0] <= turn_days[-1]:
                current += 1
            following = turn_days[-1] + lengths[current][1]
            if current + 1 < len(lengths):
                # a turn never runs across the start of the next phase
                following = min(following, lengths[current + 1][0])
            turn_days.append(following)
        year, month, _ = days.civil(start)
        return model.Calendar(cal.period, year, month, len(turn_days) - 1, tuple(turn_days))

    def compile_meters(self, meters: dict[str, Located],
                       parties: dict[str, Located]) -> list[model.MeterDef]:
        result: list[model.MeterDef] = []
        owners = set(self.side_ids) | set(parties)
        for ident, loc in meters.items():
            m: schema.Meter = loc.item
            if m.owner is not None:
                self.ref(loc, ("owner",), m.owner, sorted(owners), "owner (side or third party)")
            drift = m.drift
            if drift is not None and not m.min <= drift.toward <= m.max:
                self.problem(loc.pos("drift", "toward"),
                             f"drift target {drift.toward} is outside the bounds {m.min}..{m.max}")
            d = m.display
            result.append(model.MeterDef(
                id=ident, name=m.name, slot=len(result), lo=m.min, hi=m.max, start=m.start,
                owner=m.owner, description=m.description, group=d.group, higher_is=d.higher_is,
                short=d.short, hidden=d.hidden, order=d.order,
                drift_toward=drift.toward if drift else None, drift_rate=drift.rate if drift else 0,
                silence={str(k): v for k, v in m.silence.items()},
            ))
        for party_id, loc in parties.items():
            p: schema.ThirdParty = loc.item
            for side_id in p.influence:
                self.ref(loc, ("influence", side_id), side_id, self.side_ids, "side", key=True)
            for side_id in self.side_ids:
                ident = f"{party_id}_{side_id}"
                if ident in meters:
                    self.problem(meters[ident].pos("id"), f"meter id '{ident}' is taken by the "
                                 f"influence of {side_id} in third party '{party_id}'")
                    continue
                start = p.influence.get(side_id, 0)
                if not 0 <= start <= 100:
                    self.problem(loc.pos("influence", side_id),
                                 f"influence {start} is outside 0..100")
                    start = max(0, min(100, start))
                side_name = side_id.upper()
                result.append(model.MeterDef(
                    id=ident, name=f"{p.name}: {side_name} influence", slot=len(result), lo=0,
                    hi=100, start=start, owner=party_id,
                    description=f"How much {side_name} counts in {p.name}.",
                    group="third_parties", higher_is="good", short=p.name, hidden=True, order=0,
                    drift_toward=start if p.drift else None, drift_rate=p.drift,
                ))
        return result

    def compile_side(self, loc: Located, slot_of: dict[str, int]) -> model.SideDef:
        s: schema.Side = loc.item
        capital = -1
        if self.ref(loc, ("capital_meter",), s.capital_meter, slot_of, "meter"):
            capital = slot_of[s.capital_meter]
        temperaments = []
        seen: set[str] = set()
        for i, temper in enumerate(s.temperaments):
            if temper.id in seen:
                self.problem(loc.pos("temperaments", i, "id"),
                             f"two temperaments have the id '{temper.id}'")
            seen.add(temper.id)
            values = []
            for meter_id, weight in temper.values.items():
                if self.ref(loc, ("temperaments", i, "values", meter_id), meter_id, slot_of,
                            "meter", key=True):
                    values.append((slot_of[meter_id], float(weight)))
            temperaments.append(model.TemperamentDef(
                id=temper.id, name=temper.name, description=temper.description,
                weight=temper.weight, values=tuple(values), risk=temper.risk))
        return model.SideDef(
            id=s.id, name=s.name, short=s.short or s.id.upper(), leader=s.leader,
            description=s.description, capital_slot=capital,
            income=self.expr(loc, ("income",), s.income, "amount"),
            objectives=tuple(s.objectives), temperaments=tuple(temperaments),
            position=(s.position.x, s.position.y) if s.position else None, color=s.color or "",
        )

    def compile_party(self, loc: Located, slot_of: dict[str, int]) -> model.PartyDef:
        p: schema.ThirdParty = loc.item
        return model.PartyDef(
            id=p.id, name=p.name, description=p.description,
            position=(p.position.x, p.position.y) if p.position else None,
            independence=p.independence,
            influence_slots={s: slot_of.get(f"{p.id}_{s}", -1) for s in self.side_ids},
            importance=p.importance, region=p.region or "",
        )

    def compile_scoring(self, slot_of: dict[str, int]) -> model.ScoringDef | None:
        loc = self.scoring_loc
        if loc is None:
            return None
        sc: schema.Scoring = loc.item
        points: dict[str, int] = {}
        for side_id, meter_id in sc.points.items():
            if not self.ref(loc, ("points", side_id), side_id, self.side_ids, "side", key=True):
                continue
            if self.ref(loc, ("points", side_id), meter_id, slot_of, "meter"):
                points[side_id] = slot_of[meter_id]
        for side_id in self.side_ids:
            if side_id not in points and side_id not in sc.points:
                self.problem(loc.pos("points", key=True),
                             f"side '{side_id}' has no victory-point meter in scoring.points")
        turns = self.calendar.turns if self.calendar else 1
        moments = []
        seen: set[str] = set()
        for i, m in enumerate(sc.moments):
            path: tuple[str | int, ...] = ("moments", i)
            if m.id in seen:
                self.problem(loc.pos(*path, "id"), f"two scoring moments have the id '{m.id}'")
            seen.add(m.id)
            first = 0 if m.from_ is None else self.date_to_turn(loc, (*path, "from"), m.from_)
            last = turns - 1 if m.to is None else self.date_to_turn(loc, (*path, "to"), m.to)
            if first is not None and last is not None and first > last:
                self.problem(loc.pos(*path, "to"),
                             f"the window ends ({m.to}) before it starts ({m.from_})")
            factors = []
            for j, factor in enumerate(m.factors):
                when = self.condition(loc, (*path, "factors", j, "when"), factor.when)
                factors.append(model.Factor(when=when if when is not None else _ALWAYS,
                                            factor=factor.factor, reason=factor.reason,
                                            source=str(factor.when)))
            if m.factors and m.chance >= 1:
                self.problem(loc.pos(*path, "factors", key=True),
                             "chance factors need a 'chance' below 1 to multiply")
            awards = []
            for j, award in enumerate(m.awards):
                if not self.ref(loc, (*path, "awards", j, "side"), award.side, self.side_ids,
                                "side"):
                    continue
                amount = self.expr(loc, (*path, "awards", j, "points"), award.points, "amount")
                awards.append(model.AwardDef(award.side, award.label,
                                             amount if amount is not None else 0.0))
            moments.append(model.MomentDef(
                id=m.id, index=i, name=m.name, description=m.description,
                when=self.condition(loc, (*path, "when"), m.when),
                when_source="" if m.when is True else str(m.when),
                first_turn=first if first is not None else 0,
                last_turn=last if last is not None else turns - 1,
                chance=m.chance, factors=tuple(factors), once=m.once, cooldown=m.cooldown,
                awards=tuple(awards)))
        return model.ScoringDef(points=points, draw_margin=sc.draw_margin,
                                moments=tuple(moments))

    # -- the look: map, territories, flags ----------------------------------------

    def compile_look(self, sides: dict[str, Located],
                     parties: dict[str, Located]) -> look.ScenarioLook:
        if self.info is None:
            return look.ScenarioLook()
        info: schema.ScenarioInfo = self.info.item
        map_name = info.map or maps.DEFAULT_MAP
        known_maps = maps.map_names()
        index: dict[str, tuple[str, str, float, float]] | None = {}
        if map_name not in known_maps:
            self.problem(self.info.pos("map"),
                         f"unknown map '{map_name}'{did_you_mean(map_name, known_maps)} "
                         f"(maps: {', '.join(known_maps)})")
            map_name = maps.DEFAULT_MAP
            index = None        # territories cannot be checked against an unknown map
        elif map_name != maps.PLAIN:
            index = maps.map_index(map_name)
        holders: dict[str, look.Holder] = {}
        for loc in [*sides.values(), *parties.values()]:
            holders[loc.item.id] = self.compile_holder(loc, map_name, index)
        board: schema.BoardLook = info.board or schema.BoardLook()
        borders = []
        for i, border in enumerate(board.borders):
            ok = True
            for j, state in enumerate(border.between):
                if index is None:
                    ok = False
                    break
                if map_name == maps.PLAIN:
                    self.problem(self.info.pos("board", "borders", i),
                                 "named borders need a map (this scenario's map is 'plain')")
                    ok = False
                    break
                ok = self.ref(self.info, ("board", "borders", i, "between", j), state, index,
                              f"state on the map '{map_name}'") and ok
            if ok:
                borders.append(look.NamedBorder((border.between[0], border.between[1]),
                                                border.name))
        region = None
        if board.region is not None:
            r = board.region
            region = look.Region(r.west, r.east, r.north, r.south)
        art: schema.TitleArt = info.title_art or schema.TitleArt()
        title = look.TitleArt(art.headline, art.subtitle, tuple(art.cities), art.background,
                              art.rays)
        return look.ScenarioLook(map=map_name, caption=board.caption, region=region,
                                 borders=tuple(borders), title=title, holders=holders)

    def compile_holder(self, loc: Located, map_name: str,
                       index: dict[str, tuple[str, str, float, float]] | None) -> look.Holder:
        item = loc.item
        territory: list[str] = []
        for i, state in enumerate(item.territory):
            if index is None:
                break
            if map_name == maps.PLAIN:
                self.problem(loc.pos("territory"), "a territory needs a map (this scenario's "
                                                   "map is 'plain'; give a position instead)")
                break
            if self.ref(loc, ("territory", i), state, index, f"state on the map '{map_name}'"):
                territory.append(state)
        capital = None
        if item.capital is not None:
            capital = look.Place(item.capital.lon, item.capital.lat, item.capital.name)
        elif territory and index is not None:
            _name, city, lon, lat = index[territory[0]]
            capital = look.Place(lon, lat, city)
        is_party = isinstance(item, schema.ThirdParty)
        if is_party and item.position is None:
            if map_name == maps.PLAIN:
                self.problem(loc.pos("id"), f"'{item.id}' needs a position on a plain board")
            elif not item.territory and item.capital is None:
                self.problem(loc.pos("id"), f"'{item.id}' needs a territory (states on the "
                                            f"map) or a capital to appear on the map")
        flag = self.compile_flag(item.flag) if item.flag is not None else None
        return look.Holder(
            id=item.id, territory=tuple(territory), capital=capital, flag=flag,
            color=None if is_party else item.color,
            emblem=None if is_party else item.emblem,
            label=item.label if is_party else "")

    @staticmethod
    def compile_flag(flag: schema.FlagLook) -> look.Flag:
        shapes = tuple(look.FlagShape(
            kind=s.kind, color=s.color, x=s.x, y=s.y, w=s.w, h=s.h, r=s.r, rotation=s.rotation,
            rows=s.rows, columns=s.columns,
            points=tuple((float(p[0]), float(p[1])) for p in s.points)) for s in flag.shapes)
        return look.Flag(flag.ratio, tuple(flag.stripes), flag.vertical, shapes)

    def compile_modifier(self, index: int, loc: Located) -> model.ModifierDef:
        m: schema.Modifier = loc.item
        return model.ModifierDef(id=m.id, index=index, name=m.name, description=m.description,
                                 turns=m.turns, ops=self.ops(loc, ("each_turn",), m.each_turn),
                                 from_start=m.from_start)

    def follow_ups(self, loc: Located, path: tuple[str | int, ...],
                   items: list[schema.FollowUp]) -> tuple[tuple[int, int], ...]:
        result = []
        for i, follow in enumerate(items):
            if self.ref(loc, (*path, i, "event"), follow.event, self.event_index, "event"):
                result.append((self.event_index[follow.event], follow.delay))
        return tuple(result)

    def side_texts(self, loc: Located, path: tuple[str | int, ...],
                   text: str | dict[str, str]) -> dict[str, str]:
        if isinstance(text, str):
            return {"": text}
        for side_id in text:
            self.ref(loc, (*path, side_id), side_id, self.side_ids, "side", key=True)
        return dict(text)

    def compile_event(self, index: int, loc: Located) -> model.EventDef | None:
        e: schema.Event = loc.item
        if e.side == "both":
            sides = tuple(self.side_ids)
        elif self.ref(loc, ("side",), e.side, [*self.side_ids, "both"], "side"):
            sides = (e.side,)
        else:
            sides = ()
        turns = self.calendar.turns if self.calendar else 1
        first = 0 if e.from_ is None else self.date_to_turn(loc, ("from",), e.from_)
        last = turns - 1 if e.to is None else self.date_to_turn(loc, ("to",), e.to)
        if first is not None and last is not None and first > last:
            self.problem(loc.pos("to"), f"the window ends ({e.to}) before it starts ({e.from_})")
        factors = []
        for i, factor in enumerate(e.factors):
            source = factor.when if isinstance(factor.when, str) else str(factor.when)
            when = self.condition(loc, ("factors", i, "when"), factor.when)
            factors.append(model.Factor(when=when if when is not None else _ALWAYS,
                                        factor=factor.factor, reason=factor.reason,
                                        source=source))
        if e.factors and e.chance >= 1:
            self.problem(loc.pos("factors", key=True),
                         "chance factors need a 'chance' below 1 to multiply")
        choices = []
        for i, choice in enumerate(e.choices):
            path = ("choices", i)
            choices.append(model.ChoiceDef(
                id=choice.id, label=choice.label, text=choice.text,
                condition=self.condition(loc, (*path, "condition"), choice.condition),
                condition_source=str(choice.condition) if choice.condition is not None else "",
                requirement=choice.requirement, historical=choice.historical,
                ai_weight=self.expr(loc, (*path, "ai_weight"), choice.ai_weight, "amount"),
                ops=self.ops(loc, (*path, "effects"), choice.effects),
                follow_ups=self.follow_ups(loc, (*path, "follow_ups"), choice.follow_ups),
                silence={str(k): v for k, v in choice.silence.items()},
            ))
        if not any(c.historical for c in e.choices) and e.history:
            pass  # Counterfactual-only events are allowed; the historical flag is optional.
        return model.EventDef(
            id=e.id, index=index, title=e.title, sides=sides,
            first_turn=first if first is not None else 0,
            last_turn=last if last is not None else turns - 1,
            condition=self.condition(loc, ("condition",), e.condition),
            chance=e.chance, factors=tuple(factors), repeatable=e.repeatable,
            cooldown=e.cooldown, follow_up_only=e.follow_up_only, rare=e.rare, crisis=e.crisis,
            date_text=e.date_text, texts=self.side_texts(loc, ("text",), e.text),
            history=e.history, ops=self.ops(loc, ("effects",), e.effects),
            choices=tuple(choices), anchor=e.anchor,
            silence={str(k): v for k, v in e.silence.items()},
            condition_source=str(e.condition) if e.condition is not None else "",
        )

    def compile_action(self, index: int, loc: Located) -> model.ActionDef | None:
        a: schema.Action = loc.item
        self.ref(loc, ("side",), a.side, self.side_ids, "side")
        return model.ActionDef(
            id=a.id, index=index, name=a.name, side=a.side, category=a.category,
            description=a.description, cost=self.expr(loc, ("cost",), a.cost, "amount"),
            cooldown=a.cooldown, once=a.once,
            condition=self.condition(loc, ("condition",), a.condition),
            condition_source=str(a.condition) if a.condition is not None else "",
            requirement=a.requirement,
            ai_weight=self.expr(loc, ("ai_weight",), a.ai_weight, "amount"),
            ops=self.ops(loc, ("effects",), a.effects),
            follow_ups=self.follow_ups(loc, ("follow_ups",), a.follow_ups),
            silence={str(k): v for k, v in a.silence.items()},
        )

    def compile_endings(self, endings: dict[str, Located]) -> list[model.EndingDef]:
        result = []
        finals = [loc for loc in endings.values() if loc.item.kind == "final"]
        if self.info is not None and not finals:
            self.problem(self.info.pos(), "the scenario has no final ending; add one with no "
                                          "condition as the fallback")
        for i, loc in enumerate(finals):
            is_last = i == len(finals) - 1
            if loc.item.condition is None and not is_last:
                self.problem(loc.pos("id"), "only the last final ending may leave out its "
                                            "condition (it is the fallback)")
            if is_last and loc.item.condition is not None:
                self.problem(loc.pos("condition"), "the last final ending is the fallback: "
                                                   "remove its condition so every game ends")
        for ident, loc in endings.items():
            e: schema.Ending = loc.item
            if e.kind == "sudden" and e.condition is None:
                self.problem(loc.pos("kind"), "a sudden ending needs a condition")
            if isinstance(e.score, dict):
                scores = {}
                for side_id, amount in e.score.items():
                    self.ref(loc, ("score", side_id), side_id, self.side_ids, "side", key=True)
                    scores[side_id] = self.expr(loc, ("score", side_id), amount, "amount")
            else:
                scores = {"": self.expr(loc, ("score",), e.score, "amount")}
            result.append(model.EndingDef(
                id=ident, title=e.title, sudden=e.kind == "sudden",
                condition=self.condition(loc, ("condition",), e.condition),
                condition_source=str(e.condition) if e.condition is not None else "",
                scores=scores, epilogues=self.side_texts(loc, ("epilogue",), e.epilogue),
                history=e.history, historical=e.historical,
                soft=self.soft(e.condition) if not self.problems else None,
            ))
        return result

    def check_follow_up_cycles(self, event_defs: list[model.EventDef],
                               located: dict[str, Located]) -> None:
        """Refuse repeatable events that queue one another with no delay at all.

        Delay 0 already means "at the start of next turn", so no chain can loop within
        a turn; but a ring of repeatable events linked only by delay-0 follow-ups,
        once started, fires every single turn until the campaign ends.
        """
        repeatable = {e.index: e for e in event_defs if e.repeatable}
        edges: dict[int, set[int]] = {i: set() for i in repeatable}
        for event in repeatable.values():
            targets = set(_zero_delay_queues(event.ops))
            for choice in event.choices:
                targets.update(i for i, delay in choice.follow_ups if delay == 0)
                targets.update(_zero_delay_queues(choice.ops))
            edges[event.index] = {t for t in targets if t in repeatable}
        reported: set[int] = set()
        for start in sorted(edges):
            if start in reported:
                continue
            ring = _ring_through(start, edges)
            if ring is None:
                continue
            reported.update(ring)
            if len(ring) == 1:
                what = f"repeatable event '{repeatable[start].id}' queues itself"
            else:
                names = " \u2192 ".join(f"'{repeatable[i].id}'" for i in (*ring, ring[0]))
                what = f"repeatable events {names} queue each other"
            self.problem(located[repeatable[start].id].pos("id"),
                         f"{what} with no delay: once started, it fires every turn until the "
                         "campaign ends; give a follow-up a delay or make an event "
                         "non-repeatable")

    # -- effects -----------------------------------------------------------

    def ops(self, loc: Located, path: tuple[str | int, ...],
            effects: list[schema.Effect]) -> tuple[model.Op, ...]:
        result: list[model.Op] = []
        for i, effect in enumerate(effects):
            result.extend(self.effect_ops(loc, (*path, i), effect))
        return tuple(result)

    def effect_ops(self, loc: Located, path: tuple[str | int, ...],
                   effect: schema.Effect) -> list[model.Op]:
        ops: list[model.Op] = []
        for kind in ("add", "set", "fair"):
            table: dict[str, Any] | None = getattr(effect, kind)
            if table is None:
                continue
            for meter_id, amount in table.items():
                where = (*path, kind, meter_id)
                value = self.expr(loc, where, amount, "amount")
                if self.ref(loc, where, meter_id, self.meter_ids, "meter", key=True):
                    ops.append(model.Op(kind, slot=self.symbols.values[meter_id],
                                        amount=value if value is not None else 0.0))
        for kind, op_kind in (("set_flag", "flag"), ("clear_flag", "unflag")):
            names = getattr(effect, kind)
            if names is None:
                continue
            for j, name in enumerate([names] if isinstance(names, str) else names):
                where = (*path, kind) if isinstance(names, str) else (*path, kind, j)
                if self.ref(loc, where, name, self.flag_ids, "flag"):
                    ops.append(model.Op(op_kind, key="flag:" + name))
        if effect.start_modifier is not None:
            start = effect.start_modifier
            mod_id = start if isinstance(start, str) else start.modifier
            turns = None if isinstance(start, str) else start.turns
            if self.ref(loc, (*path, "start_modifier"), mod_id, self.modifier_index, "modifier"):
                ops.append(model.Op("mod_start", index=self.modifier_index[mod_id],
                                    amount=float(turns or 0), key="active:" + mod_id))
        if effect.end_modifier is not None:
            mod_id = effect.end_modifier
            if self.ref(loc, (*path, "end_modifier"), mod_id, self.modifier_index, "modifier"):
                ops.append(model.Op("mod_end", index=self.modifier_index[mod_id],
                                    key="active:" + mod_id))
        if effect.queue_event is not None:
            follow = effect.queue_event
            if self.ref(loc, (*path, "queue_event", "event"), follow.event, self.event_index,
                        "event"):
                ops.append(model.Op("queue", index=self.event_index[follow.event],
                                    amount=float(follow.delay)))
        if effect.chance is not None:
            c = effect.chance
            p = self.expr(loc, (*path, "chance", "p"), c.p, "amount")
            ops.append(model.Op("chance", amount=p if p is not None else 0.0, label=c.label,
                                key=f"{'/'.join(map(str, loc.path))}/{'/'.join(map(str, path))}",
                                then=self.ops(loc, (*path, "chance", "then"), c.then),
                                otherwise=self.ops(loc, (*path, "chance", "otherwise"),
                                                   c.otherwise)))
        if effect.when is not None:
            w = effect.when
            test = self.condition(loc, (*path, "when", "condition"), w.condition)
            ops.append(model.Op("when", amount=test if test is not None else _ALWAYS,
                                label=str(w.condition),
                                then=self.ops(loc, (*path, "when", "then"), w.then),
                                otherwise=self.ops(loc, (*path, "when", "otherwise"),
                                                   w.otherwise)))
        return ops


def _zero_delay_queues(ops: tuple[model.Op, ...]) -> list[int]:
    """Events that ``ops`` may queue with delay 0 (in any branch)."""
    found = []
    for op in ops:
        if op.kind == "queue" and op.amount == 0:
            found.append(op.index)
        found.extend(_zero_delay_queues(op.then))
        found.extend(_zero_delay_queues(op.otherwise))
    return found


def _ring_through(start: int, edges: dict[int, set[int]]) -> list[int] | None:
    """A cycle of ``edges`` that passes through ``start`` (as a path from it), or None."""
    came_from: dict[int, int] = {}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for target in sorted(edges.get(node, ())):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if target not in came_from:
                came_from[target] = node
                frontier.append(target)
    return None


def _always(values: list[int], facts: set[str]) -> bool:
    return True


def _never(values: list[int], facts: set[str]) -> bool:
    return False


_ALWAYS = _always
_NEVER = _never
