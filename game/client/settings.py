"""Player settings: a pydantic model saved as JSON in the user config folder.

The folder is ``platformdirs.user_config_dir("red-schism")``, or
``$RED_SCHISM_HOME/config`` when that variable is set. A missing file gives
the defaults; an unreadable or invalid one is set aside, replaced by the
defaults and reported with a message - never a crash.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

SETTINGS_FILE = "settings.json"

WINDOW_SIZES: tuple[tuple[int, int], ...] = (
    (1024, 600), (1280, 720), (1280, 800), (1366, 768), (1600, 900), (1920, 1080),
    (2560, 1440),
)
UI_SCALES: tuple[int, ...] = (100, 125, 150, 175, 200)
PALETTES: tuple[str, ...] = ("period", "colour_blind")
PREVIEW_DETAILS: tuple[str, ...] = ("exact", "direction", "hidden")
HISTORY_NOTES: tuple[str, ...] = ("after", "before")
VOLUMES: tuple[int, ...] = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100)


class Settings(BaseModel):
    """What the player can change on the Settings screen."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    window_size: tuple[int, int] = Field((1280, 800), description="Window size in pixels.")
    fullscreen: bool = Field(False, description="Fill the screen.")
    ui_scale: int = Field(100, ge=100, le=200, description="UI and text scale in percent.")
    palette: Literal["period", "colour_blind"] = Field(
        "period", description="Colours: the period palette or a colour-blind-safe one.")
    preview_detail: Literal["exact", "direction", "hidden"] = Field(
        "exact", description="How much a choice's preview tells: numbers, arrows or nothing.")
    animations: bool = Field(True, description="Changing numbers animate briefly; cables "
                                               "print like a teleprinter.")
    history_note: Literal["after", "before"] = Field(
        "after", description="When an event's 'What really happened' note can be read: "
                             "only after the decision, or before it too.")
    guide_done: bool = Field(False, description="The guided first turn has been seen or "
                                                "skipped.")
    mute: bool = Field(False, description="No sound at all.")
    master_volume: int = Field(80, ge=0, le=100, description="Loudness of everything, percent.")
    effects_volume: int = Field(80, ge=0, le=100,
                                description="Loudness of the sound effects, percent.")

    @field_validator("window_size")
    @classmethod
    def _sane_size(cls, value: tuple[int, int]) -> tuple[int, int]:
        width, height = value
        if not (640 <= width <= 10000 and 480 <= height <= 10000):
            raise ValueError(f"window size {width}x{height} is out of range")
        return value


def config_dir() -> Path:
    home = os.environ.get("RED_SCHISM_HOME")
    if home:
        return Path(home) / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir("red-schism", appauthor=False))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings and an optional message for the player (None when all is well)."""
    path = path or settings_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        return Settings(), f"Could not read your settings ({exc.strerror or exc}); using defaults."
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return Settings.model_validate(data), None
    except (ValueError, ValidationError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        backup = path.with_suffix(".json.bad")
        try:
            os.replace(path, backup)
            kept = f" The old file was kept as {backup.name}."
        except OSError:
            kept = ""
        settings = Settings()
        save_settings(settings, path)
        return settings, (f"Your settings file was damaged ({detail}) and was reset to "
                          f"defaults.{kept}")


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings atomically; returns an error message or None."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(settings.model_dump_json(indent=2) + "\n")
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        return f"Could not save your settings ({exc.strerror or exc})."
    return None


def cycle(options: tuple, current: object, step: int = 1) -> object:  # type: ignore[type-arg]
    """The option after (or before, step=-1) ``current`` in ``options``, wrapping around."""
    try:
        index = options.index(current)
    except ValueError:
        index = -step if step > 0 else 0
    return options[(index + step) % len(options)]
