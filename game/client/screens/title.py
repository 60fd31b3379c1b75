"""The title screen: a poster of the period behind the menu (New campaign,
Continue, Load, Replays, Settings, How to play, Quit)."""

from __future__ import annotations

import sys
from typing import Any

import pygame

from game.client import draw, fonts, poster
from game.client.screens.base import Screen


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.frames_shown = 0
        self.menu: list[tuple[str, str, Any]] = []
        self.keys: dict[int, Any] = {}
        self.card = pygame.Rect(0, 0, 0, 0)
        self.band = pygame.Rect(0, 0, 0, 0)
        self.message = app.notice or ""

    def _entries(self) -> list[tuple[str, str, Any]]:
        entries: list[tuple[str, str, Any]] = [("New campaign", "N", self.new_campaign)]
        saves = self.app.saves if self.app._saves_probed else None
        if saves is not None:
            if any(entry.ok for entry in saves.entries()):
                entries.append(("Continue", "C", self.continue_game))
            entries.append(("Load", "L", self.load_game))
            if saves.has_replays:
                entries.append(("Replays", "R", self.replays))
        entries += [("Settings", "S", self.settings), ("How to play", "H", self.help),
                    ("Quit", "Q", self.app.quit)]
        return entries

    def build(self) -> None:
        m, (w, h) = self.m, self.size
        self.menu = self._entries()
        button_h = m.px(40)
        # the menu is a sheet of paper pinned on the right; the poster fills the rest
        card_w = min(m.px(400), int(w * 0.38))
        band_h = m.px(64)
        # A message (why a save could not be loaded...) gets three lines across the bottom.
        reserve = m.px(70) if self.message else 0
        card_h = min(band_h + len(self.menu) * (button_h + m.gap) + m.px(80),
                     h - 2 * m.pad - reserve)
        margin = max(m.pad, (w - card_w) // 16)
        self.card = pygame.Rect(w - margin - card_w, (h - card_h - reserve) // 2, card_w,
                                card_h)
        self.band = pygame.Rect(self.card.x, self.card.y, card_w, band_h)
        y = self.band.bottom + m.px(18)
        avail = self.card.bottom - m.px(40) - y
        button_h = min(button_h, (avail - m.gap * (len(self.menu) - 1)) // len(self.menu))
        self.keys = {}
        for label, key, handler in self.menu:
            rect = pygame.Rect(self.card.x + m.px(40), y, card_w - m.px(80), button_h)
            self.button(rect, label, handler, object_id="#menu_button")
            self.keys[pygame.key.key_code(key.lower())] = handler
            y += button_h + m.gap
        if self.focus_index < 0:
            self.focus_index = 0

    def arrow_focus(self) -> bool:
        return True

    def on_key(self, event: pygame.event.Event) -> bool:
        handler = self.keys.get(event.key)
        if handler is not None and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            handler()
            return True
        return bool(event.key == pygame.K_ESCAPE)

    def update(self, dt: float) -> bool:
        self.frames_shown += 1
        if self.frames_shown == 1 and not self.app._saves_probed:
            self.app.stay_active(0.2)          # a few more frames soon, to look for saves
        elif not self.app._saves_probed and self.app.get_saves() is not None:
            self.rebuild()
            self.app.request_redraw()
        return False

    def under_key(self) -> Any:
        return (self.message,)

    def show_message(self, message: str) -> None:
        """Say something below the menu (laid out again to make room for it)."""
        self.message = message
        self.rebuild()
        self.app.request_redraw()

    def render_under(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        window = surface.get_rect()
        free = pygame.Rect(0, 0, self.card.left, window.h)
        poster.draw_poster(surface, window, poster.GAME_ART, pal, m, focus=free)
        draw.paper(surface, self.card, pal, shadow=m.px(6))
        band = self.band
        pygame.draw.rect(surface, draw.rgb(pal.accent_dark), band)
        heading = fonts.get("heading", m.px(30))
        draw.text(surface, "CENTRAL COMMITTEE", heading, pal.accent_text,
                  (band.centerx, band.centery - m.px(2)), "center")
        small = fonts.get("body", m.small)
        draw.text(surface, fonts.ellipsize("Tab or \u2191\u2193 to move \u00b7 Enter to choose "
                                           "\u00b7 F1 help", small, self.card.w - m.px(20)),
                  small, pal.ink_soft, (self.card.centerx, self.card.bottom - m.px(14)),
                  "midbottom")
        if self.message:
            # Under the menu when there is room for three lines; else a band across the
            # foot of the window, so that a reason (a broken scenario) is read whole.
            lines = 3
            tall = int(small.get_linesize() * 1.25) * (lines - 1) + small.get_linesize()
            area = pygame.Rect(self.card.x + m.px(20), self.card.bottom + m.px(10),
                               self.card.w - m.px(40), tall)
            if area.bottom > self.size[1] - m.px(6):
                area = pygame.Rect(m.px(20), self.size[1] - m.px(8) - tall,
                                   self.size[0] - m.px(40), tall)
            backing = area.inflate(m.px(12), m.px(8))
            pygame.draw.rect(surface, draw.rgb(pal.desk), backing)
            draw.text_block(surface, self.message, small, pal.desk_text, area,
                            max_lines=lines)

    def draw_over(self, surface: pygame.Surface) -> None:
        super().draw_over(surface)
        mono = fonts.get("mono", self.m.small)
        for element, (_label, key, _h) in zip(self.focusables, self.menu, strict=False):
            rect = pygame.Rect(element.get_abs_rect())
            draw.text(surface, key, mono, self.pal.paper,
                      (rect.right - self.m.px(14), rect.centery), "midright")

    # -- actions ------------------------------------------------------------------

    def new_campaign(self) -> None:
        from game.client.screens.new_campaign import NewCampaignScreen

        self.app.switch_to(NewCampaignScreen(self.app))

    def continue_game(self) -> None:
        saves = self.app.get_saves()
        # The newest save that can be read: a damaged or odd file is skipped, not fatal.
        entries = [entry for entry in saves.entries() if entry.ok] if saves else []
        if entries:
            load_from_path(self.app, entries[0].path)

    def load_game(self) -> None:
        from game.client.screens.saves import LoadScreen

        self.app.push(LoadScreen(self.app))

    def replays(self) -> None:
        from game.client.screens.saves import ReplaysScreen

        self.app.push(ReplaysScreen(self.app))

    def settings(self) -> None:
        from game.client.screens.settings_screen import SettingsScreen

        self.app.push(SettingsScreen(self.app))

    def help(self) -> None:
        from game.client.screens.help import HelpScreen

        self.app.push(HelpScreen(self.app))

    def autoplay(self, pilot: Any) -> None:
        element = self.focusables[0] if self.focusables else None
        if element is not None:
            pilot.click(element)


def load_from_path(app: Any, path: Any) -> bool:
    """Load a save into a new session; on failure show why on the title screen."""
    from game.client import loading

    shown = str(path) if len(str(path)) <= 80 else "..." + str(path)[-77:]

    def failed(reason: str) -> None:
        message = f"Could not load {shown}: {reason}"
        print(f"red-schism: {message}", file=sys.stderr)
        if not isinstance(app.top, TitleScreen):
            app.switch_to(TitleScreen(app))
        app.top.show_message(message)

    return loading.open_save(app, path, failed)
