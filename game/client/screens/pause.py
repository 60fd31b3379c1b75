"""The pause menu (save, load, objectives, settings, quit to title) and the
objectives page."""

from __future__ import annotations

from typing import Any

import pygame

from game.client import draw, fonts, present
from game.client.screens.base import Screen
from game.client.screens.common import ReadingSheet, draw_sheet, sheet_rect
from game.client.widgets import esc
from game.engine import scoring


class PauseScreen(Screen):
    name = "pause"
    modal = True

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.sheet = pygame.Rect(0, 0, 0, 0)
        self.message = ""
        self.keys: dict[int, Any] = {}

    def _entries(self) -> list[tuple[str, str, Any]]:
        entries: list[tuple[str, str, Any]] = [("Resume", "Esc", self.app.pop)]
        saves = self.app.get_saves()
        if saves is not None:
            entries += [("Save game", "S", self.save), ("Load game", "L", self.load)]
        entries += [("Objectives and endings", "O", self.objectives),
                    ("Glossary", "G", self.glossary),
                    ("Settings", "T", self.settings), ("How to play", "F1", self.help),
                    ("Quit to title", "Q", self.quit_to_title)]
        return entries

    def build(self) -> None:
        m = self.m
        entries = self._entries()
        bh = m.px(38)
        height = m.px(64) + len(entries) * (bh + m.gap) + m.px(50)
        self.sheet = sheet_rect(self.size, m, m.px(420), height)
        y = self.sheet.y + m.px(60)
        avail = self.sheet.bottom - m.px(40) - y
        bh = min(bh, avail // len(entries) - m.gap)
        self.keys = {}
        for label, key, handler in entries:
            rect = pygame.Rect(self.sheet.x + m.px(30), y, self.sheet.w - m.px(60), bh)
            self.button(rect, label, handler, object_id="#menu_button")
            if len(key) == 1:
                self.keys[pygame.key.key_code(key.lower())] = handler
            y += bh + m.gap
        if self.focus_index < 0:
            self.focus_index = 0

    def arrow_focus(self) -> bool:
        return True

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        if event.mod & pygame.KMOD_CTRL:
            return False
        handler = self.keys.get(event.key)
        if handler is not None:
            handler()
            return True
        return False

    def under_key(self) -> Any:
        return (self.message,)

    def render_under(self, surface: pygame.Surface) -> None:
        draw_sheet(surface, self, "PAUSED")
        m = self.m
        font = fonts.get("body", m.small)
        text = self.message or ("Tab or \u2191\u2193 to move \u00b7 Enter to choose \u00b7 "
                                "letters as shown")
        colour = self.pal.good if self.message else self.pal.ink_soft
        draw.text(surface, fonts.ellipsize(text, font, self.sheet.w - m.px(40)), font, colour,
                  (self.sheet.centerx, self.sheet.bottom - m.px(14)), "midbottom")

    def draw_over(self, surface: pygame.Surface) -> None:
        super().draw_over(surface)
        mono = fonts.get("mono", self.m.small)
        for element, (_label, key, _h) in zip(self.focusables, self._entries(), strict=False):
            rect = pygame.Rect(element.get_abs_rect())
            draw.text(surface, key, mono, self.pal.paper, (rect.right - self.m.px(12),
                                                           rect.centery), "midright")

    def save(self) -> None:
        saves = self.app.get_saves()
        session = self.app.session
        if saves is None or session is None:
            return
        state = session.state
        side = present.side_short(state.scenario, session.human)
        self.message = saves.save_named(session, f"{side} {state.date_label}")
        self.app.request_redraw()

    def load(self) -> None:
        from game.client.screens.saves import LoadScreen

        self.app.push(LoadScreen(self.app))

    def objectives(self) -> None:
        self.app.push(ObjectivesScreen(self.app))

    def glossary(self) -> None:
        from game.client.screens.help import GlossaryScreen

        self.app.push(GlossaryScreen(self.app))

    def settings(self) -> None:
        from game.client.screens.settings_screen import SettingsScreen

        self.app.push(SettingsScreen(self.app))

    def help(self) -> None:
        from game.client.screens.help import HelpScreen

        self.app.push(HelpScreen(self.app))

    def quit_to_title(self) -> None:
        self.app.session = None
        self.app.to_title()


def objectives_html(app: Any) -> str:
    """The side's objectives, how a final score is made, every ending with its score for
    the side and its rank, and the scoring moments with their awards, all from the
    scenario's data."""
    from game.client import scoretext
    from game.engine.ai import DIFFICULTIES

    session = app.session
    scenario = session.scenario
    human = session.human
    side = scenario.side(human)
    rival = scoretext.rival_of(scenario, human)
    rival_name = present.side_short(scenario, rival)
    parts = [f"<b>You lead: {esc(side.name)}</b>"]
    if side.leader:
        parts.append(f"<i>{esc(side.leader)}</i>")
    parts.append("")
    parts.append("<b>OBJECTIVES</b>")
    parts += [f"\u2022 {esc(o)}" for o in side.objectives] or ["\u2022 (none stated)"]
    parts += ["", "<b>HOW THE SCORE IS MADE</b>", esc(scoretext.score_rule(scenario, human))]
    rows = scoretext.ending_rows(scenario, human)
    total = len(rows)
    level = " (scores with victory points level)" if scenario.scoring is not None else ""
    parts += ["", f"<b>THE ENDINGS, BEST FOR YOU FIRST</b>{level}"]
    for row, share in rows:
        ending = scenario.ending(row.ending)
        place = 1 + sum(1 for other, _s in rows if other.score > row.score + 1e-9)
        kind = "may end the game early" if row.sudden else "decided at the last turn"
        how = present.condition_text(scenario, row.condition)
        when = f": {how}" if how else ", if no other ending applies"
        points = f", {scoretext.share_words(share)}" if scenario.scoring is not None else ""
        parts.append(
            f"\u2022 <b>{esc(row.title)}</b> \u2014 you <b>{row.score:.0f}</b>, "
            f"{esc(rival_name)} {row.rival:.0f}{esc(points)} "
            f"({esc(scoretext.rank_text(place, total))} for you) \u2014 {kind}{esc(when)}"
            + (" <i>(as in history)</i>" if ending.historical else ""))
    if scenario.scoring is not None and scenario.scoring.moments:
        parts += ["", "<b>SCORING MOMENTS</b> (victory points are paid at the end of the turn "
                      "when a moment comes; the figure is what it would pay now)"]
        now = {item.moment.id: item for item in scoring.next_scoring(session.state)}
        for moment in scenario.scoring.moments:
            parts.append(f"<b>{esc(moment.name)}</b> \u2014 "
                         f"{esc(scoretext.moment_timing(scenario, moment))}."
                         + (f" {esc(moment.description)}" if moment.description else ""))
            for who in (human, *[s for s in scenario.side_ids if s != human]):
                awards = [a for a in moment.awards if a.side == who]
                if not awards:
                    continue
                upcoming = now.get(moment.id)
                worth = dict(upcoming.awards.get(who, ())) if upcoming is not None else {}
                texts = []
                for award in awards:
                    text = award.label
                    if award.label in worth:
                        text += f" (now {present.signed(scoretext.paid(worth[award.label]))})"
                    texts.append(text)
                name = "You" if who == human else present.side_short(scenario, who)
                parts.append(f"\u2022 {esc(name)}: {esc('; '.join(texts))}")
            if moment.id not in now:
                parts.append("\u2022 <i>Already held for the last time.</i>")
    parts.append("")
    cal = scenario.calendar
    parts.append(f"The campaign runs from {esc(cal.label(0))} to {esc(cal.label(cal.turns - 1))}"
                 f" ({cal.turns} turns). The score panel on the campaign screen shows where you "
                 "stand; S opens the whole score.")
    level_def = DIFFICULTIES[session.state.difficulty]
    parts.append(f"Difficulty {esc(session.state.difficulty)}: {esc(level_def.summary)}")
    return "<br>".join(parts)


class ObjectivesScreen(ReadingSheet):
    name = "objectives"
    heading = "OBJECTIVES"
    close_keys = (pygame.K_ESCAPE, pygame.K_o)

    def html(self) -> str:
        return objectives_html(self.app)
