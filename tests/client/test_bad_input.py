"""Random key, mouse and window events (seeded) never crash the game window."""

from __future__ import annotations

import random
from typing import Any

import pygame
import pytest
from client_helpers import step
from conftest import TINY

KEYS = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_9, pygame.K_RETURN,
        pygame.K_SPACE, pygame.K_TAB, pygame.K_ESCAPE, pygame.K_F1, pygame.K_UP, pygame.K_DOWN,
        pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
        pygame.K_END, pygame.K_BACKSPACE, pygame.K_DELETE, pygame.K_KP_ENTER,
        *(getattr(pygame, f"K_{c}") for c in "abcdeghlmnoqrstuz")]
MODS = [0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_ALT]


def random_event(rng: random.Random, size: tuple[int, int]) -> pygame.event.Event:
    kind = rng.random()
    pos = (rng.randrange(-20, size[0] + 20), rng.randrange(-20, size[1] + 20))
    if kind < 0.45:
        return pygame.event.Event(pygame.KEYDOWN, key=rng.choice(KEYS), mod=rng.choice(MODS),
                                  unicode=rng.choice(["", "x", "7", "\u00e9"]), scancode=0)
    if kind < 0.55:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0),
                                  touch=False)
    if kind < 0.75:
        return pygame.event.Event(rng.choice([pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP]),
                                  pos=pos, button=rng.choice([1, 1, 1, 2, 3, 4, 5]),
                                  touch=False)
    if kind < 0.85:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice([-3, -1, 1, 2]),
                                  flipped=False, precise_x=0.0, precise_y=1.0, touch=False)
    if kind < 0.9:
        return pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(["a", "42", "\u00df", " "]))
    if kind < 0.93:
        w, h = rng.choice([(1024, 600), (1300, 760), (1920, 1080), (700, 500)])
        return pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h))
    return pygame.event.Event(pygame.KEYUP, key=rng.choice(KEYS), mod=0, unicode="",
                              scancode=0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_input_never_crashes(make_app: Any, seed: int) -> None:
    rng = random.Random(seed)
    app = make_app(scenario=str(TINY), side=rng.choice(["prc", "ussr"]), seed=seed)
    app.first_screen()
    step(app, 2)
    for _ in range(400):
        for _ in range(rng.randrange(1, 4)):
            pygame.event.post(random_event(rng, app.size))
        step(app)
        if not app.running:           # "Quit" is a legitimate input: start again
            app.running = True
            app.to_title()
    assert app.top is not None


def test_mouse_clicks_everywhere_on_the_campaign(make_app: Any) -> None:
    app = make_app(scenario=str(TINY), side="prc", seed=9)
    app.first_screen()
    step(app, 2)
    w, h = app.size
    for y in range(5, h, 37):
        for x in range(5, w, 53):
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0),
                                                 buttons=(0, 0, 0), touch=False))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1,
                                                 touch=False))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=1,
                                                 touch=False))
            step(app)
            if not app.running:
                app.running = True
                app.to_title()
    assert app.top is not None
