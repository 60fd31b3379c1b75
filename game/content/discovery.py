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

from game.content.diagnostics import ScenarioError
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


def _folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if (p.is_dir() and not p.name.startswith((".", "_"))
                  and any(p.glob("*.yaml"))) or (p.is_file() and p.suffix in (".yaml", ".yml")))


def available_scenarios() -> list[ScenarioEntry]:
    """Built-in scenarios first, then the user's."""
    entries = [ScenarioEntry(p.stem if p.is_file() else p.name, p, True)
               for p in _folders(builtin_dir())]
    entries += [ScenarioEntry(p.stem if p.is_file() else p.name, p, False)
                for p in _folders(user_scenarios_dir())]
    return entries


def resolve_scenario_path(argument: str | None) -> Path:
    """A SCENARIO argument (id or path; None for the shipped campaign) as a path."""
    name = argument or DEFAULT_SCENARIO
    as_path = Path(name)
    try:
        if as_path.exists():
            return as_path
    except (OSError, ValueError):  # a name too long to be a path: it may still be an id
        pass
    for entry in available_scenarios():
        if entry.id == name:
            return entry.path
    known = ", ".join(e.id for e in available_scenarios()) or "none"
    shown = name if len(name) <= 80 else name[:77] + "..."
    raise FileNotFoundError(f"no scenario '{shown}' (known scenarios: {known})")


def load(argument: str | None) -> Scenario:
    """Resolve and load a scenario; raises FileNotFoundError or ScenarioError."""
    return load_scenario(resolve_scenario_path(argument))


__all__ = ["ScenarioEntry", "ScenarioError", "available_scenarios", "load", "user_home"]
