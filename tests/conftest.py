"""Shared fixtures. Unit tests never open a window; UI tests use SDL's dummy drivers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CAMPAIGN = ROOT / "scenarios" / "sino_soviet_split"


@pytest.fixture(autouse=True)
def _isolated_user_home(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the real user folder."""
    monkeypatch.setenv("RED_SCHISM_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="session")
def tiny():
    from game.content.loader import load_scenario

    return load_scenario(FIXTURES / "scenarios" / "tiny_win")


@pytest.fixture(scope="session")
def campaign():
    from game.content.loader import load_scenario

    return load_scenario(CAMPAIGN)
