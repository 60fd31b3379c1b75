"""The board: the scenario's map with each side's and third party's territory filled
by who holds it, the capitals marked, every label placed, and the date.

Everything the board shows comes from the scenario's look (map, region,
caption, territories, capitals, colours); a scenario without one gets a world
map framed round its places and the palette's colours. Fills are hatched per
side, so colour is never the only cue.

The picture is built in layers, each cached: the map itself (sea, land,
borders) and the labels once per size and palette, one fill per territory
and holder, and the whole picture again only when control or the date
changes. A territory whose holder changes flashes softly once (when
animations are on); nothing blinks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pygame

from game.client import draw, fonts, identity, insignia, labels, mapdata, text_safety
from game.client.layout import Metrics
from game.client.palette import Palette, mix, rgb
from game.engine import rules
from game.engine.look import Flag, Region

FLASH_SECONDS = 0.9


@dataclass
class Marker:
    key: str          # party id, or "side:<id>" for a side's capital
    name: str
    center: tuple[int, int]
    radius: int


@dataclass
class _Holder:
    key: str          # marker key
    ident: str        # side or party id
    name: str
    side: bool
    anchor: tuple[int, int]          # on the map surface (in the inset for its members)
    polygons: list[tuple[list[tuple[int, int]], list[list[tuple[int, int]]]]]
    bounds: pygame.Rect | None
    lonlat: tuple[float, float] | None = None
    label: str = ""
    """the name on the map (a short one when the board is small)"""
    inset_polygons: list[tuple[list[tuple[int, int]], list[list[tuple[int, int]]]]] = \
        field(default_factory=list)
    inset_bounds: pygame.Rect | None = None
    """its territory in the inset, clipped to the inset's frame"""


@dataclass
class _Inset:
    """An enlarged view of a crowded part of the map (Central Europe on the campaign's
    board), in a frame over an empty part of it."""

    rect: pygame.Rect                # on the map surface
    projection: mapdata.Projection
    members: set[str]                # marker keys shown in the inset
    region_rect: pygame.Rect         # the same area on the main map


def short_name(name: str) -> str:
    """A short form of a place's name for a small board: 'N. Korea', 'Taiwan'."""
    name = name.split(" (")[0].strip()
    words = name.split()
    if len(words) > 1 and words[0] in ("North", "South", "East", "West", "Western",
                                       "Eastern", "Northern", "Southern"):
        name = words[0][0] + ". " + " ".join(words[1:])
    if len(name) > 12 and len(words) > 1:
        name = "".join(w[0].upper() for w in words if w[:1].isalpha())
    return name


class Board:
    def __init__(self, scenario: Any, pal: Palette, m: Metrics, animate: bool = True) -> None:
        self.scenario = scenario
        self.pal = pal
        self.m = m
        self.animate = animate
        self.look = scenario.look
        self.world: mapdata.WorldMap | None = None
        if self.look.map != "plain":
            try:
                self.world = mapdata.load(self.look.map)
            except (OSError, ValueError, KeyError):
                self.world = None
        self.area = pygame.Rect(0, 0, 0, 0)
        self.map_rect = pygame.Rect(0, 0, 0, 0)
        self.legend_rect = pygame.Rect(0, 0, 0, 0)
        self.projection: mapdata.Projection | None = None
        self.holders: list[_Holder] = []
        self.placed: list[labels.Placed] = []
        self.inset: _Inset | None = None
        self.markers: list[Marker] = []
        self._static: pygame.Surface | None = None
        self._overlay: pygame.Surface | None = None
        self._index: pygame.Surface | None = None
        self._fills: dict[tuple[str, str | None], tuple[pygame.Surface, tuple[int, int]]] = {}
        self._picture: pygame.Surface | None = None
        self._picture_key: Any = None
        self._owners: dict[str, str | None] | None = None
        self._flashes: dict[str, float] = {}
        self._swatches: dict[tuple[str, tuple[int, int]], pygame.Surface] = {}
        self.hint = "Hover or B: details"
        """the legend's last words (a screen with other keys can change them)"""

    # -- geometry --------------------------------------------------------------------

    def set_area(self, area: pygame.Rect) -> None:
        if area == self.area and self._static is not None:
            return
        self.area = pygame.Rect(area)
        legend_h = self.m.px(30)
        self.map_rect = pygame.Rect(area.x, area.y, area.w, max(10, area.h - legend_h))
        self.legend_rect = pygame.Rect(area.x, self.map_rect.bottom + self.m.px(6), area.w,
                                       legend_h - self.m.px(6))
        self._static = self._overlay = self._index = self._picture = None
        self._fills = {}
        self._layout()

    def _plain_point(self, position: tuple[float, float] | None) -> tuple[int, int]:
        x, y = position or (0.5, 0.5)
        return (round(x * self.map_rect.w), round(y * self.map_rect.h))

    def _layout(self) -> None:
        """Project every territory and anchor, and place the labels, for this size."""
        m, r = self.m, self.map_rect
        world = self.world
        self.projection = None
        if world is not None:
            region = mapdata.fitted_region(self.look, world)
            self.projection = mapdata.Projection(region, r.size)
        inside = pygame.Rect(0, 0, r.w, r.h).inflate(-m.px(14), -m.px(14))
        self.holders = []
        self.inset = None
        entries: list[tuple[str, str, str, bool, Any]] = []
        for side in self.scenario.sides:
            entries.append(("side:" + side.id, side.id, side.short or side.name, True, side))
        for party in self.scenario.parties:
            entries.append((party.id, party.id, party.name, False, party))
        for key, ident, name, is_side, item in entries:
            holder = self.look.holder(ident)
            polygons: list[tuple[list[tuple[int, int]], list[list[tuple[int, int]]]]] = []
            anchor: tuple[int, int] | None = None
            if self.projection is not None and world is not None:
                for state_id in holder.territory:
                    state = world.states.get(state_id)
                    if state is None:
                        continue
                    for polygon in state.polygons:
                        outer = [(round(x), round(y)) for x, y in self.projection.ring(polygon[0])]
                        holes = [[(round(x), round(y)) for x, y in self.projection.ring(h)]
                                 for h in polygon[1:]]
                        polygons.append((outer, holes))
                if holder.capital is not None:
                    x, y = self.projection(holder.capital.lon, holder.capital.lat)
                    anchor = (round(x), round(y))
                elif item.position is not None:
                    anchor = self._plain_point(item.position)
            elif item.position is not None:
                anchor = self._plain_point(item.position)
            if anchor is None:
                if is_side and not polygons:
                    continue            # a side without a place on this board
                anchor = self._plain_point(None)
            if not inside.collidepoint(anchor):
                anchor = (max(inside.left, min(anchor[0], inside.right - 1)),
                          max(inside.top, min(anchor[1], inside.bottom - 1)))
            bounds = None
            if polygons:
                xs = [x for outer, _h in polygons for x, _y in outer]
                ys = [y for outer, _h in polygons for _x, y in outer]
                bounds = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1,
                                     max(ys) - min(ys) + 1)
            lonlat = (holder.capital.lon, holder.capital.lat) if (
                holder.capital is not None and self.projection is not None) else None
            label = name
            if self.compact and not is_side:
                label = self.look.holder(ident).label or short_name(name)
            self.holders.append(_Holder(key, ident, name, is_side, anchor, polygons, bounds,
                                        lonlat, label))
        self.inset = self._choose_inset()
        if self.inset is not None:
            self._project_inset(self.inset)
        self._place_labels()
        self.markers = [Marker(h.key, h.name, (h.anchor[0] + r.x, h.anchor[1] + r.y),
                               self._marker_radius(h) + m.px(3)) for h in self.holders]

    # -- the inset ---------------------------------------------------------------------------

    def _choose_inset(self) -> _Inset | None:
        """An inset for the largest cluster of third parties whose markers would crowd
        each other, over the emptiest corner of the map; None when nothing crowds."""
        projection, m, r = self.projection, self.m, self.map_rect
        if projection is None:
            return None
        parties = [h for h in self.holders if not h.side and h.lonlat is not None]
        reach = 2 * self._marker_radius(parties[0]) + m.px(8) if parties else 0
        groups: dict[str, set[str]] = {h.key: {h.key} for h in parties}
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                if abs(a.anchor[0] - b.anchor[0]) + abs(a.anchor[1] - b.anchor[1]) < reach * 1.4:
                    merged = groups[a.key] | groups[b.key]
                    for key in merged:
                        groups[key] = merged
        clusters = sorted({frozenset(g) for g in groups.values() if len(g) >= 3},
                          key=lambda g: (-len(g), sorted(g)))
        if not clusters:
            return None
        members = [h for h in parties if h.key in clusters[0]]
        lons = [h.lonlat[0] for h in members if h.lonlat]
        lats = [h.lonlat[1] for h in members if h.lonlat]
        pad_lon = max(2.5, (max(lons) - min(lons)) * 0.15)
        pad_lat = max(2.0, (max(lats) - min(lats)) * 0.15)
        region = Region(min(lons) - pad_lon, max(lons) + pad_lon, max(lats) + pad_lat,
                        min(lats) - pad_lat)
        full_w = max(m.px(150), min(int(r.w * 0.42), m.px(520)))
        full_h = min(int(full_w * 0.75), int(r.h * 0.45))
        x0, y0 = projection(region.west, region.north)
        x1, y1 = projection(region.east, region.south)
        main = pygame.Rect(round(x0), round(y0), max(1, round(x1 - x0)), max(1, round(y1 - y0)))
        margin = m.px(12)
        frame = pygame.Rect(0, 0, r.w, r.h).inflate(-2 * margin, -2 * margin)
        keys = {h.key for h in members}
        others = [h for h in self.holders if h.key not in keys]
        caption = self._caption_rect()
        clear = self._marker_radius(members[0]) + m.px(6)
        best: tuple[int, int, pygame.Rect] | None = None
        # the largest inset that fits; places along the bottom first (the south is
        # usually open sea), then the middle and the top, sliding in quarter widths
        for shrink in (1.0, 0.85, 0.7):
            width, height = int(full_w * shrink), int(full_h * shrink)
            if width < 1.6 * main.w:
                break       # too small to enlarge the cluster usefully
            spots = []
            for top in (frame.bottom - height, frame.centery - height // 2, frame.top):
                x = frame.left
                while x + width <= frame.right:
                    spots.append(pygame.Rect(x, top, width, height))
                    x += max(1, width // 4)
                spots.append(pygame.Rect(frame.right - width, top, width, height))
            for order, spot in enumerate(spots):
                if spot.colliderect(caption) or spot.colliderect(main.inflate(margin, margin)):
                    continue
                if any(spot.inflate(clear * 2, clear * 2).collidepoint(h.anchor)
                       for h in others):
                    continue
                covered = 0
                for h in others:
                    if h.bounds is not None:
                        clip = spot.clip(h.bounds)
                        covered += clip.w * clip.h
                if best is None or (covered, order) < (best[0], best[1]):
                    best = (covered, order, spot)
            if best is not None:
                break
        if best is None:
            return None
        inset_projection = mapdata.Projection(region, best[2].size)
        return _Inset(best[2], inset_projection, keys, main)

    def _project_inset(self, inset: _Inset) -> None:
        world, projection = self.world, inset.projection
        if world is None:
            return
        ox, oy = inset.rect.topleft
        region = projection.region
        for holder in self.holders:
            holder.inset_polygons = []
            for state_id in self.look.holder(holder.ident).territory:
                state = world.states.get(state_id)
                if state is None or not projection.visible(state.bounds):
                    continue
                for polygon in state.polygons:
                    xs = [x for x, _y in polygon[0]]
                    ys = [y for _x, y in polygon[0]]
                    if max(xs) < region.west or min(xs) > region.east or \
                            max(ys) < region.south or min(ys) > region.north:
                        continue
                    outer = [(round(x) + ox, round(y) + oy) for x, y in projection.ring(polygon[0])]
                    holes = [[(round(x) + ox, round(y) + oy) for x, y in projection.ring(h)]
                             for h in polygon[1:]]
                    holder.inset_polygons.append((outer, holes))
            if holder.inset_polygons:
                xs = [x for outer, _h in holder.inset_polygons for x, _y in outer]
                ys = [y for outer, _h in holder.inset_polygons for _x, y in outer]
                whole = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1,
                                    max(ys) - min(ys) + 1)
                clipped = whole.clip(inset.rect)
                holder.inset_bounds = clipped if clipped.w and clipped.h else None
                if holder.inset_bounds is None:
                    holder.inset_polygons = []
            if holder.key in inset.members and holder.lonlat is not None:
                x, y = projection(*holder.lonlat)
                holder.anchor = (round(x) + ox, round(y) + oy)

    def _marker_radius(self, holder: _Holder) -> int:
        return self.m.px(11) if holder.side else self.m.px(5)

    @property
    def compact(self) -> bool:
        """A small board: short names and no flags in the labels, so they stay near their
        places."""
        return self.map_rect.w < self.m.px(620) or self.map_rect.h < self.m.px(400)

    def label_font(self, holder_side: bool, shrink: int = 0) -> pygame.font.Font:
        size = self.m.px(15 if holder_side else 13) - 2 * shrink - (1 if self.compact else 0)
        return fonts.get("heading" if holder_side else "display", max(8, size))

    def _caption_rect(self) -> pygame.Rect:
        """Room for the caption at the top left (sized for the widest date)."""
        font = fonts.get("display", self.m.px(14))
        calendar = self.scenario.calendar
        widest = max((calendar.label(t) for t in (0, calendar.turns - 1)), key=len)
        text = f"{widest} \u00b7 {self.look.caption or self.scenario.title}".upper()
        width = min(font.size(text)[0] + self.m.px(12), int(self.map_rect.w * 0.8))
        return pygame.Rect(self.m.px(6), self.m.px(6), width,
                           font.get_linesize() + self.m.px(6))

    def _place_labels(self) -> None:
        m = self.m
        bounds = pygame.Rect(0, 0, self.map_rect.w, self.map_rect.h).inflate(-m.px(8), -m.px(8))
        obstacles = [self._caption_rect()]
        for holder in self.holders:
            radius = self._marker_radius(holder)
            obstacles.append(pygame.Rect(holder.anchor[0] - radius, holder.anchor[1] - radius,
                                         2 * radius, 2 * radius))
        wanted = []
        by_key = {}
        inset = self.inset
        keep_out = [inset.rect.inflate(m.px(4), m.px(4))] if inset is not None else []
        for holder in self.holders:
            inside = None
            if inset is not None and holder.key in inset.members:
                inside = inset.rect.inflate(-m.px(4), -m.px(4))
            wanted.append(labels.Wanted(holder.key, self._label_size(holder, 0), holder.anchor,
                                        self._marker_radius(holder), inside))
            by_key[holder.key] = holder
        for border in self._named_borders():
            font = fonts.get("display", m.px(12))
            text = border[0].upper()
            w, h = font.size(text)
            wanted.append(labels.Wanted("border:" + border[0], (w + m.px(6), h), border[1], 0))

        def shrink(key: str, steps: int) -> tuple[int, int]:
            holder = by_key.get(key)
            if holder is None:
                font = fonts.get("display", max(8, m.px(12) - 2 * steps))
                text = key[7:].upper()
            else:
                return self._label_size(holder, steps)
            w, h = font.size(text)
            return (w + m.px(6), h)

        self.placed = labels.place(wanted, bounds, obstacles, m.px(4), shrink,
                                   keep_out=keep_out)

    def flag(self, holder: _Holder) -> Flag | None:
        if self.compact:
            return None
        flag: Flag | None = self.look.holder(holder.ident).flag
        return flag

    def _flag_height(self, font: pygame.font.Font) -> int:
        return max(6, round(font.get_ascent() * 0.72))

    def _label_size(self, holder: _Holder, shrink: int) -> tuple[int, int]:
        """A label: the holder's flag (if it has one) and its name."""
        font = self.label_font(holder.side, shrink)
        w, h = font.size(text_safety.label(holder.label))  # measured as it will be drawn
        flag = self.flag(holder)
        if flag is not None:
            w += insignia.flag_size(flag, self._flag_height(font))[0] + self.m.px(4)
        return (w + self.m.px(6), h)

    def _named_borders(self) -> list[tuple[str, tuple[int, int], list[list[tuple[int, int]]]]]:
        """(name, label anchor, projected lines) of each named border on this map."""
        out: list[tuple[str, tuple[int, int], list[list[tuple[int, int]]]]] = []
        world, projection = self.world, self.projection
        if world is None or projection is None:
            return out
        for border in self.look.borders:
            lines = world.borders.get(frozenset(border.between))
            if not lines:
                continue
            projected = [[(round(x), round(y)) for x, y in projection.ring(line)]
                         for line in lines]
            longest = max(projected, key=len)
            middle = longest[len(longest) // 2]
            out.append((border.name, middle, projected))
        return out

    # -- layers ---------------------------------------------------------------------------

    def _render_static(self) -> pygame.Surface:
        pal = self.pal
        r = self.map_rect
        surface = pygame.Surface(r.size)
        surface.fill(rgb(pal.sea))
        projection, world = self.projection, self.world
        land, edge, grid = rgb(pal.land), mix(pal.land_edge, pal.land, 0.25), rgb(pal.grid)
        if projection is not None and world is not None:
            region = projection.region
            lon = int(region.west // 20 * 20)
            while lon <= region.east:
                x = round(projection(lon, 0)[0])
                pygame.draw.line(surface, grid, (x, 0), (x, r.h))
                lon += 20
            for lat in range(-80, 81, 20):
                y = round(projection(0, lat)[1])
                if 0 <= y < r.h:
                    pygame.draw.line(surface, grid, (0, y), (r.w, y))
            for state in world.states.values():
                if not projection.visible(state.bounds):
                    continue
                for polygon in state.polygons:
                    outer = projection.ring(polygon[0])
                    if len(outer) >= 3:
                        pygame.draw.polygon(surface, land, outer)
                    for hole in polygon[1:]:
                        pygame.draw.polygon(surface, rgb(pal.sea), projection.ring(hole))
                    if len(outer) >= 3:
                        pygame.draw.aalines(surface, edge, True, outer)
            if self.inset is not None:
                self._render_inset_map(surface, self.inset)
        else:
            surface.fill(land)
            step = max(20, r.w // 12)
            for x in range(0, r.w, step):
                pygame.draw.line(surface, grid, (x, 0), (x, r.h))
            for y in range(0, r.h, step):
                pygame.draw.line(surface, grid, (0, y), (r.w, y))
        return surface

    def _render_inset_map(self, surface: pygame.Surface, inset: _Inset) -> None:
        """The inset's own sea, land and borders, in a frame, and its area marked on the
        main map."""
        pal, m, world = self.pal, self.m, self.world
        assert world is not None
        projection = inset.projection
        ox, oy = inset.rect.topleft
        shadow = inset.rect.move(m.px(3), m.px(3))
        pygame.draw.rect(surface, mix(pal.ink_soft, pal.sea, 0.4), shadow)
        surface.set_clip(inset.rect)
        surface.fill(rgb(pal.sea))
        land, edge = rgb(pal.land), mix(pal.land_edge, pal.land, 0.25)
        for state in world.states.values():
            if not projection.visible(state.bounds):
                continue
            for polygon in state.polygons:
                outer = [(x + ox, y + oy) for x, y in projection.ring(polygon[0])]
                if len(outer) >= 3:
                    pygame.draw.polygon(surface, land, outer)
                    pygame.draw.aalines(surface, edge, True, outer)
        surface.set_clip(None)
        pygame.draw.rect(surface, rgb(pal.ink_soft), inset.rect, max(1, m.px(2)))
        # the enlarged area, outlined on the main map and tied to its frame
        mark = rgb(pal.ink_soft)
        pygame.draw.rect(surface, mark, inset.region_rect, max(1, m.px(1.5)))
        frame, area = inset.rect, inset.region_rect
        start = (area.centerx, area.bottom if frame.top >= area.bottom else area.top)
        end = (max(frame.left, min(start[0], frame.right)),
               frame.top if frame.top >= area.bottom else frame.bottom)
        pygame.draw.aaline(surface, mark, start, end)

    def _render_overlay(self) -> pygame.Surface:
        """Territory outlines, named borders, leader lines and labels (transparent)."""
        pal, m = self.pal, self.m
        r = self.map_rect
        overlay = pygame.Surface(r.size, pygame.SRCALPHA)
        outline = rgb(pal.ink_soft)
        for holder in self.holders:
            for outer, _holes in holder.polygons:
                if len(outer) >= 3:
                    pygame.draw.lines(overlay, outline, True, outer, 1)
        if self.inset is not None:
            overlay.set_clip(self.inset.rect)
            for holder in self.holders:
                for outer, _holes in holder.inset_polygons:
                    if len(outer) >= 3:
                        pygame.draw.lines(overlay, outline, True, outer, 1)
            overlay.set_clip(None)
            pygame.draw.rect(overlay, rgb(pal.ink_soft), self.inset.rect, max(1, m.px(2)))
        for _name, _anchor, lines in self._named_borders():
            for line in lines:
                if len(line) >= 2:
                    pygame.draw.lines(overlay, (*rgb(pal.paper), 255), False, line,
                                      max(3, m.px(5)))
                    pygame.draw.lines(overlay, rgb(pal.accent_dark), False, line,
                                      max(2, m.px(2.5)))
        by_key = {h.key: h for h in self.holders}
        leader = mix(pal.ink_soft, pal.paper, 0.15)
        for placed in self.placed:
            if placed.leader:
                end = labels.leader_end(placed.rect, placed.anchor)
                pygame.draw.aaline(overlay, leader, placed.anchor, end)
                pygame.draw.circle(overlay, leader, end, max(1, m.px(1.5)))
        for placed in self.placed:
            labelled = by_key.get(placed.key)
            if labelled is None:
                font = fonts.get("display", max(8, m.px(12) - 2 * placed.shrunk))
                text, colour = placed.key[7:].upper(), pal.accent_dark
            else:
                font = self.label_font(labelled.side, placed.shrunk)
                text, colour = labelled.label, pal.ink
            backing = pygame.Surface(placed.rect.size, pygame.SRCALPHA)
            backing.fill((*rgb(pal.paper_light), 190))
            overlay.blit(backing, placed.rect)
            flag = self.flag(labelled) if labelled is not None else None
            x = placed.rect.x + m.px(3)
            if flag is not None:
                image = insignia.flag_image(flag, self._flag_height(font), rgb(pal.ink_soft))
                overlay.blit(image, image.get_rect(midleft=(x, placed.rect.centery)))
                x += image.get_width() + m.px(4)
            draw.text(overlay, text, font, colour, (x, placed.rect.centery), "midleft")
        return overlay

    def _render_index(self) -> pygame.Surface:
        """Each holder's territory in its own colour, for hit testing."""
        index = pygame.Surface(self.map_rect.size)
        index.fill((0, 0, 0))
        for number, holder in enumerate(self.holders, start=1):
            for outer, holes in holder.polygons:
                if len(outer) >= 3:
                    pygame.draw.polygon(index, (number, 0, 0), outer)
                for hole in holes:
                    if len(hole) >= 3:
                        pygame.draw.polygon(index, (0, 0, 0), hole)
        if self.inset is not None:
            index.set_clip(self.inset.rect)
            index.fill((0, 0, 0))
            for number, holder in enumerate(self.holders, start=1):
                for outer, holes in holder.inset_polygons:
                    if len(outer) >= 3:
                        pygame.draw.polygon(index, (number, 0, 0), outer)
                    for hole in holes:
                        if len(hole) >= 3:
                            pygame.draw.polygon(index, (0, 0, 0), hole)
            index.set_clip(None)
        return index

    def _fill(self, holder: _Holder, owner: str | None,
              in_inset: bool = False) -> tuple[pygame.Surface, tuple[int, int]]:
        key = (holder.key + ("@inset" if in_inset else ""), owner)
        cached = self._fills.get(key)
        if cached is not None:
            return cached
        bounds = holder.inset_bounds if in_inset else holder.bounds
        polygons = holder.inset_polygons if in_inset else holder.polygons
        assert bounds is not None
        pal, m = self.pal, self.m
        if holder.side:
            # a side's own land: a plain tint (its seal and name say whose it is);
            # hatching is kept for the parties it wins
            ground, _line = identity.fill_colours(self.scenario, pal, holder.ident, 0.3)
            surface = pygame.Surface(bounds.size, pygame.SRCALPHA)
            surface.fill((*ground, 255))
        elif owner is None:
            colour = mix(pal.land, pal.paper_light, 0.55)
            surface = pygame.Surface(bounds.size, pygame.SRCALPHA)
            surface.fill((*colour, 255))
        else:
            ground, line = identity.fill_colours(self.scenario, pal, owner, 0.5)
            pattern = identity.side_pattern(self.scenario, owner)
            surface = identity.pattern_surface(pattern, ground, line, m.px(7), bounds.size,
                                               bounds.topleft)
        mask = pygame.Surface(bounds.size, pygame.SRCALPHA)
        mask.fill((0, 0, 0, 0))
        for outer, holes in polygons:
            if len(outer) >= 3:
                pygame.draw.polygon(mask, (255, 255, 255, 255),
                                    [(x - bounds.x, y - bounds.y) for x, y in outer])
            for hole in holes:
                if len(hole) >= 3:
                    pygame.draw.polygon(mask, (0, 0, 0, 0),
                                        [(x - bounds.x, y - bounds.y) for x, y in hole])
        surface.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        self._fills[key] = (surface, bounds.topleft)
        return self._fills[key]

    # -- the picture --------------------------------------------------------------------------

    def owners(self, state: Any) -> dict[str, str | None]:
        return {p.id: rules.controller(state, p.id) for p in self.scenario.parties}

    def _note_changes(self, owners: dict[str, str | None]) -> None:
        if self._owners is not None and self.animate:
            for party, owner in owners.items():
                if self._owners.get(party, owner) != owner:
                    self._flashes[party] = FLASH_SECONDS
        self._owners = dict(owners)

    def update(self, dt: float) -> bool:
        """Advance the soft flashes; True while one is fading."""
        if not self._flashes:
            return False
        for key in list(self._flashes):
            left = self._flashes[key] - dt
            if left <= 0:
                del self._flashes[key]
            else:
                self._flashes[key] = left
        return True

    def animation_key(self) -> Any:
        return tuple(sorted((k, round(v * 20)) for k, v in self._flashes.items()))

    def picture(self, state: Any, date_label: str | None = None) -> pygame.Surface:
        """The whole board (map, fills, labels, markers, date) as a cached surface."""
        owners = self.owners(state)
        if owners != self._owners:
            self._note_changes(owners)
        date = date_label or state.date_label
        key = (tuple(owners.items()), date, self.animation_key())
        if self._picture is not None and key == self._picture_key:
            return self._picture
        if self._static is None:
            self._static = self._render_static()
        if self._overlay is None:
            self._overlay = self._render_overlay()
        picture = self._static.copy()
        for in_inset in (False, True):
            for holder in self.holders:
                if (holder.inset_bounds if in_inset else holder.bounds) is None:
                    continue
                owner = None if holder.side else owners.get(holder.ident)
                surface, topleft = self._fill(holder, owner, in_inset)
                picture.blit(surface, topleft)
                flash = self._flashes.get(holder.ident)
                if flash:
                    glow = surface.copy()
                    glow.fill((*rgb(self.pal.paper_light), 0),
                              special_flags=pygame.BLEND_RGBA_MAX)
                    glow.fill((255, 255, 255, round(170 * flash / FLASH_SECONDS)),
                              special_flags=pygame.BLEND_RGBA_MIN)
                    picture.blit(glow, topleft)
        picture.blit(self._overlay, (0, 0))
        self._draw_markers(picture, owners)
        self._draw_frame(picture, date)
        self._picture, self._picture_key = picture, key
        return picture

    def _draw_markers(self, surface: pygame.Surface, owners: dict[str, str | None]) -> None:
        pal, m = self.pal, self.m
        for holder in self.holders:
            radius = self._marker_radius(holder)
            if holder.side:
                colour = identity.side_colour(self.scenario, pal, holder.ident)
                insignia.seal(surface, holder.anchor, radius, colour, pal.ink,
                              identity.readable_on(colour, pal),
                              identity.side_emblem(self.scenario, holder.ident))
                continue
            owner = owners.get(holder.ident)
            fill = identity.side_colour(self.scenario, pal, owner) if owner else pal.paper_light
            pygame.draw.circle(surface, rgb(fill), holder.anchor, radius)
            pygame.draw.circle(surface, rgb(pal.ink), holder.anchor, radius, max(1, m.px(1.5)))
            if owner is None:
                pygame.draw.circle(surface, rgb(pal.ink), holder.anchor, max(1, radius // 3))

    def caption_text(self, state_or_date: Any) -> str:
        """The date, then the scenario's caption (its title when it has none)."""
        date = state_or_date if isinstance(state_or_date, str) else state_or_date.date_label
        return f"{date} \u00b7 {self.look.caption or self.scenario.title}"

    def _draw_frame(self, surface: pygame.Surface, date: str) -> None:
        pal, m = self.pal, self.m
        local = surface.get_rect()
        pygame.draw.rect(surface, rgb(pal.ink_soft), local, max(1, m.px(2)))
        pygame.draw.rect(surface, rgb(pal.paper_edge), local.inflate(-m.px(8), -m.px(8)), 1)
        font = fonts.get("display", m.px(14))
        area = self._caption_rect()
        text = fonts.ellipsize(self.caption_text(date).upper(), font, area.w - m.px(10))
        w = font.size(text)[0] + m.px(10)
        band = pygame.Rect(area.x, area.y, w, area.h)
        backing = pygame.Surface(band.size, pygame.SRCALPHA)
        backing.fill((*rgb(pal.paper_light), 215))
        surface.blit(backing, band)
        pygame.draw.rect(surface, rgb(pal.ink_soft), band, 1)
        draw.text(surface, text, font, pal.ink, (band.x + m.px(5), band.centery), "midleft")

    # -- drawing and hit testing ------------------------------------------------------------

    def draw(self, surface: pygame.Surface, state: Any, highlight: str | None,
             date_label: str | None = None) -> None:
        """Draw the board; ``date_label`` names the date shown when it is not the state's
        own (the replay viewer shows a turn by the state at its end)."""
        surface.blit(self.picture(state, date_label), self.map_rect.topleft)
        if highlight is not None:
            self.draw_highlight(surface, highlight)
        self._draw_legend(surface, state)

    def draw_highlight(self, surface: pygame.Surface, key: str) -> None:
        """Outline a holder's territory and ring its marker (cheap: drawn every frame
        for the one under the pointer)."""
        pal, m = self.pal, self.m
        holder = next((h for h in self.holders if h.key == key), None)
        if holder is None:
            return
        ox, oy = self.map_rect.topleft
        clip = surface.get_clip()
        surface.set_clip(self.map_rect)
        for outer, _holes in holder.polygons:
            if len(outer) >= 3:
                pygame.draw.lines(surface, rgb(pal.focus), True,
                                  [(x + ox, y + oy) for x, y in outer], max(2, m.px(2)))
        if self.inset is not None and holder.inset_polygons:
            surface.set_clip(self.inset.rect.move(ox, oy))
            for outer, _holes in holder.inset_polygons:
                if len(outer) >= 3:
                    pygame.draw.lines(surface, rgb(pal.focus), True,
                                      [(x + ox, y + oy) for x, y in outer], max(2, m.px(2)))
            surface.set_clip(self.map_rect)
        centre = (holder.anchor[0] + ox, holder.anchor[1] + oy)
        pygame.draw.circle(surface, rgb(pal.focus), centre,
                           self._marker_radius(holder) + m.px(4), max(2, m.px(2)))
        surface.set_clip(clip)

    def _draw_legend(self, surface: pygame.Surface, state: Any) -> None:
        pal, m = self.pal, self.m
        rect = self.legend_rect
        if rect.h < m.px(14) or rect.bottom > self.area.bottom + 1:
            return
        font = fonts.get("body", m.small)
        x, y = rect.x + m.px(2), rect.y + m.px(2)
        owners = self._owners if self._owners is not None else self.owners(state)
        counts: dict[str | None, int] = {}
        for owner in owners.values():
            counts[owner] = counts.get(owner, 0) + 1
        swatch = pygame.Rect(0, 0, m.px(22), font.get_height() - m.px(2))
        items: list[tuple[str | None, str]] = [
            (side.id, f"{side.short or side.id} holds {counts.get(side.id, 0)}")
            for side in self.scenario.sides]
        items.append((None, f"undecided {counts.get(None, 0)}"))
        for owner, text in items:
            swatch.topleft = (x, y + m.px(1))
            if owner is None:
                pygame.draw.rect(surface, mix(pal.land, pal.paper_light, 0.55), swatch)
            else:
                surface.blit(self._swatch(owner, swatch.size), swatch)
            pygame.draw.rect(surface, rgb(pal.ink), swatch, 1)
            drawn = draw.text(surface, text, font, pal.desk_text, (swatch.right + m.px(6), y))
            x = drawn.right + m.px(16)
        hint = self.hint
        if hint and x + font.size(hint)[0] < rect.right:
            draw.text(surface, hint, font, mix(pal.desk_text, pal.desk, 0.35),
                      (rect.right, y), "topright")

    def _swatch(self, owner: str, size: tuple[int, int]) -> pygame.Surface:
        key = (owner, size)
        cached = self._swatches.get(key)
        if cached is None:
            ground, line = identity.fill_colours(self.scenario, self.pal, owner, 0.5)
            pattern = identity.side_pattern(self.scenario, owner)
            cached = identity.pattern_surface(pattern, ground, line, self.m.px(7), size)
            self._swatches[key] = cached
        return cached

    def hit(self, pos: tuple[int, int]) -> str | None:
        best, best_d = None, 1e9
        for marker in self.markers:
            dx, dy = pos[0] - marker.center[0], pos[1] - marker.center[1]
            d = dx * dx + dy * dy
            if d <= (marker.radius + self.m.px(4)) ** 2 and d < best_d:
                best, best_d = marker.key, d
        if best is not None or not self.map_rect.collidepoint(pos):
            return best
        if self._index is None:
            self._index = self._render_index()
        local = (pos[0] - self.map_rect.x, pos[1] - self.map_rect.y)
        number = self._index.get_at(local)[0]
        if 0 < number <= len(self.holders):
            return self.holders[number - 1].key
        return None

    def marker(self, key: str) -> Marker | None:
        return next((mk for mk in self.markers if mk.key == key), None)

    def keys(self) -> list[str]:
        """Markers in reading order (west to east), for keyboard stepping."""
        return [mk.key for mk in sorted(self.markers, key=lambda mk: (mk.center[0], mk.center[1]))]
