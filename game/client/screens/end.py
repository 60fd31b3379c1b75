"""The end of the game: the verdict (win, draw or loss from the final scores),
the ending's place among all endings for the player, the final score and
victory points, the ending and its epilogue beside what really happened, the
three things that decided it, the computer's temperament revealed, charts of
the main meters over the campaign, and the player's choices beside the
historical ones."""

from __future__ import annotations

from typing import Any

import pygame

from game.client import charts, draw, fonts, present, scoretext
from game.client.screens.base import Screen
from game.client.scrolltext import Run, ScrollText
from game.client.widgets import esc
from game.engine import ai, scoring


class EndScreen(Screen):
    name = "end"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.session = app.session
        self.state = self.session.state
        self.scenario = self.state.scenario
        self.human = self.session.human
        self.ending = self.scenario.ending(self.state.ending)
        self.sheet = pygame.Rect(0, 0, 0, 0)
        self.headings: list[tuple[str, tuple[int, int]]] = []
        self.chart_rects: list[pygame.Rect] = []
        self.boxes: list[Any] = []
        self.compare: ScrollText | None = None
        self.compare_rect = pygame.Rect(0, 0, 0, 0)
        self.mouse = (-1, -1)
        self.verdict_rect = pygame.Rect(0, 0, 0, 0)

    def build(self) -> None:
        m = self.m
        w, h = self.size
        self.sheet = pygame.Rect(m.pad, m.pad, w - 2 * m.pad, h - 2 * m.pad)
        inner = self.sheet.inflate(-2 * m.px(18), 0)
        top = self.sheet.y + m.px(96)
        buttons_y = self.sheet.bottom - m.px(12) - m.button_h
        body_h = buttons_y - m.px(10) - top
        head_h = m.px(22)
        epilogue = self.ending.epilogue_for(self.human) or "(No epilogue.)"
        history = self.ending.history or "(No historical note.)"
        gap = m.px(16)
        col_w = (inner.w - gap) // 2
        body_font = fonts.get("body", m.body)
        text_h = max(draw.block_height(text, body_font, col_w - m.px(30), 1.45)
                     for text in (epilogue, history))
        row1_h = max(int(body_h * 0.2), min(int(body_h * 0.45), text_h + head_h + m.px(24)))
        left = pygame.Rect(inner.x, top, col_w, row1_h)
        right = pygame.Rect(inner.x + col_w + gap, top, inner.w - col_w - gap, row1_h)
        self.headings = [("YOUR WORLD", left.topleft), ("WHAT REALLY HAPPENED", right.topleft)]
        self.boxes = [
            self.textbox(pygame.Rect(left.x, left.y + head_h, left.w, left.h - head_h),
                         esc(epilogue)),
            self.textbox(pygame.Rect(right.x, right.y + head_h, right.w, right.h - head_h),
                         "<i>" + esc(history) + "</i>"),
        ]
        row2 = pygame.Rect(inner.x, left.bottom + m.px(12), inner.w,
                           buttons_y - m.px(10) - left.bottom - m.px(12))
        charts_w = (inner.w - gap) // 2 if inner.w > m.px(700) else int(inner.w * 0.55)
        chart_area = pygame.Rect(row2.x, row2.y + head_h, charts_w, row2.h - head_h)
        compare = pygame.Rect(row2.x + charts_w + gap, row2.y, inner.w - charts_w - gap, row2.h)
        self.headings += [("THE CAMPAIGN IN FIGURES", row2.topleft),
                          ("WHAT DECIDED IT \u00b7 YOUR CHOICES AND HISTORY'S",
                           compare.topleft)]
        n = max(1, min(len(self._chart_groups()), 2 if chart_area.h < m.px(300) else 3))
        chart_h = (chart_area.h - (n - 1) * m.px(8)) // n
        self.chart_rects = [pygame.Rect(chart_area.x, chart_area.y + i * (chart_h + m.px(8)),
                                        chart_area.w, chart_h) for i in range(n)]
        self.compare_rect = pygame.Rect(compare.x, compare.y + head_h, compare.w,
                                        compare.h - head_h)
        self.compare = ScrollText(self.pal, m)
        self.compare.gap = m.px(10)
        self.compare.set_area(self.compare_rect.inflate(-m.px(12), -m.px(12)))
        self.compare.set_paragraphs(self._compare_paragraphs())
        bw = m.px(190)
        self.button(pygame.Rect(inner.right - bw, buttons_y, bw, m.button_h), "New campaign (N)",
                    self.new_campaign)
        self.button(pygame.Rect(inner.right - 2 * bw - m.gap, buttons_y, bw, m.button_h),
                    "Title screen (Esc)", self.app.to_title, object_id="#quiet_button")
        if self.focus_index < 0:
            self.focus_index = 0

    def _compare_paragraphs(self) -> list[tuple[Run, ...]]:
        pal = self.pal
        rows = present.compare_with_history(self.state, self.human)
        if not rows:
            return [(Run("You answered no events.", "italic", pal.ink_soft),)]

        same = sum(1 for r in rows if r.same)
        out: list[tuple[Run, ...]] = []
        points = scoretext.points_verdict(self.state, self.human)
        deciding = present.deciding_causes(self.state, self.ending.id,
                                           limit=2 if points else 3)
        if points:
            deciding.append(points)
        if deciding:
            out.append((Run("WHAT DECIDED IT", "bold", pal.accent),))
            out += [(Run("\u2022 " + line, "body", pal.ink),) for line in deciding]
        for side in self.scenario.side_ids:
            temperament = ai.temperament_for(self.state, side) if side != self.human else None
            if temperament is not None:
                name = present.side_short(self.scenario, side)
                out.append((Run(f"{name.upper()}, AS THE COMPUTER PLAYED IT", "bold",
                                pal.accent),))
                out.append((Run(temperament.name + ". ", "bold", pal.ink),
                            Run(temperament.description, "body", pal.ink)))
        out += [
            (Run(f"You chose as history did in {same} of {len(rows)} events.", "bold",
                 pal.ink),)]
        for row in rows:
            verdict = ("as in history" if row.same else "history went otherwise" if row.known
                       else "no record")
            out.append((Run(f"{row.date} \u00b7 {row.event}", "bold", pal.ink), Run("\n"),
                        Run("You: ", "bold", pal.accent), Run(row.yours, "body", pal.ink),
                        Run("\n"),
                        Run("History: ", "bold", pal.ink_soft),
                        Run(row.historical, "body", pal.ink),
                        Run(f" ({verdict})", "italic",
                            pal.ink_faint if row.same else pal.accent)))
        return out

    def new_campaign(self) -> None:
        from game.client.screens.new_campaign import NewCampaignScreen

        self.app.switch_to(NewCampaignScreen(self.app))

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.to_title()
            return True
        if event.key == pygame.K_n:
            self.new_campaign()
            return True
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            if self.compare is not None:
                self.compare.scroll_pages(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        return False

    def arrow_focus(self) -> bool:
        return True

    # -- drawing ----------------------------------------------------------------------

    def _chart_groups(self) -> list[tuple[str, list[Any]]]:
        return present.chart_groups(self.scenario, self.human, 5)

    def under_key(self) -> Any:
        return (self.compare.scroll if self.compare is not None else 0,)

    def render_under(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        surface.fill(draw.rgb(pal.desk))
        draw.paper(surface, self.sheet, pal, shadow=m.px(5))
        band = pygame.Rect(self.sheet.x, self.sheet.y, self.sheet.w, m.px(84))
        pygame.draw.rect(surface, draw.rgb(pal.accent), band)
        title_font = fonts.get("heading", m.px(30))
        x = self.sheet.x + m.px(22)
        mono = fonts.get("mono", m.small)
        kind = "SUDDEN ENDING" if self.ending.sudden else "FINAL ENDING"
        side = self.scenario.side(self.human)
        outcome = scoring.verdict(self.scenario, self.state.scores, self.human)
        rank = scoretext.place_among_endings(self.scenario, self.human, self.ending.id)
        total = len(self.scenario.endings)
        score = self.state.scores.get(self.human, 0.0)
        big = fonts.get("heading", m.px(34))
        score_rect = draw.text(surface, f"{score:.0f}", big, pal.accent_text,
                               (band.right - m.px(22), band.centery + m.px(4)), "midright")
        label = draw.text(surface, "SCORE", mono, pal.paper, (score_rect.left - m.px(10),
                                                              band.centery + m.px(6)),
                          "midright")
        stamp = draw.stamp(surface, scoretext.VERDICT_WORDS[outcome].upper(),
                           fonts.get("mono", m.px(20)), pal.paper,
                           (label.left - m.px(18), band.centery), "midright")
        self.verdict_rect = stamp
        title = fonts.ellipsize(self.ending.title, title_font, stamp.left - m.px(16) - x)
        draw.text(surface, title, title_font, pal.accent_text, (x, band.y + m.px(14)))
        line = (f"{scoretext.rank_text(rank, total).upper()} ENDINGS FOR YOU \u00b7 {kind} "
                f"\u00b7 {self.state.date_label} \u00b7 {(side.short or side.name).upper()}")
        line = fonts.ellipsize(line, mono, stamp.left - m.px(16) - x)
        draw.text(surface, line, mono, pal.paper, (x, band.y + m.px(56)))
        others = [f"{present.side_short(self.scenario, s)} {v:.0f}"
                  for s, v in self.state.scores.items() if s != self.human]
        points = scoring.victory_points(self.state)
        if points:
            others.append("victory points: " + scoretext.scores_text(
                self.scenario, {s: float(v) for s, v in points.items()}, self.human))
        if others:
            small = fonts.get("body", m.px(11))
            text = fonts.ellipsize(" \u00b7 ".join(others), small, int(band.w * 0.3))
            draw.text(surface, text, small, pal.paper,
                      (band.right - m.px(22), band.bottom - m.px(4)), "bottomright")
        head = fonts.get("bold", m.small)
        for text, pos in self.headings:
            draw.text(surface, text, head, pal.accent, pos)
        self._draw_charts(surface)
        pygame.draw.rect(surface, draw.rgb(pal.paper_light), self.compare_rect)
        pygame.draw.rect(surface, draw.rgb(pal.paper_edge), self.compare_rect, 1)
        if self.compare is not None:
            self.compare.draw(surface)

    def on_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        elif event.type == pygame.MOUSEWHEEL and self.compare is not None and \
                self.compare_rect.collidepoint(self.mouse):
            self.compare.scroll_by(-event.y * self.m.px(40))
            return True
        return False

    def _draw_charts(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        history = self.state.history
        meters = self.scenario.meters
        starts = tuple(mt.start for mt in meters)
        rows = [starts, *history]
        x_labels = charts.year_labels(self.scenario.calendar, len(rows))
        colours = charts.series_colours(pal)
        for rect, (label, group) in zip(self.chart_rects, self._chart_groups(), strict=False):
            series, lo, hi = charts.meter_series(self.scenario, group, rows, colours)
            charts.draw_chart(surface, rect, label, series, x_labels, lo, hi, pal, m)
