"""``--autoplay``: the computer plays the human side through the real UI.

Each frame the pilot asks the top screen what a player would do there; the
screen answers by calling ``click(button)`` or ``keys([...])``, which post the
same synthetic mouse and keyboard events a player's hands would. Decisions on
the campaign screen come from ``game.engine.ai.choose_command`` with a seeded
random stream. The pilot waits for each input to take effect (the command log
grows or the screen changes) before giving the next; if nothing happens in a
while it tries again, by keyboard.
"""

from __future__ import annotations

import random
from typing import Any

import pygame

from game.engine import ai

RETRY_FRAMES = 20
END_FRAMES = 3


class Autopilot:
    def __init__(self, app: Any, seed: int) -> None:
        self.app = app
        self.rng = random.Random(f"red-schism-autoplay-{seed}")
        self.marker: Any = None
        self.wait = 0
        self.retrying = False
        self.decisions = 0
        self.end_frames = 0

    # -- called by the app after each frame ---------------------------------------------

    def tick(self) -> None:
        app = self.app
        top = app.top
        if top is None:
            return
        if top.name == "end":
            self.end_frames += 1
            if self.end_frames >= END_FRAMES and not app.screenshot_pending:
                app.running = False
            return
        if top.modal:
            self.keys([pygame.K_ESCAPE])
            return
        marker = self._marker()
        if marker == self.marker and self.wait > 0:
            self.wait -= 1
            return
        self.retrying = marker == self.marker
        self.marker = marker
        self.wait = RETRY_FRAMES
        top.autoplay(self)

    def _marker(self) -> Any:
        app = self.app
        session = app.session
        state = session.state if session is not None else None
        return (app.top.name, id(app.top), id(session),
                len(state.log) if state is not None else -1,
                state.turn if state is not None else -1)

    # -- what screens call --------------------------------------------------------------------

    def decide(self, state: Any, side: str) -> Any:
        self.decisions += 1
        return ai.choose_command(state, side, self.rng)

    def prefer_keys(self) -> bool:
        """Use the keyboard for some decisions (and on retries) so both paths get used."""
        return self.retrying or self.decisions % 3 == 0

    def click(self, element: Any) -> None:
        pos = element.get_abs_rect().center
        post = pygame.event.post
        post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0),
                                touch=False))
        post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
        post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))

    def keys(self, keys: list[int]) -> None:
        for key in keys:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="",
                                                 scancode=0))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="",
                                                 scancode=0))
