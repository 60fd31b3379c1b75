"""Every screen reads at every supported size: rendered headless at 1024x600,
1280x720, 1920x1080 and 2560x1440 through the same steps as ``play --tour``,
no widget's text is wider than its box, no two widgets overlap, no character
lacks a glyph, the event card's lines fit the card, the score panel's texts stay
inside it without overlapping, and the action list shows every row's cost
without hovering."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from client_helpers import elements_outside, overlapping_buttons, tour
from conftest import CAMPAIGN

SIZES = [(1024, 600), (1280, 720), (1920, 1080), (2560, 1440)]


def _visible_widgets(app: Any) -> list[Any]:
    return [s for s in app.manager.ui_group.sprites()
            if getattr(s, "visible", False) and s is not app.manager.root_container
            and s.get_abs_rect().w > 0]


def clipped_texts(app: Any) -> list[str]:
    """Buttons and labels whose text is wider than the box it is drawn in."""
    from pygame_gui.elements import UIButton, UILabel

    out = []
    for widget in _visible_widgets(app):
        if not isinstance(widget, (UIButton, UILabel)) or not widget.text:
            continue
        font = widget.font
        width = font.size(widget.text)[0]
        border = getattr(widget, "border_width", 0)
        border = border if isinstance(border, int) else 0
        box = widget.get_abs_rect().w - 2 * border
        if width > box:
            out.append(f"{type(widget).__name__} {widget.text!r}: {width}px in {box}px")
    return out


def missing_glyphs(app: Any, extra: list[str]) -> list[str]:
    """Characters in widget texts (and the given drawn texts) the body face cannot draw."""
    from pygame_gui.elements import UIButton, UILabel, UITextBox

    from game.client import fonts

    texts = list(extra)
    for widget in _visible_widgets(app):
        if isinstance(widget, (UIButton, UILabel)) and widget.text:
            texts.append(widget.text)
        elif isinstance(widget, UITextBox):
            texts.append(html.unescape(re.sub(r"<[^>]+>", " ", widget.html_text)))
    missing = sorted({ch for text in texts for ch in text
                      if ch.strip() and not fonts.has_glyph("body", ch)})
    return [f"U+{ord(ch):04X} {ch!r}" for ch in missing]


def card_lines_outside(screen: Any) -> list[str]:
    """Lines drawn on the event card that run past its right edge."""
    out = []
    for kind, font, text, (x, _y) in getattr(screen, "card_items", []):
        if kind == "stamp":
            continue
        if x + font.size(text)[0] > screen.card_rect.right:
            out.append(text)
    return out


def score_panel_problems(screen: Any) -> list[str]:
    """Texts drawn on the score panel that leave it or overlap one another."""
    panel = getattr(screen, "score", None)
    if panel is None:
        return []
    out = []
    drawn = panel.drawn
    for text, rect in drawn:
        if not panel.area.contains(rect):
            out.append(f"{text!r} leaves the panel: {rect} not in {panel.area}")
    for i, (text, rect) in enumerate(drawn):
        for other, other_rect in drawn[i + 1:]:
            if rect.colliderect(other_rect):
                out.append(f"{text!r} overlaps {other!r}")
    return out


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_reads_at_every_size(make_app: Any, size: tuple[int, int]) -> None:
    from game.content.loader import load_scenario

    app = make_app(command=None, size=size)
    seen = []
    for name in tour(app, load_scenario(CAMPAIGN)):
        seen.append(name)
        screen = app.top
        assert elements_outside(app) == [], name
        assert overlapping_buttons(app) == [], name
        assert clipped_texts(app) == [], name
        drawn = [text for _k, _f, text, _p in getattr(screen, "card_items", [])]
        if screen.name == "campaign":
            drawn += [text for text, _rect in screen.score.drawn]
            drawn += screen.score.tooltip(app.session.state)[1]
        assert missing_glyphs(app, drawn) == [], name
        if screen.name == "campaign":
            assert card_lines_outside(screen) == [], name
            assert score_panel_problems(screen) == [], name
            assert any(t.startswith("If it ended now") for t, _r in screen.score.drawn), name
        if name == "actions":
            rows = [b for b in screen.action_buttons if b.visible]
            assert screen.hover_action is None
            assert len(screen.drawn_badges) == len(rows) > 0
            for button, (_action, badge, rect) in zip(rows, screen.drawn_badges, strict=True):
                assert badge and button.get_abs_rect().contains(rect), badge
    assert {"title", "new_campaign", "settings", "help", "event_card", "briefing_and_card",
            "actions", "meter_tooltip", "board_tooltip", "score_tooltip", "score", "pause",
            "objectives", "load",
            "replays", "end", "replay"} <= set(seen)


def test_card_and_board_share_the_screen(make_app: Any) -> None:
    from game.content.loader import load_scenario

    for size in SIZES:
        app = make_app(command=None, size=size)
        for name in tour(app, load_scenario(CAMPAIGN)):
            if name == "event_card":
                screen = app.top
                assert not screen.card_rect.colliderect(screen.lay.board), size
                assert screen.lay.board.w >= 300 and screen.lay.board.h >= 200, size
                break


def test_autoplay_and_tour_never_touch_the_players_folder(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from conftest import TINY, make_args

    from game.client.app import run

    monkeypatch.delenv("RED_SCHISM_HOME", raising=False)
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    shots = tmp_path / "shots"
    assert run(make_args(scenario=str(TINY), side="prc", seed=2, autoplay=True)) == 0
    assert run(make_args(command="play", scenario=str(TINY), seed=2, tour=True,
                         screenshot=str(shots))) == 0
    assert "RED_SCHISM_HOME" not in os.environ
    touched = [p for p in tmp_path.rglob("*") if p.is_file() and shots not in p.parents]
    assert touched == []
    names = sorted(p.name for p in shots.iterdir())
    assert names[0] == "01_title.png" and any(n.endswith("_event_card.png") for n in names)
    assert "tour visited" in capsys.readouterr().out


def test_save_rows_never_read_alike() -> None:
    from pathlib import Path

    from game.client.saves import SaveEntry, _distinct_labels

    detail = "Campaign \u00b7 People's Republic of China \u00b7 1964 Q4{} \u00b7 2026-01-01 10:00"
    entries = [SaveEntry(Path("a"), "Autosave, 1964 Q4", detail.format(" (game over)"), True),
               SaveEntry(Path("b"), "Autosave, 1964 Q4", detail.format(""), True),
               SaveEntry(Path("c"), "Autosave, 1964 Q4", detail.format(""), True)]
    labels = [e.label for e in _distinct_labels(entries)]
    assert len(set(labels)) == 3 and labels[0] == "Autosave, 1964 Q4 (game over)"


def test_guided_first_turn_steps_skips_and_is_remembered(make_app: Any) -> None:
    import pygame
    from client_helpers import key
    from conftest import TINY

    from game.client.screens.campaign import GUIDE
    from game.client.settings import load_settings

    app = make_app(scenario=str(TINY), side="prc", seed=2)
    app.first_screen()
    key(app, pygame.K_1)  # the game's keys still work while the guide shows
    screen = app.top
    assert screen.guide_step == 0
    key(app, pygame.K_n)
    assert screen.guide_step == 1
    key(app, pygame.K_RETURN)           # the cable answered: the guide goes on to the meters
    assert GUIDE[screen.guide_step][0] == "meters"
    key(app, pygame.K_n)
    assert GUIDE[screen.guide_step][0] == "score"
    assert screen.guide_rect.w > 0 and not screen.guide_rect.colliderect(screen.score.area)
    key(app, pygame.K_x)
    assert screen.guide_step == -1
    assert load_settings()[0].guide_done
    app2 = make_app(scenario=str(TINY), side="prc", seed=3)
    app2.first_screen()
    key(app2, pygame.K_2)
    assert app2.top.guide_step == -1


def test_every_ending_title_reads_whole_on_the_score_panel(make_app: Any) -> None:
    """The panel names the ending if the game ended now: a long title ("Moscow's Camp
    Restored") takes a line of its own instead of losing its end, at every size."""
    import dataclasses

    from game.content.loader import load_scenario

    scenario = load_scenario(CAMPAIGN)
    for size in SIZES:
        app = make_app(command=None, size=size)
        panel = None
        for name in tour(app, scenario):
            if name == "event_card":
                panel = app.top.score
                break
        assert panel is not None and panel.view is not None
        for ending in scenario.endings:
            forecast = dataclasses.replace(panel.view.forecast, title=ending.title)
            panel.view = dataclasses.replace(panel.view, forecast=forecast)
            panel._render()
            texts = [text for text, _rect in panel.drawn]
            assert ending.title in " ".join(texts), (size, ending.title, texts)
            assert score_panel_problems(app.top) == [], (size, ending.title)
