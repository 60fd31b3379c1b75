"""Pieces shared by the simpler screens: a sheet of paper with a heading."""

from __future__ import annotations

from typing import Any

import pygame

from game.client import draw, fonts
from game.client.screens.base import Screen
from game.client.widgets import scroll_text


def sheet_rect(size: tuple[int, int], m: Any, width: int, height: int) -> pygame.Rect:
    """A centred sheet of at most width x height that fits the window."""
    w = min(width, size[0] - 2 * m.pad)
    h = min(height, size[1] - 2 * m.pad)
    return pygame.Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h)


def draw_sheet(surface: pygame.Surface, screen: Any, heading: str,
               sheet: pygame.Rect | None = None) -> None:
    """The paper, its heading in red and a double rule under it."""
    pal, m = screen.pal, screen.m
    sheet = sheet if sheet is not None else screen.sheet
    draw.paper(surface, sheet, pal, shadow=m.px(5))
    font = fonts.get("heading", m.heading)
    draw.text(surface, heading, font, pal.accent, (sheet.x + m.px(20), sheet.y + m.px(16)))
    draw.rule(surface, pal.accent, (sheet.x + m.px(20), sheet.y + m.px(44)),
              sheet.right - m.px(20), max(1, m.px(2)), double=True)


HEADER_H = 54


class ReadingSheet(Screen):
    """A modal sheet of scrolling text with a heading and a Back button."""

    modal = True
    heading = ""
    close_keys: tuple[int, ...] = (pygame.K_ESCAPE,)
    max_size = (720, 640)

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.sheet = pygame.Rect(0, 0, 0, 0)
        self.box: Any = None

    def html(self) -> str:
        """The sheet's text (pygame_gui HTML); each kind of sheet gives its own."""
        return ""

    def build(self) -> None:
        m = self.m
        self.sheet = sheet_rect(self.size, m, m.px(self.max_size[0]), m.px(self.max_size[1]))
        inner = pygame.Rect(self.sheet.x + m.px(20), self.sheet.y + m.px(HEADER_H),
                            self.sheet.w - m.px(40),
                            self.sheet.h - m.px(HEADER_H) - m.px(20) - m.button_h - m.gap)
        self.box = self.textbox(inner, self.html())
        back = pygame.Rect(inner.right - m.px(160), inner.bottom + m.gap, m.px(160), m.button_h)
        self.button(back, "Back (Esc)", self.app.pop)
        self.focus_index = 0

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in self.close_keys:
            self.app.pop()
            return True
        if event.key in (pygame.K_PAGEDOWN, pygame.K_DOWN):
            return scroll_text(self.box, 1 if event.key == pygame.K_PAGEDOWN else 0.3)
        if event.key in (pygame.K_PAGEUP, pygame.K_UP):
            return scroll_text(self.box, -1 if event.key == pygame.K_PAGEUP else -0.3)
        return False

    def render_under(self, surface: pygame.Surface) -> None:
        if self.app.backdrop is None:
            surface.fill(draw.rgb(self.pal.desk))
        draw_sheet(surface, self, self.heading)
