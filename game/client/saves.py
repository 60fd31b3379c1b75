"""The saves package (game.persistence), used only once it exists and works.

Until it imports and answers, the title screen hides Continue, Load and
Replays and the pause menu hides Save and Load. ``probe()`` returns an
adapter or None; every call through the adapter turns failures into a
one-line message rather than an exception escaping into the game loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.client import text_safety

REQUIRED = ("list_saves", "read_save", "restore_session", "quicksave", "enable_autosave",
            "check_computer_moves")


@dataclass(frozen=True)
class SaveEntry:
    path: Path
    label: str
    detail: str
    ok: bool
    when: str = ""


def _entry(item: Any) -> SaveEntry | None:
    path = getattr(item, "path", None)
    if path is None:
        return None
    display = getattr(item, "display", None)
    error = getattr(item, "error", None)
    if display is None:
        return SaveEntry(Path(path), Path(path).name, f"Cannot be read: {error}", False)
    saved_at = str(getattr(display, "saved_at", ""))[:16].replace("T", " ")
    parts = [str(getattr(display, "scenario_title", "")), str(getattr(display, "side", "")),
             str(getattr(display, "turn_label", "")), saved_at]
    # A name drawn as nothing (only invisible characters) is shown by its file name.
    name = text_safety.label(getattr(display, "name", "")).strip() or Path(path).stem
    return SaveEntry(Path(path), name, " \u00b7 ".join(p for p in parts if p), True, saved_at)


def _distinct_labels(entries: list[SaveEntry]) -> list[SaveEntry]:
    """No two rows read alike: the autosave taken when a game ended says so, then
    repeats get their side, then a number."""
    from collections import Counter
    from dataclasses import replace

    def mark(items: list[SaveEntry], extra: Any) -> list[SaveEntry]:
        counts = Counter(e.label for e in items)
        out = []
        for entry in items:
            if counts[entry.label] > 1 and entry.ok:
                words = extra(entry)
                if words:
                    entry = replace(entry, label=f"{entry.label} ({words})")
            out.append(entry)
        return out

    def ended(entry: SaveEntry) -> str:
        return "game over" if "(game over)" in entry.detail else ""

    def side(entry: SaveEntry) -> str:
        parts = entry.detail.split(" \u00b7 ")
        return parts[1] if len(parts) >= 3 else ""

    entries = mark(mark(entries, ended), side)
    seen: Counter[str] = Counter()
    final = []
    for entry in entries:
        seen[entry.label] += 1
        if seen[entry.label] > 1:
            entry = replace(entry, label=f"{entry.label} #{seen[entry.label]}")
        final.append(entry)
    return final


class LoadJob:
    """A save being opened: read, its computer moves checked (a slice at a time), restored."""

    def __init__(self, store: Any, save: Any) -> None:
        self.store = store
        self.save = save
        self.check = store.check_computer_moves(save)
        report = self.check.report
        # Nothing to check: this installation vouches for every move, or none can be judged.
        self.nothing_to_check = (report.not_checked is not None
                                 or self.check.vouched >= len(save.commands))

    @property
    def progress(self) -> float:
        return 1.0 if self.nothing_to_check else float(self.check.progress)

    def step(self, budget: float) -> bool:
        """Check for about ``budget`` seconds; True once the check is over."""
        return self.nothing_to_check or bool(self.check.run(budget))

    def finish(self) -> tuple[Any, list[str]]:
        checked = None if self.nothing_to_check else self.check.report
        session = self.store.restore_session(self.save, checked=checked)
        return session, list(getattr(self.save, "warnings", []))


class Saves:
    """A thin adapter over game.persistence.store and .replay."""

    def __init__(self, store: Any, replay: Any) -> None:
        self.store = store
        self.replay = replay
        self.named: list[Path] = []
        """scenario folders the player named on the command line: a save may use them
        wherever they are (the path a save records is followed only into the scenario
        folders)"""

    def entries(self) -> list[SaveEntry]:
        try:
            items = list(self.store.list_saves())
        except Exception:
            return []
        entries = [e for e in (_entry(item) for item in items) if e is not None]
        return _distinct_labels(entries)

    def read(self, path: Path, for_replay: bool = False) -> Any:
        return self.store.read_save(path, for_replay=for_replay, named=self.named)

    def load(self, path: Path) -> tuple[Any, list[str]]:
        """A GameSession restored from a save, and warnings for the player."""
        save = self.read(path)
        session = self.store.restore_session(save)
        return session, list(getattr(save, "warnings", []))

    def begin_load(self, path: Path) -> LoadJob:
        """Start opening a save (see game.client.loading); raises if it cannot be read."""
        return LoadJob(self.store, self.read(path))

    def quicksave_file(self) -> Path:
        return Path(self.store.quicksave_path())

    def quicksave(self, session: Any) -> str:
        try:
            path = self.store.quicksave(session)
        except Exception as exc:
            return f"Quicksave failed: {exc}"
        return f"Quicksaved ({Path(path).name})."

    def quickload(self) -> tuple[Any, list[str]] | str:
        """The quicksaved game as (session, warnings), or a message saying why not."""
        path = Path(self.store.quicksave_path())
        if not path.exists():
            return "There is no quicksave yet (Ctrl+S or F5 makes one)."
        try:
            return self.load(path)
        except Exception as exc:
            return f"Quickload failed: {exc}"

    def save_named(self, session: Any, name: str) -> str:
        save_game = getattr(self.store, "save_game", None)
        if save_game is None:
            return self.quicksave(session)
        try:
            path = save_game(session, name)
        except Exception as exc:
            return f"Save failed: {exc}"
        return f"Saved as '{name}' ({Path(path).name})."

    def enable_autosave(self, session: Any) -> None:
        try:
            self.store.enable_autosave(session, save_now=True)
        except Exception:
            return

    def autosave_error(self, session: Any) -> str | None:
        for listener in getattr(session, "turn_listeners", []):
            error = getattr(listener, "last_error", None)
            if error:
                return str(error)
        return None

    @property
    def has_replays(self) -> bool:
        return self.replay is not None and hasattr(self.replay, "Timeline")

    def timeline(self, path: Path) -> Any:
        """The save's timeline for the replay viewer, up to the last turn that replays."""
        save = self.read(path, for_replay=True)
        return self.replay.Timeline.from_save(save)


def probe() -> Saves | None:
    try:
        from game.persistence import store
    except Exception:
        return None
    if not all(callable(getattr(store, name, None)) for name in REQUIRED):
        return None
    try:
        store.list_saves()
    except Exception:
        return None
    replay: Any
    try:
        from game.persistence import replay as replay_module
    except Exception:
        replay = None
    else:
        replay = replay_module
    return Saves(store, replay)
