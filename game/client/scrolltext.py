"""A scrolling block of styled text drawn by the game.

Used where the text is long and changes often (the chronicle, the end-of-game
comparison): laying out is done once per change with plain font metrics, and
only the visible lines are rendered, so a long campaign costs nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.client import fonts, text_safety
from game.client.layout import Metrics
from game.client.palette import Palette, rgb


@dataclass(frozen=True)
class Run:
    text: str
    role: str = "body"
    colour: str = ""


Paragraph = tuple[Run, ...]


class ScrollText:
    def __init__(self, pal: Palette, m: Metrics, size: int | None = None) -> None:
        self.pal = pal
        self.m = m
        self.size = size or m.small
        self.area = pygame.Rect(0, 0, 0, 0)
        self.paragraphs: list[Paragraph] = []
        self.lines: list[list[tuple[int, str, str, str]]] = []
        self.line_h = fonts.get("body", self.size).get_linesize()
        self.gap = m.px(5)
        self.tops: list[int] = []
        self.scroll = 0
        self._images: dict[int, pygame.Surface] = {}

    @property
    def content_h(self) -> int:
        return self.tops[-1] + self.line_h if self.tops else 0

    def set_area(self, area: pygame.Rect) -> None:
        if area != self.area:
            self.area = pygame.Rect(area)
            self._layout()

    def set_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        if paragraphs != self.paragraphs:
            self.paragraphs = list(paragraphs)
            self._layout()

    def _layout(self) -> None:
        self.lines, self.tops, self._images = [], [], {}
        width = self.area.w - self.m.px(14)
        if width <= 10:
            return
        y = 0
        space = {}
        for paragraph in self.paragraphs:
            line: list[tuple[int, str, str, str]] = []
            x = 0
            for run in paragraph:
                font = fonts.get(run.role, self.size)
                if run.role not in space:
                    space[run.role] = font.size(" ")[0]
                if run.text == "\n":
                    self.lines.append(line)
                    self.tops.append(y)
                    y += self.line_h
                    line, x = [], 0
                    continue
                if run.text.startswith(" ") and line:
                    x += space[run.role]
                # Measured as drawn: the text cleaned for display (see text_safety).
                text = text_safety.clean(run.text).replace("\n", " ")
                words = text.split(" ")
                for i, word in enumerate(words):
                    if not word:
                        continue
                    w = font.size(word)[0]
                    if line and x + w > width:
                        self.lines.append(line)
                        self.tops.append(y)
                        y += self.line_h
                        line, x = [], 0
                    if w > width:
                        word = fonts.ellipsize(word, font, width)
                        w = font.size(word)[0]
                    line.append((x, word, run.role, run.colour or self.pal.ink))
                    x += w + (space[run.role] if i < len(words) - 1 or text.endswith(" ")
                              else 0)
            if line:
                self.lines.append(line)
                self.tops.append(y)
                y += self.line_h
            y += self.gap
        self.scroll = max(0, min(self.scroll, self.content_h - self.area.h))

    def scroll_by(self, pixels: int) -> None:
        self.scroll = max(0, min(self.scroll + pixels, max(0, self.content_h - self.area.h)))

    def scroll_pages(self, pages: float) -> None:
        self.scroll_by(int(pages * self.area.h * 0.9))

    def _image(self, index: int) -> pygame.Surface:
        image = self._images.get(index)
        if image is None:
            parts = self.lines[index]
            width = max(1, max(x + fonts.get(role, self.size).size(word)[0]
                               for x, word, role, _c in parts))
            image = pygame.Surface((width, self.line_h), pygame.SRCALPHA)
            for x, word, role, colour in parts:
                image.blit(fonts.render(fonts.get(role, self.size), word, rgb(colour)), (x, 0))
            self._images[index] = image
        return image

    def draw(self, surface: pygame.Surface) -> None:
        area = self.area
        if area.w <= 0 or area.h <= 0:
            return
        clip = surface.get_clip()
        surface.set_clip(area)
        top = self.scroll
        for index, y in enumerate(self.tops):
            if y + self.line_h < top:
                continue
            if y > top + area.h:
                break
            surface.blit(self._image(index), (area.x + self.m.px(2), area.y + y - top))
        surface.set_clip(clip)
        if self.content_h > area.h:
            track = pygame.Rect(area.right - self.m.px(5), area.y, self.m.px(4), area.h)
            pygame.draw.rect(surface, rgb(self.pal.paper_shade), track)
            thumb = max(self.m.px(20), area.h * area.h // self.content_h)
            offset = (area.h - thumb) * self.scroll // max(1, self.content_h - area.h)
            pygame.draw.rect(surface, rgb(self.pal.ink_faint),
                             (track.x, track.y + offset, track.w, thumb))
