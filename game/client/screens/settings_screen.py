"""Settings: window size, fullscreen, UI scale, palette, effect previews,
animations, sound and volumes. Changes apply at once and are saved."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pygame

from game.client import draw, fonts
from game.client.layout import effective_scale
from game.client.screens.base import Screen
from game.client.screens.common import draw_sheet, sheet_rect
from game.client.settings import (
    HISTORY_NOTES,
    PALETTES,
    PREVIEW_DETAILS,
    UI_SCALES,
    VOLUMES,
    WINDOW_SIZES,
    cycle,
)

PALETTE_NAMES = {"period": "Period: party red, ochre, cream",
                 "colour_blind": "Colour-blind safe (orange and blue)"}
DETAIL_NAMES = {"exact": "Exact numbers", "direction": "Direction only", "hidden": "Hidden"}
HISTORY_NAMES = {"after": "After I decide", "before": "Before I decide too"}


class SettingsScreen(Screen):
    name = "settings"
    modal = True

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.sheet = pygame.Rect(0, 0, 0, 0)
        self.rows: list[tuple[str, str, Callable[[int], None], Callable[[], str]]] = []
        self.labels: list[tuple[str, str, pygame.Rect]] = []
        self.value_buttons: list[Any] = []
        self.message = app.notice or ""

    def _rows(self) -> list[tuple[str, str, Callable[[int], None], Callable[[], str]]]:
        s = self.app.settings

        def size_text() -> str:
            w, h = s.window_size
            return f"{w} \u00d7 {h}"

        def scale_text() -> str:
            actual = round(effective_scale(self.app.size, s.ui_scale) * 100)
            return f"{s.ui_scale}%  (now drawn at {actual}%)"

        return [
            ("Window size", "Used when not in fullscreen.",
             lambda step: self.change(window_size=cycle(WINDOW_SIZES, s.window_size, step)),
             size_text),
            ("Fullscreen", "Fill the whole screen.",
             lambda step: self.change(fullscreen=not s.fullscreen),
             lambda: "On" if s.fullscreen else "Off"),
            ("UI scale", "Text and controls (large windows add a little).",
             lambda step: self.change(ui_scale=cycle(UI_SCALES, s.ui_scale, step)), scale_text),
            ("Colours", "A palette that never relies on red against green.",
             lambda step: self.change(palette=cycle(PALETTES, s.palette, step)),
             lambda: PALETTE_NAMES[s.palette]),
            ("Effect previews", "How much a choice tells you before you make it.",
             lambda step: self.change(preview_detail=cycle(PREVIEW_DETAILS, s.preview_detail,
                                                           step)),
             lambda: DETAIL_NAMES[s.preview_detail]),
            ("What really happened", "When an event's historical note can be read.",
             lambda step: self.change(history_note=cycle(HISTORY_NOTES, s.history_note, step)),
             lambda: HISTORY_NAMES[s.history_note]),
            ("Guided first turn", "Short hints on your first turn.",
             lambda step: self.change(guide_done=not s.guide_done),
             lambda: "Seen (off)" if s.guide_done else "Show"),
            ("Animations", "Numbers count to their new value; cables print out.",
             lambda step: self.change(animations=not s.animations),
             lambda: "On" if s.animations else "Off"),
            ("Sound", "Teleprinter, stamps, alarms and pages.",
             lambda step: self.change(mute=not s.mute),
             lambda: "Muted" if s.mute else "On"),
            ("Master volume", "Loudness of everything.",
             lambda step: self.change(master_volume=cycle(VOLUMES, s.master_volume, step)),
             lambda: f"{s.master_volume}%"),
            ("Effects volume", "Loudness of the sound effects.",
             lambda step: self.change(effects_volume=cycle(VOLUMES, s.effects_volume, step)),
             lambda: f"{s.effects_volume}%"),
        ]

    def build(self) -> None:
        m = self.m
        self.rows = self._rows()
        row_h = m.px(54)
        height = m.px(70) + len(self.rows) * row_h + m.button_h + m.px(60)
        self.sheet = sheet_rect(self.size, m, m.px(820), height)
        y = self.sheet.y + m.px(64)
        avail = self.sheet.bottom - m.px(30) - m.button_h - y
        row_h = min(row_h, avail // len(self.rows))
        label_w = int(self.sheet.w * 0.42)
        self.labels = []
        self.value_buttons = []
        for index, (label, help_text, _change, _value) in enumerate(self.rows):
            left = pygame.Rect(self.sheet.x + m.px(24), y, label_w, row_h)
            self.labels.append((label, help_text, left))
            rect = pygame.Rect(left.right + m.px(10), y + (row_h - m.px(34)) // 2,
                               self.sheet.right - m.px(24) - left.right - m.px(10), m.px(34))
            button = self.button(rect, "", partial(self.cycle_row, index, 1),
                                 object_id="#option_button")
            self.value_buttons.append(button)
            y += row_h
        back = pygame.Rect(self.sheet.right - m.px(24) - m.px(160),
                           self.sheet.bottom - m.px(20) - m.button_h, m.px(160), m.button_h)
        self.button(back, "Back (Esc)", self.app.pop)
        self.refresh()
        if self.focus_index < 0:
            self.focus_index = 0

    def cycle_row(self, index: int, step: int) -> None:
        self.rows[index][2](step)

    def refresh(self) -> None:
        font = fonts.get("body", self.m.body)
        for button, row in zip(self.value_buttons, self.rows, strict=True):
            text = fonts.ellipsize(row[3](), font, button.get_abs_rect().w - self.m.px(24))
            if button.text != text:
                button.set_text(text)

    def change(self, **changes: Any) -> None:
        settings = self.app.settings.model_copy(update=changes)
        settings = type(settings).model_validate(settings.model_dump())
        error = self.app.apply_settings(settings)
        self.message = error or "Saved."
        self.refresh()

    def arrow_focus(self) -> bool:
        return True

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            focused = self.focused
            if focused in self.value_buttons:
                index = self.value_buttons.index(focused)
                self.rows[index][2](1 if event.key == pygame.K_RIGHT else -1)
                return True
        return False

    def under_key(self) -> Any:
        return (self.message,)

    def render_under(self, surface: pygame.Surface) -> None:
        draw_sheet(surface, self, "SETTINGS")
        pal, m = self.pal, self.m
        bold = fonts.get("bold", m.body)
        small = fonts.get("body", m.small)
        for label, help_text, rect in self.labels:
            draw.text(surface, label, bold, pal.ink, (rect.x, rect.y + m.px(6)))
            draw.text(surface, fonts.ellipsize(help_text, small, rect.w), small, pal.ink_soft,
                      (rect.x, rect.y + m.px(6) + bold.get_linesize()))
        hint = self.message or "Enter or \u2192 changes a setting, \u2190 goes back; " \
            "changes are saved at once."
        draw.text(surface, fonts.ellipsize(hint, small, self.sheet.w - m.px(240)), small,
                  pal.ink_soft, (self.sheet.x + m.px(24), self.sheet.bottom - m.px(20)
                                 - m.button_h // 2), "midleft")
