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
    """Show every screen and state in turn (the same steps as ``play --tour``);
    yields each state's name once it is drawn."""
    from game.client.tour import steps

    app.first_screen()
    for name in steps(app, scenario, seed):
        step(app, 2)
        yield name
