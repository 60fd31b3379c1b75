"""The score panel, always on the campaign screen: each side's victory points, the
ending the game would reach if it ended now with each side's score and your
verdict, the nearest change that would alter it, and the next scoring moment.

The numbers tick to their new values when they change (not with animations
off). The panel is drawn by the game into a cached surface, redrawn only when
what it shows changes; its tooltip and the score sheet (S) give the details.
"""

from __future__ import annotations

from typing import Any

import pygame

from game.client import draw, fonts, scoretext
from game.client.layout import Metrics
from game.client.motion import Ticker
from game.client.palette import Palette, rgb
from game.client.present import side_short

TICK_SECONDS = 0.6
"""how long a changed number takes to count to its new value"""


class ScorePanel:
    def __init__(self, scenario: Any, human: str, pal: Palette, m: Metrics) -> None:
        self.scenario = scenario
        self.human = human
        self.rival = scoretext.rival_of(scenario, human)
        self.pal = pal
        self.m = m
        self.area = pygame.Rect(0, 0, 0, 0)
        self.view: scoretext.ScoreView | None = None
        self._view_key: Any = None
        self.ticks: dict[str, Ticker] = {}
        self.hovered = False
        self.drawn: list[tuple[str, pygame.Rect]] = []
        """every text drawn last time, with its box in window coordinates (for tests)"""
        self._cache: pygame.Surface | None = None
        self._cache_key: Any = None
        self._tip: tuple[Any, list[str]] | None = None

    # -- size and place ---------------------------------------------------------------------

    @staticmethod
    def height_for(scenario: Any, m: Metrics, body_h: int) -> int:
        """How tall the panel is: its fixed rows and a few lines of text, at most a third of
        the column it sits in."""
        small = fonts.get("body", m.small).get_linesize()
        body = fonts.get("bold", m.body).get_linesize()
        has_points = scenario.scoring is not None
        rows = (2 if has_points else 1) * (body + m.px(3))
        lines = 2 + (3 if has_points else 0)
        extra = 2 if body_h >= m.px(800) else 0
        wanted = m.px(12) + small + m.px(6) + rows + (lines + 1 + extra) * small + m.px(8)
        return min(wanted, int(body_h * 0.4))

    def set_area(self, area: pygame.Rect) -> None:
        self.area = pygame.Rect(area)
        self._cache = None

    # -- keeping in step --------------------------------------------------------------------

    def sync(self, state: Any, animate: bool) -> None:
        key = (id(state), len(state.log), state.turn, len(state.ledger))
        if key != self._view_key:
            self._view_key = key
            self.view = scoretext.score_view(state, self.human)
        view = self.view
        assert view is not None
        numbers = {f"score:{side}": value for side, value in view.forecast.scores.items()}
        numbers.update({f"points:{side}": float(value) for side, value in view.points.items()})
        for name, value in numbers.items():
            tick = self.ticks.get(name)
            if tick is None:
                self.ticks[name] = Ticker(value, TICK_SECONDS)
            else:
                tick.set(value, animate)

    def update(self, dt: float) -> bool:
        moving = False
        for tick in self.ticks.values():
            if tick.update(dt):
                moving = True
        return moving

    def shown_key(self) -> Any:
        return tuple(round(t.shown) for t in self.ticks.values())

    def nearest_mark(self) -> tuple[int, int] | None:
        """(meter slot, value) of the nearest change that would alter the forecast ending,
        when it is a meter's."""
        if self.view is None or not self.view.forecast.thresholds:
            return None
        first = self.view.forecast.thresholds[0]
        slot = self.scenario.meter_index.get(first.name)
        return None if slot is None else (slot, first.to)

    # -- drawing ----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        key = (self._view_key, self.shown_key(), self.hovered, self.area.size)
        if self._cache is None or key != self._cache_key:
            self._cache = self._render()
            self._cache_key = key
        surface.blit(self._cache, self.area.topleft)

    def _shown(self, name: str) -> str:
        tick = self.ticks.get(name)
        return str(round(tick.shown)) if tick is not None else ""

    def _render(self) -> pygame.Surface:
        pal, m = self.pal, self.m
        area = self.area
        surface = pygame.Surface(area.size)
        draw.paper(surface, pygame.Rect(0, 0, area.w, area.h), pal, shadow=0)
        if self.hovered:
            pygame.draw.rect(surface, rgb(pal.paper_shade), surface.get_rect())
        self.drawn = []
        view = self.view
        if view is None:
            return surface
        pad = m.px(10)
        head = fonts.get("bold", m.small)
        label_font = fonts.get("body", m.px(11))
        name_font = fonts.get("body", m.body)
        value_font = fonts.get("bold", m.body)
        small = fonts.get("body", m.small)
        rival_right = area.w - pad
        you_right = rival_right - max(m.px(44), label_font.size(self._rival_label())[0]
                                      + m.px(10))
        label_w = you_right - m.px(40) - pad
        bottom = area.h - m.px(6)

        def put(text: str, font: pygame.font.Font, colour: str, pos: tuple[int, int],
                anchor: str = "topleft") -> pygame.Rect:
            rect = draw.text(surface, text, font, colour, pos, anchor)
            self.drawn.append((text, rect.move(area.x, area.y)))
            return rect

        y = m.px(6)
        put("SCORE", head, pal.accent, (pad, y))
        hint = fonts.ellipsize("S: details", label_font,
                               you_right - m.px(36) - pad - head.size("SCORE")[0] - m.px(8))
        if hint:
            put(hint, label_font, pal.ink_faint, (pad + head.size("SCORE")[0] + m.px(8),
                                                  y + head.get_ascent()
                                                  - label_font.get_ascent()))
        for text, right in (("you", you_right), (self._rival_label(), rival_right)):
            put(text, label_font, pal.ink_soft, (right, y + head.get_height()), "bottomright")
        y += head.get_height() + m.px(1)
        draw.rule(surface, pal.accent, (pad, y), area.w - pad)
        y += m.px(4)
        row_h = value_font.get_linesize() + m.px(3)
        if view.has_points:
            put(fonts.ellipsize("Victory points", name_font, label_w), name_font, pal.ink,
                (pad, y))
            for side, right in ((view.human, you_right), (view.rival, rival_right)):
                put(self._shown(f"points:{side}"), value_font, pal.ink, (right, y), "topright")
            y += row_h
        tone = scoretext.VERDICT_TONES[view.verdict]
        verdict_colour = {"good": pal.good, "bad": pal.bad}.get(tone, pal.ink_soft)
        lead = put("If it ended now:", small, pal.ink_soft, (pad, y))
        words = scoretext.VERDICT_WORDS[view.verdict]
        if lead.right + m.px(6) + small.size(words)[0] <= rival_right:
            put(words, fonts.get("bold", m.small), verdict_colour, (rival_right, y), "topright")
        y += small.get_linesize()
        inner = area.w - 2 * pad
        if value_font.size(view.forecast.title)[0] > label_w:
            # A long title gets lines of its own rather than losing its end to the scores.
            lines = fonts.wrap(view.forecast.title, value_font, inner)
            if len(lines) > 2:
                lines = [lines[0], fonts.ellipsize(" ".join(lines[1:]), value_font, inner)]
            for line in lines:
                put(line, value_font, pal.ink, (pad, y))
                y += value_font.get_linesize()
            put(fonts.ellipsize("final score", small, label_w), small, pal.ink_soft,
                (pad, y + value_font.get_ascent() - small.get_ascent()))
        else:
            put(view.forecast.title, value_font, pal.ink, (pad, y))
        for side, right in ((view.human, you_right), (view.rival, rival_right)):
            put(self._shown(f"score:{side}"), value_font, verdict_colour if side == view.human
                else pal.ink, (right, y), "topright")
        y += row_h + m.px(2)
        blocks: list[tuple[str, str]] = []
        if view.thresholds_short:
            blocks.append(("Nearest change: " + view.thresholds_short[0], pal.ink))
        else:
            blocks.append(("No single meter within reach changes this ending.", pal.ink_soft))
        if view.upcoming:
            nxt = view.upcoming[0]
            blocks.append((f"Next scoring: {nxt.name}, {nxt.when}: "
                           f"{scoretext.awards_text(self.scenario, nxt.awards, view.human)}",
                           pal.ink_soft))
        if len(view.thresholds_short) > 1:
            blocks.append(("Then: " + view.thresholds_short[1], pal.ink_soft))
        step = small.get_linesize()
        for index, (text, colour) in enumerate(blocks):
            lines = fonts.wrap(text, small, inner)
            room = (bottom - y) // step
            if room <= 0 or (index >= 2 and len(lines) > room):
                break   # the nearest change and the next moment may be cut; the rest is extra
            if len(lines) > room:
                lines = lines[:room]
                lines[-1] = fonts.ellipsize(lines[-1] + " \u2026", small, inner)
            for line in lines:
                put(line, small, colour, (pad, y))
                y += step
            y += m.px(2)
        pygame.draw.rect(surface, rgb(pal.paper_edge), surface.get_rect(), 1)
        return surface

    def _rival_label(self) -> str:
        return side_short(self.scenario, self.rival)

    # -- interaction --------------------------------------------------------------------------

    def hit(self, pos: tuple[int, int]) -> bool:
        return self.area.collidepoint(pos)

    def tooltip(self, state: Any) -> tuple[str, list[str]]:
        if self.view is None:
            self.sync(state, animate=False)
        assert self.view is not None
        if self._tip is None or self._tip[0] != self._view_key:
            lines = scoretext.score_lines(state, self.view)
            lines.append("S or click: the whole score, every source and moment.")
            self._tip = (self._view_key, lines)
        return "The score", list(self._tip[1])
