"""The score sheet (S, or a click on the score panel): the whole score in one
page — the forecast and what would change it, every victory point and where it
came from, the scoring moments to come with their timing and what they would
pay now, the computer's estimate, and how a final score is made."""

from __future__ import annotations

from typing import Any

import pygame

from game.client import scoretext
from game.client.present import side_short, signed
from game.client.screens.common import ReadingSheet
from game.client.widgets import esc


def score_html(state: Any, human: str) -> str:
    scenario = state.scenario
    view = scoretext.score_view(state, human)
    forecast = view.forecast
    parts = ["<b>IF THE GAME ENDED NOW</b>",
             f"<b>{esc(forecast.title)}</b> \u2014 "
             f"{esc(scoretext.scores_text(scenario, forecast.scores, human))}: "
             f"{scoretext.VERDICT_WORDS[view.verdict]} for you."]
    if view.thresholds:
        parts.append("What would change it, nearest first (one meter moving, the rest as "
                     "they are):")
        parts += [f"\u2022 {esc(t)}" for t in view.thresholds]
    else:
        parts.append("No change of a single meter within its bounds would alter it.")
    if view.expected:
        parts.append("The computer's estimate of the final score, reading the chances as "
                     "things stand: "
                     f"{esc(scoretext.scores_text(scenario, view.expected, human))}.")
    if view.has_points:
        parts += ["", "<b>VICTORY POINTS</b>",
                  "Held now: " + esc(scoretext.scores_text(
                      scenario, {s: float(v) for s, v in view.points.items()}, human)) + "."]
        for side in (human, *[s for s in scenario.side_ids if s != human]):
            who = "Yours" if side == human else f"{side_short(scenario, side)}'s"
            groups = scoretext.points_groups(state, side)
            if not groups:
                parts.append(f"{esc(who)}: none earned yet.")
                continue
            parts.append(f"<b>{esc(who)}, by source</b>")
            for group in groups:
                when = (f"{group.times} times, last {group.last_date}" if group.times > 1
                        else group.last_date)
                parts.append(f"\u2022 {esc(group.moment)} \u2014 {esc(group.label)}: "
                             f"<b>{signed(group.points)}</b> ({esc(when)})")
        if view.upcoming:
            parts += ["", "<b>SCORING MOMENTS TO COME</b> (what each would pay if held now)"]
            for line in view.upcoming:
                parts.append(f"<b>{esc(line.name)}</b> \u2014 {esc(line.when)}. "
                             f"<i>{esc(line.timing)}.</i>")
                for side in (human, *[s for s in scenario.side_ids if s != human]):
                    rows = line.detail.get(side, ())
                    if not rows:
                        continue
                    who = "You" if side == human else side_short(scenario, side)
                    parts.append(f"\u2022 {esc(who)}: " + esc(", ".join(
                        f"{label} {signed(points)}" for label, points in rows)))
    parts += ["", "<b>HOW THE FINAL SCORE IS MADE</b>",
              esc(scoretext.score_rule(scenario, human)),
              "The objectives page (O) lists every ending with its score for you."]
    return "<br>".join(parts)


class ScoreScreen(ReadingSheet):
    name = "score"
    heading = "THE SCORE"
    close_keys = (pygame.K_ESCAPE, pygame.K_s)
    max_size = (760, 720)

    def html(self) -> str:
        session = self.app.session
        return score_html(session.state, session.human)
