"""The event card: long texts scroll, locked choices are greyed with their
requirement, the history note toggles, and previews follow the settings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import elements_outside, key, step

LONG = Path(__file__).resolve().parent / "data" / "long_cable"


@pytest.mark.parametrize("size", [(1024, 600), (2560, 1440)])
def test_long_cable_fits_and_scrolls(make_app: Any, size: tuple[int, int]) -> None:
    app = make_app(scenario=str(LONG), side="prc", seed=1, size=size)
    app.first_screen()
    step(app, 3)
    screen = app.top
    assert screen.event.id == "long_one"
    assert elements_outside(app) == []
    assert len(screen.choice_buttons) == 4
    locked = screen.choice_buttons[2]
    assert not locked.is_enabled
    lines = [text for kind, _font, text, _pos in screen.card_items if kind.startswith("line:")]
    assert any(line.startswith("Locked \u2014 Needs something that never happens")
               for line in lines)
    assert any(line.startswith("Expected: Alliance tension +5") for line in lines)
    if size == (1024, 600):
        bar = screen.text_box.scroll_bar
        assert bar is not None
        before = bar.start_percentage
        key(app, pygame.K_PAGEDOWN)
        assert bar.start_percentage > before
    key(app, pygame.K_3)                   # a locked choice cannot be picked
    assert screen.focused is not locked
    key(app, pygame.K_h)                   # by default the note waits for the decision
    assert "WHAT REALLY HAPPENED" not in screen.text_box.html_text
    assert "after you decide" in screen.notice


def test_history_note_before_or_after_the_decision(make_app: Any) -> None:
    from game.client.settings import Settings

    app = make_app(scenario=str(LONG), side="prc", seed=1)
    app.first_screen()
    step(app, 2)
    app.apply_settings(Settings(history_note="before"))
    step(app, 2)
    screen = app.top
    assert "14 February 1953" in " ".join(t for _k, _f, t, _p in screen.card_items)
    key(app, pygame.K_h)
    assert "WHAT REALLY HAPPENED" in screen.text_box.html_text
    key(app, pygame.K_h)
    assert "WHAT REALLY HAPPENED" not in screen.text_box.html_text
    app.apply_settings(Settings(history_note="after"))
    step(app, 2)
    screen = app.top
    assert screen.history_button is None
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    texts = " ".join(run.text for para in screen.chronicle.paragraphs for run in para)
    assert "WHAT REALLY HAPPENED" in texts


def test_preview_detail_follows_settings(make_app: Any) -> None:
    from game.client.settings import Settings

    app = make_app(scenario=str(LONG), side="prc", seed=1)
    app.first_screen()
    step(app, 2)
    for detail, expected in [("direction", "Expected: Alliance tension \u25b2"),
                             ("hidden", "Expected: Effects hidden"),
                             ("exact", "Expected: Alliance tension +5")]:
        app.apply_settings(Settings(preview_detail=detail))
        step(app, 2)
        screen = app.top
        screen.card_key = None
        screen.sync(animate=False)
        lines = [t for kind, _f, t, _p in screen.card_items if kind.startswith("line:")]
        assert lines[0].startswith(expected), lines[0]


def test_bare_namespace_from_red_schism_without_subcommand() -> None:
    from game.client.app import App

    app = App(argparse.Namespace(command=None))
    try:
        app.frame_cap = 0
        app.first_screen()
        step(app, 2)
        assert app.top.name == "title"
    finally:
        app.close()
