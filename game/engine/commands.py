"""Commands: the only way a game's state changes.

A player, the AI, a test or a replay changes the game only by submitting these
value objects to :func:`game.engine.rules.apply`. They are plain data, so a
save is just the seed plus the list of commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class IllegalCommandError(ValueError):
    """The command is not legal in the current state; nothing was changed."""


class RulesError(RuntimeError):
    """A legal command could not be applied because the scenario's rules failed.

    Raised by :class:`~game.engine.session.GameSession`, which restores the state
    it had before the command, so the game (and its log) is as it was.
    """


@dataclass(frozen=True, slots=True)
class Choose:
    """Answer the side's current event with one of its choices."""

    side: str
    event: str
    choice: str


@dataclass(frozen=True, slots=True)
class Act:
    """Spend political capital on one of the side's actions."""

    side: str
    action: str


@dataclass(frozen=True, slots=True)
class EndTurn:
    """The side has finished its turn."""

    side: str


Command = Choose | Act | EndTurn


def command_to_dict(command: Command) -> dict[str, str]:
    if isinstance(command, Choose):
        return {"type": "choose", "side": command.side, "event": command.event,
                "choice": command.choice}
    if isinstance(command, Act):
        return {"type": "act", "side": command.side, "action": command.action}
    return {"type": "end_turn", "side": command.side}


def command_from_dict(data: Any) -> Command:
    """Rebuild a command from its dict form; raises ValueError on bad data."""
    if not isinstance(data, dict):
        raise ValueError("a command must be a mapping")
    kind = data.get("type")
    fields = {"choose": ("side", "event", "choice"), "act": ("side", "action"),
              "end_turn": ("side",)}.get(kind if isinstance(kind, str) else "")
    if fields is None:
        raise ValueError(f"unknown command type {kind!r}")
    values = []
    for name in fields:
        value = data.get(name)
        if not isinstance(value, str):
            raise ValueError(f"command field '{name}' must be text")
        values.append(value)
    if kind == "choose":
        return Choose(*values)
    if kind == "act":
        return Act(*values)
    return EndTurn(*values)
