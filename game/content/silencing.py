"""The names of the checks that ``lint`` and the balance tools run, and what each applies to.

One vocabulary serves every tool: a warning names its check, and an item that
fails a check on purpose says so in the scenario with ``silence: {check: why}``.
The schema accepts, on each kind of item, only the checks that can warn about
that kind, so a misspelt or misplaced silence is an error, not a silent no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    kinds: tuple[str, ...]
    """the kinds of item it warns about: flag, meter, event, choice, action, ending"""
    tool: str
    """which command runs it: lint, analyze"""
    meaning: str


CHECKS: tuple[Check, ...] = (
    Check("unused", ("flag",), "lint", "declared, but nothing sets it and nothing reads it"),
    Check("never_set", ("flag",), "lint",
          "conditions read it, but no effect sets it, so those tests never change"),
    Check("unread", ("flag", "meter", "third_party"), "lint",
          "set or changed, but no condition, amount or score ever reads it (for a third "
          "party: nothing reads its influence or who controls it)"),
    Check("never_fires", ("event",), "lint",
          "can never fire: its condition cannot hold in its window within the meters' "
          "bounds, its chance is 0, or it reads a flag, event or modifier that never happens"),
    Check("never_queued", ("event",), "lint",
          "fires only as a follow-up, and nothing that can happen queues it"),
    Check("unaffordable", ("action",), "lint",
          "can never be taken: it costs more than the side's capital can hold, or its "
          "condition can never hold"),
    Check("unreachable", ("ending",), "lint",
          "its condition can never hold within the meters' bounds"),
    Check("never_reached", ("ending",), "lint",
          "no game of lint's quick computer-against-computer simulation reached it"),
    Check("missing_side", ("ending",), "lint",
          "its epilogue or score is written side by side but leaves a side out"),
    Check("dominated", ("choice",), "lint",
          "another choice of the same event is as good or better on every meter that "
          "matters to the deciding side, and offers nothing else"),
    Check("no_history", ("event", "ending"), "lint",
          "has no 'history' note saying what really happened"),
    Check("too_long", ("event", "choice"), "lint",
          "its title, text or label does not fit the event card at the smallest window "
          "(1024x600)"),
    Check("anachronism", ("event",), "lint",
          "the card names a year later than the first year in which it can fire"),
    Check("date_slip", ("event",), "lint",
          "the card's date line names months outside the turns in which it can fire"),
    Check("runaway", ("event", "choice", "action", "ending", "side", "modifier", "scoring"),
          "lint",
          "an amount can compute a value the game must replace while playing: NaN (not a "
          "number) counts as 0, beyond \u00b11,000,000,000 as \u00b11,000,000,000 (see "
          "'Numbers' in FORMAT.md)"),
    Check("never_taken", ("action",), "analyze",
          "the balance lab's skilled players (greedy, lookahead) never took it"),
)

CheckName = Literal["unused", "never_set", "unread", "never_fires", "never_queued",
                    "unaffordable", "unreachable", "never_reached", "missing_side",
                    "dominated", "no_history", "too_long", "anachronism", "date_slip",
                    "runaway", "never_taken"]
FlagCheck = Literal["unused", "never_set", "unread"]
MeterCheck = Literal["unread"]
PartyCheck = Literal["unread"]
EventCheck = Literal["never_fires", "never_queued", "no_history", "too_long", "anachronism",
                     "date_slip", "runaway"]
ChoiceCheck = Literal["dominated", "too_long", "runaway"]
ActionCheck = Literal["unaffordable", "runaway", "never_taken"]
EndingCheck = Literal["unreachable", "never_reached", "missing_side", "no_history", "runaway"]

KIND_CHECKS: dict[str, tuple[str, ...]] = {
    "flag": get_args(FlagCheck), "meter": get_args(MeterCheck),
    "third_party": get_args(PartyCheck), "event": get_args(EventCheck),
    "choice": get_args(ChoiceCheck), "action": get_args(ActionCheck),
    "ending": get_args(EndingCheck),
}
"""kind of item -> the checks its ``silence:`` may name (kept equal to CHECKS by a test)"""

BY_NAME: dict[str, Check] = {check.name: check for check in CHECKS}


def checks_for(kind: str) -> tuple[str, ...]:
    """The check names that apply to a kind of item, in vocabulary order."""
    return tuple(c.name for c in CHECKS if kind in c.kinds)
