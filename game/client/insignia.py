"""Pictures the game draws from code and data: flags (vector definitions in the
scenario), the sides' seals, rubber stamps on cables and a small emblem for
each kind of event or action. Nothing here is copied from anywhere.

Flags and emblems are drawn at four times their size and scaled down, which
smooths their edges, and cached by size.
"""

from __future__ import annotations

import math
import random
import re
from functools import lru_cache

import pygame

from game.client import draw, fonts
from game.client.layout import Metrics
from game.client.palette import Palette, hex_colour, mix, rgb
from game.engine.look import Flag, FlagShape

SUPERSAMPLE = 4


# -- flags --------------------------------------------------------------------------------

def _star(surface: pygame.Surface, colour: tuple[int, int, int], centre: tuple[float, float],
          radius: float, rotation: float = 0.0) -> None:
    pygame.draw.polygon(surface, colour,
                        draw.star_points(centre, radius, math.radians(rotation) - math.pi / 2))


def _hammer_sickle(surface: pygame.Surface, colour: tuple[int, int, int],
                   centre: tuple[float, float], radius: float, rotation: float) -> None:
    cx, cy = centre
    angle = math.radians(rotation)

    def at(x: float, y: float) -> tuple[float, float]:
        """Unit-box coordinates (-1..1, y down) turned and placed."""
        rx = x * math.cos(angle) - y * math.sin(angle)
        ry = x * math.sin(angle) + y * math.cos(angle)
        return (cx + rx * radius, cy + ry * radius)

    # the sickle: a blade sweeping from the top round the right and the bottom,
    # thinning to its tip, on a short handle at the lower left
    outer, inner = [], []
    for i in range(31):
        a = math.radians(-100 + i * 8.3)
        outer.append(at(0.08 + 0.78 * math.cos(a), 0.02 + 0.78 * math.sin(a)))
        inner.append(at(0.0 + 0.62 * math.cos(a), -0.06 + 0.62 * math.sin(a)))
    pygame.draw.polygon(surface, colour, outer + inner[::-1])
    pygame.draw.polygon(surface, colour, [at(-0.62, 0.42), at(-0.42, 0.62), at(-0.80, 1.0),
                                          at(-1.0, 0.80)])
    # the hammer: its handle from the lower right to the upper left, its head across
    pygame.draw.polygon(surface, colour, [at(0.80, 0.68), at(0.68, 0.80), at(-0.42, -0.30),
                                          at(-0.30, -0.42)])
    pygame.draw.polygon(surface, colour, [at(-0.78, -0.10), at(-0.10, -0.78), at(0.08, -0.60),
                                          at(-0.60, 0.08)])


def _crescent(surface: pygame.Surface, colour: tuple[int, int, int],
              centre: tuple[float, float], radius: float, rotation: float) -> None:
    cx, cy = centre
    turn = math.radians(rotation)
    outer, inner = [], []
    for i in range(33):
        a = turn + math.pi / 2 + math.pi * i / 32
        outer.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    shift = radius * 0.35
    inner_r = radius * 0.82
    for i in range(33):
        a = turn + math.pi / 2 + math.pi * i / 32
        inner.append((cx + shift * math.cos(turn + math.pi) + inner_r * math.cos(a) * 0.85,
                      cy + shift * math.sin(turn + math.pi) + inner_r * math.sin(a)))
    pygame.draw.polygon(surface, colour, outer + inner[::-1])


def _shape(surface: pygame.Surface, shape: FlagShape, w: int, h: int) -> None:
    colour = rgb(shape.color)
    x, y, r = shape.x * w, shape.y * h, shape.r * h
    kind = shape.kind
    if kind == "rect":
        pygame.draw.rect(surface, colour, pygame.Rect(round(x), round(y), math.ceil(shape.w * w),
                                                      math.ceil(shape.h * h)))
    elif kind == "circle":
        pygame.draw.circle(surface, colour, (x, y), r)
    elif kind == "ring":
        pygame.draw.circle(surface, colour, (x, y), r, max(1, round(r * 0.2)))
    elif kind == "star":
        _star(surface, colour, (x, y), r, shape.rotation)
    elif kind == "stars":
        cell_w = shape.w * w / shape.columns
        cell_h = shape.h * h / shape.rows
        for row in range(shape.rows):
            for column in range(shape.columns):
                _star(surface, colour, (x + (column + 0.5) * cell_w, y + (row + 0.5) * cell_h), r)
    elif kind == "polygon":
        pygame.draw.polygon(surface, colour, [(px * w, py * h) for px, py in shape.points])
    elif kind == "sun":
        rays = []
        for i in range(24):
            a = math.radians(shape.rotation) + math.pi * i / 12
            reach = r if i % 2 == 0 else r * 0.62
            rays.append((x + reach * math.cos(a), y + reach * math.sin(a)))
        pygame.draw.polygon(surface, colour, rays)
    elif kind == "wheel":
        pygame.draw.circle(surface, colour, (x, y), r, max(1, round(r * 0.12)))
        pygame.draw.circle(surface, colour, (x, y), max(1, r * 0.18))
        for i in range(24):
            a = math.pi * i / 12
            pygame.draw.line(surface, colour, (x, y), (x + r * math.cos(a), y + r * math.sin(a)),
                             max(1, round(r * 0.05)))
    elif kind == "hammer_sickle":
        _hammer_sickle(surface, colour, (x, y), r, shape.rotation)
    elif kind == "crescent":
        _crescent(surface, colour, (x, y), r, shape.rotation)


def flag_size(flag: Flag | None, height: int) -> tuple[int, int]:
    ratio = flag.ratio if flag is not None else 1.5
    return (max(2, round(height * ratio)), max(2, height))


@lru_cache(maxsize=256)
def flag_image(flag: Flag, height: int, edge: tuple[int, int, int] | None = None) -> pygame.Surface:
    """The flag at ``height`` pixels, with a thin edge in ``edge``."""
    w, h = flag_size(flag, height)
    big_w, big_h = w * SUPERSAMPLE, h * SUPERSAMPLE
    big = pygame.Surface((big_w, big_h))
    count = len(flag.stripes)
    for index, colour in enumerate(flag.stripes):
        if flag.vertical:
            left, right = big_w * index // count, big_w * (index + 1) // count
            pygame.draw.rect(big, rgb(colour), (left, 0, right - left, big_h))
        else:
            top, bottom = big_h * index // count, big_h * (index + 1) // count
            pygame.draw.rect(big, rgb(colour), (0, top, big_w, bottom - top))
    for shape in flag.shapes:
        _shape(big, shape, big_w, big_h)
    image = pygame.transform.smoothscale(big, (w, h))
    if edge is not None:
        pygame.draw.rect(image, edge, image.get_rect(), 1)
    return image


def plain_flag(colour: str, emblem: str, pal: Palette) -> Flag:
    """The flag of a side that has none in its scenario: its colour and its seal's star."""
    from game.engine.look import FlagShape as Shape

    star_colour = "#f3e6c0" if readable(colour) else "#2b2420"
    return Flag(1.5, (colour,), False, (Shape("star", star_colour, 0.25, 0.33, r=0.2),))


def readable(colour: str) -> bool:
    red, green, blue = rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue <= 140


# -- seals ---------------------------------------------------------------------------------

def seal(surface: pygame.Surface, centre: tuple[int, int], radius: int, fill: str, ink: str,
         star: str, shape: str = "disc") -> None:
    """A side's seal: a disc, square, diamond or shield in its colour, with a star."""
    image = _seal_image(radius, fill, ink, star, shape)
    surface.blit(image, image.get_rect(center=centre))


@lru_cache(maxsize=64)
def _seal_image(radius: int, fill: str, ink: str, star: str, shape: str) -> pygame.Surface:
    size = radius * 2 + 2
    big = pygame.Surface((size * SUPERSAMPLE, size * SUPERSAMPLE), pygame.SRCALPHA)
    c = size * SUPERSAMPLE / 2
    r = radius * SUPERSAMPLE
    edge = max(SUPERSAMPLE, r // 7)
    if shape == "square":
        points = [(c - r * 0.9, c - r * 0.9), (c + r * 0.9, c - r * 0.9),
                  (c + r * 0.9, c + r * 0.9), (c - r * 0.9, c + r * 0.9)]
    elif shape == "diamond":
        points = [(c, c - r), (c + r, c), (c, c + r), (c - r, c)]
    elif shape == "shield":
        points = [(c - r * 0.85, c - r * 0.9), (c + r * 0.85, c - r * 0.9), (c + r * 0.85, c),
                  (c, c + r), (c - r * 0.85, c)]
    else:
        points = []
    if points:
        pygame.draw.polygon(big, rgb(fill), points)
        pygame.draw.polygon(big, rgb(ink), points, edge)
    else:
        pygame.draw.circle(big, rgb(fill), (c, c), r)
        pygame.draw.circle(big, rgb(ink), (c, c), r, edge)
    pygame.draw.polygon(big, rgb(star), draw.star_points((c, c + r * 0.04), r * 0.58))
    return pygame.transform.smoothscale(big, (size, size))


# -- stamps --------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _stamp_image(label: str, size: int, colour: tuple[int, int, int], tilt: float,
                 round_stamp: bool, sub: str) -> pygame.Surface:
    font = fonts.get("heading", size)
    text = font.render(label, True, colour)
    pad_x, pad_y = max(5, size // 2), max(2, size // 5)
    if round_stamp:
        small = fonts.get("mono_bold", max(7, size * 2 // 3))
        inner = small.render(sub, True, colour) if sub else None
        diameter = max(text.get_width() + 2 * pad_x, size * 4)
        image = pygame.Surface((diameter, diameter), pygame.SRCALPHA)
        centre = (diameter // 2, diameter // 2)
        line = max(2, size // 7)
        pygame.draw.circle(image, colour, centre, diameter // 2 - 1, line)
        pygame.draw.circle(image, colour, centre, diameter // 2 - line * 3, max(1, line // 2))
        image.blit(text, text.get_rect(center=(centre[0], centre[1] - (size // 3 if inner else 0))))
        if inner is not None:
            image.blit(inner, inner.get_rect(center=(centre[0], centre[1] + size * 2 // 3)))
    else:
        image = pygame.Surface((text.get_width() + 2 * pad_x, text.get_height() + 2 * pad_y),
                               pygame.SRCALPHA)
        line = max(2, size // 8)
        pygame.draw.rect(image, colour, image.get_rect(), line)
        pygame.draw.rect(image, colour, image.get_rect().inflate(-line * 3, -line * 3),
                         max(1, line // 2))
        image.blit(text, (pad_x, pad_y))
    # worn ink: a fixed pattern of specks where the stamp did not print
    stream = random.Random(f"{label}{size}")
    w, h = image.get_size()
    for _ in range(w * h // 40):
        x, y = stream.randrange(w), stream.randrange(h)
        image.set_at((x, y), (0, 0, 0, 0))
    image.set_alpha(215)
    return pygame.transform.rotozoom(image, tilt, 1.0) if tilt else image


def stamp(surface: pygame.Surface, label: str, size: int, colour: str,
          pos: tuple[int, int], anchor: str = "topright", tilt: float = 0.0,
          round_stamp: bool = False, sub: str = "") -> pygame.Rect:
    """A rubber stamp (a double box, or a round seal with a line below its word),
    set slightly askew; it never moves."""
    image = _stamp_image(label, max(8, size), rgb(colour), tilt, round_stamp, sub)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    return rect


# -- emblems for kinds of events and actions ---------------------------------------------------

CATEGORY_WORDS = (
    ("nuclear", r"\b(bomb|nuclear|atom\w*|missile|test ban|warhead)"),
    ("crisis", r"\b(crisis|ultimatum|invasion|shelling|war)\b"),
    ("military", r"\b(army|border|clash|troops|fleet|navy|military|strait|front|"
                 r"shell\w*|garrison|incident)"),
    ("congress", r"\b(congress|plenum|conference|assembly|party meeting|meeting of)"),
    ("aid", r"\b(aid|loan|credit|experts|advisers|plants|technicians|grain)"),
    ("economy", r"\b(plan|harvest|economy|leap|famine|industr\w*|commune\w*|trade)"),
    ("polemics", r"\b(letter|polemic\w*|article|speech|editorial|revisionis\w*|"
                 r"dogmati\w*|open letter|criticism|denounc\w*)"),
    ("diplomacy", r"\b(visit|summit|talks|treaty|delegation|embassy|ambassador|"
                  r"recogni\w*|agreement|accord|pact|mission)"),
)
CATEGORIES = ("diplomacy", "aid", "polemics", "military", "economy", "nuclear", "congress",
              "propaganda", "crisis", "summit", "cable")


def event_category(event: object, explicit: str = "") -> str:
    """The kind of an event: given in the scenario, or read from its title."""
    if explicit:
        return explicit
    if getattr(event, "crisis", ""):
        return "crisis"
    title = str(getattr(event, "title", "")).lower()
    for category, pattern in CATEGORY_WORDS:
        if re.search(pattern, title):
            return category
    if getattr(event, "side", "") == "both":
        return "summit"
    return "cable"


@lru_cache(maxsize=64)
def category_emblem(category: str, radius: int, ink: str, ground: str) -> pygame.Surface:
    """A round badge with a pictogram for the category (unknown ones get a cable)."""
    size = radius * 2 + 2
    s = SUPERSAMPLE
    big = pygame.Surface((size * s, size * s), pygame.SRCALPHA)
    c = size * s / 2
    r = radius * s
    col, back = rgb(ink), rgb(ground)
    pygame.draw.circle(big, back, (c, c), r)
    pygame.draw.circle(big, col, (c, c), r, max(s, r // 9))
    u = r * 0.5
    width = max(s, round(r / 9))
    if category == "nuclear":
        for angle in (0, 60, 120):
            rect = pygame.Rect(0, 0, u * 2.2, u * 0.8)
            orbit = pygame.Surface(rect.size, pygame.SRCALPHA)
            pygame.draw.ellipse(orbit, col, orbit.get_rect(), width)
            turned = pygame.transform.rotate(orbit, angle)
            big.blit(turned, turned.get_rect(center=(c, c)))
        pygame.draw.circle(big, col, (c, c), u * 0.22)
    elif category in ("military", "crisis"):
        if category == "crisis":
            points = [(c, c - u * 1.1), (c + u * 1.05, c + u * 0.8), (c - u * 1.05, c + u * 0.8)]
            pygame.draw.polygon(big, col, points, width)
            pygame.draw.line(big, col, (c, c - u * 0.45), (c, c + u * 0.2), width + s)
            pygame.draw.circle(big, col, (c, c + u * 0.5), width)
        else:
            for dy in (-0.35, 0.15, 0.65):
                pygame.draw.lines(big, col, False, [(c - u * 0.9, c + u * dy),
                                                    (c, c + u * (dy - 0.55)),
                                                    (c + u * 0.9, c + u * dy)], width + s // 2)
    elif category == "economy":
        teeth = []
        for i in range(16):
            a = math.pi * i / 8
            reach = u * (1.0 if i % 2 == 0 else 0.78)
            teeth.append((c + reach * math.cos(a), c + reach * math.sin(a)))
        pygame.draw.polygon(big, col, teeth)
        pygame.draw.circle(big, back, (c, c), u * 0.35)
    elif category == "aid":
        box = pygame.Rect(0, 0, u * 1.7, u * 1.3)
        box.center = (round(c), round(c + u * 0.1))
        pygame.draw.rect(big, col, box, width)
        pygame.draw.line(big, col, box.topleft, box.bottomright, width)
        pygame.draw.line(big, col, box.topright, box.bottomleft, width)
    elif category in ("polemics", "propaganda"):
        pygame.draw.polygon(big, col, [(c - u, c - u * 0.3), (c - u * 0.3, c - u * 0.3),
                                       (c + u * 0.8, c - u), (c + u * 0.8, c + u),
                                       (c - u * 0.3, c + u * 0.3), (c - u, c + u * 0.3)])
    elif category == "congress":
        pygame.draw.polygon(big, col, [(c - u, c - u * 0.4), (c, c - u * 1.05),
                                       (c + u, c - u * 0.4)])
        for dx in (-0.7, -0.23, 0.23, 0.7):
            pygame.draw.line(big, col, (c + u * dx, c - u * 0.3), (c + u * dx, c + u * 0.7),
                             width)
        pygame.draw.line(big, col, (c - u, c + u * 0.85), (c + u, c + u * 0.85), width)
    elif category in ("diplomacy", "summit"):
        pygame.draw.circle(big, col, (c - u * 0.38, c), u * 0.62, width)
        pygame.draw.circle(big, col, (c + u * 0.38, c), u * 0.62, width)
    else:
        envelope = pygame.Rect(0, 0, u * 1.9, u * 1.3)
        envelope.center = (round(c), round(c))
        pygame.draw.rect(big, col, envelope, width)
        pygame.draw.lines(big, col, False, [envelope.topleft, envelope.center,
                                            envelope.topright], width)
    return pygame.transform.smoothscale(big, (size, size))


def badge_colours(pal: Palette) -> tuple[str, str]:
    return pal.accent_dark, hex_colour(mix(pal.paper, pal.paper_shade, 0.5))


def cable_marks(surface: pygame.Surface, card: pygame.Rect, event: object, date_label: str,
                line_y: int, pal: Palette, m: Metrics) -> None:
    """The marks a cable picks up on its way: the kind of business it concerns (a badge
    at the end of its date line) and, unless a crisis stamp is there already, a round
    'received' stamp with the date, set askew at the card's right."""
    pad = m.px(18)
    radius = m.px(12)
    ink, ground = badge_colours(pal)
    badge = category_emblem(event_category(event), radius, ink, ground)
    surface.blit(badge, badge.get_rect(midright=(card.right - pad, line_y)))
    if getattr(event, "crisis", ""):
        return
    size = m.px(13)
    stamp(surface, "RECEIVED", size, pal.accent, (card.right - pad - m.px(34), line_y - m.px(6)),
          "midright", tilt=-8, round_stamp=True, sub=date_label)
