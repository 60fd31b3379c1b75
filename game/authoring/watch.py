"""Hot reload for authors (``play --watch``): notice edited scenario files, reload them and
replay the game's moves on the new version, saying where the game now differs.

:class:`FileWatch` compares the scenario's files' sizes and modification times
(cheap enough to poll twice a second). :func:`replay_on` replays a game's
command log — the player's moves and the computer's — on a newly loaded
scenario and compares, turn by turn, the meters both versions have and the
events that fired, so the message names the first turn that changed and what
changed in it; a move the new version refuses ends the replay there, and the
game continues from just before it. Nothing here draws or keeps time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from game.content.diagnostics import ScenarioError
from game.content.loader import scenario_files
from game.engine.commands import Command
from game.engine.model import Scenario
from game.engine.rules import apply, new_game
from game.engine.state import GameState
from game.persistence.save_format import command_text

Signature = tuple[tuple[str, int, int], ...]
MAX_DIFFERENCES = 4


def scenario_root(scenario: Scenario) -> Path | None:
    """The folder (or single file) a loaded scenario came from, from its source files."""
    files = [Path(name) for name in scenario.source_files]
    if not files or not all(f.exists() for f in files):
        return None
    if len(files) == 1:
        # A folder holding just this file is the scenario (a file added to it later counts).
        folder = files[0].parent
        siblings = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")]
        return folder if len(siblings) == 1 else files[0]
    return Path(os.path.commonpath([str(f.resolve()) for f in files]))


class FileWatch:
    """Tells when any YAML file of a scenario folder (or the file) is added, removed or
    changed since the last look."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.signature = self._signature()

    def _signature(self) -> Signature:
        out = []
        try:
            files = scenario_files(self.root)
        except (OSError, ScenarioError):
            return ()
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            out.append((str(file), stat.st_mtime_ns, stat.st_size))
        return tuple(out)

    def changed(self) -> bool:
        signature = self._signature()
        if signature == self.signature:
            return False
        self.signature = signature
        return True


@dataclass
class Replay:
    """What replaying a game's moves on a new version of its scenario found."""

    commands: list[Command]
    """the moves that still apply, in order (the game continues after the last)"""
    diverged_turn: int | None = None
    """the first turn (0-based) whose meters or events differ, or where a move failed"""
    differences: list[str] = field(default_factory=list)
    stopped: str | None = None
    """why the replay stopped before the end of the log"""
    moves: int = 0
    """moves in the old log"""

    def message(self, scenario: Scenario) -> str:
        cal = scenario.calendar
        if self.stopped is not None:
            return self.stopped
        if self.diverged_turn is None:
            return f"All {self.moves} moves replay exactly as before."
        turn = self.diverged_turn
        when = f"turn {turn + 1} ({cal.label(min(turn, cal.turns - 1))})"
        before = (f"The game is the same up to {cal.label(turn - 1)}; it " if turn > 0
                  else "The game ")
        return f"{before}now differs in {when}: " + "; ".join(self.differences) + "."


def _meter_changes(old: Scenario, new: Scenario, old_row: tuple[int, ...] | list[int],
                   new_row: tuple[int, ...] | list[int]) -> list[str]:
    changes = []
    new_index = new.meter_index
    for meter in old.meters:
        slot = new_index.get(meter.id)
        if slot is None or meter.slot >= len(old_row) or slot >= len(new_row):
            continue
        if old_row[meter.slot] != new_row[slot]:
            changes.append(f"{meter.id} {old_row[meter.slot]} → {new_row[slot]}")
    return changes


def _fired_in(state: GameState, turn: int) -> list[str]:
    events = state.scenario.events
    return [events[index].id for when, index in state.fired_log if when == turn]


def _event_changes(old: GameState, new: GameState, turn: int) -> list[str]:
    before, after = _fired_in(old, turn), _fired_in(new, turn)
    changes = [f"'{e}' no longer fires" for e in before if e not in after]
    changes += [f"'{e}' now fires" for e in after if e not in before]
    return changes


def replay_on(scenario: Scenario, old: GameState) -> Replay:
    """Replay ``old``'s moves on ``scenario`` (a new version of its scenario)."""
    result = Replay(commands=[], moves=len(old.log))
    try:
        state = new_game(scenario, old.seed, old.human, old.difficulty)
    except ValueError as exc:
        result.stopped = f"The new version cannot replay this game: {exc}."
        result.diverged_turn = 0
        return result
    checked = 0
    for index, command in enumerate(old.log):
        turn = state.turn
        try:
            apply(state, command)
        except Exception as exc:  # an illegal move, or rules that now break on it
            cal = scenario.calendar
            where = f"turn {turn + 1} ({cal.label(min(turn, cal.turns - 1))})"
            result.stopped = (f"Move {index + 1} ({command_text(command)}) is no longer "
                              f"possible in {where}: {exc}. The game goes on from just "
                              "before it.")
            if result.diverged_turn is None:
                result.diverged_turn = turn
            return result
        result.commands.append(command)
        while checked < min(len(state.history), len(old.history)):
            if result.diverged_turn is None:
                changes = _event_changes(old, state, checked) + _meter_changes(
                    old.scenario, scenario, old.history[checked], state.history[checked])
                if changes:
                    result.diverged_turn = checked
                    result.differences = changes[:MAX_DIFFERENCES] + (
                        [f"{len(changes) - MAX_DIFFERENCES} more"]
                        if len(changes) > MAX_DIFFERENCES else [])
            checked += 1
    if result.diverged_turn is None:
        # The turn in progress: the events it opened with and the meters as they stand.
        changes = _event_changes(old, state, state.turn) + _meter_changes(
            old.scenario, scenario, old.values, state.values)
        if state.ending != old.ending:
            changes.append(f"the game now ends in '{state.ending}'" if state.ending
                           else "the game no longer ends")
        if changes:
            result.diverged_turn = state.turn
            result.differences = changes[:MAX_DIFFERENCES]
    return result
