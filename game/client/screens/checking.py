"""The sheet shown while a save's computer moves are checked, a slice per frame.

Only a save from elsewhere, played against a computer that thinks long, takes
long enough for it to appear (see game.client.loading). Esc cancels.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.client import draw, fonts, loading
from game.client.screens.base import Screen
from game.client.screens.common import draw_sheet, sheet_rect

SLICE = 0.03
"""Seconds of checking per frame: the window stays responsive."""


class CheckingScreen(Screen):
    name = "checking"
    modal = True

    def __init__(self, app: Any, job: Any, failed: loading.Failed, notice: str = "") -> None:
        super().__init__(app)
        self.job = job
        self.failed = failed
        self.notice = notice
        self.sheet = pygame.Rect(0, 0, 0, 0)
        self.bar = pygame.Rect(0, 0, 0, 0)
        self.done = False

    def build(self) -> None:
        m = self.m
        self.sheet = sheet_rect(self.size, m, m.px(560), m.px(230))
        self.bar = pygame.Rect(self.sheet.x + m.px(24), self.sheet.y + m.px(120),
                               self.sheet.w - m.px(48), m.px(14))
        cancel = pygame.Rect(self.sheet.right - m.px(24) - m.px(170),
                             self.sheet.bottom - m.px(20) - m.button_h, m.px(170), m.button_h)
        self.button(cancel, "Cancel (Esc)", self.cancel, object_id="#quiet_button")
        self.focus_index = 0

    def cancel(self) -> None:
        if self.done:
            return
        self.done = True
        self.app.pop()
        self.failed("Loading cancelled: the computer's moves were not checked.")

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.cancel()
            return True
        return False

    def update(self, dt: float) -> bool:
        if self.done:
            return False
        if not self.job.step(SLICE):
            self.app.request_redraw()
            return True
        self.done = True
        self.app.pop()
        loading.finish(self.app, self.job, self.failed, self.notice)
        return False

    def under_key(self) -> Any:
        return (round(self.job.progress, 2),)

    def render_under(self, surface: pygame.Surface) -> None:
        if self.app.backdrop is None:
            surface.fill(draw.rgb(self.pal.desk))
        draw_sheet(surface, self, "CHECKING THE SAVE")
        m, pal = self.m, self.pal
        body = fonts.get("body", m.body)
        area = pygame.Rect(self.sheet.x + m.px(24), self.sheet.y + m.px(58),
                           self.sheet.w - m.px(48), m.px(56))
        draw.text_block(surface, "This save was not made on this computer, so the computer's "
                        "moves in it are being replayed to make sure they are its own.",
                        body, pal.ink, area, max_lines=2)
        pygame.draw.rect(surface, draw.rgb(pal.paper_shade), self.bar)
        done = self.bar.copy()
        done.w = int(self.bar.w * max(0.0, min(1.0, self.job.progress)))
        pygame.draw.rect(surface, draw.rgb(pal.accent), done)
        pygame.draw.rect(surface, draw.rgb(pal.ink_soft), self.bar, 1)
        small = fonts.get("body", m.small)
        draw.text(surface, f"{self.job.progress:.0%} of the game replayed", small, pal.ink_soft,
                  (self.bar.x, self.bar.bottom + m.px(8)))
