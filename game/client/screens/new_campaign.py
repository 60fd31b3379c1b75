"""New campaign: scenario (built-in and the user's), side with its objectives,
difficulty with what it changes, and an optional seed."""

from __future__ import annotations

import random
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pygame

from game.client import draw, fonts, poster
from game.client.screens.base import Screen
from game.client.screens.common import draw_sheet, sheet_rect
from game.client.widgets import esc, set_html

DIFFICULTY_NAMES = ("easy", "normal", "hard")


def load_scenario(app: Any, path: Path) -> tuple[Any, str | None]:
    """(scenario, None) or (None, why it fails); results are kept for the session."""
    cache: dict[str, tuple[Any, str | None]] = app.__dict__.setdefault("scenario_cache", {})
    key = str(path)
    if key not in cache:
        from game.content.diagnostics import ScenarioError
        from game.content.loader import load_scenario as _load

        try:
            cache[key] = (_load(path), None)
        except ScenarioError as error:
            lines = [str(p) for p in error.problems[:8]]
            more = len(error.problems) - len(lines)
            if more > 0:
                lines.append(f"... and {more} more")
            cache[key] = (None, "\n".join(lines) or "the scenario has problems")
        except (OSError, ValueError) as exc:
            cache[key] = (None, str(exc))
    return cache[key]


def scenario_entries(app: Any) -> list[tuple[str, Path, bool]]:
    """(id, path, built-in) for every scenario, plus one named on the command line."""
    from game.content import discovery

    # One entry per id: a user copy of a built-in scenario replaces it (the modder's intent).
    entries = [(e.id, e.path, e.builtin) for e in discovery.playable_scenarios()]
    wanted = getattr(app.args, "scenario", None)
    if wanted and not any(e[0] == wanted for e in entries):
        path = Path(wanted)
        if path.exists():
            entries.insert(0, (path.stem if path.is_file() else path.name, path, False))
    return entries


class NewCampaignScreen(Screen):
    name = "new_campaign"

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        args = app.args
        self.entries = scenario_entries(app)
        wanted = getattr(args, "scenario", None)
        self.scenario_index = 0
        from game.content.discovery import DEFAULT_SCENARIO

        for i, (sid, path, _builtin) in enumerate(self.entries):
            if sid == (wanted or DEFAULT_SCENARIO) or (wanted and str(path) == wanted):
                self.scenario_index = i
                break
        self.side: str | None = getattr(args, "side", None)
        self.difficulty = getattr(args, "difficulty", None) or "normal"
        seed = getattr(args, "seed", None)
        self.seed_text = "" if seed is None else str(seed)
        self.message = ""
        self.sheet = pygame.Rect(0, 0, 0, 0)
        self.scenario_buttons: list[Any] = []
        self.side_buttons: list[Any] = []
        self.side_of: dict[Any, str] = {}
        self.difficulty_of: dict[Any, str] = {}
        self.difficulty_buttons: list[Any] = []
        self.boxes: dict[str, Any] = {}
        self._html: dict[int, str] = {}
        self.start_button: Any = None
        self.seed_entry: Any = None
        self.headings: list[tuple[str, tuple[int, int]]] = []

    # -- state ---------------------------------------------------------------------

    @property
    def scenario(self) -> Any:
        if not self.entries:
            return None
        return load_scenario(self.app, self.entries[self.scenario_index][1])[0]

    @property
    def problem(self) -> str | None:
        if not self.entries:
            return "No scenarios were found."
        return load_scenario(self.app, self.entries[self.scenario_index][1])[1]

    def _fix_side(self) -> None:
        scenario = self.scenario
        if scenario is None:
            return
        if self.side not in scenario.side_ids:
            self.side = scenario.side_ids[0]

    # -- building ---------------------------------------------------------------------

    def build(self) -> None:
        m = self.m
        self._fix_side()
        self.sheet = sheet_rect(self.size, m, m.px(1180), m.px(760))
        inner = self.sheet.inflate(-2 * m.px(20), 0)
        top = self.sheet.top + m.px(58)
        bottom = self.sheet.bottom - m.px(16) - m.button_h - m.gap
        col_gap = m.px(18)
        col_w = (inner.w - 2 * col_gap) // 3
        cols = [pygame.Rect(inner.left + i * (col_w + col_gap), top, col_w, bottom - top)
                for i in range(3)]
        head_h = m.px(26)
        self.headings = [("Scenario", cols[0].topleft), ("Side", cols[1].topleft),
                         ("Difficulty", cols[2].topleft)]
        self._html.clear()
        self.scenario_buttons = []
        bh = m.px(32)
        y = cols[0].top + head_h
        max_buttons = max(1, (cols[0].h - head_h - m.px(120)) // (bh + m.gap))
        for i, (sid, _path, builtin) in enumerate(self.entries[:max_buttons]):
            label = fonts.ellipsize(sid + ("" if builtin else "  (yours)"),
                                    fonts.get("body", m.body), col_w - m.px(24))
            button = self.button(pygame.Rect(cols[0].left, y, col_w, bh), label,
                                 partial(self.pick_scenario, i), object_id="#option_button")
            self.scenario_buttons.append(button)
            y += bh + m.gap
        self.boxes["scenario"] = self.textbox(
            pygame.Rect(cols[0].left, y + m.gap, col_w, cols[0].bottom - y - m.gap), "",
            object_id="#small_text")
        self.side_buttons = []
        scenario = self.scenario
        y = cols[1].top + head_h
        sides = scenario.sides if scenario is not None else ()
        for side in sides:
            label = f"{side.short or side.id.upper()} \u2014 {side.name}"
            label = fonts.ellipsize(label, fonts.get("bold", m.body), col_w - m.px(24))
            button = self.button(pygame.Rect(cols[1].left, y, col_w, bh), label,
                                 partial(self.pick_side, side.id), object_id="#option_button")
            self.side_of[button] = side.id
            self.side_buttons.append(button)
            y += bh + m.gap
        self.boxes["side"] = self.textbox(
            pygame.Rect(cols[1].left, y + m.gap, col_w, cols[1].bottom - y - m.gap), "",
            object_id="#small_text")
        self.difficulty_buttons = []
        y = cols[2].top + head_h
        for name in DIFFICULTY_NAMES:
            button = self.button(pygame.Rect(cols[2].left, y, col_w, bh), name.title(),
                                 partial(self.pick_difficulty, name), object_id="#option_button")
            self.difficulty_of[button] = name
            self.difficulty_buttons.append(button)
            y += bh + m.gap
        seed_h = m.px(34)
        seed_block = m.px(22) + seed_h + m.px(8)
        box_h = cols[2].bottom - y - m.gap - seed_block
        self.boxes["difficulty"] = self.textbox(
            pygame.Rect(cols[2].left, y + m.gap, col_w, box_h), "", object_id="#small_text")
        seed_label_y = cols[2].bottom - seed_h - m.px(22)
        self.headings.append(("Seed (optional)", (cols[2].left, seed_label_y)))
        self.seed_entry = self.entry(pygame.Rect(cols[2].left, cols[2].bottom - seed_h,
                                                 col_w, seed_h),
                                     self.seed_text, placeholder="random")
        bw = m.px(200)
        self.button(pygame.Rect(inner.left, self.sheet.bottom - m.px(16) - m.button_h, bw,
                                m.button_h), "Back (Esc)", self.back, object_id="#quiet_button")
        self.start_button = self.button(
            pygame.Rect(inner.right - m.px(240), self.sheet.bottom - m.px(16) - m.button_h,
                        m.px(240), m.button_h), "Start campaign", self.start)
        if self.focus_index < 0:
            self.set_focus(self.start_button)
        self.refresh()

    def refresh(self) -> None:
        """Update the widgets in place after a selection changed."""
        self._fix_side()
        for i, button in enumerate(self.scenario_buttons):
            (button.select if i == self.scenario_index else button.unselect)()
        for button in self.side_buttons:
            (button.select if self.side_of[button] == self.side else button.unselect)()
        for button in self.difficulty_buttons:
            (button.select if self.difficulty_of[button] == self.difficulty
             else button.unselect)()
        scenario, problem = self.scenario, self.problem
        if scenario is None:
            text = ("<b>This scenario cannot be played.</b><br>"
                    + esc(problem or "").replace("\n", "<br>"))
            set_html(self.boxes["scenario"], text, self._html)
            set_html(self.boxes["side"], "", self._html)
            self.start_button.disable()
        else:
            cal = scenario.calendar
            text = (f"<b>{esc(scenario.title)}</b><br>{esc(cal.label(0))} to "
                    f"{esc(cal.label(cal.turns - 1))}, {cal.turns} turns<br><br>"
                    f"{esc(scenario.description)}")
            set_html(self.boxes["scenario"], text, self._html)
            side = scenario.side(self.side)
            parts = [f"<b>{esc(side.name)}</b>"]
            if side.leader:
                parts.append(f"<i>{esc(side.leader)}</i>")
            if side.description:
                parts.append(esc(side.description))
            if side.objectives:
                parts.append("<b>Objectives</b>")
                parts += [f"\u2022 {esc(o)}" for o in side.objectives]
            set_html(self.boxes["side"], "<br>".join(parts), self._html)
            self.start_button.enable()
        from game.engine.ai import DIFFICULTIES

        level = DIFFICULTIES[self.difficulty]
        set_html(self.boxes["difficulty"],
                 f"<b>{esc(self.difficulty.title())}</b><br>{esc(level.summary)}", self._html)

    # -- handlers -----------------------------------------------------------------------

    def pick_scenario(self, index: int) -> None:
        if index != self.scenario_index:
            self.scenario_index = index
            self.side = None
            self.rebuild()

    def pick_side(self, side: str) -> None:
        self.side = side
        self.refresh()

    def pick_difficulty(self, name: str) -> None:
        self.difficulty = name
        self.refresh()

    def back(self) -> None:
        self.app.to_title()

    def start(self) -> None:
        scenario = self.scenario
        if scenario is None or self.side is None:
            return
        text = (self.seed_entry.get_text() if self.seed_entry is not None else "").strip()
        if text:
            try:
                seed = int(text)
            except ValueError:
                self.message = f"The seed must be a whole number, not '{text}'."
                self.app.request_redraw()
                return
        else:
            seed = random.SystemRandom().randrange(1, 2**31)
        from game.engine.session import GameSession

        self.app.start_session(GameSession.new(scenario, seed, self.side, self.difficulty))

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.back()
            return True
        return False

    def on_ui_event(self, event: pygame.event.Event) -> bool:
        import pygame_gui

        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            self.start()
            return True
        return False

    # -- drawing --------------------------------------------------------------------------

    def under_key(self) -> Any:
        return (self.message,)

    def render_under(self, surface: pygame.Surface) -> None:
        scenario = self.scenario
        if scenario is None:
            surface.fill(draw.rgb(self.pal.desk))
        else:
            # the chosen scenario's poster, round the sheet
            poster.draw_poster(surface, surface.get_rect(), poster.scenario_art(scenario),
                               self.pal, self.m)
        draw_sheet(surface, self, "NEW CAMPAIGN")
        font = fonts.get("bold", self.m.body)
        for text, pos in self.headings:
            draw.text(surface, text.upper(), font, self.pal.accent, pos)
        if self.message:
            small = fonts.get("body", self.m.small)
            rect = self.start_button.get_abs_rect()
            draw.text(surface, self.message, small, self.pal.bad,
                      (rect.left - self.m.px(12), rect.centery), "midright")

    # -- automation ------------------------------------------------------------------------

    def autoplay(self, pilot: Any) -> None:
        if self.scenario is None:
            print(f"red-schism: autoplay cannot start: {self.problem}", file=sys.stderr)
            self.app.exit_code = 1
            self.app.quit()
            return
        wanted = getattr(self.app.args, "side", None)
        if wanted and wanted != self.side:
            for button in self.side_buttons:
                if self.side_of[button] == wanted:
                    pilot.click(button)
                    return
        if self.start_button is not None and self.start_button.is_enabled:
            pilot.click(self.start_button)


def start_from_args(app: Any) -> bool:
    """``play --scenario/--side/...``: start at once, or explain (on stderr and on the title
    screen, where the game then opens) and stay."""
    from game.content import discovery

    wanted = getattr(app.args, "scenario", None)
    try:
        path = discovery.resolve_scenario_path(wanted)
    except FileNotFoundError as exc:
        return _cannot_start(app, str(exc))
    scenario, problem = load_scenario(app, path)
    if scenario is None:
        lines = (problem or "").splitlines()
        print(f"red-schism: the scenario cannot be played:\n{problem}", file=sys.stderr)
        first = (lines[0] if lines else "it has problems").replace(f"{path}/", "", 1)
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        return _cannot_start(app, f"Cannot play {wanted or path}: {first}{more}. "
                                  f"python -m game validate {path} lists every problem.",
                             echo=False)
    side = getattr(app.args, "side", None) or scenario.side_ids[0]
    if side not in scenario.side_ids:
        return _cannot_start(app, f"unknown side '{side}'; choose one of "
                                  f"{', '.join(scenario.side_ids)}")
    seed = getattr(app.args, "seed", None)
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    difficulty = getattr(app.args, "difficulty", None) or "normal"
    from game.engine.session import GameSession

    app.start_session(GameSession.new(scenario, seed, side, difficulty))
    return True


def _cannot_start(app: Any, message: str, echo: bool = True) -> bool:
    """Say why the campaign the command line asked for cannot start: on stderr, and on the
    title screen the game opens instead."""
    if echo:
        print(f"red-schism: {message}", file=sys.stderr)
    app.notice = message[0].upper() + message[1:]
    return False
