"""The replay viewer: a saved game turn by turn.

A timeline along the bottom can be clicked and dragged; the arrow keys step a
turn, Home and End jump; Space plays and pauses at 0.5, 1, 2 or 4 turns a
second. Beside the board and the meters are the turn's events, decisions (with
what history did) and meter changes, and charts of the main meters over the
whole game with a line at the turn on show. "Take over from here" starts a new
campaign at the beginning of the turn on show.

Playing costs no frames between turns: a one-shot SDL timer wakes the window's
loop when the next turn is due, so the screen is redrawn only when the turn
changes. ``update(dt)`` also advances the play clock, for the frames that come
anyway (and for tests).
"""

from __future__ import annotations

import bisect
import itertools
from typing import Any

import pygame

from game.client import charts, draw, fonts, present
from game.client.board import Board
from game.client.meters import MeterPanel, draw_tooltip
from game.client.palette import mix
from game.client.screens.base import Screen
from game.client.scrolltext import Run, ScrollText

PLAY_EVENT = pygame.USEREVENT
"""Posted by the play timer: the next turn is due. The plain USEREVENT, told apart by
its ``replay_token``: ``custom_type()`` numbers start again after ``pygame.quit()`` and
could then be pygame_gui's."""
_tokens = itertools.count(1)
"""Every arming of the timer gets a new token, so a late event from an old one is ignored."""
SPEEDS = (0.5, 1.0, 2.0, 4.0)
"""Turns a second."""
DEFAULT_SPEED = 1
HINT = ("Space play/pause \u00b7 [ ] speed \u00b7 \u2190 \u2192 step \u00b7 Home/End \u00b7 "
        "drag the timeline \u00b7 G chart \u00b7 T take over")


def arm_timer(event: pygame.event.Event | int, millis: int) -> None:
    """Post ``event`` once after ``millis`` ms (0 cancels); tests replace this."""
    if millis <= 0:
        pygame.time.set_timer(event, 0)
    else:
        pygame.time.set_timer(event, millis, 1)


def speed_text(speed: float) -> str:
    return f"{speed:g}\u00d7"


class TurnView:
    """A turn as the viewer shows it: the meters as the turn ended and the turns before
    it as history (so "change since last turn" is the turn's own change); anything else
    comes from the engine's state after the turn."""

    def __init__(self, base: Any, values: list[int], history: list[tuple[int, ...]],
                 turn: int, ledger: list[Any]) -> None:
        self._base = base
        self.values = values
        self.history = history
        self.turn = turn
        self.ledger = ledger

    def __getattr__(self, name: str) -> Any:
        return getattr(self._base, name)


class ReplayViewer(Screen):
    """Step, scrub, play and chart a saved game, and take over from any turn."""

    name = "replay"

    def __init__(self, app: Any, timeline: Any, title: str) -> None:
        super().__init__(app)
        self.timeline = timeline
        self.scenario = timeline.scenario
        self.title = title
        self.turn = 0
        broken = getattr(timeline, "broken", None)
        self.message = f"Shown up to the last turn that replays: {broken}" if broken else ""
        # playing
        self.playing = False
        self.speed_index = DEFAULT_SPEED
        self.play_time = 0.0
        self._token = 0
        self._due = False
        # layout
        self.meters: MeterPanel | None = None
        self.board: Board | None = None
        self.text: ScrollText | None = None
        self.text_rect = pygame.Rect(0, 0, 0, 0)
        self.chart_area = pygame.Rect(0, 0, 0, 0)
        self.chart_rects: list[pygame.Rect] = []
        self.track = pygame.Rect(0, 0, 0, 0)
        self.grab = pygame.Rect(0, 0, 0, 0)
        self.compact = False
        self.chart_instead = False
        """small windows: the charts are shown instead of the board (G)"""
        self.chart_below = True
        """larger windows: the charts are shown under the board (G hides them)"""
        self.play_button: Any = None
        self.speed_button: Any = None
        self.chart_button: Any = None
        self.take_button: Any = None
        # mouse
        self.dragging = False
        self.mouse = (-1, -1)
        self.hover_party: str | None = None
        # caches
        self._views: dict[int, TurnView] = {}
        self._charts: pygame.Surface | None = None
        self._charts_key: Any = None
        self._plots: list[tuple[pygame.Rect, list[list[float]], float, float, list[str]]] = []
        starts = tuple(m.start for m in self.scenario.meters)
        self._rows: list[tuple[int, ...]] = [starts, *timeline.final.history]
        self._ledger_turns = [c.cause.turn for c in timeline.final.ledger]

    # -- what is on show ----------------------------------------------------------------------

    @property
    def count(self) -> int:
        return int(self.timeline.turn_count)

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    @property
    def interval(self) -> float:
        return 1.0 / self.speed

    @property
    def state(self) -> Any:
        return self.view(self.turn)

    def view(self, turn: int) -> TurnView:
        cached = self._views.get(turn)
        if cached is not None:
            return cached
        tl = self.timeline
        base = tl.state_after(turn)
        history = list(tl.final.history)
        if turn < len(history):
            row = history[turn]
            values = list(row) + list(base.values[len(row):])
        else:
            values = list(base.values)
        cut = bisect.bisect_right(self._ledger_turns, turn)
        view = TurnView(base, values, history[:turn], turn, tl.final.ledger[:cut])
        if len(self._views) > 64:
            self._views.clear()
        self._views[turn] = view
        return view

    # -- building -----------------------------------------------------------------------------

    def build(self) -> None:
        m = self.m
        w, h = self.size
        top_h = m.px(52)
        tick_font = fonts.get("body", m.px(11))
        buttons_y = h - m.px(10) - m.button_h
        bar_h = m.px(12)
        self.track = pygame.Rect(m.pad + m.px(14),
                                 buttons_y - m.px(8) - tick_font.get_linesize() - m.px(6) - bar_h,
                                 w - 2 * m.pad - m.px(28), bar_h)
        self.grab = pygame.Rect(self.track.x - m.px(12), self.track.y - m.px(10),
                                self.track.w + m.px(24),
                                buttons_y - m.px(4) - (self.track.y - m.px(10)))
        body = pygame.Rect(m.pad, top_h + m.pad, w - 2 * m.pad,
                           self.track.y - m.px(16) - top_h - m.pad)
        left_w = min(max(int(w * 0.22), m.px(250)), m.px(340))
        right_w = min(max(int(w * 0.27), m.px(270)), m.px(440))
        meters_rect = pygame.Rect(body.x, body.y, left_w, body.h)
        rest = pygame.Rect(meters_rect.right + m.pad, body.y,
                           body.right - meters_rect.right - m.pad, body.h)
        self.compact = body.h < m.px(540)
        board_rect = pygame.Rect(0, 0, 0, 0)
        self.chart_area = pygame.Rect(0, 0, 0, 0)
        if self.compact:
            centre = pygame.Rect(rest.x, rest.y, rest.w - right_w - m.pad, rest.h)
            self.text_rect = pygame.Rect(centre.right + m.pad, rest.y, right_w, rest.h)
            if self.chart_instead:
                self.chart_area = centre
            else:
                board_rect = centre
        else:
            upper = rest
            if self.chart_below:
                chart_h = max(m.px(200), min(int(body.h * 0.34), m.px(330)))
                upper = pygame.Rect(rest.x, rest.y, rest.w, rest.h - chart_h - m.pad)
                self.chart_area = pygame.Rect(rest.x, upper.bottom + m.pad, rest.w, chart_h)
            board_rect = pygame.Rect(upper.x, upper.y, upper.w - right_w - m.pad, upper.h)
            self.text_rect = pygame.Rect(board_rect.right + m.pad, upper.y, right_w, upper.h)
        self.chart_rects = self._chart_layout(self.chart_area)
        self._charts = None

        self.meters = MeterPanel(self.scenario, self.timeline.human, self.pal, m)
        self.meters.set_area(meters_rect)
        self.board = None
        if board_rect.w > 0:
            self.board = Board(self.scenario, self.pal, m)
            self.board.hint = "Hover: details"
            self.board.set_area(board_rect)
        self.text = ScrollText(self.pal, m)
        self.text.gap = m.px(4)
        self.text.set_area(self.text_rect.inflate(-m.px(16), -m.px(16)))

        gap = m.gap
        x = m.pad
        self.button(pygame.Rect(x, buttons_y, m.px(100), m.button_h), "\u00ab Prev",
                    self.previous, object_id="#quiet_button",
                    tooltip="The turn before (Left arrow)")
        x += m.px(100) + gap
        self.play_button = self.button(pygame.Rect(x, buttons_y, m.px(132), m.button_h),
                                       self._play_label(), self.toggle_play,
                                       tooltip="Play or pause (Space)")
        x += m.px(132) + gap
        self.speed_button = self.button(pygame.Rect(x, buttons_y, m.px(112), m.button_h),
                                        self._speed_label(), self.cycle_speed,
                                        object_id="#quiet_button",
                                        tooltip="Turns a second: 0.5, 1, 2 or 4 ([ and ])")
        x += m.px(112) + gap
        self.button(pygame.Rect(x, buttons_y, m.px(100), m.button_h), "Next \u00bb", self.next,
                    object_id="#quiet_button", tooltip="The turn after (Right arrow)")
        right = w - m.pad
        specs: list[tuple[str, Any, str | None, int, str]] = [
            ("Title (Esc)", self.app.to_title, "#quiet_button", 116, "Back to the title screen"),
            ("Take over from here (T)", self.branch, None, 232,
             "A new campaign from the start of this turn: you make its decisions"),
            (self._chart_label(), self.toggle_chart, "#quiet_button", 132,
             "Switch between the map and the meter charts (G)" if self.compact
             else "Show or hide the meter charts (G)"),
        ]
        made = []
        for label, handler, oid, width, tip in specs:
            bw = m.px(width)
            rect = pygame.Rect(right - bw, buttons_y, bw, m.button_h)
            made.append(self.button(rect, label, handler, object_id=oid, tooltip=tip))
            right -= bw + gap
        _title, self.take_button, self.chart_button = made
        # Tab order left to right
        self.focusables = self.focusables[:4] + list(reversed(self.focusables[4:]))
        if self.timeline.human is None:
            self.take_button.disable()
        if self.playing:
            self._arm()
        self.refresh()

    def _chart_layout(self, area: pygame.Rect) -> list[pygame.Rect]:
        groups = self._chart_groups()
        if area.w <= 0 or area.h <= 0 or not groups:
            return []
        m = self.m
        gap = m.px(8)
        n = len(groups)
        if area.w >= area.h * 1.6:
            n = max(1, min(n, (area.w + gap) // (m.px(220) + gap)))
            w = (area.w - (n - 1) * gap) // n
            return [pygame.Rect(area.x + i * (w + gap), area.y, w, area.h) for i in range(n)]
        n = max(1, min(n, (area.h + gap) // (m.px(120) + gap)))
        h = (area.h - (n - 1) * gap) // n
        return [pygame.Rect(area.x, area.y + i * (h + gap), area.w, h) for i in range(n)]

    def _chart_groups(self) -> list[tuple[str, list[Any]]]:
        """The main meters by display group (without the capitals), as the end screen."""
        return present.chart_groups(self.scenario, self.timeline.human, 6)

    def _play_label(self) -> str:
        return "Pause (Space)" if self.playing else "Play (Space)"

    def _speed_label(self) -> str:
        return "Speed " + speed_text(self.speed)

    def _chart_label(self) -> str:
        if self.compact:
            return "Map (G)" if self.chart_instead else "Chart (G)"
        return "Hide chart (G)" if self.chart_below else "Show chart (G)"

    def teardown(self) -> None:
        arm_timer(PLAY_EVENT, 0)
        super().teardown()

    # -- the turn on show ---------------------------------------------------------------------

    def refresh(self) -> None:
        state = self.state
        if self.meters is not None:
            self.meters.sync(state, animate=False)
        if self.text is not None:
            self.text.set_paragraphs(self._paragraphs())
            self.text.scroll = 0
        for button, text in ((self.play_button, self._play_label()),
                             (self.speed_button, self._speed_label()),
                             (self.chart_button, self._chart_label())):
            if button is not None and button.text != text:
                button.set_text(text)
        self.app.request_redraw()

    def _paragraphs(self) -> list[tuple[Run, ...]]:
        pal, tl, scenario = self.pal, self.timeline, self.scenario
        human = tl.human
        t = self.turn
        out: list[tuple[Run, ...]] = [
            (Run(f"Turn {t + 1} of {self.count} \u00b7 {tl.label(t)}", "bold", pal.ink),)]
        space: tuple[Run, ...] = (Run(""),)         # an empty paragraph: a little room
        events = tl.events(t)
        decisions = tl.decisions(t)
        if events:
            out.append(space)
            out.append((Run("EVENTS", "bold", pal.accent),))
            for event in events:
                runs = [Run("\u2022 " + event.title, "body", pal.ink)]
                sides = tuple(getattr(event, "sides", ()) or ())
                if 0 < len(sides) < len(scenario.sides):
                    names = ", ".join(present.side_short(scenario, s) for s in sides)
                    runs.append(Run(f" ({names})", "italic", pal.ink_soft))
                out.append(tuple(runs))
        if decisions:
            out.append(space)
            out.append((Run("DECISIONS", "bold", pal.accent),))
            try:
                said = present.decision_previews(tl.state_at_start(t), tl.turn_commands(t),
                                                 str(self.app.settings.preview_detail))
            except (IndexError, KeyError, StopIteration):
                said = []
            for number, d in enumerate(decisions):
                side = present.side_short(scenario, d.side)
                runs = [Run(side + " ", "bold", pal.accent if d.side == human else pal.ink_soft),
                        Run(present.decision_text(scenario, d.kind, d.source, d.detail), "body",
                            pal.ink)]
                if d.historical:
                    runs.append(Run(" \u2014 as in history", "italic", pal.good))
                elif d.kind == "choice":
                    real = self._historical_label(d.source)
                    if real:
                        runs.append(Run(" \u2014 history: " + real, "italic", pal.ink_soft))
                if number < len(said):
                    runs += [Run("\n"), Run("Preview: " + said[number], "italic",
                                             pal.ink_soft)]
                out.append(tuple(runs))
        if not events and not decisions:
            out.append((Run("No events and no decisions this turn.", "italic", pal.ink_soft),))
        totals: dict[int, int] = {}
        for change in tl.changes(t):
            totals[change.slot] = totals.get(change.slot, 0) + change.delta
        meters = scenario.meters
        moved = [(slot, delta) for slot, delta in totals.items()
                 if delta and slot < len(meters) and not meters[slot].hidden]
        if moved:
            out.append(space)
            out.append((Run("METERS MOVED", "bold", pal.accent),))
            values = self.state.values
            for slot, delta in sorted(moved, key=lambda kv: (-abs(kv[1]), kv[0])):
                meter = meters[slot]
                tone = present.tone(meter, delta, human)
                colour = {"good": pal.good, "bad": pal.bad}.get(tone, pal.ink)
                out.append((Run(present.effect_name(scenario, meter) + " ", "body", pal.ink),
                            Run(present.signed(delta), "bold", colour),
                            Run(f" \u2192 {values[slot]}", "body", pal.ink_faint)))
        return out

    def _historical_label(self, event_id: str) -> str:
        try:
            event = self.scenario.event(event_id)
        except KeyError:
            return ""
        real = present.historical_choice(event)
        return real.label if real is not None else ""

    def go_to(self, turn: int) -> bool:
        """Show a turn; True when it changed. The play clock starts again."""
        turn = max(0, min(self.count - 1, turn))
        if turn == self.turn:
            return False
        self.turn = turn
        if self.playing:
            self._arm()
        self.refresh()
        return True

    def previous(self) -> None:
        self.pause()
        self.go_to(self.turn - 1)

    def next(self) -> None:
        self.pause()
        self.go_to(self.turn + 1)

    # -- playing --------------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if self.count < 2:
            return
        if self.turn >= self.count - 1:
            self.turn = 0                          # play again from the start
        self.playing = True
        self._arm()
        self.refresh()

    def pause(self) -> None:
        if not self.playing:
            return
        self.playing = False
        self._due = False
        self._token = next(_tokens)
        arm_timer(PLAY_EVENT, 0)
        self.refresh()

    def set_speed(self, index: int) -> None:
        index = max(0, min(len(SPEEDS) - 1, index))
        if index == self.speed_index:
            return
        self.speed_index = index
        if self.playing:
            self._arm()
        self.refresh()

    def cycle_speed(self) -> None:
        self.set_speed((self.speed_index + 1) % len(SPEEDS))

    def _arm(self) -> None:
        """Start the wait for the next turn (any older timer event is ignored)."""
        self.play_time = 0.0
        self._due = False
        self._token = next(_tokens)
        if self.playing:
            arm_timer(pygame.event.Event(PLAY_EVENT, replay_token=self._token),
                      max(1, round(self.interval * 1000)))

    def advance(self, dt: float) -> int:
        """Run the play clock for ``dt`` seconds; the number of turns stepped."""
        if not self.playing or self.dragging:
            return 0
        self.play_time += dt
        stepped = 0
        while self.playing and (self._due or self.play_time >= self.interval - 1e-9):
            carry = 0.0 if self._due else self.play_time - self.interval
            self.turn = min(self.count - 1, self.turn + 1)
            stepped += 1
            if self.turn >= self.count - 1:
                self.playing = False               # the end of the game
                self._token = next(_tokens)
                self._due = False
                self.play_time = 0.0
                arm_timer(PLAY_EVENT, 0)
            else:
                self._arm()
                self.play_time = carry
        if stepped:
            self.refresh()
        return stepped

    def update(self, dt: float) -> bool:
        self.advance(dt)
        # True only while the meters ease; playing asks for no frames between turns
        return self.meters.update(dt) if self.meters is not None else False

    def on_ui_event(self, event: pygame.event.Event) -> bool:
        if event.type == PLAY_EVENT and self.playing and \
                getattr(event, "replay_token", None) == self._token:
            self._due = True                       # update() steps in this very frame
        return False

    # -- other commands ---------------------------------------------------------------------------

    def toggle_chart(self) -> None:
        if self.compact:
            self.chart_instead = not self.chart_instead
        else:
            self.chart_below = not self.chart_below
        self.hover_party = None
        self.rebuild()
        self.app.request_redraw()

    def branch(self) -> None:
        self.pause()
        try:
            session = self.timeline.branch(self.turn)
        except (ValueError, IndexError) as exc:
            self.message = str(exc)
            self.app.request_redraw()
            return
        self.app.start_session(session, notice=f"Took over from {self.timeline.label(self.turn)}"
                                               f" (turn {self.turn + 1}).")

    # -- input -------------------------------------------------------------------------------------

    def on_key(self, event: pygame.event.Event) -> bool:
        key = event.key
        unicode = getattr(event, "unicode", "")
        if key == pygame.K_ESCAPE:
            self.app.to_title()
        elif key == pygame.K_SPACE:
            self.toggle_play()
        elif key == pygame.K_LEFT:
            self.previous()
        elif key == pygame.K_RIGHT:
            self.next()
        elif key == pygame.K_HOME:
            self.go_to(0)
        elif key == pygame.K_END:
            self.go_to(self.count - 1)
        elif key in (pygame.K_RIGHTBRACKET, pygame.K_PLUS, pygame.K_KP_PLUS, pygame.K_EQUALS) \
                or unicode == "+":
            self.set_speed(self.speed_index + 1)
        elif key in (pygame.K_LEFTBRACKET, pygame.K_MINUS, pygame.K_KP_MINUS):
            self.set_speed(self.speed_index - 1)
        elif key in (pygame.K_t, pygame.K_b):
            self.branch()
        elif key == pygame.K_g:
            self.toggle_chart()
        elif key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            if self.text is not None:
                self.text.scroll_pages(1 if key == pygame.K_PAGEDOWN else -1)
        else:
            return False
        return True

    def turn_at(self, x: int) -> int:
        fraction = (x - self.track.x) / max(1, self.track.w)
        return max(0, min(self.count - 1, round(fraction * (self.count - 1))))

    def turn_x(self, turn: int) -> int:
        return self.track.x + round(self.track.w * turn / max(1, self.count - 1))

    def on_mouse(self, event: pygame.event.Event) -> bool:
        kind = event.type
        if kind == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.mouse = event.pos
            if self.grab.collidepoint(event.pos):
                self.dragging = True
                self.go_to(self.turn_at(event.pos[0]))
                return True
            return False
        if kind == pygame.MOUSEBUTTONUP and event.button == 1:
            if self.dragging:
                self.dragging = False
                if self.playing:
                    self._arm()
                return True
            return False
        if kind == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.dragging:
                buttons = getattr(event, "buttons", (1, 0, 0))
                if buttons and not buttons[0]:      # the button came up outside the window
                    self.dragging = False
                    return True
                return self.go_to(self.turn_at(event.pos[0]))
            return self._update_hover()
        if kind == pygame.MOUSEWHEEL:
            pos = self.mouse
            if self.meters is not None and self.meters.area.collidepoint(pos):
                self.meters.scroll_by(-event.y * self.m.px(40))
                return True
            if self.text is not None and self.text_rect.collidepoint(pos):
                self.text.scroll_by(-event.y * self.m.px(40))
                return True
            if self.grab.collidepoint(pos) and event.y:
                self.pause()
                self.go_to(self.turn + (1 if event.y < 0 else -1))
                return True
        return False

    def _update_hover(self) -> bool:
        changed = False
        if self.meters is not None:
            slot = self.meters.hit(self.mouse)
            if slot != self.meters.hovered:
                self.meters.hovered = slot
                changed = True
        party = None
        if self.board is not None and self.board.area.collidepoint(self.mouse):
            party = self.board.hit(self.mouse)
        if party != self.hover_party:
            self.hover_party = party
            changed = True
        return changed

    # -- drawing ---------------------------------------------------------------------------------

    def under_key(self) -> Any:
        meters: Any = ()
        if self.meters is not None:
            meters = (tuple(round(v) for v in self.meters.shown.values()), self.meters.scroll,
                      self.meters.hovered)
        return (self.turn, self.message, meters, self.text.scroll if self.text else 0,
                self.hover_party, self.playing, self.speed_index, self.dragging)

    def render_under(self, surface: pygame.Surface) -> None:
        pal = self.pal
        surface.fill(draw.rgb(pal.desk))
        self._draw_top(surface)
        state = self.state
        if self.meters is not None:
            self.meters.draw(surface, state)
        if self.board is not None:
            self.board.draw(surface, state, self.hover_party,
                            date_label=self.timeline.label(self.turn))
        self._draw_text(surface)
        self._draw_charts(surface)
        self._draw_timeline(surface)

    def _draw_top(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        w = self.size[0]
        top = pygame.Rect(0, 0, w, m.px(52))
        pygame.draw.rect(surface, draw.rgb(pal.desk_light), top)
        pygame.draw.line(surface, draw.rgb(pal.accent), (0, top.bottom - 1),
                         (top.right, top.bottom - 1), max(2, m.px(3)))
        big = fonts.get("heading", m.px(22))
        small = fonts.get("body", m.small)
        date = draw.text(surface, "REPLAY \u00b7 " + self.timeline.label(self.turn), big,
                         pal.desk_text, (m.pad + m.px(4), top.centery), "midleft")
        status = f"turn {self.turn + 1} of {self.count}"
        if self.playing:
            status += f" \u00b7 \u25b6 playing {speed_text(self.speed)}"
        info = draw.text(surface, status, small, pal.ochre if self.playing else pal.desk_text,
                         (date.right + m.px(14), top.centery), "midleft")
        room = w - m.pad - info.right - m.px(24)
        if room > m.px(60):
            right = w - m.pad - m.px(4)
            line1 = self.message or self.title
            colour = pal.ochre if self.message else pal.desk_text
            draw.text(surface, fonts.ellipsize(line1, small, room), small, colour,
                      (right, top.y + m.px(15)), "midright")
            faint = mix(pal.desk_text, pal.desk, 0.3)
            hint_font = fonts.get("body", m.px(11))
            draw.text(surface, fonts.ellipsize(HINT, hint_font, room), hint_font, faint,
                      (right, top.y + m.px(35)), "midright")

    def _draw_text(self, surface: pygame.Surface) -> None:
        if self.text is None or self.text_rect.w <= 0:
            return
        draw.paper(surface, self.text_rect, self.pal, shadow=self.m.px(3))
        self.text.draw(surface)

    def _chart_surface(self) -> pygame.Surface | None:
        """The charts (the same for every turn), drawn once per layout."""
        area = self.chart_area
        if area.w <= 0 or not self.chart_rects:
            return None
        key = (area.size, self.generation, self.pal.name)
        if self._charts is not None and key == self._charts_key:
            return self._charts
        pal, m = self.pal, self.m
        image = pygame.Surface(area.size)
        image.fill(draw.rgb(pal.desk))
        rows = self._rows
        x_labels = charts.year_labels(self.scenario.calendar, len(rows))
        colours = charts.series_colours(pal)
        self._plots = []
        for rect, (label, group) in zip(self.chart_rects, self._chart_groups(), strict=False):
            local = rect.move(-area.x, -area.y)
            series, lo, hi = charts.meter_series(self.scenario, group, rows, colours)
            plot = charts.draw_chart(image, local, label, series, x_labels, lo, hi, pal, m)
            if plot is not None:
                self._plots.append((plot.move(area.x, area.y),
                                    [list(s.values) for s in series], lo, hi,
                                    [s.colour for s in series]))
        self._charts, self._charts_key = image, key
        return image

    def _draw_charts(self, surface: pygame.Surface) -> None:
        image = self._chart_surface()
        if image is None:
            return
        surface.blit(image, self.chart_area.topleft)
        pal, m = self.pal, self.m
        index = min(self.turn + 1, len(self._rows) - 1)
        font = fonts.get("bold", m.px(11))
        for plot, values, lo, hi, colours in self._plots:
            points = max((len(v) for v in values), default=0)
            if points < 1:
                continue
            step = plot.w / max(1, points - 1)
            x = plot.left + round(index * step)
            pygame.draw.line(surface, draw.rgb(pal.accent), (x, plot.top), (x, plot.bottom),
                             max(1, m.px(2)))
            span = hi - lo or 1
            for series, colour in zip(values, colours, strict=True):
                if index < len(series):
                    v = min(max(series[index], lo), hi)
                    y = plot.bottom - round(plot.h * (v - lo) / span)
                    pygame.draw.circle(surface, draw.rgb(pal.paper_light), (x, y), m.px(4))
                    pygame.draw.circle(surface, draw.rgb(colour), (x, y), m.px(3))
            label = self.timeline.label(self.turn)
            tag = font.size(label)[0]
            anchor = "topleft" if x + m.px(4) + tag < plot.right else "topright"
            tx = x + m.px(4) if anchor == "topleft" else x - m.px(4)
            draw.text(surface, label, font, pal.accent, (tx, plot.top + m.px(1)), anchor)

    def _draw_timeline(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        track = self.track
        count = self.count
        pygame.draw.rect(surface, draw.rgb(pal.desk_light), track, border_radius=track.h // 2)
        x = self.turn_x(self.turn)
        played = pygame.Rect(track.x, track.y, max(track.h, x - track.x), track.h)
        pygame.draw.rect(surface, draw.rgb(pal.ochre_dark if not self.playing else pal.ochre),
                         played, border_radius=track.h // 2)
        # turns with events: small marks above the bar
        mark = mix(pal.desk_text, pal.desk, 0.45)
        for turn in range(count):
            if self.timeline.events(turn):
                tx = self.turn_x(turn)
                pygame.draw.line(surface, mark, (tx, track.y - m.px(6)), (tx, track.y - m.px(3)),
                                 max(1, m.px(1)))
        # a tick for every year (or month), labelled where there is room
        font = fonts.get("body", m.px(11))
        cal = self.scenario.calendar
        last_right = -10_000
        tick = mix(pal.desk_text, pal.desk, 0.25)
        for turn, text in cal.ticks():
            if turn >= count:
                break
            tx = self.turn_x(turn)
            pygame.draw.line(surface, tick, (tx, track.bottom + m.px(2)),
                             (tx, track.bottom + m.px(6)), max(1, m.px(1)))
            w = font.size(text)[0]
            left = tx - w // 2
            if left > last_right + m.px(8) and tx + w // 2 <= self.size[0] - m.pad:
                draw.text(surface, text, font, pal.desk_text, (tx, track.bottom + m.px(7)),
                          "midtop")
                last_right = left + w
        # the current turn
        r = max(track.h - m.px(2), m.px(8))
        pygame.draw.circle(surface, draw.rgb(pal.desk), (x, track.centery), r + max(1, m.px(2)))
        pygame.draw.circle(surface, draw.rgb(pal.paper), (x, track.centery), r)
        pygame.draw.circle(surface, draw.rgb(pal.accent), (x, track.centery), r,
                           max(2, m.px(3)))

    def draw_over(self, surface: pygame.Surface) -> None:
        super().draw_over(surface)
        state = self.state
        if self.meters is not None and self.meters.hovered is not None:
            rect = self.meters.row_rect(self.meters.hovered)
            if rect is not None:
                title, lines = self.meters.tooltip(state, self.meters.hovered)
                draw_tooltip(surface, rect, title, lines, self.pal, self.m)
        if self.board is not None and self.hover_party is not None:
            marker = self.board.marker(self.hover_party)
            if marker is not None:
                title, lines = present.marker_details(self.state, self.hover_party)
                anchor = pygame.Rect(0, 0, marker.radius * 2, marker.radius * 2)
                anchor.center = marker.center
                draw_tooltip(surface, anchor, title, lines, self.pal, self.m,
                             width=self.m.px(320))
