"""Who is who on screen: each side's colour, fill pattern and seal shape.

Colours come from the scenario (``sides[].color``) in the period palette and
from the palette itself in the colour-blind palette (whose hues are chosen to
stay apart); a side without a colour takes the palette's colour for its place.
Every side also gets its own hatching, so colour is never the only cue.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pygame

from game.client.palette import Palette, mix, rgb

PATTERNS = ("diagonal", "cross", "dots", "vertical")
"""fill patterns by the side's place in the scenario"""
EMBLEMS = ("disc", "square", "diamond", "shield")


def side_index(scenario: Any, side_id: str | None) -> int:
    ids = scenario.side_ids
    return ids.index(side_id) if side_id in ids else -1


def side_colour(scenario: Any, pal: Palette, side_id: str | None) -> str:
    """The side's colour as '#rrggbb' (the palette's neutral for nobody)."""
    index = side_index(scenario, side_id)
    if index < 0:
        return pal.neutral
    own = scenario.look.holder(side_id).color
    if own and pal.name != "colour_blind":
        return str(own)
    colours = pal.side_colours()
    return colours[index % len(colours)]


def side_pattern(scenario: Any, side_id: str | None) -> str:
    index = side_index(scenario, side_id)
    return PATTERNS[index % len(PATTERNS)] if index >= 0 else "plain"


def side_emblem(scenario: Any, side_id: str) -> str:
    own = scenario.look.holder(side_id).emblem
    if own:
        return str(own)
    index = max(0, side_index(scenario, side_id))
    return EMBLEMS[index % len(EMBLEMS)]


def readable_on(colour: str | tuple[int, int, int], pal: Palette) -> str:
    """Ink or paper, whichever reads on the colour."""
    red, green, blue = rgb(colour) if isinstance(colour, str) else colour
    return pal.ink if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else pal.paper


@lru_cache(maxsize=64)
def pattern_tile(pattern: str, ground: tuple[int, int, int], line: tuple[int, int, int],
                 spacing: int) -> pygame.Surface:
    """A square tile of the pattern that repeats seamlessly."""
    size = max(4, spacing)
    tile = pygame.Surface((size, size), pygame.SRCALPHA)
    tile.fill((*ground, 255))
    width = max(1, spacing // 5)
    colour = (*line, 255)
    if pattern in ("diagonal", "cross"):
        for offset in (-size, 0, size):
            pygame.draw.line(tile, colour, (offset, size), (offset + size, 0), width)
    if pattern == "cross":
        for offset in (-size, 0, size):
            pygame.draw.line(tile, colour, (offset, 0), (offset + size, size), width)
    if pattern == "vertical":
        pygame.draw.line(tile, colour, (size // 2, 0), (size // 2, size), width)
    if pattern == "dots":
        pygame.draw.circle(tile, colour, (size // 2, size // 2), max(1, spacing // 4))
    return tile


def pattern_surface(pattern: str, ground: tuple[int, int, int], line: tuple[int, int, int],
                    spacing: int, size: tuple[int, int],
                    origin: tuple[int, int] = (0, 0)) -> pygame.Surface:
    """A surface of ``size`` filled with the pattern, aligned to the board's origin so
    neighbouring fills line up."""
    tile = pattern_tile(pattern, ground, line, spacing)
    step = tile.get_width()
    surface = pygame.Surface(size, pygame.SRCALPHA)
    start_x = -(origin[0] % step)
    start_y = -(origin[1] % step)
    for y in range(start_y, size[1], step):
        for x in range(start_x, size[0], step):
            surface.blit(tile, (x, y))
    return surface


def fill_colours(scenario: Any, pal: Palette, side_id: str | None,
                 strength: float = 0.55) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Ground and line colours of a territory held by the side."""
    colour = side_colour(scenario, pal, side_id)
    ground = mix(pal.land, colour, strength)
    line = mix(colour, pal.ink, 0.35)
    return ground, line
