"""Checking a save's computer moves: are they the moves the computer plays?

The computer player is deterministic: from a given state it always plays the
same commands (its randomness comes from ``ai.decision_stream(state)``). A save
whose log holds commands for the computer's side that it would not have played
— an edited save that puppets the opponent — is found by replaying the log
and, wherever the computer was to move, asking the engine's own entry point
(``ai.play_until_human``, exactly as a game in progress does) what it plays,
and comparing. The first command that differs is reported.

That costs what the computer's thinking cost during the game, which grows with
a stronger computer. So this installation vouches for the saves it writes: a
save carries a *mark* — an HMAC of its game and commands under a random key
kept in the user data folder, which no one else has — covering the commands
up to where it was written. Loading one of your own saves checks only what
follows the mark (usually nothing); a save from anywhere else is checked in
full, and :class:`ComputerMoveCheck` can do that a slice of time at a time.

A save made by another version of the computer player (``ai.AI_VERSION``)
cannot be judged by this one: its computer moves are not checked, and it says
so. This is a check against edited saves, not a proof: the save's checksum is
not a signature, so whoever edits a save can also change the version number
it records — and then the player is told the moves were not checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from game.content import discovery
from game.engine import ai
from game.engine.commands import Command, IllegalCommandError, command_to_dict
from game.engine.model import Scenario
from game.engine.rules import apply, new_game
from game.engine.session import GameSession
from game.engine.state import GameState
from game.persistence.save_format import ComputerRecord, LoadedSave, command_text

UNKNOWN_PLAYER = 0
"""The computer player of a save from a format that did not record it."""
KEY_FILE = "save-mark.key"
"""In the user data folder: the random key of this installation's marks (never shared)."""


# -- the mark ---------------------------------------------------------------------------


def _key(create: bool) -> bytes | None:
    path = discovery.user_home() / KEY_FILE
    try:
        if path.is_file() and path.stat().st_size == 64:
            text = path.read_text(encoding="ascii")
            return bytes.fromhex(text)
    except (OSError, ValueError):
        return None
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{KEY_FILE}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
        # Another process may have made a key meanwhile: keep the first one.
        if path.exists():
            temp.unlink()
        else:
            os.replace(temp, path)
        return bytes.fromhex(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        with contextlib.suppress(OSError, UnboundLocalError):
            temp.unlink()
        return None


def _digest(key: bytes, scenario: Scenario, seed: int, human: str | None, difficulty: str,
            player: int, commands: list[Command]) -> str:
    body = json.dumps({"scenario": scenario.id, "content": scenario.content_hash,
                       "seed": seed, "human": human, "difficulty": difficulty,
                       "player": player, "commands": [command_to_dict(c) for c in commands]},
                      sort_keys=True, separators=(",", ":"))
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:32]


def record_for(state: GameState, player: int | None = None) -> ComputerRecord:
    """The ``computer`` record for a save of ``state``, with this installation's mark.

    The mark vouches for the whole log, and is given only where the human is to move
    (or the game is over), which is where a check can pick up again.
    """
    player = ai.AI_VERSION if player is None else player
    if player != ai.AI_VERSION or not (state.over or state.to_move == state.human):
        return ComputerRecord(player=player)
    key = _key(create=True)
    if key is None:
        return ComputerRecord(player=player)
    mark = _digest(key, state.scenario, state.seed, state.human, state.difficulty, player,
                   state.log)
    return ComputerRecord(player=player, marked=len(state.log), mark=mark)


def vouched_for(save: LoadedSave) -> int:
    """How many of the save's commands this installation's mark vouches for (0: none)."""
    record = save.data.computer
    if record is None or record.mark is None or record.marked == 0:
        return 0
    commands = save.commands
    if record.marked > len(commands) or record.player != ai.AI_VERSION:
        return 0
    key = _key(create=False)
    if key is None:
        return 0
    data = save.data
    expected = _digest(key, save.scenario, data.seed, data.human, data.difficulty,
                       record.player, commands[:record.marked])
    return record.marked if hmac.compare_digest(expected, record.mark) else 0


# -- which computer played a game in progress -------------------------------------------------

_PLAYED_BY: weakref.WeakKeyDictionary[GameSession, int] = weakref.WeakKeyDictionary()


def note_player(session: GameSession, player: int) -> None:
    """Remember that the computer moves so far in ``session`` came from computer ``player``
    (a game continued from an earlier version's save stays labelled as such)."""
    if player != ai.AI_VERSION:
        _PLAYED_BY[session] = player


def player_of(session: GameSession) -> int:
    return _PLAYED_BY.get(session, ai.AI_VERSION)


def player_of_save(save: LoadedSave) -> int:
    """The computer player a save was played against (UNKNOWN_PLAYER: not recorded)."""
    record = save.data.computer
    return UNKNOWN_PLAYER if record is None else record.player


# -- the check --------------------------------------------------------------------------------


@dataclass
class ComputerCheckReport:
    """What comparing a log's computer moves with the computer's own found."""

    computer_commands: int = 0
    """the computer's commands compared with what it plays"""
    vouched: int = 0
    """commands covered by this installation's mark (applied without asking the computer)"""
    first_difference: int | None = None
    """index in the log of the first computer command that differs"""
    turn_label: str = ""
    saved: Command | None = None
    expected: Command | None = None
    """what the computer plays there (None: it would have played nothing more)"""
    not_checked: str | None = None
    """why the computer's moves could not be checked (another computer player)"""
    stopped: str | None = None
    """the log stopped replaying (an illegal command): the check ends there"""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.first_difference is None

    def message(self) -> str:
        """One line for people."""
        if self.not_checked is not None:
            return f"computer moves not checked: {self.not_checked}"
        if self.first_difference is None:
            how = f", {self.vouched} commands vouched for by this installation" \
                if self.vouched else ""
            return f"computer moves ok: {self.computer_commands} checked{how}"
        saved = command_text(self.saved) if self.saved is not None else "nothing"
        expected = (command_text(self.expected) if self.expected is not None
                    else "nothing more")
        return (f"computer moves DIFFER at command {self.first_difference + 1} "
                f"({self.turn_label}): the save has {saved}, the computer plays {expected}")

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok, "computer_commands": self.computer_commands,
            "vouched": self.vouched, "first_difference": self.first_difference,
            "turn": self.turn_label or None,
            "saved": command_to_dict(self.saved) if self.saved is not None else None,
            "expected": command_to_dict(self.expected) if self.expected is not None else None,
            "not_checked": self.not_checked, "stopped": self.stopped,
        }


class ComputerMoveCheck:
    """Replays a log, checking each stretch of the computer's moves as it comes.

    ``run(budget)`` works for about ``budget`` seconds (None: to the end) and returns
    True once finished; ``report`` holds the result and ``state`` the replayed game
    (the state the log leads to, as ``GameSession.from_commands`` would rebuild it
    before letting the computer move).
    """

    def __init__(self, scenario: Scenario, seed: int, human: str | None, difficulty: str,
                 commands: list[Command], *, vouched: int = 0,
                 player: int | None = None, changed: bool = False) -> None:
        self.state = new_game(scenario, seed, human, difficulty)
        self.commands = commands
        self.index = 0
        self.done = False
        self.report = ComputerCheckReport(vouched=vouched)
        self.vouched = vouched
        if changed:
            self.report.not_checked = ("the scenario has changed since the save was made, so "
                                       "the computer would now play differently")
        elif player == UNKNOWN_PLAYER:
            self.report.not_checked = ("the save comes from an older version of the game, "
                                       "which did not record which computer player played")
        elif player is not None and player != ai.AI_VERSION:
            self.report.not_checked = (
                f"the save was played against computer player {player}, and this is "
                f"computer player {ai.AI_VERSION}")

    @classmethod
    def for_save(cls, save: LoadedSave, *, use_mark: bool = True,
                 upto: int | None = None) -> ComputerMoveCheck:
        """The check of a save's log (or of its first ``upto`` commands)."""
        data = save.data
        commands = save.commands if upto is None else save.commands[:upto]
        vouched = min(vouched_for(save), len(commands)) if use_mark else 0
        return cls(save.scenario, data.seed, data.human, data.difficulty, commands,
                   vouched=vouched, player=player_of_save(save), changed=save.content_changed)

    @property
    def progress(self) -> float:
        return self.index / len(self.commands) if self.commands else 1.0

    def run(self, budget: float | None = None) -> bool:
        started = time.perf_counter()
        deadline = None if budget is None else started + budget
        try:
            while not self.done:
                self._step()
                if deadline is not None and time.perf_counter() >= deadline:
                    break
        finally:
            self.report.seconds += time.perf_counter() - started
        return self.done

    def _step(self) -> None:
        state, commands = self.state, self.commands
        if self.index >= len(commands) or not self.report.ok:
            self.done = True
            return
        computer_to_move = not state.over and state.to_move != state.human
        if (self.index < self.vouched or not computer_to_move
                or self.report.not_checked is not None):
            self._apply(commands[self.index])
            return
        # The computer is to move: exactly where a game in progress lets it play.
        trial = state.copy()
        try:
            played = ai.play_until_human(trial)
        except Exception as exc:  # the scenario's rules broke under the computer's move
            self.report.stopped = (f"the computer's move at command {self.index + 1} breaks "
                                   f"the scenario's rules ({type(exc).__name__}: {exc})")
            self.done = True
            return
        logged = commands[self.index:self.index + len(played)]
        for offset, expected in enumerate(played):
            saved = logged[offset] if offset < len(logged) else None
            if saved is None:
                break  # the log ends inside the computer's moves: what is there agrees
            if saved != expected:
                probe = state.copy()
                try:
                    for command in played[:offset]:
                        apply(probe, command)
                    apply(probe, saved)
                except Exception as exc:  # not a move at all: an illegal log, not a puppet
                    self.index += offset
                    self.report.stopped = (f"command {self.index + 1} "
                                           f"({command_text(saved)}): {exc}")
                    self.done = True
                    return
                self._differs(self.index + offset, saved, expected, trial)
                return
        self.report.computer_commands += len(logged)
        if len(logged) == len(played):
            self.state = trial
            self.index += len(played)
        else:  # the log ends inside the computer's moves
            for command in logged:
                self._apply(command)

    def _apply(self, command: Command) -> None:
        try:
            apply(self.state, command)
        except Exception as exc:  # illegal, or the scenario's rules broke on it
            what = str(exc) if isinstance(exc, IllegalCommandError) else \
                f"{type(exc).__name__}: {exc}"
            self.report.stopped = f"command {self.index + 1} ({command_text(command)}): {what}"
            self.done = True
            return
        self.index += 1

    def _differs(self, index: int, saved: Command, expected: Command | None,
                 where: GameState) -> None:
        report = self.report
        report.first_difference = index
        report.saved = saved
        report.expected = expected
        replay = new_game(where.scenario, where.seed, where.human, where.difficulty)
        for command in self.commands[:index]:
            apply(replay, command)
        report.turn_label = f"turn {replay.turn + 1}, {replay.date_label}"
        self.done = True


def check_save(save: LoadedSave, *, use_mark: bool = True) -> ComputerCheckReport:
    """Check every computer move of a save (those its mark vouches for are trusted)."""
    check = ComputerMoveCheck.for_save(save, use_mark=use_mark)
    check.run()
    return check.report


def key_path() -> Path:
    return discovery.user_home() / KEY_FILE
