"""The campaign screen: date and capital, the meters, the board, the current
event as a cable, the actions, the chronicle, End turn and Undo.

Widgets are built once per layout (and the event card once per event) and
updated in place after every command; the meter panel and the board are drawn
by the game and cached until the state changes.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pygame
import pygame_gui

from game.client import draw, fonts, layout, present
from game.client.board import Board
from game.client.meters import MeterPanel, draw_tooltip
from game.client.palette import mix, rgb
from game.client.screens.base import Screen
from game.client.scrolltext import Run, ScrollText
from game.client.widgets import esc, scroll_text
from game.engine import rules
from game.engine.commands import (
    Act,
    Choose,
    Command,
    EndTurn,
    IllegalCommandError,
    RulesError,
)

HINTS = ("1\u20134 choose \u00b7 Enter confirm \u00b7 E end turn \u00b7 U undo \u00b7 A actions "
         "\u00b7 M meters \u00b7 B board \u00b7 H history \u00b7 O objectives \u00b7 Esc menu "
         "\u00b7 F1 help")
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

    # -- helpers -------------------------------------------------------------------

    @property
    def state(self) -> Any:
        return self.session.state

    @property
    def event(self) -> Any:
        return rules.current_event(self.state, self.human)

    @property
    def detail(self) -> str:
        return str(self.app.settings.preview_detail)

    def side_colour(self, side_id: str) -> str:
        ids = self.scenario.side_ids
        if side_id not in ids:
            return str(self.pal.neutral)
        return str(self.pal.sides()[min(ids.index(side_id), 1)])

    # -- building ---------------------------------------------------------------------

    def build(self) -> None:
        m = self.m
        lay = self.lay = layout.campaign(self.size, m)
        self._background = None
        self.meters = MeterPanel(self.scenario, self.human, self.pal, m)
        self.meters.set_area(lay.meters)
        self.meters.sync(self.state, animate=False)
        self.board = Board(self.scenario, self.pal, m)
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
        # actions: as many buttons as fit, updated in place
        head = m.px(30)
        detail_h = max(m.px(96), min(m.px(132), int(lay.actions.h * 0.3)))
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
        # chronicle
        chron = lay.chronicle
        self.chronicle = ScrollText(self.pal, m)
        self.chronicle.set_area(pygame.Rect(chron.left + m.px(8), chron.top + m.px(26),
                                            chron.w - m.px(12), chron.h - m.px(32)))
        self.chronicle_len = -1
        self.card_key = None
        self.card_elements = []
        self.sync(animate=False)

    # -- keeping the widgets in step with the game ---------------------------------------------

    def sync(self, animate: bool = True) -> None:
        state = self.state
        if state.over:
            self.app.game_over()
            return
        assert self.meters is not None
        self.meters.sync(state, animate and self.app.settings.animations)
        capital = state.values[self.scenario.side(self.human).capital_slot]
        if self.capital_shown is None or not (animate and self.app.settings.animations):
            self.capital_shown = float(capital)
        event = self.event
        key = (event.id, len(state.log), state.turn) if event is not None else None
        if key != self.card_key:
            self.card_key = key
            self._build_card(event)
        (self.undo_button.enable if self.session.can_undo else self.undo_button.disable)()
        (self.end_button.enable if event is None else self.end_button.disable)()
        self._sync_actions(visible=event is None)
        if event is None and self.built:
            self.app.screen_shown("actions")
        if len(state.chronicle) != self.chronicle_len and self.chronicle is not None:
            self.chronicle_len = len(state.chronicle)
            self.chronicle.set_paragraphs(self._chronicle_paragraphs())
        self.app.request_redraw()

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
        free = [a for a in actions if rules.action_lock_reason(state, a) is None]
        locked = [a for a in actions if a not in free]
        self.action_order = free + locked
        count = len(self.action_buttons)
        self.action_offset = max(0, min(self.action_offset, len(self.action_order) - count))
        font = fonts.get("body", self.m.px(14))
        for i, button in enumerate(self.action_buttons):
            index = self.action_offset + i
            if not visible or index >= len(self.action_order):
                button.hide()
                continue
            action = self.action_order[index]
            width = button.get_abs_rect().w - self.m.px(62)
            label = fonts.ellipsize(action.name, font, width)
            if button.text != label:
                button.set_text(label)
            button.show()
            if rules.action_lock_reason(state, action) is None:
                button.enable()
            else:
                button.disable()

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
            return
        self.show_history = False
        m, pal, state = self.m, self.pal, self.state
        assert self.lay is not None
        card = self.lay.card
        pad = m.px(18)
        inner_w = card.w - 2 * pad
        x0 = card.x + pad
        y = card.y + m.px(12)
        mono = fonts.get("mono", m.small)
        side = self.scenario.side(self.human)
        waiting = len(state.pending.get(self.human, []))
        header = f"MOST SECRET \u00b7 FOR THE {(side.short or side.name).upper()} LEADERSHIP"
        hb_w, hb_h = m.px(236), m.px(30)
        self.history_button = self.button(
            pygame.Rect(card.right - pad - hb_w, y, hb_w, hb_h), "What really happened (H)",
            self.toggle_history, object_id="#quiet_button", focusable=True)
        self.card_elements.append(self.history_button)
        header_w = inner_w - hb_w - m.px(10)
        self.card_items.append(("text", mono, fonts.ellipsize(header, mono, header_w),
                                (x0, y + m.px(2))))
        if waiting > 1:
            self.card_items.append(("text", mono, f"{waiting} cables waiting",
                                    (x0, y + m.px(2) + mono.get_linesize())))
        y += hb_h + m.px(10)
        title_font = fonts.get("heading", m.px(24))
        title_lines = fonts.wrap(event.title, title_font, inner_w - m.px(110))[:2]
        for line in title_lines:
            self.card_items.append(("title", title_font, line, (x0, y)))
            y += title_font.get_linesize()
        if event.crisis:
            self.card_items.append(("stamp", fonts.get("mono", m.body), "CRISIS",
                                    (card.right - pad, y - title_font.get_linesize())))
        date = " \u00b7 ".join(p for p in (event.date_text, state.date_label) if p)
        self.card_items.append(("date", mono, date, (x0, y + m.px(2))))
        y += mono.get_linesize() + m.px(8)
        self.card_rules.append(y)
        y += m.px(10)
        # choices from the bottom up
        small = fonts.get("body", m.small)
        bh = m.px(34)
        blocks = []
        for index, choice in enumerate(event.choices):
            open_ = rules.choice_available(state, choice)
            lines: list[tuple[str, str]] = []
            if open_:
                lines.append(("Expected: " + present.preview_sentence(state, choice.ops,
                                                                       self.detail), pal.ink))
            else:
                lines.append((present.choice_lock_text(choice), pal.bad))
            if choice.text:
                lines.append((choice.text, pal.ink_soft))
            blocks.append((index, choice, open_, lines))
        bottom = card.bottom - m.px(14)
        avail_text = 0
        wrapped_blocks: list[list[tuple[str, str]]] = []
        min_text = m.px(70)
        for max_lines in (4, 2, 1, 0):
            wrapped_blocks = []
            total = 0
            for _index, _choice, _open, lines in blocks:
                wrapped: list[tuple[str, str]] = []
                for text, colour in lines:
                    for part in fonts.wrap(text, small, inner_w - m.px(26)):
                        wrapped.append((part, colour))
                if len(wrapped) > max_lines:
                    wrapped = wrapped[:max_lines]
                    if wrapped:
                        last, colour = wrapped[-1]
                        wrapped[-1] = (fonts.ellipsize(last + " \u2026", small,
                                                       inner_w - m.px(26)), colour)
                wrapped_blocks.append(wrapped)
                total += bh + len(wrapped) * small.get_linesize() + m.px(8)
            avail_text = bottom - total - y - m.px(10)
            if avail_text >= min_text:
                break
        text_rect = pygame.Rect(x0, y, inner_w, max(m.px(40), avail_text))
        self.text_box = self.textbox(text_rect, self._event_html(event), object_id="#card_text")
        self.card_elements.append(self.text_box)
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
                self.card_items.append(("line", small, text, (x0 + m.px(14), cy)))
                self.card_items[-1] = ("line:" + colour, small, text, (x0 + m.px(14), cy))
                cy += small.get_linesize()
            cy += m.px(5)
        first_open = next((b for b in self.choice_buttons if b.is_enabled), None)
        self.set_focus(first_open)
        if self.built:
            self.app.screen_shown("event")

    def _event_html(self, event: Any) -> str:
        text = event.text_for(self.human) or ""
        paragraphs = [esc(p.strip()) for p in text.split("\n") if p.strip()]
        body = "<br><br>".join(paragraphs)
        if self.show_history:
            history = esc(event.history or "No historical note for this event.")
            real = present.historical_choice(event)
            extra = f"<br><br><b>In history:</b> {esc(real.label)}" if real else ""
            body += ("<br><br><font color='" + self.pal.accent + "'><b>WHAT REALLY HAPPENED"
                     "</b></font><br><i>" + history + "</i>" + extra)
        return body

    def toggle_history(self) -> None:
        event = self.event
        if event is None or self.text_box is None:
            return
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
        self.notice = ""
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

    def open_menu(self) -> None:
        from game.client.screens.pause import PauseScreen

        self.app.push(PauseScreen(self.app))

    def open_objectives(self) -> None:
        from game.client.screens.pause import ObjectivesScreen

        self.app.push(ObjectivesScreen(self.app))

    def quicksave(self) -> None:
        saves = self.app.get_saves()
        self.notice = saves.quicksave(self.session) if saves else "Saves are not available."
        self.app.request_redraw()

    def quickload(self) -> None:
        saves = self.app.get_saves()
        result = saves.quickload() if saves else "Saves are not available."
        if isinstance(result, str):
            self.notice = result
            self.app.request_redraw()
            return
        session, warnings = result
        self.app.start_session(session, notice=" ".join(["Quickloaded.", *warnings]))

    # -- keyboard --------------------------------------------------------------------------------

    def on_key(self, event: pygame.event.Event) -> bool:
        key, mod = event.key, event.mod
        ctrl = bool(mod & pygame.KMOD_CTRL)
        shift = bool(mod & pygame.KMOD_SHIFT)
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
        if key == pygame.K_a:
            self.focus_actions(0)
            return True
        if key == pygame.K_m and self.meters is not None:
            self.meters.step_selection(-1 if shift else 1)
            return True
        if key == pygame.K_b and self.board is not None and self.event is None:
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
            if self.chronicle is not None and self.chronicle.area.collidepoint(pos) and \
                    self.event is None:
                self.chronicle.scroll_by(-event.y * self.m.px(40))
                return True
            if self.lay is not None and self.lay.actions.collidepoint(pos) and self.event is None:
                self.action_offset = max(0, self.action_offset - event.y)
                self._sync_actions(visible=True)
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.mouse_pos = event.pos
            self._update_hover()
            if self.meters is not None:
                slot = self.meters.hit(event.pos)
                if slot is not None:
                    self.meters.selected = None if self.meters.selected == slot else slot
                    return True
            if self.board is not None and self.event is None and \
                    self.board.area.collidepoint(event.pos):
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
        party = self.board.hit(pos) if self.board is not None and self.event is None else None
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
        for rect in (lay.actions, lay.chronicle):
            draw.paper(surface, rect, pal, shadow=m.px(3))
        head = fonts.get("bold", m.small)
        draw.text(surface, "ACTIONS", head, pal.accent, (lay.actions.x + m.px(10),
                                                         lay.actions.y + m.px(8)))
        draw.text(surface, "CHRONICLE", head, pal.accent, (lay.chronicle.x + m.px(10),
                                                           lay.chronicle.y + m.px(6)))
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
        return (id(state), len(state.log), state.turn, state.over, meter_key,
                round(self.capital_shown or 0), self.notice, self.card_key, self.show_history,
                self.action_offset, self.hover_action, action_focus, self.hover_party,
                self.pinned_party, self.chronicle.scroll if self.chronicle else 0,
                self.app.settings.preview_detail)

    def render_under(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        lay = self.lay
        if lay is None or self.meters is None or self.board is None:
            surface.fill(rgb(pal.desk))
            return
        state = self.state
        surface.blit(self._static_background(), (0, 0))
        self._draw_top(surface)
        self.meters.draw(surface, state)
        event = self.event
        if event is None:
            highlight = self.pinned_party or self.hover_party
            self.board.draw(surface, state, highlight)
            self._draw_action_details(surface)
            if self.chronicle is not None:
                self.chronicle.draw(surface)
        else:
            self._draw_card(surface)
        hint_font = fonts.get("body", m.small)
        hint = self.notice or HINTS
        colour = pal.ochre if self.notice else mix(pal.desk_text, pal.desk, 0.2)
        draw.text(surface, fonts.ellipsize(hint, hint_font, lay.hints.w - 2 * m.pad), hint_font,
                  colour, (m.pad, lay.hints.centery), "midleft")

    def _draw_top(self, surface: pygame.Surface) -> None:
        pal, m = self.pal, self.m
        assert self.lay is not None
        top = self.lay.top
        state = self.state
        side = self.scenario.side(self.human)
        index = self.scenario.side_ids.index(self.human)
        r = m.px(15)
        draw.emblem(surface, (m.pad + r, top.centery), r, pal.sides()[min(index, 1)], pal.ink,
                    pal.paper, "circle" if index == 0 else "square")
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
        card = self.lay.card
        draw.dim(surface.subsurface(self.lay.board.union(self.lay.right)), 175)
        draw.paper(surface, card, pal, shadow=m.px(6))
        band = pygame.Rect(card.x, card.y, m.px(6), card.h)
        pygame.draw.rect(surface, rgb(pal.accent), band)
        pad = m.px(18)
        for y in self.card_rules:
            draw.rule(surface, pal.ink_soft, (card.x + pad, y), card.right - pad)
        for kind, font, text, pos in self.card_items:
            if kind == "title":
                draw.text(surface, text, font, pal.accent_dark, pos)
            elif kind == "stamp":
                draw.stamp(surface, text, font, pal.accent, pos)
            elif kind == "date":
                draw.text(surface, text, font, pal.ink_soft, pos)
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
        mono = fonts.get("mono", m.small)
        for i, button in enumerate(self.action_buttons):
            row = self.action_offset + i
            if not button.visible or row >= len(self.action_order):
                continue
            action = self.action_order[row]
            rect = button.get_abs_rect()
            reason = rules.action_lock_reason(state, action)
            if reason is None:
                badge = f"{rules.action_cost(state, action)} PC"
                colour = pal.ink
            elif reason.startswith("cooldown"):
                badge, colour = "wait " + reason.split(":")[-1].strip().split()[0], pal.ink_faint
            elif reason.startswith("already"):
                badge, colour = "done", pal.ink_faint
            elif reason.startswith("costs"):
                badge, colour = f"{rules.action_cost(state, action)} PC", pal.bad
            else:
                badge, colour = "locked", pal.ink_faint
            draw.text(surface, badge, mono, colour, (rect.right - m.px(8), rect.centery),
                      "midright")
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
        if index is None or index >= len(self.action_order) or rect.h < m.px(20):
            draw.text_block(surface, "Point at an action, or press A and use \u2191\u2193, to "
                            "see what it does. Locked actions say why.",
                            head, pal.ink_faint, rect)
            return
        action = self.action_order[index]
        reason = rules.action_lock_reason(state, action)
        y = rect.y
        bold = fonts.get("bold", m.small)
        cost = rules.action_cost(state, action)
        title = fonts.ellipsize(f"{action.name} \u2014 {cost} political capital", bold, rect.w)
        draw.text(surface, title, bold, pal.ink, (rect.x, y))
        y += bold.get_linesize()
        parts: list[tuple[str, str]] = []
        if action.description:
            parts.append((action.description, pal.ink_soft))
        parts.append(("Expected: " + present.preview_sentence(state, action.ops, self.detail),
                      pal.ink))
        if reason:
            parts.append(("Locked: " + reason, pal.bad))
        elif action.cooldown:
            parts.append((f"Cooldown {action.cooldown} turn(s) after use.", pal.ink_faint))
        for text, colour in parts:
            lines = fonts.wrap(text, head, rect.w)
            for line in lines:
                if y + head.get_linesize() > rect.bottom:
                    return
                draw.text(surface, line, head, colour, (rect.x, y))
                y += head.get_linesize()

    def draw_over(self, surface: pygame.Surface) -> None:
        super().draw_over(surface)
        state = self.state
        if self.meters is not None:
            slot = self.meters.hovered if self.meters.hovered is not None else self.meters.selected
            if slot is not None:
                rect = self.meters.row_rect(slot)
                if rect is not None:
                    title, lines = self.meters.tooltip(state, slot)
                    draw_tooltip(surface, rect, title, lines, self.pal, self.m)
        if self.board is not None and self.event is None:
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
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED and \
                event.ui_element in self.action_buttons:
            self.hover_action = self.action_offset + self.action_buttons.index(event.ui_element)
            return True
        return False
