"""``lint``: warnings about a scenario that loads but has flaws an author would want to know.

Every warning names its check (the vocabulary in ``game.content.silencing``),
the item it is about and where that item is written, as ``file:line:col``.
An item that fails a check on purpose says so in the scenario with
``silence: {check: reason}``; its warning is then kept, with the reason, but
not counted (``lint --all`` shows them).

The checks are static (what can ever happen: ``reach``), historical
(``history_checks``), from the balance lab's static checks (dominated choices,
meters read by nothing: ``analysis.checks``), from the card's measurements
(``cardfit``), and one from a quick computer-against-computer simulation
(endings no game reached).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from game.analysis import checks as balance_checks
from game.authoring import reach as reaching
from game.content import history_checks
from game.content.compiler import Located
from game.content.diagnostics import Position
from game.content.loader import Sources, load_with_sources
from game.content.numbers import amount_warning
from game.engine.model import Scenario
from game.engine.simulation import play_many

QUICK_GAMES = 200
"""games in lint's simulation (endings never reached); ``--games`` changes it"""


@dataclass(frozen=True, slots=True)
class Finding:
    """One warning."""

    position: Position
    check: str
    kind: str
    """flag, meter, third_party, event, choice, action or ending"""
    item: str
    """the item's id ('event/choice' for a choice)"""
    message: str
    silenced: str = ""
    """the scenario's reason when it marks the item as failing this check on purpose"""

    def __str__(self) -> str:
        text = f"{self.position}: {self.message} [{self.check}]"
        if self.silenced:
            text += f" (silenced: {self.silenced})"
        return text

    def to_json(self) -> dict[str, object]:
        return {"file": self.position.file, "line": self.position.line,
                "column": self.position.column, "check": self.check, "kind": self.kind,
                "item": self.item, "message": self.message, "silenced": self.silenced or None}


@dataclass
class LintReport:
    scenario: str
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    """checks that could not run, and why"""
    seconds: float = 0.0

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.silenced]

    @property
    def silenced(self) -> list[Finding]:
        return [f for f in self.findings if f.silenced]

    def counts(self) -> dict[str, int]:
        """Unsilenced warnings by check."""
        return dict(sorted(Counter(f.check for f in self.warnings).items()))


def lint_path(path: str | Path, games: int = QUICK_GAMES, seed: int = 1,
              card: bool = True) -> LintReport:
    """Load a scenario and lint it. Raises ScenarioError when it does not load."""
    scenario, sources = load_with_sources(path)
    return lint(scenario, sources, games=games, seed=seed, card=card)


def lint(scenario: Scenario, sources: Sources, games: int = QUICK_GAMES, seed: int = 1,
         card: bool = True) -> LintReport:
    started = time.perf_counter()
    linter = _Linter(scenario, sources)
    linter.flags()
    linter.meters()
    linter.events_and_actions()
    linter.endings(games, seed)
    linter.dominated()
    linter.history()
    linter.runaway()
    if card:
        linter.card()
    findings = sorted(linter.found, key=lambda f: (f.position.file, f.position.line,
                                                    f.position.column, f.check))
    return LintReport(scenario.id, findings, linter.notes,
                      round(time.perf_counter() - started, 2))


class _Linter:
    def __init__(self, scenario: Scenario, sources: Sources) -> None:
        self.scenario = scenario
        self.sources = sources
        self.found: list[Finding] = []
        self.notes: list[str] = []
        costs = {a.id: sources.items[("actions", a.id)].item.cost for a in scenario.actions}
        self.reach = reaching.analyse(scenario, costs)

    # -- helpers

    def _loc(self, section: str, ident: str) -> Located:
        return self.sources.items[(section, ident)]

    def _pos(self, section: str, ident: str, *path: str | int, key: bool = False) -> Position:
        loc = self._loc(section, ident)
        if path and loc.doc.has_position((*loc.path, *path)):
            return loc.pos(*path, key=key)
        return loc.pos("id")

    def add(self, check: str, kind: str, section: str, ident: str, message: str,
            *path: str | int, key: bool = False, choice: int | None = None) -> None:
        item = self._loc(section, ident).item
        silence: dict[str, str] = dict(getattr(item, "silence", {}) or {})
        name = ident
        if choice is not None:
            chosen = item.choices[choice]
            silence = dict(chosen.silence)
            name = f"{ident}/{chosen.id}"
            path = ("choices", choice, *(path or ("id",)))
        position = self._pos(section, ident, *path, key=key)
        self.found.append(Finding(position, check, kind, name, message,
                                  silence.get(check, "")))

    # -- the checks

    def runaway(self) -> None:
        """Amounts that can reach a value the engine's run-time guard replaces (NaN, or
        beyond +-1e9): the game goes on, but not with the number the author wrote."""
        warned: dict[str, str | None] = {}

        def warning(source: str) -> str | None:
            if source not in warned:
                warned[source] = amount_warning(source, self.scenario)
            return warned[source]

        for section, kind in (("sides", "side"), ("modifiers", "modifier"), ("events", "event"),
                              ("actions", "action"), ("endings", "ending")):
            for (where, ident), loc in self.sources.items.items():
                if where != section:
                    continue
                for path, source in _amounts(loc.item):
                    found = warning(source)
                    if found is None:
                        continue
                    message = f"{kind} '{ident}': '{source}' {found}"
                    if section == "events" and path[0] == "choices":
                        choice = path[1]
                        assert isinstance(choice, int)
                        chosen = loc.item.choices[choice].id
                        message = f"choice '{chosen}' of '{ident}': '{source}' {found}"
                        self.add("runaway", "choice", section, ident, message, *path[2:],
                                 choice=choice)
                    else:
                        self.add("runaway", kind, section, ident, message, *path)
        scoring = self.sources.scoring
        if scoring is not None:
            for path, source in _amounts(scoring.item):
                found = warning(source)
                if found is not None:
                    self.found.append(Finding(scoring.pos(*path), "runaway", "scoring",
                                              "scoring", f"scoring: '{source}' {found}"))

    def flags(self) -> None:
        read: set[str] = set()
        for _slots, facts in self.scenario.reads.values():
            read |= {f.removeprefix("flag:") for f in facts if f.startswith("flag:")}
        set_anywhere = self.reach.flags_set_anywhere
        for flag in self.scenario.flags:
            if flag not in read and flag not in set_anywhere:
                self.add("unused", "flag", "flags", flag,
                         f"flag '{flag}' is never set and never read")
            elif flag not in set_anywhere:
                self.add("never_set", "flag", "flags", flag,
                         f"flag '{flag}' is read by conditions but no effect sets it, so "
                         "flag(\"" + flag + "\") is always false")
            elif flag not in read:
                self.add("unread", "flag", "flags", flag,
                         f"flag '{flag}' is set but no condition reads it")

    def meters(self) -> None:
        unread = {meter_id for meter_id, _why in balance_checks.unread_meters(self.scenario)}
        influence: dict[str, tuple[str, str]] = {}
        for party in self.scenario.parties:
            for side, slot in party.influence_slots.items():
                if slot >= 0:
                    influence[self.scenario.meters[slot].id] = (party.id, side)
        for party in self.scenario.parties:
            mine = [m for m, (owner, _side) in influence.items() if owner == party.id]
            if mine and all(m in unread for m in mine) and \
                    ("meters", mine[0]) not in self.sources.items:
                self.add("unread", "third_party", "third_parties", party.id,
                         f"third party '{party.id}': nothing reads its influence or who "
                         "controls it (no controls(), allies_<side> or board_<side>)",
                         "influence", key=True)
                unread -= set(mine)
        for meter_id in sorted(unread, key=lambda m: self.scenario.meter_index[m]):
            if ("meters", meter_id) in self.sources.items:
                self.add("unread", "meter", "meters", meter_id,
                         f"meter '{meter_id}' is read by no condition, amount, score or rule")
            else:
                party_id, side = influence[meter_id]
                self.add("unread", "third_party", "third_parties", party_id,
                         f"meter '{meter_id}' ({party_id}'s influence for {side}) is read by "
                         "nothing", "influence", side, key=True)

    def events_and_actions(self) -> None:
        reach = self.reach
        queued = reaching.queued_live(reach)
        for event in self.scenario.events:
            why = reaching.event_blocker(reach, event)
            if why is None:
                continue
            if event.follow_up_only and event.index not in queued:
                if event.index in reach.queued_by_anything:
                    why = ("it fires only as a follow-up, and only things that can never "
                           "happen queue it")
                self.add("never_queued", "event", "events", event.id,
                         f"event '{event.id}' can never fire: {why}", "follow_up_only",
                         key=True)
                continue
            where: tuple[str, ...] = ("id",)
            if "chance" in why:
                where = ("chance",)
            elif event.condition_source:
                where = ("condition",)
            self.add("never_fires", "event", "events", event.id,
                     f"event '{event.id}' can never fire: {why}", *where)
        for action in self.scenario.actions:
            why = reaching.action_blocker(reach, action)
            if why is not None:
                where = ("cost",) if "costs" in why else ("condition",)
                self.add("unaffordable", "action", "actions", action.id,
                         f"action '{action.id}' can never be taken: {why}", *where)

    def endings(self, games: int, seed: int) -> None:
        reach = self.reach
        sides = self.scenario.side_ids
        unreachable: set[str] = set()
        for ending in self.scenario.endings:
            loc = self._loc("endings", ending.id)
            if ending.condition_source:
                world = reach.all_turns_world() if ending.sudden else reach.last_turn_world()
                if not reach.possible(ending.condition_source, world):
                    unreachable.add(ending.id)
                    part = reach.blocking_part(ending.condition_source, world)
                    when = "in any turn" if ending.sudden else "at the end of the last turn"
                    self.add("unreachable", "ending", "endings", ending.id,
                             f"ending '{ending.id}' can never be reached: "
                             f"'{part or ending.condition_source}' cannot hold {when}",
                             "condition")
            missing: list[str] = []
            for what in ("epilogue", "score"):
                written = getattr(loc.item, what)
                if isinstance(written, dict):
                    left_out = [s for s in sides if s not in written]
                    if left_out:
                        missing.append(f"its {what} has no text for " if what == "epilogue"
                                       else "its score has no amount for ")
                        missing[-1] += ", ".join(left_out)
            if missing:
                first = "epilogue" if "epilogue" in missing[0] else "score"
                self.add("missing_side", "ending", "endings", ending.id,
                         f"ending '{ending.id}': " + "; ".join(missing), first, key=True)
        if games <= 0:
            self.notes.append("endings never reached: not checked (--games 0)")
            return
        played = play_many(self.scenario, seed, list(range(games)), "both", "normal")
        reached = Counter(game.ending for game in played)
        for ending in self.scenario.endings:
            if ending.id not in reached and ending.id not in unreachable:
                self.add("never_reached", "ending", "endings", ending.id,
                         f"ending '{ending.id}' was reached in none of {games} games of the "
                         "computer against itself", "id")

    def dominated(self) -> None:
        scenario = self.scenario
        states = balance_checks.sample_states(scenario)
        if not states:
            return
        table = balance_checks.directions(scenario, states)
        index = {e.id: e for e in scenario.events}
        for found in balance_checks.dominated_choices(scenario, table, states[0]):
            event = index[found.event]
            position = next(i for i, c in enumerate(event.choices) if c.id == found.choice)
            already = any(f.check == "dominated" and f.item == f"{event.id}/{found.choice}"
                          for f in self.found)
            if already:
                continue   # dominated for both sides of a shared event: one warning
            self.add("dominated", "choice", "events", event.id,
                     f"choice '{found.choice}' of '{event.id}' is no better than "
                     f"'{found.by}' on any meter that matters to {found.side}, and offers "
                     "nothing else", choice=position)

    def history(self) -> None:
        for event in self.scenario.events:
            if not event.history.strip():
                self.add("no_history", "event", "events", event.id,
                         f"event '{event.id}' has no history note (what really happened)")
        for ending in self.scenario.endings:
            if not ending.history.strip():
                self.add("no_history", "ending", "endings", ending.id,
                         f"ending '{ending.id}' has no history note (what really happened)")
        seen: set[str] = set()
        events = {e.id: e for e in self.scenario.events}
        for slip in history_checks.anachronisms(self.scenario):
            if slip.event_id in seen:
                continue
            seen.add(slip.event_id)
            more = [s for s in history_checks.anachronisms(self.scenario)
                    if s.event_id == slip.event_id]
            named = ", ".join(sorted({f"{s.year} ({s.where})" for s in more}))
            path = _text_path(events[slip.event_id], slip.where)
            self.add("anachronism", "event", "events", slip.event_id,
                     f"event '{slip.event_id}' can fire from {slip.first_year} but its card "
                     f"names {named}", *path)
        for date_slip in history_checks.date_slips(self.scenario):
            self.add("date_slip", "event", "events", date_slip.event_id,
                     f"event '{date_slip.event_id}': the date line '{date_slip.date_text}' "
                     f"lies outside the turns in which it can fire ({date_slip.fires})",
                     "date_text")

    def card(self) -> None:
        from game.authoring import cardfit

        try:
            found = cardfit.overflows(self.scenario)
        except Exception as exc:  # no pygame, no fonts: say so, lint the rest
            self.notes.append(f"text too long for the card: not checked ({exc})")
            return
        events = {e.id: e for e in self.scenario.events}
        done: set[str] = set()
        for overflow in found:
            event = events[overflow.event_id]
            if overflow.where.startswith("choice "):
                choice_id = overflow.where.removeprefix("choice ")
                index = next(i for i, c in enumerate(event.choices) if c.id == choice_id)
                self.add("too_long", "choice", "events", event.id,
                         f"choice '{choice_id}' of '{event.id}' does not fit the card at "
                         f"1024x600: {overflow.detail}", "label", choice=index)
            elif event.id not in done:
                done.add(event.id)
                details = "; ".join(o.detail for o in found if o.event_id == event.id
                                    and not o.where.startswith("choice "))
                self.add("too_long", "event", "events", event.id,
                         f"event '{event.id}' does not fit the card at 1024x600: {details}",
                         *_text_path(event, overflow.where))


def _text_path(event: object, where: str) -> tuple[str | int, ...]:
    """The path, inside an event, of the text a history or card check names."""
    if where.startswith("text ("):
        return ("text", where[len("text ("):-1])
    if where in ("title", "date_text", "text"):
        return (where,)
    if where.startswith("choice "):
        parts = where.split()
        choices = getattr(event, "choices", ())
        index = next((i for i, c in enumerate(choices) if c.id == parts[1]), None)
        if index is not None:
            return ("choices", index, parts[2] if len(parts) > 2 else "label")
    return ("id",)


_AMOUNT_KEYS = frozenset({"add", "set", "fair", "p", "cost", "ai_weight", "income", "score",
                          "points"})
"""keys whose values are amount expressions (a mapping of them, for add/set/fair/score)"""


def _amounts(item: object, path: tuple[str | int, ...] = ()
             ) -> list[tuple[tuple[str | int, ...], str]]:
    """(path, expression) of every amount written as an expression inside a validated item."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(item, list):
        for index, part in enumerate(item):
            found += _amounts(part, (*path, index))
        return found
    fields = getattr(type(item), "model_fields", None)
    if fields is None:
        return found
    for name, info in fields.items():
        value = getattr(item, name)
        key = info.alias or name
        if name in _AMOUNT_KEYS:
            if isinstance(value, str):
                found.append(((*path, key), value))
            elif isinstance(value, dict):
                found += [((*path, key, k), v) for k, v in value.items() if isinstance(v, str)]
        elif isinstance(value, list) or hasattr(type(value), "model_fields"):
            found += _amounts(value, (*path, key))
    return found
