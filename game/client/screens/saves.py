"""Loading saved games, and the replay viewer (step, scrub, branch)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pygame

from game.client import draw, fonts, present
from game.client.board import Board
from game.client.meters import MeterPanel
from game.client.screens.base import Screen
from game.client.screens.common import draw_sheet, sheet_rect
from game.client.widgets import esc, set_html


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
        saves = self.app.get_saves()
        try:
            session, warnings = saves.load(entry.path)
        except Exception as exc:
            self.message = f"Could not load: {exc}"
            self.app.request_redraw()
            return
        self.app.start_session(session, notice=" ".join(warnings))

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


class ReplayViewer(Screen):
    """Step through a saved game turn by turn, scrub, and branch a new campaign."""

    name = "replay"

    def __init__(self, app: Any, timeline: Any, title: str) -> None:
        super().__init__(app)
        self.timeline = timeline
        self.title = title
        self.turn = 0
        self.meters: MeterPanel | None = None
        self.board: Board | None = None
        self.box: Any = None
        self.area = pygame.Rect(0, 0, 0, 0)
        self._html: dict[int, str] = {}
        self.scrub = pygame.Rect(0, 0, 0, 0)
        self.message = ""

    @property
    def state(self) -> Any:
        return self.timeline.state_after(self.turn)

    def build(self) -> None:
        m = self.m
        w, h = self.size
        top_h = m.px(52)
        bottom_h = m.px(26) + m.button_h + m.px(16)
        body = pygame.Rect(m.pad, top_h + m.pad, w - 2 * m.pad, h - top_h - bottom_h - 2 * m.pad)
        left_w = min(max(int(w * 0.25), m.px(250)), m.px(380))
        right_w = min(max(int(w * 0.28), m.px(270)), m.px(440))
        scenario = self.timeline.scenario
        self.meters = MeterPanel(scenario, self.timeline.human, self.pal, m)
        self.meters.set_area(pygame.Rect(body.x, body.y, left_w, body.h))
        self.board = Board(scenario, self.pal, m)
        self.board.set_area(pygame.Rect(body.x + left_w + m.pad, body.y,
                                        body.w - left_w - right_w - 2 * m.pad, body.h))
        self.box = self.textbox(pygame.Rect(body.right - right_w, body.y, right_w, body.h), "",
                                object_id="#small_text")
        self.scrub = pygame.Rect(m.pad + m.px(10), h - bottom_h + m.px(6), w - 2 * m.pad - m.px(20),
                                 m.px(14))
        y = h - m.button_h - m.px(10)
        specs = [("\u00ab Previous", self.previous, "#quiet_button"),
                 ("Next \u00bb", self.next, "#quiet_button"),
                 ("Branch from this turn (B)", self.branch, None),
                 ("Title (Esc)", self.app.to_title, "#quiet_button")]
        widths = [m.px(130), m.px(130), m.px(250), m.px(140)]
        x = m.pad
        for (label, handler, oid), bw in zip(specs, widths, strict=True):
            self.button(pygame.Rect(x, y, bw, m.button_h), label, handler, object_id=oid)
            x += bw + m.gap
        self.refresh()

    def refresh(self) -> None:
        state = self.state
        assert self.meters is not None
        self.meters.sync(state, animate=False)
        tl = self.timeline
        lines = [f"<b>Turn {self.turn + 1} of {tl.turn_count} \u00b7 {esc(tl.label(self.turn))}"
                 "</b>"]
        events = tl.events(self.turn)
        if events:
            lines.append("<b>Events</b>")
            lines += [f"\u2022 {esc(e.title)}" for e in events]
        decisions = tl.decisions(self.turn)
        if decisions:
            lines.append("<b>Decisions</b>")
            for d in decisions:
                side = present.side_short(tl.scenario, d.side)
                text = present.decision_text(tl.scenario, d.kind, d.source, d.detail)
                lines.append(f"\u2022 {esc(side)}: {esc(text)}")
        changes: dict[int, int] = {}
        for change in tl.changes(self.turn):
            changes[change.slot] = changes.get(change.slot, 0) + change.delta
        shown = [(slot, delta) for slot, delta in changes.items()
                 if delta and not tl.scenario.meters[slot].hidden]
        if shown:
            lines.append("<b>Meters moved</b>")
            for slot, delta in sorted(shown, key=lambda kv: -abs(kv[1]))[:12]:
                lines.append(f"\u2022 {esc(tl.scenario.meters[slot].name)} "
                             f"{esc(present.signed(delta))}")
        set_html(self.box, "<br>".join(lines), self._html)
        self.app.request_redraw()

    def previous(self) -> None:
        self.turn = max(0, self.turn - 1)
        self.refresh()

    def next(self) -> None:
        self.turn = min(self.timeline.turn_count - 1, self.turn + 1)
        self.refresh()

    def branch(self) -> None:
        try:
            session = self.timeline.branch(self.turn)
        except (ValueError, IndexError) as exc:
            self.message = str(exc)
            self.app.request_redraw()
            return
        self.app.start_session(session, notice=f"Branched from {self.timeline.label(self.turn)}.")

    def on_key(self, event: pygame.event.Event) -> bool:
        key = event.key
        if key == pygame.K_ESCAPE:
            self.app.to_title()
        elif key == pygame.K_LEFT:
            self.previous()
        elif key == pygame.K_RIGHT:
            self.next()
        elif key == pygame.K_HOME:
            self.turn = 0
            self.refresh()
        elif key == pygame.K_END:
            self.turn = self.timeline.turn_count - 1
            self.refresh()
        elif key == pygame.K_b:
            self.branch()
        else:
            return False
        return True

    def on_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and \
                self.scrub.inflate(0, self.m.px(10)).collidepoint(event.pos):
            fraction = (event.pos[0] - self.scrub.x) / max(1, self.scrub.w)
            self.turn = max(0, min(self.timeline.turn_count - 1,
                                   round(fraction * (self.timeline.turn_count - 1))))
            self.refresh()
            return True
        return False

    def under_key(self) -> Any:
        shown = tuple(round(v) for v in self.meters.shown.values()) if self.meters else ()
        return (self.turn, self.message, shown)

    def render_under(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        surface.fill(draw.rgb(pal.desk))
        big = fonts.get("heading", m.px(22))
        draw.text(surface, "REPLAY \u00b7 " + self.timeline.label(self.turn), big, pal.desk_text,
                  (m.pad, m.px(26)), "midleft")
        small = fonts.get("body", m.small)
        draw.text(surface, fonts.ellipsize(self.message or self.title, small, m.px(400)), small,
                  pal.desk_text, (self.size[0] - m.pad, m.px(26)), "midright")
        state = self.state
        assert self.meters is not None and self.board is not None
        self.meters.draw(surface, state)
        self.board.draw(surface, state, None)
        track = self.scrub
        pygame.draw.rect(surface, draw.rgb(pal.desk_light), track)
        count = max(1, self.timeline.turn_count - 1)
        x = track.x + track.w * self.turn // count
        pygame.draw.rect(surface, draw.rgb(pal.ochre), (track.x, track.y, x - track.x, track.h))
        pygame.draw.circle(surface, draw.rgb(pal.paper), (x, track.centery), track.h)
        hint = "\u2190 \u2192 step \u00b7 Home/End \u00b7 click the bar to jump \u00b7 B branch"
        buttons = self.focusables[-1].get_abs_rect() if self.focusables else track
        room = self.size[0] - m.pad - int(buttons.right) - m.px(16)
        if room > m.px(80):
            draw.text(surface, fonts.ellipsize(hint, small, room), small, pal.desk_text,
                      (self.size[0] - m.pad, int(buttons.centery)), "midright")

    def update(self, dt: float) -> bool:
        return self.meters.update(dt) if self.meters is not None else False
