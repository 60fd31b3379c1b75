"""The meter panel: meters grouped by display group with value, change since
last turn and trend; the numbers ease to their new values when they change.
Where an ending's condition draws a line on a meter, its bar carries a mark
(the nearest change that would alter the forecast ending stands out), and the
tooltip says which ending lies beyond it. Victory points are left to the score
panel."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pygame

from game.client import draw, fonts, present, scoretext
from game.client.layout import Metrics
from game.client.palette import Palette, rgb
from game.engine.model import MeterDef

ANIMATION_SPEED = 9.0
"""How fast shown numbers close on their targets (per second, exponential)."""


class MeterPanel:
    def __init__(self, scenario: Any, human: str | None, pal: Palette, m: Metrics,
                 with_points: bool = True) -> None:
        """``with_points``: list the victory-point meters too (the campaign screen leaves
        them to its score panel)."""
        self.scenario = scenario
        self.human = human
        self.pal = pal
        self.m = m
        skip = set() if with_points else scoretext.points_slots(scenario)
        self.groups = [present.MeterGroup(g.key, g.label,
                                          tuple(mt for mt in g.meters if mt.slot not in skip))
                       for g in present.meter_groups(scenario, human)]
        self.groups = [g for g in self.groups if g.meters]
        self.labels = {mt.slot: label for g in self.groups
                       for mt, label in zip(g.meters, present.distinct_labels(scenario, g.meters),
                                            strict=True)}
        self.lines = scoretext.ending_lines(scenario)
        self.nearest: tuple[int, int] | None = None
        """(slot, value) of the nearest change that would alter the forecast ending"""
        self.area = pygame.Rect(0, 0, 0, 0)
        self.shown: dict[int, float] = {}
        self.targets: dict[int, int] = {}
        self.rows: list[tuple[int, pygame.Rect]] = []
        self.scroll = 0
        self.content_h = 0
        self.selected: int | None = None
        self.hovered: int | None = None
        self._cache: pygame.Surface | None = None
        self._cache_key: Any = None

    def set_area(self, area: pygame.Rect) -> None:
        self.area = pygame.Rect(area)
        self._cache = None

    @property
    def slots(self) -> list[int]:
        return [meter.slot for group in self.groups for meter in group.meters]

    def sync(self, state: Any, animate: bool) -> None:
        for slot in self.slots:
            value = state.values[slot]
            self.targets[slot] = value
            if not animate or slot not in self.shown:
                self.shown[slot] = float(value)

    def update(self, dt: float) -> bool:
        moving = False
        for slot, target in self.targets.items():
            shown = self.shown.get(slot, float(target))
            if shown == target:
                continue
            step = (target - shown) * min(1.0, dt * ANIMATION_SPEED)
            shown += step
            if abs(target - shown) < 0.3:
                shown = float(target)
            else:
                moving = True
            self.shown[slot] = shown
        return moving

    # -- drawing -----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, state: Any) -> None:
        key = (tuple(round(self.shown.get(s, 0)) for s in self.slots), self.scroll,
               self.selected, self.hovered, len(state.history), state.turn, self.nearest,
               tuple(state.values))
        if self._cache is None or key != self._cache_key:
            self._cache = self._render(state)
            self._cache_key = key
        surface.blit(self._cache, self.area.topleft)

    def _render(self, state: Any) -> pygame.Surface:
        pal, m = self.pal, self.m
        area = self.area
        surface = pygame.Surface(area.size)
        draw.paper(surface, pygame.Rect(0, 0, area.w, area.h), pal, shadow=0)
        pad = m.px(10)
        head = fonts.get("bold", m.small)
        name_font = fonts.get("body", m.body)
        value_font = fonts.get("bold", m.body)
        delta_font = fonts.get("mono", m.small)
        row_h = m.px(27)
        # columns: the value, its change over the last turn, and over the last year (the
        # last month or week on calendars of weeks or days)
        recent_turns, recent_name = self.scenario.calendar.recent(state.turn)
        year_right = area.w - pad - m.px(6)
        turn_right = year_right - m.px(38)
        value_right = turn_right - m.px(40)
        label_font = fonts.get("body", m.px(11))
        y = pad - self.scroll
        self.rows = []
        before = present.previous_values(state)
        moving = scoretext.moving_lines(self.scenario, state.values)
        for index, group in enumerate(self.groups):
            if -row_h < y < area.h:
                draw.text(surface, group.label.upper(), head, pal.accent, (pad, y + m.px(4)))
                if index == 0:
                    for text, right in (("now", value_right), ("turn", turn_right),
                                        (recent_name, year_right)):
                        draw.text(surface, text, label_font, pal.ink_soft,
                                  (right, y + m.px(4) + head.get_height()), "bottomright")
                draw.rule(surface, pal.accent, (pad, y + m.px(4) + head.get_height() + m.px(1)),
                          area.w - pad)
            y += head.get_height() + m.px(10)
            for meter in group.meters:
                slot = meter.slot
                if y + row_h > 0 and y < area.h:
                    row = pygame.Rect(0, y, area.w, row_h)
                    if slot in (self.selected, self.hovered):
                        pygame.draw.rect(surface, rgb(pal.paper_shade), row)
                        if slot == self.selected:
                            pygame.draw.rect(surface, rgb(pal.focus),
                                             row.inflate(-m.px(4), 0), max(1, m.px(2)))
                    name = fonts.ellipsize(self.labels[slot], name_font,
                                           value_right - pad - m.px(40))
                    draw.text(surface, name, name_font, pal.ink, (pad, y + m.px(2)))
                    shown = self.shown.get(slot, float(state.values[slot]))
                    draw.text(surface, str(round(shown)), value_font, pal.ink,
                              (value_right, y + m.px(2)), "topright")
                    change = state.values[slot] - before[slot] if slot < len(before) else 0
                    yearly = present.change_over(state, slot, recent_turns)
                    for amount, right in ((change, turn_right), (yearly, year_right)):
                        tone = present.tone(meter, amount, self.human)
                        colour = {"good": pal.good, "bad": pal.bad}.get(tone, pal.ink_faint)
                        draw.text(surface, present.signed(amount) if amount else "\u00b7",
                                  delta_font, colour, (right, y + m.px(4)), "topright")
                    span = max(1, meter.hi - meter.lo)
                    bar_w = value_right - pad - m.px(44)
                    bar = pygame.Rect(pad, y + row_h - m.px(5), bar_w, max(2, m.px(3)))
                    pygame.draw.rect(surface, rgb(pal.paper_shade), bar)
                    fill = int(bar_w * (min(max(shown, meter.lo), meter.hi) - meter.lo) / span)
                    colour = pal.accent if meter.group == "alliance" or meter.owner is None \
                        else pal.ochre_dark
                    pygame.draw.rect(surface, rgb(colour), (bar.x, bar.y, fill, bar.h))
                    self._draw_marks(surface, meter, bar, moving.get(slot, []))
                    self.rows.append((slot, row.move(area.x, area.y)))
                y += row_h + m.px(3)
            y += m.px(8)
        self.content_h = y + self.scroll
        if self.content_h > area.h:
            track = pygame.Rect(area.w - m.px(5), 0, m.px(4), area.h)
            pygame.draw.rect(surface, rgb(pal.paper_shade), track)
            thumb_h = max(m.px(20), area.h * area.h // self.content_h)
            top = (area.h - thumb_h) * self.scroll // max(1, self.content_h - area.h)
            pygame.draw.rect(surface, rgb(pal.ink_faint), (track.x, top, track.w, thumb_h))
        pygame.draw.rect(surface, rgb(pal.paper_edge), surface.get_rect(), 1)
        return surface

    def _draw_marks(self, surface: pygame.Surface, meter: MeterDef, bar: pygame.Rect,
                    moving: list[scoretext.EndingLine]) -> None:
        """Ticks where endings draw their lines: fixed lines in ink, lines that move with
        other meters fainter, the nearest change to the forecast in the accent colour."""
        pal, m = self.pal, self.m
        span = max(1, meter.hi - meter.lo)

        def x_of(value: float) -> int | None:
            if not meter.lo <= value <= meter.hi:
                return None
            return bar.x + round(bar.w * (value - meter.lo) / span)

        width = max(1, m.px(2))
        for line, colour, reach in (
                *((line, pal.ink_faint, m.px(2)) for line in moving),
                *((line, pal.ink, m.px(3)) for line in self.lines.get(meter.slot, []))):
            x = x_of(line.value)
            if x is not None:
                # below the bar rather than above it, clear of the meter's name
                pygame.draw.line(surface, rgb(colour), (x, bar.y - m.px(1)),
                                 (x, bar.bottom + reach), width)
        if self.nearest is not None and self.nearest[0] == meter.slot:
            x = x_of(self.nearest[1])
            if x is not None:
                size = m.px(4)
                pygame.draw.polygon(surface, rgb(pal.accent), [
                    (x, bar.y), (x - size, bar.y - size - m.px(1)),
                    (x + size, bar.y - size - m.px(1))])

    # -- interaction ----------------------------------------------------------------------

    def hit(self, pos: tuple[int, int]) -> int | None:
        if not self.area.collidepoint(pos):
            return None
        for slot, rect in self.rows:
            if rect.collidepoint(pos):
                return slot
        return None

    def scroll_by(self, pixels: int) -> None:
        limit = max(0, self.content_h - self.area.h)
        self.scroll = max(0, min(limit, self.scroll + pixels))

    def step_selection(self, step: int) -> int:
        slots = self.slots
        if self.selected not in slots:
            index = 0 if step > 0 else len(slots) - 1
        else:
            index = (slots.index(self.selected) + step) % len(slots)
        self.selected = slots[index]
        self.ensure_visible(self.selected)
        return self.selected

    def ensure_visible(self, slot: int) -> None:
        for row_slot, rect in self.rows:
            if row_slot == slot:
                top = rect.top - self.area.top
                if top < 0:
                    self.scroll_by(top - self.m.px(30))
                elif rect.bottom > self.area.bottom:
                    self.scroll_by(rect.bottom - self.area.bottom + self.m.px(8))
                return
        self.scroll = 0 if slot == self.slots[0] else self.scroll

    def row_rect(self, slot: int) -> pygame.Rect | None:
        return next((rect for s, rect in self.rows if s == slot), None)

    def tooltip(self, state: Any, slot: int) -> tuple[str, list[str]]:
        meter = self.scenario.meters[slot]
        value = state.values[slot]
        before = present.previous_values(state)
        lines = []
        if meter.description:
            lines.append(meter.description)
        change = value - before[slot]
        recent_turns, recent_name = self.scenario.calendar.recent(state.turn)
        yearly = present.change_over(state, slot, recent_turns)
        lines.append(f"Now {value} ({meter.lo}\u2013{meter.hi}); {present.signed(change)} "
                     f"since last turn, {present.signed(yearly)} over the last {recent_name}.")
        if meter.higher_is in ("good", "bad"):
            mine = meter.owner is None or self.human is None or meter.owner == self.human
            better = "higher" if (meter.higher_is == "good") == mine else "lower"
            lines.append(f"For you, {better} is better.")
        fixed = self.lines.get(slot, [])
        moving = scoretext.moving_lines(self.scenario, state.values).get(slot, [])
        if fixed or moving:
            lines.append("Ending lines: " + "; ".join(
                scoretext.line_text(line) for line in [*fixed, *moving]) + ".")
        if self.nearest is not None and self.nearest[0] == slot:
            lines.append(f"At {self.nearest[1]} the forecast ending changes (the triangle on "
                         "the bar).")
        for ident in present.glossary_terms(self.scenario, meter.name)[:1]:
            entry = present.glossary_entry(self.scenario, ident)
            if entry is not None:
                lines.append(f"Glossary \u2014 {getattr(entry, 'text', '')}")
        causes = present.meter_causes(state, slot)
        if causes:
            lines.append("Recent changes:")
            lines += ["\u2022 " + c for c in causes]
        else:
            lines.append("No changes in the last few turns.")
        return meter.name, lines


def draw_tooltip(surface: pygame.Surface, anchor: pygame.Rect, title: str, lines: list[str],
                 pal: Palette, m: Metrics, width: int | None = None,
                 prefer: str = "right") -> pygame.Rect:
    """A slip of paper next to ``anchor`` with a bold title and wrapped lines."""
    width = min(width or m.px(380), surface.get_width() - 2 * m.pad)
    image = _tooltip_image(title, tuple(lines), pal, m, width,
                           surface.get_height() - 2 * m.pad)
    rect = image.get_rect()
    if prefer == "right":
        rect.topleft = (anchor.right + m.px(8), anchor.top)
        if rect.right > surface.get_width() - m.pad:
            rect.topright = (anchor.left - m.px(8), anchor.top)
    elif prefer == "left":
        rect.topright = (anchor.left - m.px(8), anchor.top)
        if rect.left < m.pad:
            rect.topleft = (anchor.right + m.px(8), anchor.top)
    else:
        rect.midtop = (anchor.centerx, anchor.bottom + m.px(8))
        if rect.bottom > surface.get_height() - m.pad:
            rect.midbottom = (anchor.centerx, anchor.top - m.px(8))
    rect.clamp_ip(surface.get_rect().inflate(-2 * m.pad, -2 * m.pad))
    pygame.draw.rect(surface, (20, 16, 14), rect.move(m.px(3), m.px(3)))
    surface.blit(image, rect)
    return rect


@lru_cache(maxsize=64)
def _tooltip_image(title: str, lines: tuple[str, ...], pal: Palette, m: Metrics, width: int,
                   max_h: int) -> pygame.Surface:
    title_font = fonts.get("bold", m.body)
    font = fonts.get("body", m.small)
    inner_w = width - 2 * m.px(10)
    wrapped: list[str] = []
    for line in lines:
        wrapped += fonts.wrap(line, font, inner_w)
    title_lines = fonts.wrap(title, title_font, inner_w)
    step = font.get_linesize()
    height = m.px(10) * 2 + len(title_lines) * title_font.get_linesize() + m.px(4) \
        + len(wrapped) * step
    if height > max_h:
        keep = max(1, (max_h - (height - len(wrapped) * step)) // step)
        wrapped = [*wrapped[:keep - 1], "\u2026"]
        height = m.px(10) * 2 + len(title_lines) * title_font.get_linesize() + m.px(4) \
            + len(wrapped) * step
    image = pygame.Surface((width, height))
    rect = image.get_rect()
    pygame.draw.rect(image, rgb(pal.paper_light), rect)
    pygame.draw.rect(image, rgb(pal.ink_soft), rect, 1)
    y = m.px(10)
    for line in title_lines:
        draw.text(image, line, title_font, pal.ink, (m.px(10), y))
        y += title_font.get_linesize()
    y += m.px(4)
    for line in wrapped:
        draw.text(image, line, font, pal.ink, (m.px(10), y))
        y += step
    return image
