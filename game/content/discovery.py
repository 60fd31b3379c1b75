"""Where scenarios and user files live, and how a SCENARIO argument is resolved.

Built-in scenarios ship in the repository's ``scenarios/`` folder (or inside
the installed package). User scenarios live in the user data folder's
``scenarios/``; ``RED_SCHISM_HOME`` overrides the user data folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from game.content.diagnostics import ScenarioError, did_you_mean
from game.content.loader import load_scenario
from game.engine.model import Scenario

DEFAULT_SCENARIO = "sino_soviet_split"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def user_home() -> Path:
    """The user data folder (saves, settings, user scenarios)."""
    override = os.environ.get("RED_SCHISM_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("red-schism", appauthor=False))


def builtin_dir() -> Path:
    for candidate in (_PACKAGE_DIR.parent / "scenarios", _PACKAGE_DIR / "builtin_scenarios"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE_DIR.parent / "scenarios"


def assets_dir() -> Path:
    for candidate in (_PACKAGE_DIR.parent / "assets", _PACKAGE_DIR / "builtin_assets"):
        if candidate.is_dir():
            return candidate
    return _PACKAGE_DIR.parent / "assets"


def user_scenarios_dir() -> Path:
    return user_home() / "scenarios"


@dataclass(frozen=True)
class ScenarioEntry:
    id: str
    path: Path
    builtin: bool
    hidden_by: Path | None = None
    """another scenario of the same id that is used instead: the user's copy of a
    built-in scenario (the modder's intent), or the first of two user scenarios"""


@dataclass(frozen=True)
class Resolved:
    """What a SCENARIO argument names."""

    path: Path
    notice: str = ""
    """said to the user when the choice may surprise (a user copy hides a built-in one)"""


def _folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if (p.is_dir() and not p.name.startswith((".", "_"))
                  and any(p.glob("*.yaml"))) or (p.is_file() and p.suffix in (".yaml", ".yml")))


def _entry_id(path: Path) -> str:
    return path.stem if path.is_file() else path.name


def available_scenarios() -> list[ScenarioEntry]:
    """Every scenario found, built-in ones first, then the user's; an entry whose id another
    entry also uses names, in ``hidden_by``, the one that is used instead."""
    builtin = [ScenarioEntry(_entry_id(p), p, True) for p in _folders(builtin_dir())]
    user: list[ScenarioEntry] = []
    first_user: dict[str, Path] = {}
    for path in _folders(user_scenarios_dir()):
        ident = _entry_id(path)
        if ident in first_user:
            user.append(ScenarioEntry(ident, path, False, hidden_by=first_user[ident]))
        else:
            first_user[ident] = path
            user.append(ScenarioEntry(ident, path, False))
    builtin = [ScenarioEntry(e.id, e.path, True, hidden_by=first_user.get(e.id))
               for e in builtin]
    return builtin + user


def playable_scenarios() -> list[ScenarioEntry]:
    """One entry per id: the scenarios a player can choose (a user copy replaces a built-in
    scenario of the same id)."""
    return [e for e in available_scenarios() if e.hidden_by is None]


def shadow_notices() -> list[str]:
    """A sentence for every scenario hidden by another of the same id."""
    notices = []
    for entry in available_scenarios():
        if entry.hidden_by is None:
            continue
        if entry.builtin:
            notices.append(f"your scenario '{entry.id}' ({entry.hidden_by}) replaces the "
                           f"built-in one of that id")
        else:
            notices.append(f"two user scenarios are named '{entry.id}': {entry.hidden_by} is "
                           f"used, {entry.path} is ignored (rename one)")
    return notices


def resolve(argument: str | None) -> Resolved:
    """A SCENARIO argument (id or path; None for the shipped campaign).

    A path that exists is used as it is. An id names a user scenario first (a modder's
    copy of a built-in scenario replaces it, with a notice), then a built-in one.
    Raises FileNotFoundError, naming the scenarios there are.
    """
    name = argument or DEFAULT_SCENARIO
    as_path = Path(name)
    try:
        if as_path.exists():
            return Resolved(as_path)
    except (OSError, ValueError):  # a name too long to be a path: it may still be an id
        pass
    entries = available_scenarios()
    for entry in entries:
        if entry.id == name and entry.hidden_by is None:
            notice = ""
            if not entry.builtin and any(e.id == name and e.builtin for e in entries):
                notice = (f"using your scenario '{name}' ({entry.path}), which replaces the "
                          "built-in one of that id")
            return Resolved(entry.path, notice)
    known = sorted({e.id for e in entries})
    hint = did_you_mean(name, known)
    looks_like_path = any(sep in name for sep in ("/", "\\")) or name.endswith((".yaml", ".yml"))
    what = "no such file or folder" if looks_like_path else "no scenario with that id"
    shown = name if len(name) <= 80 else name[:77] + "..."
    raise FileNotFoundError(f"no scenario '{shown}': {what}{hint} "
                            f"(known scenarios: {', '.join(known) or 'none'})")


def resolve_scenario_path(argument: str | None) -> Path:
    """A SCENARIO argument (id or path; None for the shipped campaign) as a path."""
    return resolve(argument).path


def expand(path: Path) -> list[Path]:
    """The scenarios a path holds: one for a scenario file or folder, several for a folder of
    scenarios (a folder in which more than one file declares ``scenario:``)."""
    if not path.is_dir():
        return [path]
    declaring = [f for f in scenario_files_in(path) if _declares_scenario(f)]
    if len(declaring) <= 1:
        return [path]
    return _folders(path) or [path]


def scenario_files_in(path: Path) -> list[Path]:
    from game.content.loader import scenario_files

    try:
        return scenario_files(path)
    except ScenarioError:
        return []


def _declares_scenario(file: Path) -> bool:
    try:
        with file.open("r", encoding="utf-8", errors="replace") as handle:
            return any(line.startswith("scenario:") for line in handle)
    except OSError:
        return False


def load(argument: str | None) -> Scenario:
    """Resolve and load a scenario; raises FileNotFoundError or ScenarioError."""
    return load_scenario(resolve_scenario_path(argument))


__all__ = ["Resolved", "ScenarioEntry", "ScenarioError", "available_scenarios", "expand", "load",
           "playable_scenarios", "resolve", "user_home"]
