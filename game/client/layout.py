"""Where things go: rectangles for every screen, recomputed from the window
size and the UI scale whenever either changes. Nothing here draws.
"""

from __future__ import annotations

import math
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
    top: Rect
    meters: Rect
    board: Rect
    right: Rect
    actions: Rect
    chronicle: Rect
    hints: Rect
    card: Rect


def campaign(size: tuple[int, int], m: Metrics) -> CampaignLayout:
    width, height = size
    pad = m.pad
    top = Rect(0, 0, width, m.px(52))
    hints = Rect(0, height - m.px(26), width, m.px(26))
    body_top, body_bottom = top.bottom + pad, hints.top - pad
    body_h = body_bottom - body_top
    left_w = min(max(int(width * 0.22), m.px(250)), m.px(340))
    right_w = min(max(int(width * 0.29), m.px(280)), m.px(470))
    meters = Rect(pad, body_top, left_w, body_h)
    right = Rect(width - pad - right_w, body_top, right_w, body_h)
    board = Rect(meters.right + pad, body_top, right.left - pad - meters.right - pad, body_h)
    actions_h = max(int(body_h * 0.64), m.px(200))
    actions = Rect(right.left, right.top, right.w, actions_h)
    chronicle = Rect(right.left, actions.bottom + pad, right.w, right.bottom - actions.bottom - pad)
    card_area = Rect(board.left, body_top, right.right - board.left, body_h)
    card_w = min(card_area.w, m.px(860))
    card = Rect(card_area.centerx - card_w // 2, card_area.top, card_w, card_area.h)
    return CampaignLayout(top, meters, board, right, actions, chronicle, hints, card)


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
