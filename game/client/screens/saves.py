"""Loading saved games, and the list of replays (the viewer is in replay.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pygame

from game.client import draw, fonts
from game.client.screens.base import Screen
from game.client.screens.common import draw_sheet, sheet_rect
from game.client.screens.replay import ReplayViewer

__all__ = ["LoadScreen", "ReplayViewer", "ReplaysScreen", "SaveListScreen"]


class SaveListScreen(Screen):
    """A list of saves with a detail line; subclasses decide what opening one does."""

    name = "load"
    modal = True
    heading = "LOAD A GAME"
    verb = "Load"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.sheet = pygame.Rect(0, 0, 0, 0)
        saves = app.get_saves()
        self.entries = saves.entries() if saves is not None else []
        self.selected = 0
        self.offset = 0
        self.rows: list[Any] = []
        self.open_button: Any = None
        self.message = ""

    def build(self) -> None:
        m = self.m
        self.sheet = sheet_rect(self.size, m, m.px(820), m.px(640))
        top = self.sheet.y + m.px(60)
        bottom = self.sheet.bottom - m.px(24) - m.button_h - m.px(60)
        rh = m.px(44)
        count = max(1, (bottom - top) // (rh + m.px(4)))
        self.rows = []
        for i in range(min(count, max(1, len(self.entries)))):
            rect = pygame.Rect(self.sheet.x + m.px(20), top + i * (rh + m.px(4)),
                               self.sheet.w - m.px(40), rh)
            button = self.button(rect, "", partial(self.pick, i), object_id="#option_button")
            self.rows.append(button)
        y = self.sheet.bottom - m.px(20) - m.button_h
        self.button(pygame.Rect(self.sheet.x + m.px(20), y, m.px(160), m.button_h),
                    "Back (Esc)", self.app.pop, object_id="#quiet_button")
        self.open_button = self.button(
            pygame.Rect(self.sheet.right - m.px(20) - m.px(200), y, m.px(200), m.button_h),
            self.verb + " (Enter)", self.open_selected)
        self.refresh()
        if self.focus_index < 0:
            self.set_focus(self.rows[0] if self.entries else None)

    def refresh(self) -> None:
        font = fonts.get("body", self.m.body)
        for i, button in enumerate(self.rows):
            index = self.offset + i
            if index >= len(self.entries):
                button.set_text("No saved games yet." if index == 0 else "")
                button.disable()
                continue
            entry = self.entries[index]
            suffix = f"  \u2014  {entry.when}" if entry.when else "  \u2014  cannot be read"
            text = fonts.ellipsize(entry.label + suffix, font,
                                   button.get_abs_rect().w - self.m.px(20))
            if button.text != text:
                button.set_text(text)
            (button.select if index == self.selected else button.unselect)()
            (button.enable if entry.ok else button.disable)()
        if self.open_button is not None:
            usable = 0 <= self.selected < len(self.entries) and self.entries[self.selected].ok
            (self.open_button.enable if usable else self.open_button.disable)()

    def pick(self, row: int) -> None:
        index = self.offset + row
        if index == self.selected:
            self.open_selected()
            return
        self.selected = index
        self.refresh()

    def open_selected(self) -> None:
        if 0 <= self.selected < len(self.entries):
            self.open(self.entries[self.selected])

    def open(self, entry: Any) -> None:
        from game.client import loading

        def failed(reason: str) -> None:
            self.message = f"Could not load: {reason}"
            self.app.request_redraw()

        loading.open_save(self.app, entry.path, failed)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN) and self.entries:
            step = 1 if event.key == pygame.K_DOWN else -1
            self.selected = max(0, min(len(self.entries) - 1, self.selected + step))
            if self.selected < self.offset:
                self.offset = self.selected
            elif self.selected >= self.offset + len(self.rows):
                self.offset = self.selected - len(self.rows) + 1
            self.refresh()
            self.set_focus(self.rows[self.selected - self.offset])
            return True
        return False

    def under_key(self) -> Any:
        return (self.message, self.selected)

    def render_under(self, surface: pygame.Surface) -> None:
        draw_sheet(surface, self, self.heading)
        m = self.m
        if 0 <= self.selected < len(self.entries):
            detail = self.entries[self.selected].detail
            area = pygame.Rect(self.sheet.x + m.px(20),
                               self.sheet.bottom - m.px(24) - m.button_h - m.px(52),
                               self.sheet.w - m.px(40), m.px(40))
            draw.text_block(surface, detail, fonts.get("body", m.small), self.pal.ink_soft, area,
                            max_lines=2)
        if self.message:
            font = fonts.get("body", self.m.small)
            draw.text(surface, fonts.ellipsize(self.message, font, self.sheet.w - self.m.px(40)),
                      font, self.pal.bad, (self.sheet.x + self.m.px(20),
                                           self.sheet.bottom - self.m.px(30) - self.m.button_h),
                      "bottomleft")


class LoadScreen(SaveListScreen):
    name = "load"


class ReplaysScreen(SaveListScreen):
    name = "replays"
    heading = "REPLAYS"
    verb = "Watch"

    def open(self, entry: Any) -> None:
        saves = self.app.get_saves()
        try:
            timeline = saves.timeline(entry.path)
        except Exception as exc:
            self.message = f"Could not open the replay: {exc}"
            self.app.request_redraw()
            return
        self.app.switch_to(ReplayViewer(self.app, timeline, entry.label))
