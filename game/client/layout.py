"""Where things go: rectangles for every screen, recomputed from the window
size and the UI scale whenever either changes. Nothing here draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from pygame import Rect

MIN_SIZE = (1024, 600)


def effective_scale(size: tuple[int, int], ui_scale_percent: int) -> float:
    """The scale the UI is drawn at: the player's choice, grown a little for large
    windows and limited so that everything still fits; a multiple of 1/8."""
    width, height = size
    auto = max(1.0, min(1.5, width / 1280, height / 800))
    wanted = ui_scale_percent / 100 * auto
    fits = max(0.75, min(width / MIN_SIZE[0], height / MIN_SIZE[1]))
    scale = min(wanted, fits)
    return max(0.75, math.floor(scale * 8 + 1e-6) / 8)


@dataclass(frozen=True)
class Metrics:
    """Sizes in pixels at one scale."""

    scale: float

    def px(self, value: float) -> int:
        return max(1, round(value * self.scale))

    @property
    def pad(self) -> int:
        return self.px(8)

    @property
    def gap(self) -> int:
        return self.px(6)

    @property
    def button_h(self) -> int:
        return self.px(34)

    @property
    def row_h(self) -> int:
        return self.px(24)

    @property
    def body(self) -> int:
        return self.px(15)

    @property
    def small(self) -> int:
        return self.px(13)

    @property
    def heading(self) -> int:
        return self.px(20)

    @property
    def title(self) -> int:
        return self.px(40)


@dataclass(frozen=True)
class CampaignLayout:
    """The campaign screen: the score above the meters on the left; in the middle
    the strip of running modifiers, the board and the briefing/chronicle below it;
    on the right the actions, or the event card while one is open (so the board
    stays in view)."""

    top: Rect
    score: Rect
    meters: Rect
    strip: Rect
    board: Rect
    lower: Rect
    right: Rect
    actions: Rect
    hints: Rect
    card: Rect

    @property
    def chronicle(self) -> Rect:
        return self.lower


def campaign(size: tuple[int, int], m: Metrics,
             score_height: Callable[[int], int] | None = None) -> CampaignLayout:
    """``score_height`` gives the score panel's height for the height of the left column."""
    width, height = size
    pad = m.pad
    top = Rect(0, 0, width, m.px(52))
    hints = Rect(0, height - m.px(26), width, m.px(26))
    body_top, body_bottom = top.bottom + pad, hints.top - pad
    body_h = body_bottom - body_top
    left_w = min(max(int(width * 0.21), m.px(236)), m.px(330))
    right_w = min(max(int(width * 0.36), m.px(400)), m.px(620))
    score_h = score_height(body_h) if score_height is not None else 0
    score = Rect(pad, body_top, left_w, score_h)
    meters_top = score.bottom + pad if score_h else body_top
    meters = Rect(pad, meters_top, left_w, body_bottom - meters_top)
    right = Rect(width - pad - right_w, body_top, right_w, body_h)
    middle = Rect(meters.right + pad, body_top, right.left - pad - meters.right - pad, body_h)
    strip = Rect(middle.left, middle.top, middle.w, m.px(26))
    lower_h = max(m.px(150), int((middle.h - strip.h) * 0.36))
    lower = Rect(middle.left, middle.bottom - lower_h, middle.w, lower_h)
    board = Rect(middle.left, strip.bottom + m.px(4), middle.w,
                 lower.top - pad - strip.bottom - m.px(4))
    return CampaignLayout(top, score, meters, strip, board, lower, right, Rect(right), hints,
                          Rect(right))


def centered(size: tuple[int, int], width: int, height: int, margin: int = 0) -> Rect:
    """A rectangle of at most width x height centred in the window, inside a margin."""
    w = min(width, size[0] - 2 * margin)
    h = min(height, size[1] - 2 * margin)
    return Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h)


def columns(area: Rect, count: int, gap: int, weights: list[float] | None = None) -> list[Rect]:
    """Split a rectangle into side-by-side columns."""
    weights = weights or [1.0] * count
    total = sum(weights)
    free = area.w - gap * (count - 1)
    out, x = [], area.left
    for i, weight in enumerate(weights):
        w = free - (x - area.left - gap * i) if i == count - 1 else int(free * weight / total)
        out.append(Rect(x, area.top, w, area.h))
        x += w + gap
    return out


def rows(area: Rect, count: int, gap: int, weights: list[float] | None = None) -> list[Rect]:
    """Split a rectangle into stacked rows."""
    weights = weights or [1.0] * count
    total = sum(weights)
    free = area.h - gap * (count - 1)
    out, y = [], area.top
    for i, weight in enumerate(weights):
        h = free - (y - area.top - gap * i) if i == count - 1 else int(free * weight / total)
        out.append(Rect(area.left, y, area.w, h))
        y += h + gap
    return out
