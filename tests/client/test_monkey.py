"""The UI monkey on every screen (see monkey.py): no exception, and the invariants hold.

The suite's short run throws RED_SCHISM_MONKEY_EVENTS events (default 1,000) at each
screen, with hostile text in the scenario and in the saves' names, at sizes from the
smallest to 2560x1440. For a longer run:

    RED_SCHISM_MONKEY_EVENTS=10000 RED_SCHISM_MONKEY_SEEDS=3 \\
        nice -n 10 .venv/bin/python -m pytest tests/client/test_monkey.py -q
"""

from __future__ import annotations

import os
from typing import Any

import monkey
import pytest
from conftest import CAMPAIGN, ROOT

HOSTILE = ROOT / "tests" / "client" / "data" / "hostile_text"
EVENTS = int(os.environ.get("RED_SCHISM_MONKEY_EVENTS", "1000"))
SEEDS = int(os.environ.get("RED_SCHISM_MONKEY_SEEDS", "1"))
CASES = [(screen, "hostile") for screen in monkey.SCREENS] + [
    (screen, "campaign") for screen in ("campaign", "actions", "replay", "end")]


def _hostile_saves(scenario: Any) -> None:
    """Saves whose names hold control, zero-width and direction characters."""
    from game.engine.session import GameSession
    from game.persistence import save_game

    session = GameSession.new(scenario, 5, scenario.side_ids[0], "normal")
    for name in ("NUL \x00 in the name", "\u200b\ufeff\u200d", "\u202eevil name",
                 "W" * 3_000):
        save_game(session, name)


@pytest.mark.parametrize(("screen", "which"), CASES, ids=[f"{s}-{w}" for s, w in CASES])
def test_the_monkey_breaks_nothing(make_app: Any, screen: str, which: str) -> None:
    from game.content.loader import load_scenario

    path = HOSTILE if which == "hostile" else CAMPAIGN
    scenario = load_scenario(path)
    _hostile_saves(scenario)
    total = 0
    for seed in range(1, SEEDS + 1):
        size = monkey.SIZES[(seed + monkey.SCREENS.index(screen)) % len(monkey.SIZES)]
        app = make_app(command=None, size=size, scenario=str(path))
        landed = monkey.run(app, screen, scenario, seed, EVENTS)
        total += EVENTS
        assert landed[monkey.screen_name(screen)] > 0, landed
    assert total == EVENTS * SEEDS
