"""Replays: checking a save's hashes turn by turn, and a timeline for the replay viewer.

Turn numbers in this module are the engine's, 0-based (``state.turn``); texts
for people say "turn N+1 (1953 Q2)".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine.commands import Command, IllegalCommandError
from game.engine.model import EventDef, Scenario
from game.engine.rules import apply, new_game
from game.engine.session import GameSession
from game.engine.state import Change, Decision, GameState
from game.persistence.computer_check import (
    ComputerCheckReport,
    ComputerMoveCheck,
    check_save,
    note_player,
    player_of_save,
)
from game.persistence.save_format import LoadedSave, SaveError, SaveFile, command_text


def _turn_text(scenario: Scenario, turn: int) -> str:
    return f"turn {turn + 1} ({scenario.calendar.label(turn)})"


@dataclass
class VerifyReport:
    """What re-running a save's command log found."""

    scenario: str
    turns: int
    """turns completed by the replay"""
    commands: int
    """commands replayed"""
    hashes_expected: int
    hashes_checked: int
    first_divergent_turn: int | None = None
    first_divergent_label: str | None = None
    expected_hash: str | None = None
    actual_hash: str | None = None
    differences: list[str] = field(default_factory=list)
    """what differs at the first divergent turn (meters), and in the final snapshot"""
    error: str | None = None
    """an illegal command stopped the replay"""
    ending: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    computer: ComputerCheckReport | None = None
    """whether the computer's moves are the ones the computer plays (when checked)"""

    @property
    def ok(self) -> bool:
        computer_ok = self.computer is None or self.computer.ok
        return self.first_divergent_turn is None and self.error is None and computer_ok

    def summary(self) -> str:
        """The hashes' verdict, and (on a second line) the computer moves' when checked."""
        computer = f"\n{self.computer.message()}" if self.computer is not None else ""
        if self.error is not None:
            return f"replay stopped: {self.error}"
        if self.first_divergent_turn is None:
            return (f"ok: {self.turns} turns, {self.hashes_checked} of "
                    f"{self.hashes_expected} turn hashes match{computer}")
        turn = self.first_divergent_turn
        text = f"DIVERGES at turn {turn + 1} ({self.first_divergent_label})"
        if self.expected_hash or self.actual_hash:
            text += f": saved hash {self.expected_hash}, replayed {self.actual_hash}"
        return text + computer

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "scenario": self.scenario, "turns": self.turns,
            "commands": self.commands, "hashes_expected": self.hashes_expected,
            "hashes_checked": self.hashes_checked,
            "first_divergent_turn": self.first_divergent_turn,
            "first_divergent_label": self.first_divergent_label,
            "expected_hash": self.expected_hash, "actual_hash": self.actual_hash,
            "differences": list(self.differences), "error": self.error,
            "ending": self.ending, "scores": dict(sorted(self.scores.items())),
            "warnings": list(self.warnings),
            "computer_moves": self.computer.to_json() if self.computer is not None else None,
        }


def _meter_differences(data: SaveFile, state: GameState, turn: int) -> list[str]:
    trace = data.trace
    if trace is None or turn >= len(trace.values) or turn >= len(state.history):
        return []
    saved_row = trace.values[turn]
    replayed_row = state.history[turn]
    meter_index = state.scenario.meter_index
    out = []
    for meter_id, saved in zip(trace.meter_ids, saved_row, strict=False):
        slot = meter_index.get(meter_id)
        if slot is None or slot >= len(replayed_row):
            out.append(f"{meter_id}: saved {saved}, not in the scenario now")
        elif replayed_row[slot] != saved:
            out.append(f"{meter_id}: saved {saved}, replayed {replayed_row[slot]}")
    return out


def _snapshot_differences(data: SaveFile, state: GameState) -> list[str]:
    snap = data.snapshot
    if snap is None:
        return []
    out = []
    meter_index = state.scenario.meter_index
    for meter_id, saved in snap.meters.items():
        slot = meter_index.get(meter_id)
        if slot is None:
            out.append(f"{meter_id}: saved {saved}, not in the scenario now")
        elif state.values[slot] != saved:
            out.append(f"{meter_id}: saved {saved}, replayed {state.values[slot]}")
    flags = {f[5:] for f in state.facts if f.startswith("flag:")}
    saved_flags = set(snap.flags)
    for flag in sorted(saved_flags - flags):
        out.append(f"flag {flag}: set in the save, not in the replay")
    for flag in sorted(flags - saved_flags):
        out.append(f"flag {flag}: set in the replay, not in the save")
    if snap.turn != state.turn:
        out.append(f"turn: saved {snap.turn + 1}, replayed {state.turn + 1}")
    if snap.ending != state.ending:
        out.append(f"ending: saved {snap.ending}, replayed {state.ending}")
    return out


def verify(save: LoadedSave, *, check_hashes: bool = True,
           check_computer: bool = False) -> VerifyReport:
    """Re-run the save's command log and check every turn's hash.

    On a hash mismatch the report names the first divergent turn, both hashes, and
    which meters differ at the end of that turn (and, at the end, which meters
    and flags differ from the saved snapshot). ``check_computer`` also replays the
    computer's turns through the computer player and names the first of its
    commands in the log that it would not have played (``report.computer``); no
    installation mark is trusted here. That second check costs what the computer's
    thinking cost (a second a move on hard), so it is asked for separately.
    """
    report = _verify_hashes(save, check_hashes=check_hashes)
    if check_computer:
        report.computer = check_save(save, use_mark=False)
    return report


def _verify_hashes(save: LoadedSave, *, check_hashes: bool) -> VerifyReport:
    data, scenario = save.data, save.scenario
    expected = data.hashes
    report = VerifyReport(scenario=scenario.id, turns=0, commands=0,
                          hashes_expected=len(expected) if check_hashes else 0,
                          hashes_checked=0, warnings=list(save.warnings))
    try:
        state = new_game(scenario, data.seed, data.human, data.difficulty)
    except ValueError as exc:
        report.error = str(exc)
        return report

    def diverge(turn: int, saved: str | None, replayed: str | None) -> None:
        if report.first_divergent_turn is not None:
            return
        report.first_divergent_turn = turn
        report.first_divergent_label = scenario.calendar.label(turn)
        report.expected_hash, report.actual_hash = saved, replayed
        report.differences.extend(_meter_differences(data, state, turn))

    checked = 0
    for index, command in enumerate(save.commands):
        try:
            apply(state, command)
        except Exception as exc:  # illegal, or the scenario's rules broke on it
            what = ("is illegal" if isinstance(exc, IllegalCommandError)
                    else f"breaks the scenario's rules ({type(exc).__name__})")
            report.error = (f"at {_turn_text(scenario, state.turn)}, command {index + 1} "
                            f"({command_text(command)}) {what}: {exc}")
            if check_hashes and report.first_divergent_turn is None:
                report.first_divergent_turn = state.turn
                report.first_divergent_label = scenario.calendar.label(state.turn)
                report.expected_hash = (expected[state.turn] if state.turn < len(expected)
                                        else None)
                report.differences.append(report.error)
            break
        report.commands += 1
        if check_hashes:
            while checked < len(state.hashes):
                replayed = state.hashes[checked]
                saved = expected[checked] if checked < len(expected) else None
                if saved != replayed:
                    diverge(checked, saved, replayed)
                checked += 1
    report.turns = len(state.hashes)
    report.ending = state.ending
    report.scores = {side: round(score, 6) for side, score in state.scores.items()}
    if not check_hashes:
        return report
    report.hashes_checked = min(checked, len(expected))
    if report.error is None and checked < len(expected):
        diverge(checked, expected[checked], None)
        report.differences.insert(0, f"the save records {len(expected)} turns, the replay "
                                     f"completes {checked}")
    snap = data.snapshot
    if (report.error is None and snap is not None and snap.commands == len(state.log)
            and state.compute_hash() != snap.state_hash):
        snapshot_diff = _snapshot_differences(data, state)
        if report.first_divergent_turn is None:
            diverge(min(state.turn, scenario.calendar.turns - 1), snap.state_hash,
                    state.compute_hash())
            report.differences.extend(snapshot_diff or
                                      ["the state differs in events, timers or cooldowns"])
        else:
            report.differences.extend("at the end, " + d for d in snapshot_diff)
    if report.first_divergent_turn is not None and not report.differences \
            and report.error is None:
        report.differences.append("meters agree at the end of that turn; the difference is in "
                                  "flags, events, timers or cooldowns")
    return report


# -- the timeline ---------------------------------------------------------------------------------


class Timeline:
    """A replayed game for the replay viewer: step, scrub and branch.

    The log is replayed once; the state as each turn began is kept, so moving
    to any turn costs nothing. Returned states are shared: do not change them
    (``.copy()`` one first). A log that stops replaying part-way (a changed or
    broken scenario) still gives a timeline up to the last command that applied;
    ``broken`` then says where and why.
    """

    def __init__(self, scenario: Scenario, seed: int, human: str | None, difficulty: str,
                 commands: list[Command]) -> None:
        self.scenario = scenario
        self.seed = seed
        self.human = human
        self.difficulty = difficulty
        self.save: LoadedSave | None = None
        """the save it was read from, if any (branching checks its computer moves)"""
        state = new_game(scenario, seed, human, difficulty)
        self._starts: list[GameState] = [state.copy()]
        self._boundaries: list[int] = [0]
        """index in the log where each turn began"""
        self.broken: str | None = None
        for index, command in enumerate(commands):
            before = state.turn
            where = (f"turn {state.turn + 1} ({state.date_label}), command {index + 1} "
                     f"({command_text(command)})")
            try:
                apply(state, command)
            except Exception as exc:  # keep what replays; say where it stopped
                reason = (str(exc) if isinstance(exc, IllegalCommandError)
                          else f"{type(exc).__name__}: {exc}")
                self.broken = f"the replay stops at {where}: {reason}"
                # A failed command may have half-applied: rebuild the good prefix.
                state = new_game(scenario, seed, human, difficulty)
                for good in commands[:index]:
                    apply(state, good)
                break
            if state.turn != before and not state.over:
                self._starts.append(state.copy())
                self._boundaries.append(len(state.log))
        self.final = state
        self.commands: list[Command] = list(state.log)
        self._decisions: dict[int, list[Decision]] = {}
        for decision in state.chronicle:
            self._decisions.setdefault(decision.turn, []).append(decision)
        self._changes: dict[int, list[Change]] = {}
        for change in state.ledger:
            self._changes.setdefault(change.cause.turn, []).append(change)
        self._events: dict[int, list[EventDef]] = {}
        for turn, index in state.fired_log:
            self._events.setdefault(turn, []).append(scenario.events[index])

    @classmethod
    def from_save(cls, save: LoadedSave, *, strict: bool = False) -> Timeline:
        """The save's timeline; raises SaveError (never anything else) if it cannot start,
        or — when ``strict`` — if its log stops replaying part-way."""
        data = save.data
        try:
            timeline = cls(save.scenario, data.seed, data.human, data.difficulty,
                           save.commands)
        except ValueError as exc:  # a side or difficulty the scenario does not have
            raise SaveError(f"the save does not fit its scenario: {exc}") from None
        if strict and timeline.broken is not None:
            raise SaveError(timeline.broken)
        timeline.save = save
        return timeline

    @classmethod
    def from_state(cls, state: GameState) -> Timeline:
        return cls(state.scenario, state.seed, state.human, state.difficulty, list(state.log))

    # -- what there is

    @property
    def turn_count(self) -> int:
        """Turns that began (the last one may be unfinished)."""
        return len(self._starts)

    @property
    def completed_turns(self) -> int:
        return len(self.final.hashes)

    def label(self, turn: int) -> str:
        return self.scenario.calendar.label(turn)

    def _check(self, turn: int) -> None:
        if not 0 <= turn < len(self._starts):
            raise IndexError(f"turn {turn} is outside 0..{len(self._starts) - 1}")

    # -- states

    def state_at_start(self, turn: int) -> GameState:
        """The state as the turn began: after income and its events, before anyone moved."""
        self._check(turn)
        return self._starts[turn]

    def state_after(self, turn: int) -> GameState:
        """The state once the turn was over.

        For a turn that was not the last, the engine has already begun the next
        turn (its income and events are in), so this is ``state_at_start(turn + 1)``;
        ``end_values(turn)`` gives the meters exactly as the turn ended.
        """
        self._check(turn)
        if turn + 1 < len(self._starts):
            return self._starts[turn + 1]
        return self.final

    def end_values(self, turn: int) -> dict[str, int]:
        """Meter values at the end of the turn (the chart line), by meter id."""
        if not 0 <= turn < len(self.final.history):
            raise IndexError(f"turn {turn} has not ended")
        row = self.final.history[turn]
        return {m.id: row[m.slot] for m in self.scenario.meters}

    def hash(self, turn: int) -> str:
        return self.final.hashes[turn]

    # -- what happened

    def decisions(self, turn: int) -> list[Decision]:
        """The turn's decisions (state.chronicle): events answered and actions taken."""
        return list(self._decisions.get(turn, ()))

    def changes(self, turn: int) -> list[Change]:
        """Every meter change of the turn, with its cause (state.ledger)."""
        return list(self._changes.get(turn, ()))

    def events(self, turn: int) -> list[EventDef]:
        """The events that fired in the turn."""
        return list(self._events.get(turn, ()))

    def turn_commands(self, turn: int) -> list[Command]:
        self._check(turn)
        end = (self._boundaries[turn + 1] if turn + 1 < len(self._boundaries)
               else len(self.commands))
        return self.commands[self._boundaries[turn]:end]

    # -- branching

    def branch(self, turn: int) -> GameSession:
        """A new campaign from the start of ``turn``: the commands before it are replayed,
        the computer plays its side up to the human's first move, then the human plays on.
        (Add listeners such as ``enable_autosave`` to the returned session.)"""
        self._check(turn)
        if self.human is None:
            raise ValueError("a game with the computer on every side cannot be branched; "
                             "there is no human side to take over")
        commands = self.commands[: self._boundaries[turn]]
        player = None
        if self.save is not None:
            # The computer's moves before this turn must be its own: a game continued from
            # here would otherwise start from an edited position.
            player = player_of_save(self.save)
            check = ComputerMoveCheck.for_save(self.save, upto=len(commands))
            check.run()
            if not check.report.ok:
                raise ValueError(f"cannot take over from {self.label(turn)}: "
                                 f"{check.report.message()}; the save may have been edited. "
                                 "Take over from an earlier turn")
        session = GameSession.from_commands(self.scenario, self.seed, self.human,
                                            self.difficulty, commands)
        if player is not None:
            note_player(session, player)
        return session
