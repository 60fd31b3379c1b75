"""The board: a map in muted cartographic colours with the two capitals and the
third parties placed by geography, coloured by who controls them.

The picture is cached: the map itself once per size and palette, the markers
again only when the state or the highlighted party changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pygame

from game.client import draw, fonts, mapdata
from game.client.layout import Metrics
from game.client.palette import Palette, mix, rgb
from game.engine import rules

WORLD_MAP_SCENARIOS = {"sino_soviet_split"}


def uses_world_map(scenario: Any) -> bool:
    wanted = (scenario.extra or {}).get("map") if hasattr(scenario, "extra") else None
    return wanted == "world" or scenario.id in WORLD_MAP_SCENARIOS


@dataclass
class Marker:
    key: str          # party id, or "side:<id>" for a capital
    name: str
    center: tuple[int, int]
    radius: int


class Board:
    def __init__(self, scenario: Any, pal: Palette, m: Metrics) -> None:
        self.scenario = scenario
        self.pal = pal
        self.m = m
        self.area = pygame.Rect(0, 0, 0, 0)
        self.map_rect = pygame.Rect(0, 0, 0, 0)
        self.legend_rect = pygame.Rect(0, 0, 0, 0)
        self.world = uses_world_map(scenario)
        self._static: pygame.Surface | None = None
        self._picture: pygame.Surface | None = None
        self._picture_key: Any = None
        self.markers: list[Marker] = []
        self.hint = "Hover or B: details"
        """the legend's last words (a screen with other keys can change them)"""

    # -- geometry --------------------------------------------------------------------

    def set_area(self, area: pygame.Rect) -> None:
        if area == self.area and self._static is not None:
            return
        self.area = pygame.Rect(area)
        legend_h = self.m.px(30)
        avail = pygame.Rect(area.x, area.y, area.w, max(10, area.h - legend_h))
        aspect = avail.w / max(1, avail.h)
        if aspect < 1.05:
            h = int(avail.w / 1.05)
            self.map_rect = pygame.Rect(avail.x, avail.y, avail.w, h)
        elif aspect > 2.6:
            w = int(avail.h * 2.6)
            self.map_rect = pygame.Rect(avail.centerx - w // 2, avail.y, w, avail.h)
        else:
            self.map_rect = avail
        self.legend_rect = pygame.Rect(area.x, self.map_rect.bottom + self.m.px(6), area.w,
                                       legend_h - self.m.px(6))
        self._static = None
        self._picture = None

    def point(self, x: float, y: float) -> tuple[int, int]:
        r = self.map_rect
        return (round(r.x + x * r.w), round(r.y + y * r.h))

    # -- static map -------------------------------------------------------------------

    def _render_static(self) -> pygame.Surface:
        pal, m = self.pal, self.m
        r = self.map_rect
        surface = pygame.Surface(r.size)
        surface.fill(rgb(pal.sea))
        local = pygame.Rect(0, 0, r.w, r.h)

        def to_px(lon: float, lat: float) -> tuple[int, int]:
            x, y = mapdata.to_board(lon, lat)
            return (round(x * r.w), round(y * r.h))

        grid = rgb(pal.grid)
        if self.world:
            for lon in range(-100, 151, 20):
                x = to_px(lon, 0)[0]
                pygame.draw.line(surface, grid, (x, 0), (x, r.h))
            for lat in range(-10, 71, 20):
                y = to_px(0, lat)[1]
                pygame.draw.line(surface, grid, (0, y), (r.w, y))
            land, edge = rgb(pal.land), rgb(pal.land_edge)
            for polygon in mapdata.LAND:
                points = [to_px(lon, lat) for lon, lat in polygon]
                pygame.draw.polygon(surface, land, points)
                pygame.draw.polygon(surface, edge, points, 1)
            sea = rgb(pal.sea)
            for polygon in mapdata.WATER:
                points = [to_px(lon, lat) for lon, lat in polygon]
                pygame.draw.polygon(surface, sea, points)
                pygame.draw.polygon(surface, edge, points, 1)
            equator = to_px(0, 0)[1]
            for x in range(0, r.w, m.px(10)):
                pygame.draw.line(surface, mix(pal.grid, pal.ink_faint, 0.4), (x, equator),
                                 (x + m.px(5), equator))
        else:
            surface.fill(rgb(pal.land))
            step = max(20, r.w // 12)
            for x in range(0, r.w, step):
                pygame.draw.line(surface, grid, (x, 0), (x, r.h))
            for y in range(0, r.h, step):
                pygame.draw.line(surface, grid, (0, y), (r.w, y))
        pygame.draw.rect(surface, rgb(pal.ink_soft), local, max(1, m.px(2)))
        inner = local.inflate(-m.px(8), -m.px(8))
        pygame.draw.rect(surface, rgb(pal.paper_edge), inner, 1)
        font = fonts.get("mono", m.small)
        draw.text(surface, self.scenario.calendar.label(0)[:4] + " \u00b7 THE CAMP AND ITS "
                  "NEIGHBOURS", font, pal.ink_soft, (m.px(12), m.px(10)))
        return surface

    # -- markers ---------------------------------------------------------------------------

    def side_colour(self, side_id: str | None) -> str:
        ids = self.scenario.side_ids
        if side_id is None or side_id not in ids:
            return self.pal.neutral
        return self.pal.sides()[min(ids.index(side_id), 1)]

    def picture(self, state: Any, highlight: str | None) -> pygame.Surface:
        """The whole board (map and markers) as a cached surface the size of the map."""
        key = (id(state), len(state.log), state.turn, tuple(state.values), highlight)
        if self._picture is not None and key == self._picture_key:
            return self._picture
        if self._static is None:
            self._static = self._render_static()
        picture = self._static.copy()
        self._draw_markers(picture, state, highlight)
        self._picture, self._picture_key = picture, key
        return picture

    def _draw_markers(self, surface: pygame.Surface, state: Any, highlight: str | None) -> None:
        pal, m = self.pal, self.m
        r = self.map_rect
        ink = rgb(pal.ink)
        label_font = fonts.get("body", m.small)
        bold = fonts.get("bold", m.small)
        self.markers = []
        occupied: list[pygame.Rect] = []
        labels: list[tuple[str, pygame.font.Font, tuple[int, int], int, str]] = []
        radius = m.px(7)
        for party in self.scenario.parties:
            cx, cy = self.point(*party.position)
            local = (cx - r.x, cy - r.y)
            owner = rules.controller(state, party.id)
            fill = self.side_colour(owner) if owner else pal.paper
            pygame.draw.circle(surface, rgb(fill), local, radius)
            pygame.draw.circle(surface, ink, local, radius, max(1, m.px(1.5)))
            if owner is not None:
                initial = (self.scenario.side(owner).short or owner)[:1]
                red, green, blue = rgb(fill)
                light = 0.299 * red + 0.587 * green + 0.114 * blue > 140
                draw.text(surface, initial, fonts.get("bold", m.px(10)),
                          pal.ink if light else pal.paper, local, "center")
            self._tug_bar(surface, state, party, (local[0], local[1] + radius + m.px(4)))
            if highlight == party.id:
                pygame.draw.circle(surface, rgb(pal.focus), local, radius + m.px(4),
                                   max(2, m.px(2)))
            self.markers.append(Marker(party.id, party.name, (cx, cy), radius + m.px(3)))
            occupied.append(pygame.Rect(local[0] - radius, local[1] - radius, 2 * radius,
                                        2 * radius + m.px(8)))
            labels.append((party.name, label_font, local, radius, pal.ink))
        big = m.px(13)
        for index, side in enumerate(self.scenario.sides):
            if side.position is None:
                continue
            cx, cy = self.point(*side.position)
            local = (cx - r.x, cy - r.y)
            draw.emblem(surface, local, big, self.pal.sides()[min(index, 1)], pal.ink,
                        pal.paper, "circle" if index == 0 else "square")
            if highlight == "side:" + side.id:
                pygame.draw.circle(surface, rgb(pal.focus), local, big + m.px(5), max(2, m.px(2)))
            self.markers.append(Marker("side:" + side.id, side.name, (cx, cy), big + m.px(2)))
            occupied.append(pygame.Rect(local[0] - big, local[1] - big, 2 * big, 2 * big))
            labels.insert(0, (side.short or side.name, bold, local, big, pal.ink))
        bounds = pygame.Rect(0, 0, r.w, r.h).inflate(-m.px(6), -m.px(6))
        for text, font, (x, y), rad, colour in labels:
            w, h = font.size(text)
            gap = m.px(4)
            candidates = [
                pygame.Rect(x + rad + gap, y - h // 2, w, h),
                pygame.Rect(x - rad - gap - w, y - h // 2, w, h),
                pygame.Rect(x - w // 2, y - rad - gap - h, w, h),
                pygame.Rect(x - w // 2, y + rad + gap + m.px(4), w, h),
            ]
            for rect in candidates:
                if bounds.contains(rect) and rect.collidelist(occupied) < 0:
                    backing = pygame.Surface(rect.inflate(4, 0).size, pygame.SRCALPHA)
                    backing.fill((*rgb(pal.paper), 150))
                    surface.blit(backing, rect.inflate(4, 0))
                    draw.text(surface, text, font, colour, rect.topleft)
                    occupied.append(rect)
                    break

    def _tug_bar(self, surface: pygame.Surface, state: Any, party: Any,
                 top_center: tuple[int, int]) -> None:
        """A small bar: the first side's influence from the left, the second's from the right."""
        m, pal = self.m, self.pal
        ids = self.scenario.side_ids
        if len(ids) < 2:
            return
        a = max(0, state.values[party.influence_slots.get(ids[0], 0)])
        b = max(0, state.values[party.influence_slots.get(ids[1], 0)])
        width, height = m.px(24), max(3, m.px(4))
        rect = pygame.Rect(0, 0, width, height)
        rect.midtop = top_center
        pygame.draw.rect(surface, rgb(pal.paper), rect)
        total = a + b
        if total > 0:
            split = round(width * a / total)
            pygame.draw.rect(surface, rgb(pal.side_a), (rect.x, rect.y, split, height))
            pygame.draw.rect(surface, rgb(pal.side_b), (rect.x + split, rect.y, width - split,
                                                        height))
        pygame.draw.rect(surface, rgb(pal.ink_soft), rect, 1)

    # -- drawing and hit testing ------------------------------------------------------------

    def draw(self, surface: pygame.Surface, state: Any, highlight: str | None) -> None:
        surface.blit(self.picture(state, highlight), self.map_rect.topleft)
        self._draw_legend(surface, state)

    def _draw_legend(self, surface: pygame.Surface, state: Any) -> None:
        pal, m = self.pal, self.m
        rect = self.legend_rect
        if rect.h < m.px(14) or rect.bottom > self.area.bottom + 1:
            return
        font = fonts.get("body", m.small)
        x, y = rect.x + m.px(2), rect.y + m.px(2)
        counts: dict[str | None, int] = {}
        for party in self.scenario.parties:
            owner = rules.controller(state, party.id)
            counts[owner] = counts.get(owner, 0) + 1
        items = []
        for side in self.scenario.sides:
            items.append((self.side_colour(side.id),
                          f"{side.short or side.id} controls {counts.get(side.id, 0)}"))
        items.append((pal.paper, f"undecided {counts.get(None, 0)}"))
        for colour, text in items:
            pygame.draw.circle(surface, rgb(colour), (x + m.px(6), y + font.get_height() // 2),
                               m.px(6))
            pygame.draw.circle(surface, rgb(pal.ink), (x + m.px(6), y + font.get_height() // 2),
                               m.px(6), 1)
            drawn = draw.text(surface, text, font, pal.desk_text, (x + m.px(16), y))
            x = drawn.right + m.px(16)
        hint = self.hint
        if hint and x + font.size(hint)[0] < rect.right:
            draw.text(surface, hint, font, mix(pal.desk_text, pal.desk, 0.35),
                      (rect.right, y), "topright")

    def hit(self, pos: tuple[int, int]) -> str | None:
        best, best_d = None, 1e9
        for marker in self.markers:
            dx, dy = pos[0] - marker.center[0], pos[1] - marker.center[1]
            d = dx * dx + dy * dy
            if d <= (marker.radius + self.m.px(4)) ** 2 and d < best_d:
                best, best_d = marker.key, d
        return best

    def marker(self, key: str) -> Marker | None:
        return next((mk for mk in self.markers if mk.key == key), None)

    def keys(self) -> list[str]:
        """Markers in reading order (west to east), for keyboard stepping."""
        return [mk.key for mk in sorted(self.markers, key=lambda mk: (mk.center[0], mk.center[1]))]
