"""Posters in the manner of the 1950s, drawn by the game: a sunburst of rays, a
great star for each side split by a crack, bold condensed type, and banners
naming the capitals over a skyline of towers and chimneys.

A poster is made from a title art record (the scenario's ``title_art``, or
the game's own on the title screen) and the palette, and cached by size.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

import pygame

from game.client import draw, fonts
from game.client.layout import Metrics
from game.client.palette import Palette, hex_colour, mix, rgb
from game.engine.look import TitleArt

GAME_ART = TitleArt(headline="Red Schism", subtitle="The Sino-Soviet split \u00b7 1953\u20131964",
                    cities=("Beijing", "Moscow"))
"""the game's own poster, on the title screen"""


def scenario_art(scenario: object) -> TitleArt:
    """A scenario's title art, with its title and its sides' names where it gives none."""
    look = getattr(scenario, "look", None)
    art: TitleArt = look.title if look is not None else TitleArt()
    headline = art.headline or str(getattr(scenario, "title", ""))
    cities = art.cities or tuple(
        str(getattr(side, "short", "") or getattr(side, "name", ""))
        for side in getattr(scenario, "sides", ())[:2])
    return TitleArt(headline, art.subtitle, cities, art.background, art.rays)


def draw_poster(surface: pygame.Surface, rect: pygame.Rect, art: TitleArt, pal: Palette,
                m: Metrics, focus: pygame.Rect | None = None) -> None:
    """Draw the poster filling ``rect``; its figures are centred in ``focus`` (a part of
    the rectangle left free by whatever sits on top)."""
    focus = focus or rect
    image = _poster(rect.size, (focus.x - rect.x, focus.y - rect.y, focus.w, focus.h), art,
                    pal, m.scale)
    surface.blit(image, rect)


@lru_cache(maxsize=4)
def _poster(size: tuple[int, int], focus_box: tuple[int, int, int, int], art: TitleArt,
            pal: Palette, scale: float) -> pygame.Surface:
    m = Metrics(scale)
    w, h = size
    surface = pygame.Surface(size)
    ground = art.background or pal.accent
    rays = art.rays or hex_colour(mix(ground, pal.accent_dark, 0.45))
    surface.fill(rgb(ground))
    focus = pygame.Rect(focus_box)
    headline = (art.headline or "").upper()
    # the sunburst rises from below the headline
    origin = (focus.centerx, focus.y + int(focus.h * 0.62))
    reach = math.hypot(w, h) * 1.2
    count = 36
    for i in range(0, count, 2):
        a0 = 2 * math.pi * i / count
        a1 = 2 * math.pi * (i + 1) / count
        pygame.draw.polygon(surface, rgb(rays), [
            origin, (origin[0] + reach * math.cos(a0), origin[1] + reach * math.sin(a0)),
            (origin[0] + reach * math.cos(a1), origin[1] + reach * math.sin(a1))])
    # a pale disc behind the stars, like the sun on the horizon
    sun_r = int(min(focus.w, focus.h) * 0.3)
    pygame.draw.circle(surface, mix(ground, pal.ochre, 0.5), origin, sun_r)
    pygame.draw.circle(surface, rgb(pal.ochre), origin, sun_r, max(2, m.px(3)))
    _skyline(surface, pal, focus, origin[1] + sun_r // 3, art)
    # two great stars with a jagged crack between them
    star_r = max(m.px(20), int(min(focus.w * 0.12, focus.h * 0.14)))
    gap = int(star_r * 1.35)
    star_y = origin[1] - int(sun_r * 0.2)
    for dx in (-gap, gap):
        centre = (origin[0] + dx, star_y)
        draw.star(surface, pal.accent_dark, (centre[0] + m.px(4), centre[1] + m.px(4)), star_r)
        draw.star(surface, pal.ochre, centre, star_r)
    crack = [(origin[0] + (m.px(7) if i % 2 else -m.px(7)),
              star_y - star_r * 1.4 + i * star_r * 2.8 / 9) for i in range(10)]
    pygame.draw.lines(surface, rgb(pal.accent_dark), False, crack, max(3, m.px(5)))
    # the headline in bold condensed type, with a hard shadow
    text_size = min(m.px(96), int(focus.h * 0.2), int(focus.w / max(4, len(headline) * 0.55)))
    font = fonts.get("heading", max(m.px(28), text_size))
    top = focus.y + int(focus.h * 0.06)
    lines = fonts.wrap(headline, font, int(focus.w * 0.94))[:2]
    for line in lines:
        draw.text(surface, line, font, pal.accent_dark, (focus.centerx + m.px(4), top + m.px(4)),
                  "midtop")
        draw.text(surface, line, font, pal.accent_text, (focus.centerx, top), "midtop")
        top += int(font.get_linesize() * 0.92)
    if art.subtitle:
        sub = fonts.get("mono_bold", max(m.px(12), min(m.px(22), font.get_height() // 4)))
        text = fonts.ellipsize(art.subtitle.upper(), sub, int(focus.w * 0.9))
        band = pygame.Rect(0, 0, sub.size(text)[0] + m.px(24), sub.get_linesize() + m.px(8))
        band.midtop = (focus.centerx, top + m.px(6))
        pygame.draw.rect(surface, rgb(pal.paper), band)
        pygame.draw.rect(surface, rgb(pal.accent_dark), band, max(1, m.px(2)))
        draw.text(surface, text, sub, pal.accent_dark, band.center, "center")
    _banners(surface, pal, m, focus, origin, sun_r, art.cities)
    return surface


def _skyline(surface: pygame.Surface, pal: Palette, focus: pygame.Rect, base_y: int,
             art: TitleArt) -> None:
    """Towers, cupolas and chimneys along the bottom, in the darkest red."""
    colour = rgb(pal.accent_dark)
    w, h = surface.get_size()
    stream = random.Random(art.headline)
    x = 0
    unit = max(6, h // 60)
    while x < w:
        kind = stream.choice(("block", "block", "tower", "chimney", "dome"))
        width = unit * stream.randint(3, 7)
        height = unit * stream.randint(3, 9)
        top = h - height
        if kind == "tower":
            pygame.draw.rect(surface, colour, (x + width // 4, top - unit * 4, width // 2,
                                               height + unit * 4))
            pygame.draw.polygon(surface, colour, [(x + width // 4, top - unit * 4),
                                                  (x + width // 2, top - unit * 9),
                                                  (x + 3 * width // 4, top - unit * 4)])
            draw.star(surface, pal.ochre, (x + width // 2, top - unit * 9.6), unit * 0.9)
        elif kind == "chimney":
            pygame.draw.rect(surface, colour, (x, top, width, height))
            pygame.draw.rect(surface, colour, (x + width // 3, top - unit * 6, unit, unit * 6))
        elif kind == "dome":
            pygame.draw.rect(surface, colour, (x, top, width, height))
            pygame.draw.ellipse(surface, colour, (x + unit, top - unit * 3, width - 2 * unit,
                                                  unit * 4))
            pygame.draw.line(surface, colour, (x + width // 2, top - unit * 5),
                             (x + width // 2, top - unit * 2), max(1, unit // 3))
        else:
            pygame.draw.rect(surface, colour, (x, top, width, height))
            for wy in range(top + unit, h - unit, unit * 2):
                for wx in range(x + unit, x + width - unit, unit * 2):
                    pygame.draw.rect(surface, mix(pal.accent_dark, pal.ochre, 0.3),
                                     (wx, wy, max(1, unit // 2), max(1, unit // 2)))
        x += width + stream.randint(0, unit)


def _banners(surface: pygame.Surface, pal: Palette, m: Metrics, focus: pygame.Rect,
             origin: tuple[int, int], sun_r: int, cities: tuple[str, ...]) -> None:
    """A ribbon under the sun naming each city, left and right of the crack."""
    if not cities:
        return
    font = fonts.get("heading", max(m.px(14), min(m.px(30), focus.h // 22)))
    slots = len(cities)
    span = min(focus.w * 0.9, sun_r * 2 + focus.w * 0.3)
    y = origin[1] + int(sun_r * 0.55)
    for index, city in enumerate(cities):
        cx = origin[0] - span / 2 + span * (index + 0.5) / slots
        text = city.upper()
        tw, th = font.size(text)
        ribbon = pygame.Rect(0, 0, tw + m.px(28), th + m.px(6))
        ribbon.center = (round(cx), y)
        tail = m.px(10)
        for side in (-1, 1):
            edge_x = ribbon.left if side < 0 else ribbon.right
            notch = [(edge_x, ribbon.top + m.px(4)), (edge_x + side * tail, ribbon.top + m.px(4)),
                     (edge_x + side * tail // 2, ribbon.centery + m.px(2)),
                     (edge_x + side * tail, ribbon.bottom + m.px(4)),
                     (edge_x, ribbon.bottom + m.px(4))]
            pygame.draw.polygon(surface, mix(pal.paper, pal.paper_edge, 0.5), notch)
        pygame.draw.rect(surface, rgb(pal.paper), ribbon)
        pygame.draw.rect(surface, rgb(pal.accent_dark), ribbon, max(1, m.px(2)))
        draw.text(surface, text, font, pal.accent_dark, ribbon.center, "center")
