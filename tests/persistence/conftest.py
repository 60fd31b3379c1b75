"""Shared fixtures for the saves and replay tests.

Every test runs with RED_SCHISM_HOME in a temporary folder, so nothing touches
the real user data folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.content.loader import load_scenario
from game.engine.model import Scenario

from .helpers import CHANCE, TINY


@pytest.fixture(autouse=True)
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh user data folder with the test scenarios installed in its scenarios folder
    (a save finds its scenario there, never through a path it records elsewhere)."""
    home = tmp_path / "home"
    monkeypatch.setenv("RED_SCHISM_HOME", str(home))
    for folder in (TINY, CHANCE):
        shutil.copytree(folder, home / "scenarios" / folder.name)
    yield home


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    return load_scenario(TINY)


@pytest.fixture(scope="session")
def chance() -> Scenario:
    return load_scenario(CHANCE)
