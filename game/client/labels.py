"""Placing the board's labels so that none is dropped and none overlaps another.

Each label wants to sit next to its anchor (a capital's marker). When every
spot beside it is taken, it moves outward in widening rings and is tied back
to its anchor with a leader line. Labels are placed most crowded first, and a
label that finds no room at all is tried again in a smaller font before the
least-bad spot is taken. Pure geometry: nothing here draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from pygame import Rect


@dataclass(frozen=True)
class Wanted:
    key: str
    size: tuple[int, int]
    """width and height of the text at the normal size"""
    anchor: tuple[int, int]
    radius: int
    """room the anchor's marker takes"""
    inside: Rect | None = None
    """an area the label should stay in if it can (an inset), exempt from keep-out areas"""


@dataclass(frozen=True)
class Placed:
    key: str
    rect: Rect
    anchor: tuple[int, int]
    leader: bool
    """True when the label sits away from its anchor (a line joins them)"""
    shrunk: int = 0
    """how many steps the font had to shrink"""


ANGLES = 24


def _beside(anchor: tuple[int, int], radius: int, size: tuple[int, int],
            gap: int) -> list[Rect]:
    x, y = anchor
    w, h = size
    r = radius + gap
    return [
        Rect(x + r, y - h // 2, w, h),                 # right
        Rect(x - r - w, y - h // 2, w, h),             # left
        Rect(x - w // 2, y - r - h, w, h),             # above
        Rect(x - w // 2, y + r, w, h),                 # below
        Rect(x + r - 2, y - r - h + 2, w, h),          # above right
        Rect(x + r - 2, y + r - 2, w, h),              # below right
        Rect(x - r - w + 2, y - r - h + 2, w, h),      # above left
        Rect(x - r - w + 2, y + r - 2, w, h),          # below left
    ]


def _rings(anchor: tuple[int, int], radius: int, size: tuple[int, int], step: int,
           reach: int) -> list[Rect]:
    """Spots further out, ring after ring, each centred on a point of the ring."""
    x, y = anchor
    w, h = size
    out = []
    distance = radius + step * 2
    while distance <= reach:
        for i in range(ANGLES):
            angle = 2 * math.pi * i / ANGLES
            cx = x + distance * math.cos(angle)
            cy = y + distance * math.sin(angle)
            # the side of the label nearest the anchor faces it
            left = cx if math.cos(angle) > 0.25 else (cx - w if math.cos(angle) < -0.25
                                                      else cx - w / 2)
            out.append(Rect(round(left), round(cy - h / 2), w, h))
        distance += step
    return out


def _overlap(rect: Rect, others: list[Rect]) -> int:
    total = 0
    for other in others:
        clip = rect.clip(other)
        total += clip.w * clip.h
    return total


def place(wanted: list[Wanted], bounds: Rect, obstacles: list[Rect], gap: int,
          shrink: Callable[[str, int], tuple[int, int]] | None = None,
          max_shrink: int = 2, keep_out: list[Rect] | None = None) -> list[Placed]:
    """Place every label inside ``bounds``, clear of each other and of ``obstacles``.

    ``shrink(key, steps)`` gives a label's size in a font ``steps`` smaller.
    ``keep_out`` areas (an inset) take no label except those that belong inside them.
    """
    anchors = [w.anchor for w in wanted]
    outside = list(keep_out or [])

    def crowding(item: Wanted) -> int:
        reach = item.size[0] + item.size[1]
        return sum(1 for a in anchors
                   if abs(a[0] - item.anchor[0]) + abs(a[1] - item.anchor[1]) < reach)

    order = sorted(wanted, key=lambda item: (-crowding(item), item.anchor, item.key))
    taken: list[Rect] = list(obstacles)
    placed: dict[str, Placed] = {}
    for item in order:
        result: Placed | None = None
        best: tuple[int, Rect, int] | None = None
        areas: list[tuple[Rect, list[Rect]]] = [(bounds, outside)]
        if item.inside is not None:
            areas.insert(0, (item.inside, []))
        for area, barred in areas:
            reach = max(area.w, area.h)
            blocked = taken + barred
            for steps in range(0, max_shrink + 1):
                if steps and shrink is None:
                    break
                size = item.size if steps == 0 or shrink is None else shrink(item.key, steps)
                step = max(4, size[1] // 2 + gap)
                near = _beside(item.anchor, item.radius, size, gap)
                far = _rings(item.anchor, item.radius, size, step, reach)
                for index, rect in enumerate(near + far):
                    if not area.contains(rect):
                        continue
                    padded = rect.inflate(gap, gap // 2)
                    if padded.collidelist(blocked) < 0:
                        result = Placed(item.key, rect, item.anchor, index >= len(near), steps)
                        break
                    cost = _overlap(padded, blocked)
                    if best is None or cost < best[0]:
                        best = (cost, rect, steps)
                if result is not None:
                    break
            if result is not None:
                break
        if result is None:
            if best is None:
                w, h = item.size
                rect = Rect(0, 0, w, h)
                rect.clamp_ip(bounds)
                best = (0, rect, 0)
            result = Placed(item.key, best[1], item.anchor, True, best[2])
        taken.append(result.rect.inflate(gap, gap // 2))
        placed[item.key] = result
    return [placed[w.key] for w in wanted]


def leader_end(rect: Rect, anchor: tuple[int, int]) -> tuple[int, int]:
    """The point of a label's box nearest its anchor, where a leader line ends."""
    return (max(rect.left, min(anchor[0], rect.right - 1)),
            max(rect.top, min(anchor[1], rect.bottom - 1)))
