"""Line charts drawn by the game: meters over the whole campaign."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygame

from game.client import draw, fonts, text_safety
from game.client.layout import Metrics
from game.client.palette import Palette, rgb


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    colour: str
    width: int = 2


def year_labels(calendar: Any, points: int) -> list[tuple[int, str]]:
    """X-axis labels for a campaign chart whose point 0 is the start and point i the end of
    turn i-1: one label at the start and at each new year (each new month in a calendar of
    weeks or days that spans under two years), at the point where that turn begins."""
    return [(turn, text) for turn, text in calendar.ticks() if turn < points]


def series_colours(pal: Palette) -> list[str]:
    return [pal.accent, pal.side_b, pal.ink, pal.good, pal.ochre_dark, pal.ink_faint]


def chart_range(lo: float, hi: float, values: Sequence[float]) -> tuple[float, float]:
    """The y range of a chart: the meters' bounds, or, when the values use only a small
    part of wide bounds (victory points), a round range around the values."""
    if not values:
        return lo, hi
    low, high = min(values), max(values)
    if (high - low) * 4 >= hi - lo:
        return lo, hi
    step = 10 if high - low <= 40 else 50
    low_r = max(lo, (low // step) * step)
    high_r = min(hi, -(-high // step) * step)
    if high_r <= low_r:
        high_r = min(hi, low_r + step)
    return low_r, high_r


def meter_series(scenario: Any, meters: Sequence[Any], rows: Sequence[Sequence[float]],
                 colours: Sequence[str]) -> tuple[list[Series], float, float]:
    """One series per meter over the rows (each meter named so that no two read alike),
    and the y range to draw them in."""
    from game.client.present import distinct_labels

    names = distinct_labels(scenario, meters)
    series = [Series(name, [row[mt.slot] for row in rows], colours[i % len(colours)])
              for i, (mt, name) in enumerate(zip(meters, names, strict=True))]
    lo, hi = chart_range(min(mt.lo for mt in meters), max(mt.hi for mt in meters),
                         [v for s in series for v in s.values])
    return series, lo, hi


def draw_chart(surface: pygame.Surface, rect: pygame.Rect, title: str, series: list[Series],
               x_labels: Sequence[tuple[int, str]], lo: float, hi: float, pal: Palette,
               m: Metrics) -> pygame.Rect | None:
    """A titled chart: y from lo to hi, one x step per point, lines labelled at their end.
    Returns the plotting area (None when the chart is too small to draw)."""
    if rect.w < 60 or rect.h < 50:
        return None
    pygame.draw.rect(surface, rgb(pal.paper_light), rect)
    pygame.draw.rect(surface, rgb(pal.paper_edge), rect, 1)
    small = fonts.get("body", m.px(11))
    bold = fonts.get("bold", m.small)
    draw.text(surface, fonts.ellipsize(title, bold, rect.w - m.px(16)), bold, pal.ink,
              (rect.x + m.px(8), rect.y + m.px(4)))
    label_w = max((small.size(text_safety.label(s.label))[0] for s in series),
                  default=0) + m.px(8)
    label_w = min(label_w, rect.w // 3)
    plot = pygame.Rect(rect.x + m.px(30), rect.y + bold.get_linesize() + m.px(8),
                       rect.w - m.px(30) - label_w - m.px(6),
                       rect.h - bold.get_linesize() - m.px(8) - small.get_linesize() - m.px(6))
    if plot.w < 20 or plot.h < 20:
        return None
    span = hi - lo or 1
    for fraction in (0.0, 0.5, 1.0):
        y = plot.bottom - int(plot.h * fraction)
        pygame.draw.line(surface, rgb(pal.paper_shade), (plot.left, y), (plot.right, y))
        draw.text(surface, f"{lo + span * fraction:g}", small, pal.ink_soft,
                  (plot.left - m.px(4), y), "midright")
    pygame.draw.line(surface, rgb(pal.ink_soft), plot.bottomleft, plot.bottomright)
    pygame.draw.line(surface, rgb(pal.ink_soft), plot.bottomleft, plot.topleft)
    points_count = max((len(s.values) for s in series), default=0)
    if points_count < 1:
        return plot
    step = plot.w / max(1, points_count - 1)
    last_x = -1000
    for index, text in x_labels:
        x = plot.left + round(index * step)
        if x - last_x < small.size(text)[0] + m.px(8) or x > plot.right + 1:
            continue
        pygame.draw.line(surface, rgb(pal.ink_soft), (x, plot.bottom), (x, plot.bottom + 3))
        draw.text(surface, text, small, pal.ink_soft, (x, plot.bottom + m.px(3)), "midtop")
        last_x = x
    ends: list[tuple[float, Series]] = []
    for s in series:
        points = [(plot.left + i * step,
                   plot.bottom - plot.h * (min(max(v, lo), hi) - lo) / span)
                  for i, v in enumerate(s.values)]
        if len(points) >= 2:
            pygame.draw.lines(surface, rgb(s.colour), False, points, max(1, m.px(s.width)))
        elif points:
            pygame.draw.circle(surface, rgb(s.colour), (int(points[0][0]), int(points[0][1])), 3)
        if points:
            ends.append((points[-1][1], s))
    ends.sort(key=lambda e: e[0])
    line_h = small.get_linesize()
    ys: list[float] = []
    for end_y, _s in ends:
        label_y = max(plot.top + line_h / 2, end_y)
        if ys and label_y - ys[-1] < line_h:
            label_y = ys[-1] + line_h
        ys.append(label_y)
    overflow = (ys[-1] - (plot.bottom + line_h / 2)) if ys else 0
    if overflow > 0:
        ys = [y - overflow for y in ys]
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - line_h)
    for label_y, (_end, s) in zip(ys, ends, strict=True):
        draw.text(surface, fonts.ellipsize(s.label, small, label_w), small, s.colour,
                  (plot.right + m.px(6), int(label_y)), "midleft")
    return plot
