"""A corpus of scenario files, each the skeleton with one mistake (or one harmless change).

Every case is a class of mistake applied at one place. ``expressible`` says
whether a JSON Schema can express the rule the mistake breaks; for those the
game and an independent JSON Schema validator must give the same verdict.
The others (ids that must exist, expressions, dates inside the calendar,
bounds that depend on another key) are the validator's alone, and only the
game must reject them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from game.authoring.skeleton import skeleton_text
from game.content.yaml_reader import read_yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    name: str
    """'<class>:<where>'"""
    kind: str
    """the class of mistake"""
    expressible: bool
    valid: bool
    """True for a harmless change both must accept"""
    data: Any
    where: Path
    """the key or value the case changes"""


def base() -> Any:
    doc, problems = read_yaml(skeleton_text("corpus", ["east", "west"], "quarter"), "base")
    assert not problems
    return doc.data


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _with(data: Any, path: Path, change: Callable[[Any, str | int], None]) -> Any:
    copied = copy.deepcopy(data)
    change(_get(copied, path[:-1]), path[-1])
    return copied


def _set(value: Any) -> Callable[[Any, str | int], None]:
    def change(parent: Any, key: str | int) -> None:
        parent[key] = copy.deepcopy(value)
    return change


def _drop(parent: Any, key: str | int) -> None:
    del parent[key]


def _index(data: Any, section: str, ident: str) -> int:
    return next(i for i, item in enumerate(data[section]) if item.get("id") == ident)


def cases() -> Iterator[Case]:
    data = base()
    ev = ("events", _index(data, "events", "crisis"))
    opening = ("events", _index(data, "events", "opening"))
    rumour = ("events", _index(data, "events", "rumour"))
    act = ("actions", _index(data, "actions", "east_aid"))
    war = ("endings", _index(data, "endings", "war"))
    fallback = ("endings", len(data["endings"]) - 1)
    side = ("sides", 0)
    meter = ("meters", 0)
    party = ("third_parties", 0)
    effect = (*opening, "choices", 0, "effects", 0)
    moment = ("scoring", "moments", 0)

    def case(kind: str, where: Path, change: Callable[[Any, str | int], None],
             expressible: bool = True, valid: bool = False, label: str = "") -> Case:
        name = f"{kind}:{label or '/'.join(map(str, where))}"
        return Case(name, kind, expressible, valid, _with(data, where, change), where)

    # -- unknown keys, at every level
    for where in [("scenario",), ("scenario", "calendar"), side, meter, (*meter, "display"),
                  party, (*party, "position"), ("flags", 0), ("modifiers", 0), ev,
                  (*ev, "choices", 0), effect, (*ev, "choices", 0, "follow_ups", 0), act,
                  war, ("scoring",), moment, (*moment, "awards", 0),
                  (*rumour, "factors", 0), (*ev, "choices", 0, "effects", 1, "chance"),
                  ()]:
        def add_key(parent: Any, key: str | int, where: Path = where) -> None:
            target = parent[key] if where else parent
            target["colour_scheme"] = 1
        if where:
            yield case("unknown key", where, add_key)
        else:
            copied = copy.deepcopy(data)
            copied["colour_scheme"] = 1
            yield Case("unknown key:top", "unknown key", True, False, copied, ())
    # -- required keys left out
    for where in [("scenario", "id"), ("scenario", "title"), ("scenario", "calendar"),
                  ("scenario", "calendar", "start"), (*side, "capital_meter"),
                  (*side, "income"), (*meter, "start"), (*party, "influence"),
                  (*ev, "text"), (*ev, "choices"), (*ev, "choices", 0, "label"),
                  (*act, "side"), (*war, "kind"), (*war, "epilogue"),
                  ("scoring", "points"), (*moment, "awards"),
                  (*moment, "awards", 0, "points"), (*rumour, "factors", 0, "reason")]:
        yield case("missing key", where, _drop)
    # -- wrong kinds of value
    wrong = [
        ("text for a number", (*act, "cooldown"), "2"),
        ("text for a number", (*meter, "start"), "30"),
        ("text for a number", (*ev, "choices", 0, "follow_ups", 0, "delay"), "0"),
        ("yes/no for true/false", (*opening, "repeatable"), "no"),
        ("yes/no for true/false", (*act, "once"), "yes"),
        ("yes/no for true/false", (*meter, "display", "hidden"), "on"),
        ("yes/no for true/false", (*ev, "choices", 1, "historical"), "yes"),
        ("true/false for an amount", (*act, "cost"), True),
        ("true/false for an amount", (*effect, "add", "tension"), False),
        ("true/false for an amount", (*fallback, "score"), True),
        ("number for text", ("scenario", "version"), 2),
        ("number for text", (*ev, "title"), 3),
        ("number for text", (*ev, "text"), 12),
        ("true/false for text", (*war, "epilogue"), True),
        ("number for a date", (*opening, "from"), 1950),
        ("number for a date", ("scenario", "calendar", "end"), 1952),
        ("list for a mapping", (*party, "position"), [0.5, 0.5]),
        ("list for a mapping", (*effect, "add"), ["tension", 3]),
        ("text for a list", (*side, "objectives"), "Win."),
        ("text for a list", (*ev, "choices"), "accept"),
        ("mapping for text", (*act, "name"), {"en": "Aid"}),
        ("number for a condition", (*ev, "choices", 0, "condition"), 3),
        ("mapping for an id", (*ev, "choices", 0, "follow_ups", 0, "event"), {"id": "x"}),
        ("list for an effect", (*ev, "choices", 0, "effects"), {"add": {"tension": 1}}),
        ("fraction for a whole number", (*act, "cooldown"), 1.5),
        ("no value", (*act, "cost"), None),
        ("no value", (*ev, "from"), None),
        ("no value", (*party, "region"), None),
        ("no value", ("scenario", "description"), None),
        ("no value", (*effect, "set_flag"), None),
    ]
    for kind, where, value in wrong:
        yield case(kind, where, _set(value))
    # -- choices from a list
    for where, value in [(("scenario", "calendar", "period"), "fortnight"),
                         ((*meter, "display", "higher_is"), "up"),
                         ((*war, "kind"), "gradual")]:
        yield case("not one of the choices", where, _set(value))
    # -- numbers out of range
    for where, value in [((*rumour, "chance"), 1.5), ((*rumour, "chance"), -0.1),
                         ((*act, "cooldown"), -1),
                         ((*ev, "choices", 0, "follow_ups", 0, "delay"), 500),
                         (("scoring", "draw_margin"), -1), ((*party, "influence", "east"), 150),
                         ((*party, "influence", "west"), -5), ((*party, "independence"), -3),
                         ((*party, "importance"), 30),
                         (("scenario", "triggered_events_per_turn"), 30),
                         ((*rumour, "factors", 0, "factor"), 200),
                         (("modifiers", 0, "turns"), 0), ((*party, "position", "x"), 1.5),
                         ((*rumour, "cooldown"), 201)]:
        yield case("out of range", where, _set(value))
    # -- patterns
    for where, value in [((*act, "id"), "Aid Now"), ((*ev, "choices", 0, "id"), "9lives"),
                         ((*opening, "from"), "1950/01"), ((*opening, "to"), "1950-Q5"),
                         (("scenario", "calendar", "start"), "fifty"),
                         ((*opening, "choices", 0, "effects", 1, "set_flag"), "Talks Open"),
                         ((*meter, "owner"), "East Bloc")]:
        yield case("bad id or date", where, _set(value))
    # -- one key per effect
    yield case("two keys in one effect", effect, _set({"add": {"tension": 1},
                                                       "set_flag": "talks_open"}))
    yield case("an empty effect", effect, _set({}))
    # -- list lengths and empty text
    choices = _get(data, (*ev, "choices"))
    yield case("too few or too many", (*ev, "choices"), _set(choices[:1]))
    yield case("too few or too many", (*ev, "choices"),
               _set(choices + [dict(choices[0], id=f"extra_{i}") for i in range(3)]))
    yield case("too few or too many", (*moment, "awards"), _set([]))
    yield case("empty text", (*ev, "title"), _set(""))
    yield case("empty text", (*act, "name"), _set(""))
    # -- conditional requirements
    yield case("sudden ending without condition", (*war, "condition"), _drop)
    yield case("chance factors with a chance of 1", (*rumour, "chance"), _set(1))
    yield case("chance factors with a chance of 1", (*rumour, "chance"), _drop,
               label="chance left out")
    # -- silence
    yield case("silence", (*act, "silence"), _set({"never_takn": "on purpose"}),
               label="misspelt check")
    yield case("silence", (*act, "silence"), _set({"dominated": "on purpose"}),
               label="check of another kind")
    yield case("silence", (*ev, "choices", 0, "silence"), _set({"dominated": ""}),
               label="empty reason")
    # -- harmless changes: both must accept
    for where, value in [((*act, "once"), True), ((*act, "cooldown"), 2.0),
                         ((*fallback, "score"), {"east": 40, "west": "east_vp + 40"}),
                         ((*war, "epilogue"), {"east": "Lost.", "west": "Lost too."}),
                         ((*opening, "choices", 0, "effects", 1, "set_flag"), ["talks_open"]),
                         ((*ev, "choices", 0, "silence"), {"dominated": "a test"}),
                         (("flags", 0, "silence"), {"unread": "a test"}),
                         ((*war, "silence"), {"never_reached": "a test"}),
                         ((*ev, "choices", 0, "effects", 1, "chance", "then", 0,
                           "start_modifier"), {"modifier": "war_scare", "turns": 3}),
                         ((*ev, "chance"), 1), (("scenario", "version"), "2")]:
        yield case("harmless", where, _set(value), valid=True)
    yield case("harmless", (*act, "description"), _drop, valid=True)
    # -- mistakes only the game can see (cross-references, expressions, calendars)
    outside = [
        ("unknown meter", (*effect, "add"), {"tensoin": 3}),
        ("unknown event", (*ev, "choices", 0, "follow_ups", 0, "event"), "incidnet"),
        ("unknown side", (*act, "side"), "north"),
        ("duplicate id", (*act, "id"), "east_rally"),
        ("date outside the calendar", (*opening, "to"), "1960-Q1"),
        ("date of another period", (*opening, "to"), "1950-03"),
        ("start outside the bounds", (*meter, "start"), 130),
        ("bad expression", (*ev, "choices", 0, "effects", 1, "chance", "p"), "0.2 +"),
        ("condition that is a number", (*ev, "choices", 0, "condition"), "tension + 1"),
        ("last final ending with a condition", (*fallback, "condition"), "tension > 1"),
    ]
    for kind, where, value in outside:
        yield case(kind, where, _set(value), expressible=False)
