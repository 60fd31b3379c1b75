"""Pieces shared by the simpler screens: a sheet of paper with a heading."""

from __future__ import annotations

from typing import Any

import pygame

from game.client import draw, fonts


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
