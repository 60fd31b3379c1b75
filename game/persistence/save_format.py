"""The save file: a versioned JSON document, its models, checksum and migrations.

A save is the seed plus the full command log; replaying the commands rebuilds
the game exactly. Beside the log it keeps the state hash after every turn (to
check a replay), the meters at the end of every turn (to say what differs when
a replay diverges), a snapshot of the state when it was saved (for display and
a cross-check) and display data for the load screen. Saves are never pickled.

Format history (``save_format``; each step has a migration below):

* **1** — ``{"version": 1, "game": "0.0.x", "scenario": ID, "scenario_version": V,
  "seed": N, "side": SIDE|null, "difficulty": D, "commands": [["choose", side,
  event, choice] | ["act", side, action] | ["end_turn", side], ...], "hashes":
  [...], "turn": N}`` — no display data, no snapshot, no content hash.
* **2** — the models below: commands in ``command_to_dict`` form, scenario
  reference with content hash and source path, snapshot, per-turn meter trace,
  display data and an optional checksum.
* **3** — adds ``computer``: which version of the computer player played the
  computer's side, and this installation's mark vouching for those moves (see
  computer_check.py); null in saves converted from older formats, which did not
  record it.

The ``checksum`` field is a digest of everything else in the file, so a damaged
file (a flipped bit, a cut-off write) is reported rather than loaded wrongly. It
detects damage, not tampering: anyone can recompute it. Someone who edits a save
by hand may delete the ``checksum`` line; the save then loads without that check
(its hashes are still checked by replaying it, and its computer moves by
comparing them with what the computer plays).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

import game
from game.engine.ai import AI_VERSION
from game.engine.commands import Act, Choose, Command, EndTurn, command_to_dict
from game.engine.model import Scenario
from game.engine.state import GameState

CURRENT_FORMAT = 3
"""The save format this version writes."""
MAX_SAVE_BYTES = 8 * 1024 * 1024
"""Larger files are refused unread (a whole campaign's save is about 0.1 MB)."""

SaveKind = Literal["named", "quick", "auto"]


class SaveError(Exception):
    """A save cannot be read or restored. ``str(error)`` is one line for the player."""


# -- models -----------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,128}$")]
Text = Annotated[str, StringConstraints(max_length=10_000)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ChooseEntry(_Strict):
    type: Literal["choose"]
    side: Id
    event: Id
    choice: Id


class ActEntry(_Strict):
    type: Literal["act"]
    side: Id
    action: Id


class EndTurnEntry(_Strict):
    type: Literal["end_turn"]
    side: Id


CommandEntry = Annotated[ChooseEntry | ActEntry | EndTurnEntry, Field(discriminator="type")]


class ScenarioRef(_Strict):
    id: Id
    version: Text
    content_hash: Hash | None = None
    """None for saves migrated from a format that did not record it"""
    path: Text | None = None
    """where the scenario was loaded from (absolute, or relative to the save's folder)"""


class Snapshot(_Strict):
    """The state when the game was saved: for display and a cross-check."""

    turn: int
    date_label: Text
    to_move: Id | None
    meters: dict[Id, int]
    flags: list[Id]
    ending: Id | None
    scores: dict[Id, float]
    commands: int
    """length of the command log at that moment"""
    state_hash: Hash


class MeterTrace(_Strict):
    """Meter values at the end of every turn (state.history), in ``meter_ids`` order."""

    meter_ids: list[Id]
    values: list[list[int]]


class Display(_Strict):
    """What a load screen shows without replaying anything."""

    name: Text
    saved_at: Text
    """ISO 8601 local time with offset"""
    turn_label: Text
    side: Text
    """the human side's name, or 'computer only'"""
    scenario_title: Text
    kind: SaveKind


class ComputerRecord(_Strict):
    """Who played the computer's side, and this installation's word for those moves."""

    player: int = Field(ge=0, le=1_000_000)
    """the computer player's version (``game.engine.ai.AI_VERSION``) that played them"""
    marked: int = Field(0, ge=0)
    """how many commands of the log the mark vouches for"""
    mark: Hash | None = None
    """a keyed digest only this installation can make (see computer_check.py)"""


class SaveFile(_Strict):
    save_format: Literal[3]
    game_version: Text
    scenario: ScenarioRef
    seed: int
    human: Id | None
    difficulty: Literal["easy", "normal", "hard"]
    commands: list[CommandEntry]
    hashes: list[Hash]
    snapshot: Snapshot | None = None
    trace: MeterTrace | None = None
    display: Display
    computer: ComputerRecord | None = None
    checksum: Hash | None = None

    def engine_commands(self) -> list[Command]:
        out: list[Command] = []
        for entry in self.commands:
            if isinstance(entry, ChooseEntry):
                out.append(Choose(entry.side, entry.event, entry.choice))
            elif isinstance(entry, ActEntry):
                out.append(Act(entry.side, entry.action))
            else:
                out.append(EndTurn(entry.side))
        return out


@dataclass
class LoadedSave:
    """A save that has been read and matched with its scenario."""

    data: SaveFile
    scenario: Scenario
    path: str | None = None
    warnings: list[str] = field(default_factory=list)
    """things the player should know (scenario changed, replay differs...)"""
    original_format: int = CURRENT_FORMAT
    _commands: list[Command] | None = field(default=None, repr=False)

    @property
    def commands(self) -> list[Command]:
        if self._commands is None:
            self._commands = self.data.engine_commands()
        return list(self._commands)

    @property
    def content_changed(self) -> bool:
        saved = self.data.scenario.content_hash
        return saved is not None and saved != self.scenario.content_hash


# -- building -----------------------------------------------------------------------


def now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def snapshot_of(state: GameState) -> Snapshot:
    scenario = state.scenario
    return Snapshot(
        turn=state.turn, date_label=state.date_label, to_move=state.to_move,
        meters={m.id: state.values[m.slot] for m in scenario.meters},
        flags=sorted(f[5:] for f in state.facts if f.startswith("flag:")),
        ending=state.ending,
        scores={side: round(float(score), 6) for side, score in sorted(state.scores.items())},
        commands=len(state.log), state_hash=state.compute_hash(),
    )


def trace_of(state: GameState) -> MeterTrace:
    meters = sorted(state.scenario.meters, key=lambda m: m.slot)
    return MeterTrace(meter_ids=[m.id for m in meters],
                      values=[[row[m.slot] for m in meters] for row in state.history])


def side_label(scenario: Scenario, human: str | None) -> str:
    if human is None:
        return "computer only"
    try:
        return scenario.side(human).name
    except KeyError:
        return human


def build_save(state: GameState, *, name: str, kind: SaveKind = "named",
               scenario_path: str | None = None, saved_at: str | None = None,
               computer: ComputerRecord | None = None) -> SaveFile:
    """The save of a game in progress (or finished). ``computer`` defaults to the current
    computer player, with no mark."""
    scenario = state.scenario
    entries: list[ChooseEntry | ActEntry | EndTurnEntry] = []
    for command in state.log:
        if isinstance(command, Choose):
            entries.append(ChooseEntry(type="choose", side=command.side, event=command.event,
                                       choice=command.choice))
        elif isinstance(command, Act):
            entries.append(ActEntry(type="act", side=command.side, action=command.action))
        else:
            entries.append(EndTurnEntry(type="end_turn", side=command.side))
    turn_label = state.date_label
    if state.over:
        turn_label += " (game over)"
    return SaveFile(
        save_format=3,
        game_version=game.__version__,
        scenario=ScenarioRef(id=scenario.id, version=scenario.version,
                             content_hash=scenario.content_hash, path=scenario_path),
        seed=state.seed, human=state.human,
        difficulty=state.difficulty,  # type: ignore[arg-type]
        commands=entries,
        hashes=list(state.hashes),
        snapshot=snapshot_of(state),
        trace=trace_of(state),
        display=Display(name=name, saved_at=saved_at or now_iso(), turn_label=turn_label,
                        side=side_label(scenario, state.human), scenario_title=scenario.title,
                        kind=kind),
        computer=computer or ComputerRecord(player=AI_VERSION),
    )


# -- writing ------------------------------------------------------------------------


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=False).encode()


def checksum_of(payload: dict[str, Any]) -> str:
    """The checksum of a save's JSON object (its ``checksum`` key is left out)."""
    body = {k: v for k, v in payload.items() if k != "checksum"}
    return hashlib.blake2b(_canonical(body), digest_size=16).hexdigest()


def _pretty(value: Any, depth: int, out: list[str]) -> None:
    """JSON with the outer levels one item a line, and small things on one line."""
    expand = isinstance(value, dict | list) and value and (
        depth < 2 or (depth < 3 and isinstance(value, list)
                      and all(isinstance(v, dict | list) for v in value)))
    if not expand:
        out.append(json.dumps(value, ensure_ascii=False, allow_nan=False))
        return
    pad = "  " * (depth + 1)
    if isinstance(value, dict):
        out.append("{\n")
        for i, (key, item) in enumerate(value.items()):
            out.append(f"{pad}{json.dumps(key, ensure_ascii=False)}: ")
            _pretty(item, depth + 1, out)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append("  " * depth + "}")
    else:
        out.append("[\n")
        for i, item in enumerate(value):
            out.append(pad)
            _pretty(item, depth + 1, out)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append("  " * depth + "]")


def dump_save(save: SaveFile) -> bytes:
    """The file's bytes (UTF-8 JSON, checksum filled in)."""
    payload = save.model_dump(mode="json", exclude={"checksum"})
    payload["checksum"] = checksum_of(payload)
    out: list[str] = []
    _pretty(payload, 0, out)
    out.append("\n")
    return "".join(out).encode("utf-8")


# -- reading ------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a save")


def _first_problem(error: ValidationError) -> str:
    problems = error.errors()
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "the file"
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown field"
    elif first["type"] == "missing":
        message = "missing field"
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"{where}: {message}{more}"


def detect_format(data: dict[str, Any]) -> int:
    """The save format of a decoded save (raises SaveError if it is not a save)."""
    if "save_format" in data:
        version = data["save_format"]
    elif "version" in data and "commands" in data:
        version = data["version"]
    else:
        raise SaveError("this is not a Red Schism save (no save_format field)")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SaveError("the save format number is not a whole number")
    if version > CURRENT_FORMAT:
        made_by = data.get("game_version")
        who = f" ({made_by})" if isinstance(made_by, str) and len(made_by) < 40 else ""
        raise SaveError(f"this save was made by a newer version of Red Schism{who}: "
                        f"save format {version}, this version reads up to {CURRENT_FORMAT}")
    if version < 1:
        raise SaveError(f"unknown save format {version}")
    return version


# Migrations: MIGRATIONS[n] turns a format-n object into a format-(n+1) object.
# They take the decoded JSON and a context (e.g. the file's modification time).


def _v1_command(index: int, item: Any) -> dict[str, Any]:
    shapes = {"choose": ("side", "event", "choice"), "act": ("side", "action"),
              "end_turn": ("side",)}
    if not isinstance(item, list) or not item or not isinstance(item[0], str):
        raise SaveError(f"commands.{index}: not a command")
    names = shapes.get(item[0])
    if names is None:
        raise SaveError(f"commands.{index}: unknown command type {item[0][:40]!r}")
    if len(item) != len(names) + 1:
        raise SaveError(f"commands.{index}: a '{item[0]}' command has {len(names)} fields")
    return {"type": item[0], **dict(zip(names, item[1:], strict=True))}


def _migrate_1_to_2(data: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    known = {"version", "game", "scenario", "scenario_version", "seed", "side", "difficulty",
             "commands", "hashes", "turn"}
    extra = sorted(set(data) - known)
    if extra:
        raise SaveError(f"{extra[0]}: unknown field")
    for key in ("scenario", "seed", "difficulty", "commands", "hashes", "turn"):
        if key not in data:
            raise SaveError(f"{key}: missing field")
    commands = data["commands"]
    if not isinstance(commands, list):
        raise SaveError("commands: not a list")
    turn = data["turn"]
    if isinstance(turn, bool) or not isinstance(turn, int):
        raise SaveError("turn: not a whole number")
    side = data.get("side")
    return {
        "save_format": 2,
        "game_version": data.get("game", "0.0.0"),
        "scenario": {"id": data["scenario"], "version": data.get("scenario_version", ""),
                     "content_hash": None, "path": None},
        "seed": data["seed"],
        "human": side,
        "difficulty": data["difficulty"],
        "commands": [_v1_command(i, item) for i, item in enumerate(commands)],
        "hashes": data["hashes"],
        "snapshot": None,
        "trace": None,
        "display": {
            "name": f"Imported save (turn {turn + 1})",
            "saved_at": context.get("saved_at") or "1970-01-01T00:00:00+00:00",
            "turn_label": f"turn {turn + 1}",
            "side": side if isinstance(side, str) else "computer only",
            "scenario_title": data["scenario"] if isinstance(data["scenario"], str) else "",
            "kind": "named",
        },
    }


def _migrate_2_to_3(data: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    if "computer" in data:
        raise SaveError("computer: unknown field")
    # Format 2 did not record which computer player played: unknown, and unmarked.
    return {**data, "save_format": 3, "computer": None}


Migration = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def migrate(data: dict[str, Any], context: dict[str, Any] | None = None) -> dict[str, Any]:
    """Bring a decoded save of any known format up to CURRENT_FORMAT, one step at a time."""
    version = detect_format(data)
    context = context or {}
    while version < CURRENT_FORMAT:
        data = MIGRATIONS[version](data, context)
        version += 1
    return data


def decode(raw: bytes) -> dict[str, Any]:
    """Bytes to a JSON object, or SaveError."""
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(f"the file is too large to be a save ({len(raw) // 1_048_576} MB)")
    if not raw.strip():
        raise SaveError("the file is empty")
    try:
        # A byte-order mark (some editors add one) is accepted, as in scenario files.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SaveError(f"the save is damaged: not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        end = text.rstrip()
        if exc.pos >= len(end) or not end.endswith("}"):
            lines = end.count("\n") + 1
            raise SaveError(f"the save is incomplete: it ends early, at line {lines} (was "
                            "the game stopped while saving?)") from None
        raise SaveError(f"the save is damaged: {exc.msg} (line {exc.lineno}, column "
                        f"{exc.colno})") from None
    except RecursionError:
        raise SaveError("the save is damaged: nested too deeply") from None
    except ValueError as exc:
        raise SaveError(f"the save is damaged: {str(exc)[:100]}") from None
    if not isinstance(data, dict):
        raise SaveError("this is not a Red Schism save (expected a JSON object)")
    return data


def parse_save(raw: bytes, context: dict[str, Any] | None = None) -> tuple[SaveFile, int]:
    """Decode, check, migrate and validate a save. Returns (save, format it was written in).

    Raises SaveError (with a one-line message) and nothing else.
    """
    try:
        data = decode(raw)
        version = detect_format(data)
        if version >= 2 and "checksum" in data:
            stored = data["checksum"]
            if stored is not None:
                try:
                    expected = checksum_of(data)
                except (ValueError, TypeError, RecursionError):
                    raise SaveError("the save is damaged: it holds values JSON cannot "
                                    "represent") from None
                if stored != expected:
                    raise SaveError("the save is damaged: its contents do not match its "
                                    "checksum")
        data = migrate(data, context)
        try:
            save = SaveFile.model_validate(data)
        except ValidationError as exc:
            raise SaveError(f"the save is damaged or not a save: {_first_problem(exc)}") from None
        return save, version
    except SaveError:
        raise
    except RecursionError:
        raise SaveError("the save is damaged: nested too deeply") from None
    except Exception as exc:  # a save must never crash the game
        raise SaveError(f"the save cannot be read ({type(exc).__name__})") from None


def command_text(command: Command) -> str:
    """A command as a short phrase for messages."""
    if isinstance(command, Choose):
        return f"{command.side} answering '{command.event}' with '{command.choice}'"
    if isinstance(command, Act):
        return f"{command.side} taking action '{command.action}'"
    return f"{command.side} ending the turn"


__all__ = [
    "CURRENT_FORMAT", "MIGRATIONS", "ComputerRecord", "Display", "LoadedSave", "MeterTrace",
    "SaveError", "SaveFile", "ScenarioRef", "Snapshot", "build_save", "checksum_of", "command_text",
    "command_to_dict", "detect_format", "dump_save", "migrate", "parse_save",
]
