"""The saves folder: atomic writes, named saves, quicksave, autosaves, listing, loading.

Every write goes to a temporary file in the same folder, is flushed and
fsynced, then atomically renamed over the target, and the folder is fsynced:
a crash or kill at any moment leaves either the old save or the new one,
whole. Nothing here ever modifies or deletes a file it failed to read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game.content import discovery
from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario, scenario_files
from game.engine.commands import IllegalCommandError
from game.engine.model import Scenario
from game.engine.rules import apply, new_game
from game.engine.session import GameSession
from game.engine.state import GameState
from game.persistence import computer_check
from game.persistence.save_format import (
    MAX_SAVE_BYTES,
    Display,
    LoadedSave,
    SaveError,
    SaveFile,
    SaveKind,
    build_save,
    command_text,
    dump_save,
    parse_save,
)

QUICKSAVE_NAME = "quicksave.json"
AUTOSAVE_KEEP = 5
_AUTOSAVE = re.compile(r"^autosave-(\d{1,12})\.json$")
_STALE_TEMP_SECONDS = 3600
_RESERVED = {"quicksave", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


# -- folders and names ----------------------------------------------------------------


def saves_dir() -> Path:
    """The user's saves folder (``RED_SCHISM_HOME/saves`` when that is set)."""
    return discovery.user_home() / "saves"


def quicksave_path(folder: Path | None = None) -> Path:
    return (folder or saves_dir()) / QUICKSAVE_NAME


def file_name_for(name: str) -> str:
    """The file name of a named save: a safe lower-case slug (plus a short digest if the
    name had to be changed to make it safe, so different names never share a file)."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower()).strip("-_")[:60] or "save"
    if slug in _RESERVED or slug.startswith("autosave"):
        slug = "save-" + slug
    if slug != name:
        slug += "-" + hashlib.blake2b(name.encode(), digest_size=3).hexdigest()
    return slug + ".json"


def kind_of(path: Path) -> SaveKind:
    if path.name == QUICKSAVE_NAME:
        return "quick"
    if _AUTOSAVE.match(path.name):
        return "auto"
    return "named"


# -- atomic writing ----------------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _clean_stale_temps(folder: Path) -> None:
    now = time.time()
    for temp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > _STALE_TEMP_SECONDS:
                temp.unlink()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is always either the old file or the new."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    # os.open with mode 0o666 lets the user's umask decide the permissions, as for
    # any other file the game writes (tempfile.mkstemp would force 0o600).
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = str(folder / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temp, flags, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(folder)


def write_save(path: Path, save: SaveFile) -> Path:
    """Write a save atomically; raises SaveError (one line) if the disk refuses."""
    data = dump_save(save)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise SaveError(f"cannot write {path.name}: {exc.strerror or exc}") from None
    with contextlib.suppress(OSError):
        _clean_stale_temps(path.parent)
    return path


# -- where the scenario came from -----------------------------------------------------------


def scenario_source(scenario: Scenario) -> str | None:
    """Best guess of the folder (or file) a scenario was loaded from, as an absolute path."""
    files = [Path(f) for f in scenario.source_files]
    if not files:
        return None
    try:
        resolved = [f.resolve() for f in files]
        if len(resolved) == 1:
            file = resolved[0]
            siblings = [p for p in file.parent.iterdir() if p.suffix in (".yaml", ".yml")]
            return str(file.parent if siblings == [file] else file)
        return os.path.commonpath([str(f.parent) for f in resolved])
    except (OSError, ValueError):
        return None


def _session_save(session: GameSession | GameState, name: str, kind: SaveKind,
                  scenario_path: str | Path | None) -> SaveFile:
    state = session.state if isinstance(session, GameSession) else session
    path = str(scenario_path) if scenario_path is not None else scenario_source(state.scenario)
    if isinstance(session, GameSession):
        # A session's computer moves were played (or checked) by this installation.
        computer = computer_check.record_for(state, computer_check.player_of(session))
    else:
        computer = None  # a bare state vouches for nothing
    return build_save(state, name=name, kind=kind, scenario_path=path, computer=computer)


# -- saving -----------------------------------------------------------------------------------


def save_game(session: GameSession | GameState, name: str, *, folder: Path | None = None,
              scenario_path: str | Path | None = None) -> Path:
    """A named save (saving again under the same name replaces it, atomically)."""
    name = name.strip() or "Unnamed save"
    path = (folder or saves_dir()) / file_name_for(name)
    return write_save(path, _session_save(session, name, "named", scenario_path))


def quicksave(session: GameSession | GameState, *, folder: Path | None = None,
              scenario_path: str | Path | None = None) -> Path:
    """The one quicksave slot."""
    state = session.state if isinstance(session, GameSession) else session
    save = _session_save(session, f"Quicksave, {state.date_label}", "quick", scenario_path)
    return write_save(quicksave_path(folder), save)


def _autosaves(folder: Path) -> list[tuple[int, Path]]:
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _AUTOSAVE.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def autosave(session: GameSession | GameState, *, folder: Path | None = None,
             keep: int = AUTOSAVE_KEEP, scenario_path: str | Path | None = None) -> Path:
    """Write a new autosave, then delete the oldest so that ``keep`` remain.

    Files are ``autosave-NNNN.json`` with a rising number; the new one is written
    (atomically) before anything is deleted, and only the oldest are deleted.
    """
    folder = folder or saves_dir()
    state = session.state if isinstance(session, GameSession) else session
    existing = _autosaves(folder)
    number = existing[-1][0] + 1 if existing else 1
    path = folder / f"autosave-{number:04d}.json"
    write_save(path, _session_save(session, f"Autosave, {state.date_label}", "auto",
                                   scenario_path))
    for _, old in existing[: max(0, len(existing) + 1 - max(1, keep))]:
        with contextlib.suppress(OSError):
            old.unlink()
    return path


def delete_save(path: Path) -> None:
    """Delete a save file (the player asked for it)."""
    try:
        Path(path).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise SaveError(f"cannot delete {Path(path).name}: {exc.strerror or exc}") from None


# -- listing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveEntry:
    """One file in the saves folder: readable (``display`` set) or not (``error`` set)."""

    path: Path
    kind: SaveKind
    display: Display | None
    error: str | None
    scenario_id: str | None
    timestamp: float
    """when it was saved (seconds since the epoch), for sorting"""

    @property
    def ok(self) -> bool:
        return self.error is None


def _iso_timestamp(text: str) -> float | None:
    try:
        return datetime.fromisoformat(text).timestamp()
    except (ValueError, OverflowError, OSError):
        return None


def _mtime_iso(path: Path) -> str | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(
            timespec="seconds")
    except (OSError, ValueError, OverflowError):
        return None


def _size_problem(path: Path) -> str | None:
    """Why a file cannot be a save, judged from its metadata alone (never reading it)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "there is no such save file"
    except (OSError, ValueError) as exc:
        return f"cannot read the file: {getattr(exc, 'strerror', None) or exc}"
    if stat.S_ISDIR(info.st_mode):
        return "that is a folder, not a save file"
    if not stat.S_ISREG(info.st_mode):
        return "that is not a regular file (a device, pipe or socket), so not a save"
    if info.st_size > MAX_SAVE_BYTES:
        return (f"the file is too large to be a save ({info.st_size / 1_048_576:,.0f} MB; "
                f"saves are under {MAX_SAVE_BYTES // 1_048_576} MB)")
    return None


def _read_file(path: Path) -> bytes:
    """A save's bytes: checked by size and kind first, then read with a bound."""
    problem = _size_problem(path)
    if problem is not None:
        raise SaveError(problem)
    try:
        # O_NONBLOCK: a pipe swapped in after the check must not block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise SaveError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SaveError("that is not a regular file, so not a save")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_SAVE_BYTES + 1)
    except OSError as exc:
        raise SaveError(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(f"the file is too large to be a save (over "
                        f"{MAX_SAVE_BYTES // 1_048_576} MB)")
    return raw


def list_saves(folder: Path | None = None) -> list[SaveEntry]:
    """Every save in the folder, newest first; unreadable ones carry a one-line reason."""
    folder = folder or saves_dir()
    try:
        paths = [p for p in folder.iterdir()
                 if not p.name.startswith(".") and p.suffix == ".json"]
    except OSError:  # no folder, or one that cannot be listed: no saves to show
        return []
    entries = []
    order: dict[Path, float] = {}
    for path in paths:
        try:
            info = path.stat()
        except (OSError, ValueError):
            continue
        if stat.S_ISDIR(info.st_mode):
            continue
        mtime = info.st_mtime
        try:
            save, _ = parse_save(_read_file(path), {"saved_at": _mtime_iso(path)})
        except SaveError as error:
            entries.append(SaveEntry(path, kind_of(path), None, str(error), None, mtime))
            order[path] = mtime
            continue
        stamp = _iso_timestamp(save.display.saved_at)
        entries.append(SaveEntry(path, kind_of(path), save.display, None, save.scenario.id,
                                 mtime if stamp is None else stamp))
        order[path] = mtime
    # saved_at has whole seconds; the file time orders saves made within one second
    entries.sort(key=lambda e: (int(e.timestamp), order[e.path], e.path.name), reverse=True)
    return entries


# -- loading --------------------------------------------------------------------------------------

_CACHE: dict[str, tuple[tuple[tuple[str, int, int], ...], Scenario]] = {}


def _signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    out = []
    for file in scenario_files(path):
        stat = file.stat()
        out.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def load_scenario_cached(path: Path) -> Scenario:
    """Load a scenario, reusing an earlier load while none of its files changed."""
    key = str(path.resolve())
    signature = _signature(path)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    scenario = load_scenario(path)
    if len(_CACHE) >= 16:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (signature, scenario)
    return scenario


def _inside_scenario_folders(path: Path) -> Path | None:
    """``path`` resolved, if it lies inside the built-in or the user's scenario folders."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, ValueError, RuntimeError):  # missing, overlong, a NUL byte, a loop
        return None
    for root in (discovery.builtin_dir(), discovery.user_scenarios_dir()):
        try:
            root = root.resolve()
        except (OSError, RuntimeError):
            continue
        if resolved != root and resolved.is_relative_to(root):
            return resolved
    return None


def _candidates(save: SaveFile, save_path: Path | None,
                named: Sequence[Path] = ()) -> list[Path]:
    """Where the save's scenario may be: scenarios the player named (on the command line),
    installed scenarios with its id, then the path the save recorded — followed only when
    it leads inside the scenario folders, since a save from someone else must never make
    the game read arbitrary files."""
    ref = save.scenario
    paths = [Path(p) for p in named]
    paths += [entry.path for entry in discovery.available_scenarios() if entry.id == ref.id]
    trusted = len(paths)
    if ref.path:
        stored = Path(ref.path)
        if stored.is_absolute():
            paths.append(stored)
        else:
            if save_path is not None:
                paths.append(save_path.parent / stored)
            paths.append(Path.cwd() / stored)
    unique: list[Path] = []
    for number, path in enumerate(paths):
        if number < trusted:
            try:
                resolved: Path | None = path.resolve(strict=True)
            except (OSError, ValueError, RuntimeError):
                resolved = None
        else:
            resolved = _inside_scenario_folders(path)
        if resolved is not None and resolved not in unique:
            unique.append(resolved)
    return unique


def find_scenario(save: SaveFile, save_path: Path | None = None,
                  named: Sequence[Path] = ()) -> Scenario:
    """The scenario a save was played on: among those the player ``named``, then by id
    among installed scenarios, then by the path it recorded (inside the scenario folders).

    Prefers a copy whose content is unchanged; raises SaveError if none loads.
    """
    ref = save.scenario
    found: list[Scenario] = []
    broken: str | None = None
    for path in _candidates(save, save_path, named):
        try:
            scenario = load_scenario_cached(path)
        except ScenarioError as error:
            if broken is None and error.problems:
                broken = str(error.problems[0])
            continue
        except OSError:
            continue
        if scenario.id != ref.id:
            continue
        if ref.content_hash is None or scenario.content_hash == ref.content_hash:
            return scenario
        found.append(scenario)
    if found:
        return found[0]
    if broken is not None:
        raise SaveError(f"the scenario '{ref.id}' this save needs fails to load: {broken}")
    raise SaveError(f"this save needs the scenario '{ref.id}' (version {ref.version}), which "
                    f"is not installed; put its folder in {discovery.user_scenarios_dir()}")


def _replay_check(save: LoadedSave) -> str | None:
    """Replay the log without the AI; returns why it breaks (with the turn), or None."""
    data = save.data
    try:
        state = new_game(save.scenario, data.seed, data.human, data.difficulty)
    except ValueError as exc:
        return str(exc)
    for index, command in enumerate(save.commands):
        where = (f"at turn {state.turn + 1} ({state.date_label}), command {index + 1} "
                 f"({command_text(command)})")
        try:
            apply(state, command)
        except IllegalCommandError as exc:
            return f"{where} is no longer allowed: {exc}"
        except Exception as exc:  # the scenario's rules broke on a logged command
            return f"{where} breaks the scenario's rules ({type(exc).__name__}: {exc})"
    return None


def read_save(path: str | Path, scenario: Scenario | None = None, *,
              for_replay: bool = False, named: Sequence[str | Path] = ()) -> LoadedSave:
    """Read a save and find its scenario; raises SaveError with a one-line message.

    ``scenario`` may be given when the caller already has it loaded (its id must
    match). If the scenario's content changed since the save was made, the
    commands are replayed to see whether they are still legal: if so the save
    loads with a warning, if not the error says at which turn it breaks. The
    file is never modified or deleted. With ``for_replay`` a save that no longer
    replays still loads (the reason is added to its warnings), so the replay
    viewer can show it up to the last turn that replays. ``named`` are scenario
    folders or files the player named (on the command line): they are looked in
    first, wherever they are.
    """
    path = Path(path)
    data, original = parse_save(_read_file(path), {"saved_at": _mtime_iso(path)})
    if scenario is None:
        scenario = find_scenario(data, path, [Path(p) for p in named])
    elif scenario.id != data.scenario.id:
        raise SaveError(f"this save is for the scenario '{data.scenario.id}', "
                        f"not '{scenario.id}'")
    loaded = LoadedSave(data=data, scenario=scenario, path=str(path), original_format=original)
    if original < data.save_format:
        loaded.warnings.append(f"converted from save format {original}")
    if data.human is not None and data.human not in scenario.side_ids:
        raise SaveError(f"this save plays the side '{data.human}', which the scenario "
                        f"'{scenario.id}' no longer has")
    if loaded.content_changed:
        change = f"the scenario '{scenario.id}' has changed since this save was made"
        if scenario.version != data.scenario.version:
            change += f" (version {data.scenario.version} → {scenario.version})"
        broken = _replay_check(loaded)
        if broken is not None:
            if not for_replay:
                raise SaveError(f"{change}, and the save no longer replays: {broken}")
            loaded.warnings.append(f"{change}, and the save no longer replays: {broken}")
            return loaded
        loaded.warnings.append(f"{change}; the game was rebuilt by replaying its commands "
                               "and may differ from what was played")
    return loaded


def check_computer_moves(save: LoadedSave) -> computer_check.ComputerMoveCheck:
    """The check of a save's computer moves, ready to ``run`` (all at once, or a slice at
    a time); pass its report to ``restore_session(..., checked=...)``."""
    return computer_check.ComputerMoveCheck.for_save(save)


def _judge_computer_moves(save: LoadedSave,
                          report: computer_check.ComputerCheckReport | None) -> None:
    """Refuse a save whose computer moves are not the computer's (see computer_check)."""
    if report is None:
        check = computer_check.ComputerMoveCheck.for_save(save)
        if check.report.not_checked is None and check.vouched >= len(save.commands):
            return  # this installation wrote the save: nothing to check
        check.run()
        report = check.report
    if report.not_checked is not None:
        note = f"the computer's moves were not checked: {report.not_checked}"
        if not save.content_changed and note not in save.warnings:
            save.warnings.append(note)
        return
    if not report.ok:
        saved = command_text(report.saved) if report.saved is not None else "nothing"
        expected = (command_text(report.expected) if report.expected is not None
                    else "nothing more")
        raise SaveError(f"this save cannot be continued: from {report.turn_label} its "
                        "computer moves are not the computer's own, so it may have been "
                        "edited. You can still watch it in Replays. (The save has "
                        f"{saved}; the computer plays {expected}.)")


def restore_session(save: LoadedSave, *, strict: bool = False, check_computer: bool = True,
                    checked: computer_check.ComputerCheckReport | None = None) -> GameSession:
    """Rebuild the game by replaying the save's commands, and check the turn hashes.

    Raises SaveError if a command is illegal (naming the turn), and — with
    ``check_computer`` — if the computer's moves in the log are not the ones the
    computer plays (an edited save; those this installation's mark vouches for are
    not replayed through the computer again; ``checked`` is the report of a check
    already run, e.g. a slice at a time). A hash that differs raises SaveError
    when ``strict``; otherwise the game loads and the difference is added to
    ``save.warnings`` (the player keeps the game).
    """
    data = save.data
    commands = save.commands
    try:
        new_game(save.scenario, data.seed, data.human, data.difficulty)
    except ValueError as exc:
        raise SaveError(f"the save does not fit its scenario: {exc}") from None
    if check_computer:
        _judge_computer_moves(save, checked)
    try:
        session = GameSession.from_commands(save.scenario, data.seed, data.human,
                                            data.difficulty, commands)
    except Exception as exc:  # illegal, or the rules (or the computer) broke while replaying
        broken = _replay_check(save) or f"{type(exc).__name__}: {exc}"
        raise SaveError(f"the save does not replay: {broken}; open it in Replays to see "
                        "it up to the last good turn") from None
    computer_check.note_player(session, computer_check.player_of_save(save))
    state = session.state
    problem: str | None = None
    if not save.content_changed:
        for turn, (saved, replayed) in enumerate(zip(data.hashes, state.hashes, strict=False)):
            if saved != replayed:
                problem = (f"the replay differs from the saved game from turn {turn + 1} "
                           f"({save.scenario.calendar.label(turn)}) on")
                break
        else:
            if len(state.hashes) < len(data.hashes):
                problem = (f"the save records {len(data.hashes)} turns but its commands "
                           f"complete only {len(state.hashes)}")
            elif (data.snapshot is not None and len(state.log) == data.snapshot.commands
                  and state.compute_hash() != data.snapshot.state_hash):
                problem = "the replayed game differs from the saved snapshot"
    if problem is not None:
        if strict:
            raise SaveError(problem)
        if problem not in save.warnings:
            save.warnings.append(problem + " (the rules may have changed since it was saved)")
    return session


# -- autosave hook --------------------------------------------------------------------------------


class Autosaver:
    """A turn listener that autosaves; it never raises into the game loop.

    ``last_path`` is the last autosave written, ``last_error`` the last failure
    (one line, for the UI to show) or None.
    """

    def __init__(self, folder: Path | None = None, keep: int = AUTOSAVE_KEEP,
                 scenario_path: str | Path | None = None) -> None:
        self.folder = folder
        self.keep = keep
        self.scenario_path = scenario_path
        self.last_path: Path | None = None
        self.last_error: str | None = None

    def __call__(self, session: GameSession) -> None:
        try:
            self.last_path = autosave(session, folder=self.folder, keep=self.keep,
                                      scenario_path=self.scenario_path)
            self.last_error = None
        except SaveError as error:
            self.last_error = str(error)
        except Exception as exc:  # an autosave must never end the game
            self.last_error = f"autosave failed: {type(exc).__name__}: {exc}"


def enable_autosave(session: GameSession, *, folder: Path | None = None,
                    keep: int = AUTOSAVE_KEEP, scenario_path: str | Path | None = None,
                    save_now: bool = False) -> Autosaver:
    """Autosave at the start of every human turn (a ``turn_listeners`` entry).

    Returns the listener (already enabled ones are reused). ``save_now`` also
    autosaves at once — useful right after ``GameSession.new``, whose first turn
    started before any listener could be added.
    """
    for listener in session.turn_listeners:
        if isinstance(listener, Autosaver):
            saver = listener
            break
    else:
        saver = Autosaver(folder, keep, scenario_path)
        session.turn_listeners.append(saver)
    if save_now:
        saver(session)
    return saver
