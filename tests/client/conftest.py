"""Client tests run headless: SDL's dummy video and audio drivers, and a
temporary RED_SCHISM_HOME (set per test by the root conftest) so that the
real settings and saves folders are never touched."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win"
CAMPAIGN = ROOT / "scenarios" / "sino_soviet_split"
SIZES = [(1024, 600), (1920, 1080), (2560, 1440)]


def make_args(**overrides: Any) -> argparse.Namespace:
    values: dict[str, Any] = dict(command="play", scenario=None, side=None, difficulty=None,
                                  seed=None, load=None, autoplay=False, tour=False,
                                  size=(1024, 600), screenshot=None, exit_after_frames=None)
    values.update(overrides)
    return argparse.Namespace(**values)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Any]:
    """Build Apps (strict: errors are raised, not swallowed) and close them afterwards."""
    from game.client.app import App

    apps: list[Any] = []

    def factory(**overrides: Any) -> Any:
        app = App(make_args(**overrides), strict=True)
        app.frame_cap = 0
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close()


def campaign_loads() -> bool:
    try:
        from game.content.loader import load_scenario

        scenario = load_scenario(CAMPAIGN)
    except Exception:
        return False
    return bool(scenario.events)
