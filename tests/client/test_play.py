"""The UI plays campaigns through synthetic input: autoplay, keyboard only, mouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import click, key, step
from conftest import CAMPAIGN, ROOT, TINY, campaign_loads

from game.engine.commands import Act, Choose, EndTurn


def run_until_done(app: Any, limit: int = 3000) -> None:
    app.first_screen()
    for _ in range(limit):
        if not app.running:
            return
        app.step()
    raise AssertionError(f"still running after {limit} frames on {app.top.name}")


def test_autoplay_plays_the_tiny_campaign_to_an_ending_through_the_ui(
        make_app: Any, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    app = make_app(autoplay=True, seed=3, side="prc", scenario=str(TINY),
                   screenshot=str(shots))
    run_until_done(app)
    state = app.session.state
    assert state.over
    assert app.finished_ending == state.ending
    assert app.finished_ending in {e.id for e in state.scenario.endings}
    human = [c for c in state.log if c.side == "prc"]
    assert any(isinstance(c, EndTurn) for c in human)
    assert app.pilot.decisions >= len(human)
    names = sorted(p.name for p in shots.iterdir())
    assert names[0] == "001_title.png" and names[1] == "002_new_campaign.png"
    assert any(n.endswith("_campaign.png") for n in names)
    assert names[-1].endswith("_end.png")


def test_autoplay_is_repeatable(make_app: Any) -> None:
    logs = []
    for _ in range(2):
        app = make_app(autoplay=True, seed=11, side="ussr", scenario=str(TINY))
        run_until_done(app)
        logs.append(list(app.session.state.log))
    assert logs[0] == logs[1]


def test_keyboard_only_from_title_to_first_decision(make_app: Any) -> None:
    app = make_app(command=None, scenario=str(TINY), side="prc", seed=5)
    app.first_screen()
    step(app, 2)
    assert app.top.name == "title"
    key(app, pygame.K_RETURN)                 # New campaign is focused
    assert app.top.name == "new_campaign"
    key(app, pygame.K_RETURN)                 # Start campaign is focused
    assert app.top.name == "campaign"
    screen = app.top
    assert screen.event is not None and screen.event.id == "aid_deal"
    key(app, pygame.K_2)                      # pick the second choice
    assert screen.focused is screen.choice_buttons[1]
    key(app, pygame.K_RETURN)                 # confirm
    assert app.session.state.log[-1] == Choose("prc", "aid_deal", "refuse")
    key(app, pygame.K_u)                      # undo
    assert app.session.state.log == []
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_a)                      # actions list, first usable action
    key(app, pygame.K_RETURN)
    assert app.session.state.log[-1] == Act("prc", "praise")
    key(app, pygame.K_z, mod=pygame.KMOD_CTRL)
    assert app.session.state.log[-1] == Choose("prc", "aid_deal", "accept")
    key(app, pygame.K_e)                      # end turn
    assert app.session.state.turn == 1


def test_mouse_clicks_choices_actions_end_turn_and_undo(make_app: Any) -> None:
    app = make_app(scenario=str(TINY), side="prc", seed=5)
    app.first_screen()                        # play --scenario ... starts at once
    step(app, 2)
    screen = app.top
    assert screen.name == "campaign"
    click(app, screen.choice_buttons[0])
    assert app.session.state.log[-1] == Choose("prc", "aid_deal", "accept")
    assert screen.undo_button.is_enabled
    button = screen.action_buttons[0]
    click(app, button)
    assert app.session.state.log[-1] == Act("prc", "praise")
    click(app, screen.undo_button)
    assert app.session.state.log[-1] == Choose("prc", "aid_deal", "accept")
    click(app, screen.end_button)
    assert app.session.state.turn == 1


def test_menus_open_and_close_with_keys(make_app: Any) -> None:
    app = make_app(scenario=str(TINY), side="prc", seed=5)
    app.first_screen()
    step(app, 2)
    key(app, pygame.K_ESCAPE)
    assert app.top.name == "pause"
    key(app, pygame.K_o)
    assert app.top.name == "objectives"
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_F1)
    assert app.top.name == "help"
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_ESCAPE)
    assert app.top.name == "campaign"
    key(app, pygame.K_h)                      # the history note waits for the decision
    assert not app.top.show_history and "after you decide" in app.top.notice
    key(app, pygame.K_m)
    assert app.top.meters.selected is not None
    key(app, pygame.K_ESCAPE)
    assert app.top.meters.selected is None and app.top.name == "campaign"


def test_game_over_shows_the_end_screen(make_app: Any) -> None:
    app = make_app(scenario=str(TINY), side="prc", seed=5)
    app.first_screen()
    step(app, 2)
    for _ in range(40):
        if app.top.name == "end":
            break
        screen = app.top
        if screen.event is not None:
            key(app, pygame.K_1)
            key(app, pygame.K_RETURN)
        else:
            key(app, pygame.K_e)
    assert app.top.name == "end"
    assert app.finished_ending == app.session.state.ending


@pytest.mark.skipif(not campaign_loads(), reason="the shipped campaign does not load yet")
def test_autoplay_subprocess_on_the_real_campaign(tmp_path: Path) -> None:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               RED_SCHISM_HOME=str(tmp_path / "home"))
    shots = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--autoplay", "--seed", "4", "--side", "ussr",
         "--size", "1024x600", "--screenshot", str(shots)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    from game.content.loader import load_scenario

    assert last in {e.id for e in load_scenario(CAMPAIGN).endings}
    names = sorted(p.name for p in shots.iterdir())
    assert names[0] == "001_title.png" and names[-1].endswith("_end.png")


def test_seed_can_be_typed_with_the_keyboard(make_app: Any) -> None:
    app = make_app(command=None, scenario=str(TINY), side="ussr")
    app.first_screen()
    step(app, 2)
    key(app, pygame.K_n)
    screen = app.top
    assert screen.name == "new_campaign"
    while screen.focused is not screen.seed_entry:
        key(app, pygame.K_TAB, frames=1)
    for char in "4242":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    step(app, 2)
    assert screen.seed_entry.get_text() == "4242"
    key(app, pygame.K_RETURN)
    assert app.top.name == "campaign"
    assert app.session.state.seed == 4242 and app.session.human == "ussr"


def test_the_cuban_missile_crisis_is_offered_and_started_on_the_new_campaign_screen(
        make_app: Any) -> None:
    app = make_app(command=None)
    app.first_screen()
    step(app, 2)
    key(app, pygame.K_n)
    screen = app.top
    assert screen.name == "new_campaign"
    ids = [sid for sid, _path, _builtin in screen.entries]
    assert "cuban_missile_crisis" in ids and "sino_soviet_split" in ids
    click(app, screen.scenario_buttons[ids.index("cuban_missile_crisis")])
    screen = app.top
    assert screen.scenario.id == "cuban_missile_crisis"
    assert "6 Aug 1962 to 20 Nov 1962, 30 turns" in screen.boxes["scenario"].html_text
    ussr = next(b for b in screen.side_buttons if screen.side_of[b] == "ussr")
    click(app, ussr)
    assert screen.side == "ussr"
    assert "A Base in the Caribbean" in screen.boxes["side"].html_text
    click(app, screen.start_button)
    assert app.top.name == "campaign"
    session = app.session
    assert session.scenario.id == "cuban_missile_crisis" and session.human == "ussr"
    assert app.top.event is not None and app.top.event.id == "anadyr_convoys"
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    assert session.state.log[-1] == Choose("ussr", "anadyr_convoys", "steady_and_secret")
