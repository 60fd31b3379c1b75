"""The saves package behind the title and pause menus, and the widget theme."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import click, key, step
from conftest import TINY

from game.client import palette, theme


def titles(app: Any) -> list[str]:
    return [b.text for b in app.top.focusables]


def test_title_hides_save_buttons_without_the_saves_package(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.client.saves as saves

    monkeypatch.setattr(saves, "probe", lambda: None)
    app = make_app(command=None)
    app.first_screen()
    step(app, 2)
    assert titles(app) == ["New campaign", "Settings", "How to play", "Quit"]


def test_continue_and_load_restore_a_saved_game(make_app: Any) -> None:
    pytest.importorskip("game.persistence.store")
    app = make_app(scenario=str(TINY), side="prc", seed=8)
    app.first_screen()
    step(app, 2)
    if app.get_saves() is None:
        pytest.skip("the saves package does not work yet")
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_s, mod=pygame.KMOD_CTRL)            # quicksave
    assert "Quicksaved" in app.top.notice
    log = list(app.session.state.log)
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_q)                                   # quit to title
    assert app.top.name == "title"
    assert "Continue" in titles(app) and "Load" in titles(app)
    click(app, app.top.focusables[titles(app).index("Continue")])
    assert app.top.name == "campaign"
    assert app.session.state.log == log
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_l)                                   # load from the pause menu
    assert app.top.name == "load"
    key(app, pygame.K_RETURN)
    assert app.top.name == "campaign"


def test_quickload_returns_to_the_quicksave(make_app: Any) -> None:
    pytest.importorskip("game.persistence.store")
    app = make_app(scenario=str(TINY), side="prc", seed=8)
    app.first_screen()
    step(app, 2)
    if app.get_saves() is None:
        pytest.skip("the saves package does not work yet")
    key(app, pygame.K_F9)                                  # nothing quicksaved yet
    assert "no quicksave" in app.top.notice
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_F5)                                  # quicksave
    saved = app.session.state.compute_hash()
    key(app, pygame.K_e)                                   # end the turn: the state moves on
    assert app.session.state.compute_hash() != saved
    key(app, pygame.K_l, mod=pygame.KMOD_CTRL)             # quickload
    assert app.top.name == "campaign"
    assert app.session.state.compute_hash() == saved


def test_a_damaged_save_gives_a_message(make_app: Any) -> None:
    pytest.importorskip("game.persistence.store")
    from game.content.discovery import user_home

    folder = user_home() / "saves"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.json").write_text("{this is not a save", encoding="utf-8")
    app = make_app(command=None, load=str(folder / "broken.json"))
    app.first_screen()
    step(app, 2)
    assert app.top.name == "title"
    if app.get_saves() is not None:
        assert "Could not load" in app.top.message


def test_theme_colours_are_palette_roles() -> None:
    data = json.loads((theme.assets_dir() / "theme.json").read_text(encoding="utf-8"))
    known = {getattr(palette.PERIOD, r).lower() for r in palette.role_names()}
    for block in data.values():
        for value in block.get("colours", {}).values():
            transparent = len(value) == 9 and value.endswith("00")
            assert transparent or value.lower()[:7] in known, value


def test_period_roles_are_distinct_so_palettes_map_cleanly() -> None:
    values = [getattr(palette.PERIOD, r).lower() for r in palette.role_names()]
    duplicates = {v for v in values if values.count(v) > 1}
    assert not duplicates


@pytest.mark.parametrize("name", ["period", "colour_blind"])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_theme_builds_for_each_palette_and_scale(name: str, scale: float) -> None:
    import pygame_gui

    pygame.display.init()
    built = theme.build_theme(palette.get(name), scale)
    manager = pygame_gui.UIManager((800, 600), theme_path=built,
                                   enable_live_theme_updates=False)
    assert manager.get_theme() is not None
    if name != "period":
        assert built["button"]["colours"]["normal_bg"] == palette.get(name).accent


def test_settings_screen_changes_are_saved(make_app: Any, tmp_path: Path) -> None:
    from game.client.settings import load_settings

    app = make_app(command=None)
    app.first_screen()
    step(app, 2)
    key(app, pygame.K_s)
    assert app.top.name == "settings"
    for _ in range(3):
        key(app, pygame.K_DOWN)                            # to "Colours"
    key(app, pygame.K_RIGHT)
    assert app.pal.name == "colour_blind"
    settings, message = load_settings()
    assert settings.palette == "colour_blind" and message is None
