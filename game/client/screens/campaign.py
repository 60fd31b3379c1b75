"""The campaign screen: date and capital, the score, the meters, the board, the
current event as a cable, the actions, the chronicle, End turn and Undo.

Widgets are built once per layout (and the event card once per event) and
updated in place after every command; the meter panel and the board are drawn
by the game and cached until the state changes.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pygame
import pygame_gui

from game.client import (
    draw,
    fonts,
    identity,
    insignia,
    layout,
    motion,
    present,
    scoretext,
    text_safety,
)
from game.client.board import Board
from game.client.meters import MeterPanel, draw_tooltip
from game.client.palette import mix, rgb
from game.client.score_panel import ScorePanel
from game.client.screens.base import Screen
from game.client.scrolltext import Run, ScrollText
from game.client.widgets import esc, scroll_text
from game.engine import outcome, rules
from game.engine.commands import (
    Act,
    Choose,
    Command,
    EndTurn,
    IllegalCommandError,
    RulesError,
)

HINTS = ("1\u20134 choose \u00b7 Enter confirm \u00b7 E end turn \u00b7 U undo \u00b7 A actions "
         "\u00b7 S score \u00b7 M meters \u00b7 B board \u00b7 C briefing/chronicle \u00b7 "
         "G glossary \u00b7 O objectives \u00b7 Esc menu \u00b7 F1 help")
DICE_CAST = "The dice are cast: this cannot be undone."
GUIDE = (
    ("card", "A cable", "Each turn opens with the events addressed to you, written as cables. "
     "Read it; underlined words open the glossary. The board stays in view beside it."),
    ("choices", "Your answers", "Each answer lists everything it will do: its effects on the "
     "meters, timed effects and their totals, what it opens or closes, what may follow and "
     "the odds of anything left to chance. Press 1\u20134 and Enter, or click."),
    ("meters", "The meters", "Your position at a glance: each meter's value, its change this "
     "turn and over the last year, green when it is good for you and red when it is bad. "
     "Point at one to see what moved it."),
    ("score", "The score", "Victory points come at scoring moments from what you hold. The "
     "panel shows them, the ending you would reach if the game ended now, with each side's "
     "score and your verdict, and the nearest change that would alter it. S opens it all."),
    ("actions", "Actions", "Spend political capital on actions. Each row shows its cost, or "
     "why it is locked; point at one to read all it does."),
    ("end", "End the turn", "When you have done what you can afford, end the turn (E). The "
     "briefing under the board then sums up what happened meanwhile."),
)
"""The guided first turn: (what it points at, title, text)."""
GUIDE_AFTER_CABLES = next(i for i, (target, _t, _x) in enumerate(GUIDE) if target == "actions")
"""the first step that needs the cables answered (the actions replace the card)"""
NUMBER_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2, pygame.K_4: 3, pygame.K_5: 4,
               pygame.K_6: 5, pygame.K_KP1: 0, pygame.K_KP2: 1, pygame.K_KP3: 2,
               pygame.K_KP4: 3}


class CampaignScreen(Screen):
    name = "campaign"

    def __init__(self, app: Any, notice: str = "") -> None:
        super().__init__(app)
        self.session = app.session
        self.scenario = self.session.scenario
        self.human: str = self.session.human
        self.notice = notice
        self.lay: layout.CampaignLayout | None = None
        self.meters: MeterPanel | None = None
        self.score: ScorePanel | None = None
        self.board: Board | None = None
        self.show_history = False
        self.card_key: Any = None
        self.card_elements: list[Any] = []
        self.card_items: list[tuple[str, Any, str, tuple[int, int]]] = []
        self.card_rules: list[int] = []
        self.choice_buttons: list[Any] = []
        self.choice_ids: list[str] = []
        self.text_box: Any = None
        self.history_button: Any = None
        self.action_buttons: list[Any] = []
        self.action_order: list[Any] = []
        self.action_locks: dict[str, Any] = {}
        self.drawn_badges: list[tuple[str, str, pygame.Rect]] = []
        self.action_offset = 0
        self.action_detail_rect = pygame.Rect(0, 0, 0, 0)
        self.action_more_y = 0
        self.hover_action: int | None = None
        self.chronicle: ScrollText | None = None
        self.chronicle_len = -1
        self.undo_button: Any = None
        self.end_button: Any = None
        self.menu_button: Any = None
        self.hover_party: str | None = None
        self.pinned_party: str | None = None
        self.mouse_pos = (-1, -1)
        self._html: dict[int, str] = {}
        self.capital_shown: float | None = None
        self._background: pygame.Surface | None = None
        self.lower_mode = "briefing"
        """what the panel under the board shows: briefing or chronicle"""
        self.lower_button: Any = None
        self.briefing: present.Briefing | None = None
        self.briefing_turn = -1
        self.strip_chips: list[tuple[pygame.Rect, str]] = []
        self.hover_chip: str | None = None
        self.card_rect = pygame.Rect(0, 0, 0, 0)
        self.shown_turn = -1
        self.guide_step = -1
        """the step of the guided first turn on show (-1: none)"""
        self.guide_rect = pygame.Rect(0, 0, 0, 0)
        self._guide_started = False
        self.glossary_slip: str | None = None
        """the glossary entry shown beside the cable after a click on a linked word"""
        self.printer: motion.Teleprinter | None = None
        self._printed: Any = None

    # -- helpers -------------------------------------------------------------------

    @property
    def state(self) -> Any:
        return self.session.state

    @property
    def event(self) -> Any:
        return rules.current_event(self.state, self.human)

    @property
    def shot_name(self) -> str:
        """What a screenshot of this screen shows right now."""
        return "event_card" if self.event is not None else "actions"

    @property
    def detail(self) -> str:
        return str(self.app.settings.preview_detail)

    def side_colour(self, side_id: str) -> str:
        return identity.side_colour(self.scenario, self.pal, side_id)

    # -- building ---------------------------------------------------------------------

    def build(self) -> None:
        m = self.m
        lay = self.lay = layout.campaign(
            self.size, m, lambda body_h: ScorePanel.height_for(self.scenario, m, body_h))
        self._background = None
        self.score = ScorePanel(self.scenario, self.human, self.pal, m)
        self.score.set_area(lay.score)
        self.score.sync(self.state, animate=False)
        self.meters = MeterPanel(self.scenario, self.human, self.pal, m, with_points=False)
        self.meters.set_area(lay.meters)
        self.meters.sync(self.state, animate=False)
        self.board = Board(self.scenario, self.pal, m, animate=self.app.settings.animations)
        self.board.set_area(lay.board)
        # top bar
        bh = m.px(36)
        y = lay.top.centery - bh // 2
        x = lay.top.right - m.pad
        widths = (m.px(118), m.px(150), m.px(112))
        x -= widths[0]
        self.menu_button = self.button(pygame.Rect(x, y, widths[0], bh), "Menu (Esc)",
                                       self.open_menu, object_id="#quiet_button")
        x -= widths[1] + m.gap
        self.end_button = self.button(pygame.Rect(x, y, widths[1], bh), "End turn (E)",
                                      self.end_turn)
        x -= widths[2] + m.gap
        self.undo_button = self.button(pygame.Rect(x, y, widths[2], bh), "Undo (U)", self.undo,
                                       object_id="#quiet_button")
        # actions: as many rows as fit, updated in place
        head = m.px(30)
        detail_h = max(m.px(120), min(m.px(190), int(lay.actions.h * 0.32)))
        abh = m.px(30)
        list_top = lay.actions.top + head
        list_h = lay.actions.h - head - detail_h
        count = max(1, min(len(self.scenario.actions_for(self.human)) or 1,
                           (list_h + m.px(4)) // (abh + m.px(4))))
        self.action_buttons = []
        for i in range(count):
            rect = pygame.Rect(lay.actions.left + m.px(8), list_top + i * (abh + m.px(4)),
                               lay.actions.w - m.px(16), abh)
            button = self.button(rect, "", partial(self.take_action, i),
                                 object_id="#action_button")
            self.action_buttons.append(button)
        below = list_top + count * (abh + m.px(4)) + m.px(18)
        self.action_more_y = below - m.px(16)
        self.action_detail_rect = pygame.Rect(lay.actions.left + m.px(10), below,
                                              lay.actions.w - m.px(20),
                                              lay.actions.bottom - m.px(6) - below)
        # the panel under the board: the briefing, or the chronicle
        lower = lay.lower
        tw, th = m.px(150), m.px(24)
        self.lower_button = self.button(
            pygame.Rect(lower.right - m.px(6) - tw, lower.top + m.px(4), tw, th),
            self._lower_label(), self.toggle_lower, object_id="#quiet_button")
        self.chronicle = ScrollText(self.pal, m)
        self.chronicle.set_area(pygame.Rect(lower.left + m.px(8), lower.top + th + m.px(8),
                                            lower.w - m.px(12), lower.h - th - m.px(12)))
        self.chronicle_len = -1
        self.card_key = None
        self.card_elements = []
        self.sync(animate=False)

    def _lower_label(self) -> str:
        return "Chronicle (C)" if self.lower_mode == "briefing" else "Briefing (C)"

    def toggle_lower(self) -> None:
        self.lower_mode = "chronicle" if self.lower_mode == "briefing" else "briefing"
        if self.lower_button is not None:
            self.lower_button.set_text(self._lower_label())
        self.chronicle_len = -1
        self._refresh_lower()
        self.app.request_redraw()

    # -- keeping the widgets in step with the game ---------------------------------------------

    def sync(self, animate: bool = True) -> None:
        state = self.state
        self.app.cues.watch(state)
        if state.over:
            self.app.game_over()
            return
        assert self.meters is not None and self.score is not None
        self.meters.sync(state, animate and self.app.settings.animations)
        self.score.sync(state, animate and self.app.settings.animations)
        self.meters.nearest = self.score.nearest_mark()
        capital = state.values[self.scenario.side(self.human).capital_slot]
        if self.capital_shown is None or not (animate and self.app.settings.animations):
            self.capital_shown = float(capital)
        if state.turn != self.shown_turn:
            # A new quarter: the list starts from the top and the briefing is what is new.
            self.shown_turn = state.turn
            self.action_offset = 0
            self.briefing = present.briefing(state)
            self.briefing_turn = state.turn
            self.lower_mode = "briefing"
            if self.lower_button is not None:
                self.lower_button.set_text(self._lower_label())
            self.chronicle_len = -1
        if self.guide_step < 0 and state.turn == 0 and not self.app.settings.guide_done and \
                not self._guide_started:
            self._guide_started = True
            self.guide_step = 0
        if self.guide_step >= 0 and state.turn > 0:
            self.guide_done()   # the first turn is over: the guide has had its say
        event = self.event
        if 0 <= self.guide_step < GUIDE_AFTER_CABLES and GUIDE[self.guide_step][0] in (
                "card", "choices") and event is None:
            self.guide_step = next(i for i, step in enumerate(GUIDE)
                                   if step[0] not in ("card", "choices"))
        key = (event.id, len(state.log), state.turn) if event is not None else None
        if key != self.card_key:
            self.card_key = key
            self._build_card(event)
        (self.undo_button.enable if self.session.can_undo else self.undo_button.disable)()
        (self.end_button.enable if event is None else self.end_button.disable)()
        self._sync_actions(visible=event is None)
        if event is None and self.built:
            self.app.screen_shown("actions")
        if len(state.chronicle) != self.chronicle_len:
            self._refresh_lower()
        self.app.request_redraw()

    def _refresh_lower(self) -> None:
        if self.chronicle is None:
            return
        self.chronicle_len = len(self.state.chronicle)
        if self.lower_mode == "chronicle":
            self.chronicle.set_paragraphs(self._chronicle_paragraphs())
        else:
            self.chronicle.set_paragraphs(self._briefing_paragraphs())

    def _briefing_paragraphs(self) -> list[tuple[Run, ...]]:
        pal = self.pal
        out: list[tuple[Run, ...]] = []
        notes = self._history_notes()
        if notes:
            out.append((Run("WHAT REALLY HAPPENED", "bold", pal.accent),))
            out += notes
        brief = self.briefing
        if brief is None or brief.empty:
            if not out:
                out.append((Run("The campaign begins. What happens between your turns "
                                "(the other side's moves, events, the biggest changes) is "
                                "summed up here at the start of each turn.", "italic",
                                pal.ink_soft),))
            return out
        other = self.scenario.side_ids[1 - min(1, self.scenario.side_ids.index(self.human))]
        sections = (
            (f"{present.side_short(self.scenario, other).upper()} MOVED",
             [(t, "neutral") for t in brief.rival_moves]),
            (f"EVENTS THIS {scoretext.turn_word(self.scenario).upper()}",
             [(t, "neutral") for t in brief.events]),
            ("BIGGEST CHANGES", [(line.text, line.tone) for line in brief.changes]),
            ("NOW RUNNING", [(t, "neutral") for t in brief.started]),
            ("ENDED", [(t, "neutral") for t in brief.ended]),
        )
        for heading, items in sections:
            if not items:
                continue
            out.append((Run(heading, "bold", pal.accent),))
            for text, tone in items:
                colour = {"good": pal.good, "bad": pal.bad}.get(tone, pal.ink)
                out.append((Run("\u2022 " + text, "body", colour),))
        return out

    def _history_notes(self) -> list[tuple[Run, ...]]:
        """Notes on the events the player answered this turn (when they come after)."""
        if self.app.settings.history_note != "after":
            return []
        pal = self.pal
        out: list[tuple[Run, ...]] = []
        answered = [(d.source, d.detail) for d in self.state.chronicle
                    if d.turn == self.state.turn and d.side == self.human and d.kind == "choice"]
        for event_id, choice_id in answered:
            try:
                event = self.scenario.event(event_id)
            except KeyError:
                continue
            real = present.historical_choice(event)
            mine = next((c for c in event.choices if c.id == choice_id), None)
            runs = [Run(event.title + ": ", "bold", pal.ink),
                    Run(event.history or "No historical note for this event.", "italic",
                        pal.ink)]
            if real is not None:
                same = mine is not None and mine.id == real.id
                runs.append(Run(f" In history: {real.label}" +
                                (" \u2014 as you chose." if same else "."), "body",
                                pal.good if same else pal.ink_soft))
            out.append(tuple(runs))
        return out

    def _chronicle_paragraphs(self) -> list[tuple[Run, ...]]:
        pal = self.pal
        lines = present.chronicle_lines(self.state)
        if not lines:
            return [(Run("Nothing decided yet. Your decisions and the other side's appear "
                         "here, newest first.", "italic", pal.ink_soft),)]
        mine = present.side_short(self.scenario, self.human)
        out = []
        for date, side, text, historical in lines:
            runs = [Run(date + " ", "bold", pal.ink),
                    Run(side + " ", "bold", pal.accent if side == mine else pal.ink_soft),
                    Run(text, "body", pal.ink)]
            if historical:
                runs.append(Run(" (as in history)", "italic", pal.ink_soft))
            out.append(tuple(runs))
        return out

    def _sync_actions(self, visible: bool) -> None:
        state = self.state
        actions = list(self.scenario.actions_for(self.human))
        locks = {a.id: outcome.action_lock(state, a) for a in actions}
        free = [a for a in actions if locks[a.id] is None]
        locked = [a for a in actions if locks[a.id] is not None]
        self.action_order = free + locked
        self.action_locks = locks
        count = len(self.action_buttons)
        self.action_offset = max(0, min(self.action_offset, len(self.action_order) - count))
        font = fonts.get("body", self.m.px(14))
        for i, button in enumerate(self.action_buttons):
            index = self.action_offset + i
            if not visible or index >= len(self.action_order):
                button.hide()
                continue
            action = self.action_order[index]
            lock = locks[action.id]
            width = button.get_abs_rect().w - self.badge_room()
            text = action.name if lock is None else \
                f"{action.name} \u2014 {present.lock_short(self.scenario, lock)}"
            label = fonts.ellipsize(text, font, width)
            if button.text != label:
                button.set_text(label)
            button.show()
            if lock is None:
                button.enable()
            else:
                button.disable()

    def badge_room(self) -> int:
        """Pixels kept free at the right of an action row for its cost badge."""
        return self.m.px(74)

    # -- the event card -----------------------------------------------------------------------

    def _build_card(self, event: Any) -> None:
        for element in self.card_elements:
            element.kill()
            if element in self.elements:
                self.elements.remove(element)
            if element in self.focusables:
                self.focusables.remove(element)
            self.handlers.pop(element, None)
        self.card_elements = []
        self.card_items = []
        self.card_rules = []
        self.choice_buttons = []
        self.choice_ids = []
        self.text_box = None
        self.history_button = None
        if self.focus_index >= len(self.focusables):
            self.focus_index = -1
        if event is None:
            self.card_rect = pygame.Rect(0, 0, 0, 0)
            return
        self.show_history = False
        m, pal, state = self.m, self.pal, self.state
        assert self.lay is not None
        card = self.lay.card
        pad = m.px(16)
        inner_w = card.w - 2 * pad
        x0 = card.x + pad
        y = card.y + m.px(12)
        mono = fonts.get("mono", m.small)
        side = self.scenario.side(self.human)
        waiting = len(state.pending.get(self.human, []))
        header = f"MOST SECRET \u00b7 FOR THE {(side.short or side.name).upper()} LEADERSHIP"
        hb_w, hb_h = m.px(210), m.px(28)
        header_w = inner_w
        if self.app.settings.history_note == "before":
            self.history_button = self.button(
                pygame.Rect(card.right - pad - hb_w, y, hb_w, hb_h), "What really happened (H)",
                self.toggle_history, object_id="#quiet_button", focusable=True)
            self.card_elements.append(self.history_button)
            header_w = inner_w - hb_w - m.px(10)
        header_lines = fonts.wrap(header, mono, header_w)[:2]
        for i, line in enumerate(header_lines):
            self.card_items.append(("text", mono, line, (x0, y + i * mono.get_linesize())))
        used = len(header_lines) * mono.get_linesize()
        if waiting > 1:
            self.card_items.append(("text", mono, f"{waiting} cables waiting",
                                    (x0, y + used)))
            used += mono.get_linesize()
        y += max(hb_h, used) + m.px(8)
        title_font = fonts.get("heading", m.px(22))
        stamp_w = m.px(96) if event.crisis else 0
        title_lines = fonts.wrap(event.title, title_font, inner_w - stamp_w)[:2]
        for line in title_lines:
            self.card_items.append(("title", title_font, line, (x0, y)))
            y += title_font.get_linesize()
        if event.crisis:
            self.card_items.append(("stamp", fonts.get("mono", m.body), "CRISIS",
                                    (card.right - pad, y - title_font.get_linesize())))
        date = " \u00b7 ".join(p for p in (event.date_text, state.date_label) if p)
        for line in fonts.wrap(date, mono, inner_w)[:2]:
            self.card_items.append(("date", mono, line, (x0, y + m.px(2))))
            y += mono.get_linesize()
        y += m.px(8)
        self.card_rules.append(y)
        y += m.px(8)
        # the choices, each with its whole preview (cut to fit only when space is short)
        small = fonts.get("body", m.small)
        bh = m.px(32)
        blocks = []
        for index, choice in enumerate(event.choices):
            open_ = rules.choice_available(state, choice)
            lines: list[tuple[str, str]] = []
            if open_:
                preview = present.choice_preview(state, choice)
                effect_lines = present.preview_lines(state, preview, self.detail)
                for i, effect in enumerate(effect_lines):
                    colour = {"good": pal.good, "bad": pal.bad}.get(effect.tone, pal.ink)
                    lines.append((("Expected: " if i == 0 else "") + effect.text, colour))
            else:
                lines.append((present.choice_lock_text(self.scenario, choice), pal.bad))
            if choice.text:
                lines.append((choice.text, pal.ink_soft))
            blocks.append((index, choice, open_, lines))
        card_bottom = card.bottom - m.px(12)
        text_w = inner_w - m.px(22)
        wrapped_blocks: list[list[tuple[str, str]]] = []
        min_text = max(m.px(90), int((card_bottom - y) * 0.42))
        choices_h = 0
        for max_lines in (12, 6, 4, 2, 1):
            wrapped_blocks = []
            choices_h = m.px(10)
            for _index, _choice, _open, lines in blocks:
                wrapped: list[tuple[str, str]] = []
                for text, colour in lines:
                    for part in fonts.wrap(text, small, text_w):
                        wrapped.append((part, colour))
                if len(wrapped) > max_lines:
                    wrapped = wrapped[:max_lines]
                    last, colour = wrapped[-1]
                    wrapped[-1] = (fonts.ellipsize(last + " \u2026 (more: hover)", small,
                                                   text_w), colour)
                wrapped_blocks.append(wrapped)
                choices_h += bh + m.px(3) + len(wrapped) * small.get_linesize() + m.px(5)
            if card_bottom - choices_h - y >= min_text:
                break
        text_rect = pygame.Rect(x0, y, inner_w, max(m.px(60), card_bottom - choices_h - y))
        self.text_box = self.textbox(text_rect, self._event_html(event), object_id="#card_text")
        self.card_elements.append(self.text_box)
        # A short cable takes only the room it needs: the choices follow it, no void.
        layout_rect = getattr(getattr(self.text_box, "text_box_layout", None), "layout_rect",
                              None)
        if layout_rect is not None and layout_rect.height + m.px(12) < text_rect.h:
            text_rect.h = max(m.px(60), layout_rect.height + m.px(12))
            self.text_box.set_dimensions(text_rect.size)
        self._start_printing()
        cy = text_rect.bottom + m.px(10)
        self.card_rules.append(cy - m.px(5))
        label_font = fonts.get("bold", m.body)
        for (index, choice, open_, full), wrapped in zip(blocks, wrapped_blocks, strict=True):
            label = fonts.ellipsize(f"{index + 1}   {choice.label}", label_font,
                                    inner_w - m.px(30))
            tip = " ".join(text for text, _colour in full) or None
            button = self.button(pygame.Rect(x0, cy, inner_w, bh), label,
                                 partial(self.choose, choice.id), object_id="#choice_button",
                                 tooltip=esc(tip) if tip else None)
            if not open_:
                button.disable()  # type: ignore[no-untyped-call]
            self.choice_buttons.append(button)
            self.choice_ids.append(choice.id)
            self.card_elements.append(button)
            cy += bh + m.px(3)
            for text, colour in wrapped:
                self.card_items.append(("line:" + colour, small, text, (x0 + m.px(14), cy)))
                cy += small.get_linesize()
            cy += m.px(5)
        self.card_rect = pygame.Rect(card.x, card.y, card.w,
                                     min(card.h, cy - card.y + m.px(8)))
        first_open = next((b for b in self.choice_buttons if b.is_enabled), None)
        self.set_focus(first_open)
        if self.built:
            self.app.screen_shown("event_card")

    def _event_html(self, event: Any) -> str:
        text = event.text_for(self.human) or ""
        linked: set[str] = set()
        paragraphs = [present.link_glossary(self.scenario, esc(p.strip()), linked)
                      for p in text.split("\n") if p.strip()]
        body = "<br><br>".join(paragraphs)
        if self.show_history:
            history = esc(event.history or "No historical note for this event.")
            real = present.historical_choice(event)
            extra = f"<br><br><b>In history:</b> {esc(real.label)}" if real else ""
            body += ("<br><br><font color='" + self.pal.accent + "'><b>WHAT REALLY HAPPENED"
                     "</b></font><br><i>" + history + "</i>" + extra)
        return body

    def _start_printing(self) -> None:
        """A new cable chatters in on the teleprinter (once per cable, not on re-layout)."""
        self.printer = None
        if self.card_key is None or self.card_key == self._printed:
            return
        self._printed = self.card_key
        self.app.cues.cable()
        if self.app.settings.animations and self.text_box is not None:
            self.manager.update(0.0)
            self.printer = motion.Teleprinter(self.text_box)

    def toggle_history(self) -> None:
        event = self.event
        if event is None or self.text_box is None:
            return
        if self.history_button is None:
            self.notice = ("The historical note comes after you decide (Settings: "
                           "What really happened).")
            self.app.request_redraw()
            return
        if self.printer is not None:
            self.printer.finish()
        self.show_history = not self.show_history
        self.text_box.set_text(self._event_html(event))
        if self.show_history:
            self.manager.update(0.0)
            scroll_text(self.text_box, 100)
        self.history_button.set_text("Back to the cable (H)" if self.show_history
                                     else "What really happened (H)")

    # -- commands -----------------------------------------------------------------------------

    def submit(self, command: Command) -> bool:
        try:
            self.session.submit(command)
        except IllegalCommandError as exc:
            self.notice = f"Not possible: {exc}"
            self.app.request_redraw()
            return False
        except RulesError as exc:
            self.notice = f"The scenario broke: {exc}"
            self.app.request_redraw()
            return False
        self.notice = DICE_CAST if self.session.last_rolled else ""
        cues = self.app.cues
        (cues.page if isinstance(command, EndTurn) else cues.decision)()
        saves = self.app.saves
        if saves is not None and isinstance(command, EndTurn):
            error = saves.autosave_error(self.session)
            if error:
                self.notice = f"Autosave failed: {error}"
        self.sync()
        return True

    def choose(self, choice_id: str) -> None:
        event = self.event
        if event is not None:
            self.submit(Choose(self.human, event.id, choice_id))

    def take_action(self, button_index: int) -> None:
        index = self.action_offset + button_index
        if 0 <= index < len(self.action_order) and self.event is None:
            self.submit(Act(self.human, self.action_order[index].id))

    def end_turn(self) -> None:
        if self.event is None:
            self.submit(EndTurn(self.human))

    def undo(self) -> None:
        if self.session.undo():
            self.notice = "Undone."
            self.card_key = None
            self.sync(animate=True)
        else:
            self.notice = ("Undo stops at the last roll of the dice: what chance decided is "
                           "final." if self.session.last_rolled else "Nothing to undo this turn.")
            self.app.request_redraw()

    def open_menu(self) -> None:
        from game.client.screens.pause import PauseScreen

        self.app.push(PauseScreen(self.app))

    def guide_next(self) -> None:
        self.guide_step += 1
        if self.guide_step == GUIDE_AFTER_CABLES and self.event is not None:
            self.guide_step -= 1   # actions come once the cables are answered
            self.notice = "Answer the cable to go on with the guide, or X to skip it."
        if self.guide_step >= len(GUIDE):
            self.guide_done()
        self.app.request_redraw()

    def guide_done(self) -> None:
        """Close the guide for good (remembered in the settings)."""
        from game.client.settings import save_settings

        self.guide_step = -1
        settings = self.app.settings.model_copy(update={"guide_done": True})
        self.app.settings = settings
        error = save_settings(settings)
        if error:
            self.notice = error
        self.app.request_redraw()

    def _guide_anchor(self, target: str) -> pygame.Rect | None:
        lay = self.lay
        if lay is None:
            return None
        if target == "card" and self.text_box is not None:
            return pygame.Rect(self.text_box.get_abs_rect())
        if target == "choices" and self.choice_buttons:
            return pygame.Rect(self.choice_buttons[0].get_abs_rect())
        if target == "meters":
            return pygame.Rect(lay.meters)
        if target == "score" and self.score is not None:
            return pygame.Rect(self.score.area)
        if target == "actions" and self.event is None:
            return pygame.Rect(lay.actions)
        if target == "end" and self.end_button is not None:
            return pygame.Rect(self.end_button.get_abs_rect())
        return None

    def _draw_guide(self, surface: pygame.Surface) -> None:
        if not 0 <= self.guide_step < len(GUIDE):
            self.guide_rect = pygame.Rect(0, 0, 0, 0)
            return
        target, title, text = GUIDE[self.guide_step]
        anchor = self._guide_anchor(target)
        if anchor is None:
            return
        pygame.draw.rect(surface, rgb(self.pal.ochre), anchor.inflate(self.m.px(6),
                                                                       self.m.px(6)),
                         max(2, self.m.px(3)), border_radius=self.m.px(4))
        # beside what it points at, over the board rather than over the text
        prefer = {"end": "below", "meters": "right", "score": "right"}.get(target, "left")
        self.guide_rect = draw_tooltip(
            surface, anchor, f"First turn \u00b7 {self.guide_step + 1} of {len(GUIDE)}: {title}",
            [text, "N next \u00b7 X skip the guide (Settings can bring it back)"], self.pal,
            self.m, width=self.m.px(330), prefer=prefer)

    def open_glossary(self) -> None:
        from game.client.screens.help import GlossaryScreen

        self.app.push(GlossaryScreen(self.app))

    def open_score(self) -> None:
        from game.client.screens.score import ScoreScreen

        self.app.push(ScoreScreen(self.app))

    def open_objectives(self) -> None:
        from game.client.screens.pause import ObjectivesScreen

        self.app.push(ObjectivesScreen(self.app))

    def quicksave(self) -> None:
        saves = self.app.get_saves()
        self.notice = saves.quicksave(self.session) if saves else "Saves are not available."
        self.app.request_redraw()

    def quickload(self) -> None:
        from game.client import loading

        def failed(reason: str) -> None:
            self.notice = reason
            self.app.request_redraw()

        loading.quickload(self.app, failed)

    # -- keyboard --------------------------------------------------------------------------------

    def on_key(self, event: pygame.event.Event) -> bool:
        if self.printer is not None and self.printer.active:
            self.printer.finish()           # any key shows the whole cable at once
        key, mod = event.key, event.mod
        ctrl = bool(mod & pygame.KMOD_CTRL)
        shift = bool(mod & pygame.KMOD_SHIFT)
        if key == pygame.K_ESCAPE and self.glossary_slip is not None:
            self.glossary_slip = None
            return True
        if key == pygame.K_g:
            self.open_glossary()
            return True
        if self.guide_step >= 0 and key == pygame.K_n:
            self.guide_next()
            return True
        if self.guide_step >= 0 and key == pygame.K_x:
            self.guide_done()
            return True
        if key == pygame.K_ESCAPE:
            if self.pinned_party or (self.meters and self.meters.selected is not None):
                self.pinned_party = None
                if self.meters:
                    self.meters.selected = None
            else:
                self.open_menu()
            return True
        if ctrl and key == pygame.K_z:
            self.undo()
            return True
        if (ctrl and key == pygame.K_s) or key == pygame.K_F5:
            self.quicksave()
            return True
        if (ctrl and key == pygame.K_l) or key == pygame.K_F9:
            self.quickload()
            return True
        if ctrl:
            return False
        if key in NUMBER_KEYS and self.choice_buttons:
            index = NUMBER_KEYS[key]
            if index < len(self.choice_buttons) and self.choice_buttons[index].is_enabled:
                self.set_focus(self.choice_buttons[index])
                self.app.show_focus = True
            return True
        if key == pygame.K_e:
            self.end_turn()
            return True
        if key == pygame.K_u:
            self.undo()
            return True
        if key == pygame.K_h:
            self.toggle_history()
            return True
        if key == pygame.K_o:
            self.open_objectives()
            return True
        if key == pygame.K_s:
            self.open_score()
            return True
        if key == pygame.K_a:
            self.focus_actions(0)
            return True
        if key == pygame.K_m and self.meters is not None:
            self.meters.step_selection(-1 if shift else 1)
            return True
        if key == pygame.K_b and self.board is not None:
            keys = self.board.keys()
            if keys:
                current = keys.index(self.pinned_party) if self.pinned_party in keys else -1
                step = -1 if shift else 1
                self.pinned_party = keys[(current + step) % len(keys)] if current >= 0 else (
                    keys[0] if step > 0 else keys[-1])
            return True
        if key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            pages = 1 if key == pygame.K_PAGEDOWN else -1
            if self.text_box is not None:
                scroll_text(self.text_box, pages)
            elif self.chronicle is not None:
                self.chronicle.scroll_pages(pages)
            return True
        if key == pygame.K_c and self.chronicle is not None:
            self.toggle_lower()
            self.chronicle.scroll = 0
            return True
        if key in (pygame.K_UP, pygame.K_DOWN):
            return self.arrow(1 if key == pygame.K_DOWN else -1)
        return False

    def arrow(self, step: int) -> bool:
        focused = self.focused
        if focused in self.choice_buttons:
            usable = [b for b in self.choice_buttons if b.is_enabled]
            index = (usable.index(focused) + step) % len(usable)
            self.set_focus(usable[index])
            return True
        if focused in self.action_buttons:
            index = self.action_offset + self.action_buttons.index(focused) + step
            self.focus_actions(index, step)
            return True
        return False

    def usable(self, element: Any) -> bool:
        """Locked actions can take the focus too, so the keyboard can read why they are locked."""
        if element in self.action_buttons:
            return bool(element.visible) and bool(element.alive())
        return super().usable(element)

    def focus_actions(self, index: int, step: int = 1) -> None:
        """Focus the action at ``index`` in the list, scrolling to it."""
        order = self.action_order
        if self.event is not None or not order:
            return
        index = max(0, min(index, len(order) - 1))
        count = len(self.action_buttons)
        if index < self.action_offset:
            self.action_offset = index
        elif index >= self.action_offset + count:
            self.action_offset = index - count + 1
        self._sync_actions(visible=True)
        self.set_focus(self.action_buttons[index - self.action_offset])
        self.app.show_focus = True

    # -- mouse -------------------------------------------------------------------------------------

    def on_mouse(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.mouse_pos = event.pos
            return self._update_hover()
        if event.type == pygame.MOUSEWHEEL:
            pos = self.mouse_pos
            if self.meters is not None and self.meters.area.collidepoint(pos):
                self.meters.scroll_by(-event.y * self.m.px(40))
                return True
            if self.chronicle is not None and self.chronicle.area.collidepoint(pos):
                self.chronicle.scroll_by(-event.y * self.m.px(40))
                return True
            if self.lay is not None and self.lay.actions.collidepoint(pos) and self.event is None:
                self.action_offset = max(0, self.action_offset - event.y)
                self._sync_actions(visible=True)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.guide_step >= 0 and self.guide_rect.collidepoint(event.pos):
                self.guide_next()
                return True
            if self.glossary_slip is not None:
                self.glossary_slip = None
                self.app.request_redraw()
            self.mouse_pos = event.pos
            self._update_hover()
            if self.score is not None and self.score.hit(event.pos):
                self.open_score()
                return True
            if self.meters is not None:
                slot = self.meters.hit(event.pos)
                if slot is not None:
                    self.meters.selected = None if self.meters.selected == slot else slot
                    return True
            if self.board is not None and self.board.area.collidepoint(event.pos):
                hit = self.board.hit(event.pos)
                self.pinned_party = None if hit == self.pinned_party else hit
                return True
        return False

    def _update_hover(self) -> bool:
        changed = False
        pos = self.mouse_pos
        if self.meters is not None:
            slot = self.meters.hit(pos)
            if slot != self.meters.hovered:
                self.meters.hovered = slot
                changed = True
        if self.score is not None and self.score.hit(pos) != self.score.hovered:
            self.score.hovered = not self.score.hovered
            changed = True
        party = self.board.hit(pos) if self.board is not None else None
        chip = next((key for rect, key in self.strip_chips if rect.collidepoint(pos)), None)
        if chip != self.hover_chip:
            self.hover_chip = chip
            changed = True
        if party != self.hover_party:
            self.hover_party = party
            changed = True
        hovered_action = None
        for i, button in enumerate(self.action_buttons):
            if button.visible and button.get_abs_rect().collidepoint(pos):
                hovered_action = self.action_offset + i
        if hovered_action != self.hover_action:
            self.hover_action = hovered_action
            changed = True
        return changed

    # -- per frame -------------------------------------------------------------------------------

    def update(self, dt: float) -> bool:
        moving = False
        if self.meters is not None and self.meters.update(dt):
            moving = True
        if self.board is not None and self.board.update(dt):
            moving = True
        if self.printer is not None and self.printer.update(dt):
            moving = True
        if self.score is not None and self.score.update(dt):
            moving = True
        capital = self.state.values[self.scenario.side(self.human).capital_slot]
        if self.capital_shown is not None and self.capital_shown != capital:
            self.capital_shown += (capital - self.capital_shown) * min(1.0, dt * 9)
            if abs(capital - self.capital_shown) < 0.3:
                self.capital_shown = float(capital)
            else:
                moving = True
        return moving

    # -- drawing ---------------------------------------------------------------------------------

    def _static_background(self) -> pygame.Surface:
        if self._background is not None and self._background.get_size() == self.size:
            return self._background
        pal, m = self.pal, self.m
        assert self.lay is not None
        lay = self.lay
        surface = pygame.Surface(self.size)
        surface.fill(rgb(pal.desk))
        pygame.draw.rect(surface, rgb(pal.desk_light), lay.top)
        pygame.draw.line(surface, rgb(pal.accent), (0, lay.top.bottom - 1),
                         (lay.top.right, lay.top.bottom - 1), max(2, m.px(3)))
        pygame.draw.rect(surface, rgb(pal.desk_light), lay.hints)
        draw.paper(surface, lay.lower, pal, shadow=m.px(3))
        self._background = surface
        return surface

    def under_key(self) -> Any:
        state = self.state
        meters = self.meters
        focused = self.focused
        action_focus = self.action_buttons.index(focused) if focused in self.action_buttons \
            else -1
        meter_key: Any = ()
        if meters is not None:
            meter_key = (tuple(round(v) for v in meters.shown.values()), meters.hovered,
                         meters.selected, meters.scroll)
        score_key = (self.score.shown_key(), self.score.hovered) if self.score else ()
        return (id(state), len(state.log), state.turn, state.over, meter_key, score_key,
                round(self.capital_shown or 0), self.notice, self.card_key, self.show_history,
                self.action_offset, self.hover_action, action_focus,
                self.pinned_party, self.chronicle.scroll if self.chronicle else 0,
                self.app.settings.preview_detail, self.hover_chip, self.lower_mode,
                self.glossary_slip, self.guide_step,
                len(self.chronicle.paragraphs) if self.chronicle else 0,
                self.board.animation_key() if self.board else ())

    def render_under(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        lay = self.lay
        if lay is None or self.meters is None or self.board is None:
            surface.fill(rgb(pal.desk))
            return
        state = self.state
        surface.blit(self._static_background(), (0, 0))
        self._draw_top(surface)
        if self.score is not None:
            self.score.draw(surface)
        self.meters.draw(surface, state)
        event = self.event
        highlight = self.pinned_party   # the hovered one is drawn over, every frame
        self.board.draw(surface, state, highlight)
        self._draw_strip(surface)
        head = fonts.get("bold", m.small)
        title = (f"SINCE LAST {scoretext.turn_word(self.scenario).upper()}"
                 if self.lower_mode == "briefing" else "CHRONICLE")
        draw.text(surface, title, head, pal.accent, (lay.lower.x + m.px(10),
                                                     lay.lower.y + m.px(8)))
        if self.chronicle is not None:
            self.chronicle.draw(surface)
        if event is None:
            draw.paper(surface, lay.actions, pal, shadow=m.px(3))
            draw.text(surface, "ACTIONS", head, pal.accent, (lay.actions.x + m.px(10),
                                                             lay.actions.y + m.px(8)))
            self._draw_action_details(surface)
        else:
            self._draw_card(surface)
        hint_font = fonts.get("body", m.small)
        hint = self.notice or HINTS
        colour = pal.ochre if self.notice else mix(pal.desk_text, pal.desk, 0.2)
        draw.text(surface, fonts.ellipsize(hint, hint_font, lay.hints.w - 2 * m.pad), hint_font,
                  colour, (m.pad, lay.hints.centery), "midleft")

    def _draw_strip(self, surface: pygame.Surface) -> None:
        """The running timed effects, each with the turns it has left."""
        pal, m = self.pal, self.m
        assert self.lay is not None
        strip = self.lay.strip
        font = fonts.get("body", m.small)
        bold = fonts.get("bold", m.small)
        self.strip_chips = []
        label = draw.text(surface, "RUNNING:", bold, pal.desk_text,
                          (strip.x + m.px(2), strip.centery), "midleft")
        x = label.right + m.px(8)
        running = present.running_modifiers(self.state)
        if not running:
            draw.text(surface, "no timed effects", font, mix(pal.desk_text, pal.desk, 0.35),
                      (x, strip.centery), "midleft")
            return
        for index, (modifier_id, name, left, _description) in enumerate(running):
            text = text_safety.label(f"{name} \u00b7 {left}")
            width = font.size(text)[0] + m.px(14)
            rest = len(running) - index - 1
            if x + width > strip.right - (m.px(70) if rest else 0):
                draw.text(surface, f"+{rest + 1} more", font, pal.desk_text,
                          (x, strip.centery), "midleft")
                break
            chip = pygame.Rect(x, strip.y + m.px(2), width, strip.h - m.px(4))
            pygame.draw.rect(surface, rgb(pal.paper), chip, border_radius=m.px(4))
            if modifier_id == self.hover_chip:
                pygame.draw.rect(surface, rgb(pal.accent), chip, max(1, m.px(2)),
                                 border_radius=m.px(4))
            draw.text(surface, text, font, pal.ink, chip.center, "center")
            self.strip_chips.append((chip, modifier_id))
            x = chip.right + m.px(6)

    def _draw_top(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        assert self.lay is not None
        top = self.lay.top
        state = self.state
        side = self.scenario.side(self.human)
        r = m.px(15)
        colour = identity.side_colour(self.scenario, pal, self.human)
        insignia.seal(surface, (m.pad + r, top.centery), r, colour, pal.ink,
                      identity.readable_on(colour, pal),
                      identity.side_emblem(self.scenario, self.human))
        x = m.pad + 2 * r + m.px(10)
        big = fonts.get("heading", m.px(22))
        small = fonts.get("body", m.small)
        date = draw.text(surface, state.date_label, big, pal.desk_text, (x, top.centery),
                         "midleft")
        turns = self.scenario.calendar.turns
        info = f"{side.short or side.name} \u00b7 turn {state.turn + 1} of {turns}"
        limit = self.undo_button.get_abs_rect().left - m.px(12) if self.undo_button else top.right
        x = date.right + m.px(14)
        info_rect = draw.text(surface, fonts.ellipsize(info, small, max(40, limit - x)), small,
                              pal.desk_text, (x, top.centery), "midleft")
        capital = round(self.capital_shown if self.capital_shown is not None else 0)
        income = sum(c.delta for c in state.ledger if c.cause.kind == "income"
                     and c.cause.turn == state.turn and c.cause.side == self.human)
        cap_text = f"Political capital {capital}"
        inc_text = f"  ({present.signed(income)} this turn)" if income else ""
        cap_font = fonts.get("bold", m.body)
        x = info_rect.right + m.px(24)
        if x + cap_font.size(cap_text)[0] < limit:
            drawn = draw.text(surface, cap_text, cap_font, pal.ochre, (x, top.centery), "midleft")
            if drawn.right + small.size(inc_text)[0] < limit:
                draw.text(surface, inc_text, small, pal.desk_text, (drawn.right, top.centery),
                          "midleft")

    def _draw_card(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        assert self.lay is not None
        card = self.card_rect
        draw.paper(surface, card, pal, shadow=m.px(6))
        band = pygame.Rect(card.x, card.y, m.px(6), card.h)
        pygame.draw.rect(surface, rgb(pal.accent), band)
        pad = m.px(16)
        below = pygame.Rect(card.x, card.bottom + m.px(10), card.w,
                            self.lay.card.bottom - card.bottom - m.px(10))
        if below.h > m.px(40):
            font = fonts.get("body", m.small)
            count = sum(1 for a in self.scenario.actions_for(self.human)
                        if outcome.action_lock(self.state, a) is None)
            draw.text_block(surface, f"Answer the cable to reach your actions ({count} open to "
                            "you now). Esc opens the menu; C switches the panel under the "
                            "board to the chronicle.", font,
                            mix(pal.desk_text, pal.desk, 0.25), below.inflate(-m.px(12), 0))
        for y in self.card_rules:
            draw.rule(surface, pal.ink_soft, (card.x + pad, y), card.right - pad)
        for kind, font, text, pos in self.card_items:
            if kind == "title":
                draw.text(surface, text, font, pal.accent_dark, pos)
            elif kind == "stamp":
                insignia.stamp(surface, text, font.get_height(), pal.accent, pos, tilt=4)
            elif kind == "date":
                draw.text(surface, text, font, pal.ink_soft, pos)
                event = self.event
                if event is not None:
                    insignia.cable_marks(surface, card, event, self.state.date_label,
                                         pos[1] + font.get_linesize() // 2, pal, m)
            elif kind.startswith("line:"):
                draw.text(surface, text, font, kind[5:], pos)
            else:
                draw.text(surface, text, font, pal.ink_soft, pos)

    def _draw_action_details(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        state = self.state
        capital = state.values[self.scenario.side(self.human).capital_slot]
        head = fonts.get("body", m.small)
        assert self.lay is not None
        draw.text(surface, f"capital {capital}", head, pal.ink_soft,
                  (self.lay.actions.right - m.px(10), self.lay.actions.y + m.px(8)), "topright")
        hidden = len(self.action_order) - self.action_offset - len(self.action_buttons)
        if self.action_offset > 0 or hidden > 0:
            notes: list[str] = []
            if self.action_offset > 0:
                notes.append(f"\u25b2 {self.action_offset} more above")
            if hidden > 0:
                notes.append(f"\u25bc {hidden} more below")
            note = " \u00b7 ".join(notes) + " (wheel, or A then \u2191\u2193)"
            small = fonts.get("body", m.px(11))
            draw.text(surface, fonts.ellipsize(note, small, self.lay.actions.w - m.px(20)),
                      small, pal.ink_soft, (self.lay.actions.x + m.px(10), self.action_more_y))
        if not self.action_order:
            draw.text(surface, "No actions in this scenario.", head, pal.ink_soft,
                      self.action_detail_rect.topleft)
            return
        index = self.hover_action
        focused = self.focused
        if focused in self.action_buttons:
            index = self.action_offset + self.action_buttons.index(focused)
        rect = self.action_detail_rect
        pygame.draw.line(surface, rgb(pal.paper_edge), (rect.x, rect.y - m.px(4)),
                         (rect.right, rect.y - m.px(4)))
        if index is None or index >= len(self.action_order) or rect.h < m.px(20):
            draw.text_block(surface, "Point at an action, or press A and use \u2191\u2193, to "
                            "see all it does. Each row shows its cost; locked rows say why.",
                            head, pal.ink_faint, rect)
            return
        action = self.action_order[index]
        lock = self.action_locks.get(action.id)
        y = rect.y
        bold = fonts.get("bold", m.small)
        title = fonts.ellipsize(action.name, bold, rect.w)
        draw.text(surface, title, bold, pal.ink, (rect.x, y))
        y += bold.get_linesize()
        parts: list[tuple[str, str]] = []
        if lock is not None:
            parts.append((present.lock_text(self.scenario, lock), pal.bad))
        preview = present.action_preview(state, action)
        parts.append(("Expected: " + present.preview_text(state, preview, self.detail),
                      pal.ink))
        if action.cooldown and lock is None:
            parts.append((f"Then {action.cooldown} turn{'s' if action.cooldown != 1 else ''} "
                          "before it can be used again.", pal.ink_soft))
        elif action.once and lock is None:
            parts.append(("Once per campaign.", pal.ink_soft))
        if action.description:
            parts.append((action.description, pal.ink_soft))
        for text, colour in parts:
            for line in fonts.wrap(text, head, rect.w):
                if y + head.get_linesize() > rect.bottom:
                    return
                draw.text(surface, line, head, colour, (rect.x, y))
                y += head.get_linesize()

    def _draw_action_badges(self, surface: pygame.Surface) -> None:
        """Each row's cost (or wait) drawn over its button, so no hover is needed."""
        pal, m = self.pal, self.m
        state = self.state
        mono = fonts.get("mono", m.small)
        first_locked = None
        self.drawn_badges = []
        for i, button in enumerate(self.action_buttons):
            row = self.action_offset + i
            if not button.visible or row >= len(self.action_order):
                continue
            action = self.action_order[row]
            lock = self.action_locks.get(action.id)
            rect = button.get_abs_rect()
            cost = rules.action_cost(state, action)
            badge = present.lock_badge(lock, cost)
            colour = pal.ink if lock is None else (
                pal.bad if isinstance(lock, outcome.TooExpensive) else pal.ink_soft)
            badge_rect = pygame.Rect(0, 0, self.badge_room() - m.px(10), rect.h - m.px(8))
            badge_rect.midright = (rect.right - m.px(5), rect.centery)
            pygame.draw.rect(surface, rgb(pal.paper_light), badge_rect, border_radius=m.px(3))
            pygame.draw.rect(surface, rgb(colour), badge_rect, 1, border_radius=m.px(3))
            draw.text(surface, fonts.ellipsize(badge, mono, badge_rect.w - m.px(4)), mono,
                      colour, badge_rect.center, "center")
            self.drawn_badges.append((action.id, badge, badge_rect))
            if lock is not None and first_locked is None:
                first_locked = rect
        if first_locked is not None and first_locked.top > self.action_buttons[0].get_abs_rect(
                ).top:
            y = first_locked.top - m.px(2)
            pygame.draw.line(surface, rgb(pal.accent), (first_locked.x, y),
                             (first_locked.right, y), max(1, m.px(2)))

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.event is None and self.action_buttons:
            self._draw_action_badges(surface)
        super().draw_over(surface)
        state = self.state
        self._draw_guide(surface)
        if self.glossary_slip is not None and self.text_box is not None:
            entry: Any = present.glossary_entry(self.scenario, self.glossary_slip)
            if entry is not None:
                anchor = pygame.Rect(self.text_box.get_abs_rect())
                draw_tooltip(surface, anchor, entry.term, [entry.text, "(click or Esc to close)"],
                             self.pal, self.m, width=self.m.px(340), prefer="left")
        if self.hover_chip is not None:
            chip = next((r for r, key in self.strip_chips if key == self.hover_chip), None)
            if chip is not None:
                modifier = next(mo for mo in self.scenario.modifiers if mo.id == self.hover_chip)
                draw_tooltip(surface, chip, modifier.name,
                             present.modifier_lines(state, modifier.id, self.detail), self.pal,
                             self.m, prefer="below")
        if self.score is not None and self.score.hovered:
            title, lines = self.score.tooltip(state)
            draw_tooltip(surface, self.score.area, title, lines, self.pal, self.m,
                         width=self.m.px(420))
        if self.meters is not None:
            slot = self.meters.hovered if self.meters.hovered is not None else self.meters.selected
            if slot is not None:
                rect = self.meters.row_rect(slot)
                if rect is not None:
                    title, lines = self.meters.tooltip(state, slot)
                    draw_tooltip(surface, rect, title, lines, self.pal, self.m)
        if self.board is not None:
            if self.hover_party is not None and self.hover_party != self.pinned_party:
                self.board.draw_highlight(surface, self.hover_party)
            key = self.hover_party or self.pinned_party
            if key is not None:
                marker = self.board.marker(key)
                if marker is not None:
                    title, lines = present.marker_details(self.state, key)
                    anchor = pygame.Rect(0, 0, marker.radius * 2, marker.radius * 2)
                    anchor.center = marker.center
                    draw_tooltip(surface, anchor, title, lines, self.pal, self.m,
                                 width=self.m.px(320))

    # -- automation ----------------------------------------------------------------------------

    def autoplay(self, pilot: Any) -> None:
        state = self.state
        if state.over or state.to_move != self.human:
            return
        command = pilot.decide(state, self.human)
        if isinstance(command, Choose):
            index = self.choice_ids.index(command.choice)
            if pilot.prefer_keys():
                pilot.keys([pygame.K_1 + index, pygame.K_RETURN])
            else:
                pilot.click(self.choice_buttons[index])
        elif isinstance(command, Act):
            order = [a.id for a in self.action_order]
            index = order.index(command.action)
            visible = index - self.action_offset
            if 0 <= visible < len(self.action_buttons) and not pilot.prefer_keys():
                pilot.click(self.action_buttons[visible])
            else:
                steps = order.index(command.action)
                pilot.keys([pygame.K_a] + [pygame.K_DOWN] * steps + [pygame.K_RETURN])
        elif isinstance(command, EndTurn):
            if pilot.prefer_keys():
                pilot.keys([pygame.K_e])
            else:
                pilot.click(self.end_button)

    def on_ui_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED:
            target = str(getattr(event, "link_target", ""))
            if target.startswith("gl:"):
                self.glossary_slip = target[3:]
                return True
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED and \
                event.ui_element in self.action_buttons:
            self.hover_action = self.action_offset + self.action_buttons.index(event.ui_element)
            return True
        return False
