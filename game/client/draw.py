"""Drawing helpers: paper panels, rules, stamps, stars and text."""

from __future__ import annotations

import math
import random
from functools import lru_cache

import pygame

from game.client import fonts, text_safety
from game.client.palette import Palette, mix
from game.client.palette import rgb as rgb


def text(surface: pygame.Surface, content: str, font: pygame.font.Font,
         colour: str | tuple[int, int, int], pos: tuple[int, int],
         anchor: str = "topleft") -> pygame.Rect:
    """Draw one line of text; ``anchor`` is a pygame.Rect attribute name."""
    image = fonts.render(font, content, rgb(colour) if isinstance(colour, str) else colour)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


def text_block(surface: pygame.Surface, content: str, font: pygame.font.Font,
               colour: str | tuple[int, int, int], area: pygame.Rect,
               line_gap: float = 1.25, max_lines: int | None = None) -> int:
    """Draw wrapped text inside ``area``; returns the height used."""
    lines = fonts.wrap(content, font, area.w)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fonts.ellipsize(lines[-1] + " …", font, area.w)
    step = int(font.get_linesize() * line_gap)
    y = area.top
    for line in lines:
        if y + font.get_linesize() > area.bottom + 1:
            break
        text(surface, line, font, colour, (area.left, y))
        y += step
    return y - area.top


def block_height(content: str, font: pygame.font.Font, width: int, line_gap: float = 1.25) -> int:
    lines = fonts.wrap(content, font, width)
    return int(font.get_linesize() * line_gap) * len(lines)


@lru_cache(maxsize=16)
def _paper_texture(width: int, height: int, paper: str, shade: str) -> pygame.Surface:
    surface = pygame.Surface((width, height))
    surface.fill(rgb(paper))
    stream = random.Random(width * 7919 + height)
    fibre = mix(paper, shade, 0.45)
    for _ in range(max(8, width * height // 9000)):
        x = stream.randrange(width)
        y = stream.randrange(height)
        length = stream.randrange(4, 18)
        pygame.draw.line(surface, fibre, (x, y), (min(width - 1, x + length), y))
    return surface


def paper(surface: pygame.Surface, rect: pygame.Rect, pal: Palette, shadow: int = 3,
          border: bool = True) -> None:
    """A sheet of newsprint with a soft shadow and a thin edge."""
    if rect.w <= 0 or rect.h <= 0:
        return
    if shadow:
        shade = pygame.Rect(rect.x + shadow, rect.y + shadow, rect.w, rect.h)
        pygame.draw.rect(surface, mix(pal.desk, "#000000", 0.45), shade)
    surface.blit(_paper_texture(rect.w, rect.h, pal.paper, pal.paper_shade), rect)
    if border:
        pygame.draw.rect(surface, rgb(pal.paper_edge), rect, 1)


def rule(surface: pygame.Surface, colour: str, start: tuple[int, int], end_x: int,
         width: int = 1, double: bool = False) -> None:
    pygame.draw.line(surface, rgb(colour), start, (end_x, start[1]), width)
    if double:
        y = start[1] + width + 2
        pygame.draw.line(surface, rgb(colour), (start[0], y), (end_x, y), 1)


def star_points(center: tuple[float, float], radius: float,
                rotation: float = -math.pi / 2) -> list[tuple[float, float]]:
    cx, cy = center
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.42
        angle = rotation + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def star(surface: pygame.Surface, colour: str | tuple[int, int, int], center: tuple[float, float],
         radius: float) -> None:
    fill = rgb(colour) if isinstance(colour, str) else colour
    pygame.draw.polygon(surface, fill, star_points(center, radius))


def emblem(surface: pygame.Surface, center: tuple[int, int], radius: int, fill: str,
           ink: str, star_colour: str, shape: str = "circle") -> None:
    """A side's emblem drawn by the game: a disc or a square seal with a star."""
    cx, cy = center
    if shape == "square":
        rect = pygame.Rect(0, 0, radius * 2 - 2, radius * 2 - 2)
        rect.center = center
        pygame.draw.rect(surface, rgb(fill), rect)
        pygame.draw.rect(surface, rgb(ink), rect, max(1, radius // 8))
    else:
        pygame.draw.circle(surface, rgb(fill), center, radius)
        pygame.draw.circle(surface, rgb(ink), center, radius, max(1, radius // 8))
    star(surface, star_colour, (cx, cy + radius * 0.04), radius * 0.62)


def stamp(surface: pygame.Surface, label: str, font: pygame.font.Font, colour: str,
          pos: tuple[int, int], anchor: str = "topright") -> pygame.Rect:
    """A boxed rubber-stamp label (drawn flat: nothing rotates or blinks)."""
    image = text_safety.render_line(font, label, rgb(colour))
    pad_x, pad_y = max(4, font.get_height() // 3), max(2, font.get_height() // 6)
    rect = pygame.Rect(0, 0, image.get_width() + 2 * pad_x, image.get_height() + 2 * pad_y)
    setattr(rect, anchor, pos)
    pygame.draw.rect(surface, rgb(colour), rect, max(1, font.get_height() // 9))
    surface.blit(image, (rect.x + pad_x, rect.y + pad_y))
    return rect


def dim(surface: pygame.Surface, alpha: int = 150, colour: str = "#000000") -> None:
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((*rgb(colour), alpha))
    surface.blit(veil, (0, 0))


def focus_ring(surface: pygame.Surface, rect: pygame.Rect, pal: Palette, width: int = 3) -> None:
    ring = rect.inflate(width * 2 + 2, width * 2 + 2)
    pygame.draw.rect(surface, rgb(pal.focus), ring, width)
