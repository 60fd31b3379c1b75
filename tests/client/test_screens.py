"""Every screen renders at small, large and very large window sizes, with every
widget inside the window and no two buttons on top of each other."""

from __future__ import annotations

from typing import Any

import pygame
import pytest
from client_helpers import elements_outside, key, overlapping_buttons, step, tour
from conftest import CAMPAIGN, SIZES, TINY, campaign_loads


def scenario_for_tour() -> Any:
    from game.content.loader import load_scenario

    return load_scenario(CAMPAIGN if campaign_loads() else TINY)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_the_window(make_app: Any, size: tuple[int, int]) -> None:
    app = make_app(command=None, size=size)
    seen = []
    for name in tour(app, scenario_for_tour()):
        seen.append(name)
        assert elements_outside(app) == [], name
        assert overlapping_buttons(app) == [], name
    assert {"title", "new_campaign", "settings", "help", "event_card", "actions",
            "pause", "objectives", "end"} <= set(seen)


def test_tiny_scenario_screens_at_smallest_size(make_app: Any) -> None:
    from game.content.loader import load_scenario

    app = make_app(command=None, size=(1024, 600), scenario=str(TINY))
    for name in tour(app, load_scenario(TINY)):
        assert elements_outside(app) == [], name


def test_resizing_relays_out_everything(make_app: Any) -> None:
    app = make_app(scenario=str(TINY), side="prc", seed=2, size=(1280, 800))
    app.first_screen()
    step(app, 2)
    for size in [(1024, 600), (2560, 1440), (1100, 700)]:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1],
                                             size=size))
        step(app, 2)
        assert app.size == size
        assert elements_outside(app) == []
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    assert len(app.session.state.log) == 1


def test_large_ui_scale_still_fits(make_app: Any) -> None:
    from game.client.settings import Settings

    app = make_app(command=None, size=(1024, 600))
    app.apply_settings(Settings(ui_scale=200))
    for name in tour(app, scenario_for_tour()):
        assert elements_outside(app) == [], name


def test_palettes_switch_in_place(make_app: Any) -> None:
    from game.client.settings import Settings

    app = make_app(scenario=str(TINY), side="prc", seed=2)
    app.first_screen()
    step(app, 2)
    app.apply_settings(Settings(palette="colour_blind", preview_detail="direction"))
    step(app, 2)
    assert app.pal.name == "colour_blind"
    assert app.top.name == "campaign" and app.top.choice_buttons
