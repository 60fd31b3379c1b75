"""Posting the input a player would give, and checking what is on screen."""

from __future__ import annotations

from typing import Any

import pygame


def step(app: Any, frames: int = 1) -> None:
    for _ in range(frames):
        app.request_redraw()
        app.step()


def click(app: Any, element: Any, frames: int = 3) -> None:
    pos = element.get_abs_rect().center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0), touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1,
                                         touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    step(app, frames)


def key(app: Any, code: int, mod: int = 0, frames: int = 2) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="",
                                         scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode="",
                                         scancode=0))
    step(app, frames)


def elements_outside(app: Any) -> list[str]:
    """Visible widgets that stick out of the window."""
    window = pygame.Rect((0, 0), app.size)
    out = []
    for sprite in app.manager.ui_group.sprites():
        if not getattr(sprite, "visible", False) or sprite is app.manager.root_container:
            continue
        rect = sprite.get_abs_rect()
        if rect.w <= 0 or rect.h <= 0:
            continue
        if not window.contains(rect):
            out.append(f"{type(sprite).__name__} {getattr(sprite, 'text', '')!r} at {rect}")
    return out


def overlapping_buttons(app: Any) -> list[str]:
    """Pairs of visible buttons that overlap each other."""
    from pygame_gui.elements import UIButton

    buttons = [s for s in app.manager.ui_group.sprites()
               if isinstance(s, UIButton) and s.visible and s.get_abs_rect().w > 0
               and type(s.ui_container).__name__ == "UIContainer"
               and s.ui_container is app.manager.root_container]
    out = []
    for i, a in enumerate(buttons):
        for b in buttons[i + 1:]:
            if a.get_abs_rect().colliderect(b.get_abs_rect()):
                out.append(f"{a.text!r} overlaps {b.text!r}")
    return out


def tour(app: Any, scenario: Any, seed: int = 7) -> Any:
    """Show every screen in turn; yields each screen's name once it is drawn."""
    import random

    from game.client.screens.help import HelpScreen
    from game.client.screens.new_campaign import NewCampaignScreen
    from game.client.screens.pause import ObjectivesScreen, PauseScreen
    from game.client.screens.settings_screen import SettingsScreen
    from game.engine import ai
    from game.engine.session import GameSession

    app.first_screen()
    step(app, 2)
    yield "title"
    app.switch_to(NewCampaignScreen(app))
    step(app, 2)
    yield "new_campaign"
    app.push(SettingsScreen(app))
    step(app, 2)
    yield "settings"
    app.pop()
    app.push(HelpScreen(app))
    step(app, 2)
    yield "help"
    app.pop()
    session = GameSession.new(scenario, seed, scenario.side_ids[0], "normal")
    app.start_session(session)
    step(app, 2)
    yield "campaign_event"
    screen = app.top
    screen.toggle_history()
    step(app, 2)
    yield "event_history"
    rng = random.Random(seed)
    while screen.event is not None:
        screen.submit(ai.choose_command(session.state, session.human, rng))
    step(app, 2)
    yield "campaign_actions"
    screen.meters.hovered = screen.meters.slots[0]
    keys = screen.board.keys()
    screen.pinned_party = keys[len(keys) // 2] if keys else None
    screen.focus_actions(0)
    step(app, 2)
    yield "tooltips"
    screen.meters.hovered = None
    app.push(PauseScreen(app))
    step(app, 2)
    yield "pause"
    app.push(ObjectivesScreen(app))
    step(app, 2)
    yield "objectives"
    app.pop()
    app.pop()
    saves = app.get_saves()
    if saves is not None:
        from game.client.screens.saves import LoadScreen

        saves.quicksave(session)
        app.push(LoadScreen(app))
        step(app, 2)
        yield "load"
        app.pop()
    while not session.state.over:
        session.submit(ai.choose_command(session.state, session.human, rng))
    app.top.sync()
    step(app, 2)
    yield "end"
    if saves is not None and saves.has_replays:
        from game.client.screens.saves import ReplayViewer

        entry = saves.entries()[0]
        app.switch_to(ReplayViewer(app, saves.timeline(entry.path), entry.label))
        app.top.turn = min(3, app.top.timeline.turn_count - 1)
        app.top.refresh()
        step(app, 2)
        yield "replay"
