"""How to play: the rules in brief and every keyboard shortcut."""

from __future__ import annotations

import pygame

from game.client.screens.common import ReadingSheet
from game.client.widgets import esc
from game.engine.model import Calendar, Scenario

KEYMAP: tuple[tuple[str, str], ...] = (
    ("1 \u2013 4", "pick a choice of the current event"),
    ("Enter / Space", "confirm: press the focused button"),
    ("Tab / Shift+Tab", "move the focus between buttons"),
    ("Up / Down arrows", "move within a list (actions, menus, settings)"),
    ("Left / Right arrows", "change a setting; step through a replay"),
    ("A", "go to the actions list"),
    ("E", "end the turn"),
    ("U or Ctrl+Z", "undo your last decision this turn (never past a roll of the dice)"),
    ("S", "the whole score: points and their sources, moments to come, the forecast"),
    ("H", "show or hide what really happened (event card)"),
    ("M", "step through the meters and their causes (Shift+M back)"),
    ("B", "step through the third parties on the board (Shift+B back)"),
    ("C", "switch the panel under the board between the briefing and the chronicle"),
    ("G", "the glossary of terms, people, places and words"),
    ("PgUp / PgDn", "scroll the event text or the page you are reading"),
    ("O", "objectives, endings and how each is reached"),
    ("Ctrl+S or F5", "quicksave (when saves are available)"),
    ("Ctrl+L or F9", "quickload the last quicksave"),
    ("Esc", "pause menu / go back"),
    ("F1", "this help"),
)

RULES = (
    "You lead one side of the scenario from its first turn to its last; the computer plays "
    "the other side by the same rules.",
    "<b>Each turn</b> starts with a briefing under the board: what the other side did, the "
    "events that fired, the biggest changes and why. Then answer the events addressed to "
    "you: read the cable (underlined words open the glossary), choose one of its answers. "
    "Each answer says everything it will do, at the detail chosen in Settings: its effects "
    "on the meters, timed effects with their length and total, what it opens or closes, "
    "what may follow, and the odds of anything left to chance. Then spend <b>political "
    "capital</b> on actions (each row shows its cost, or why it is locked), and end the "
    "turn.",
    "<b>Meters</b> on the left show the state of the alliance and of both powers, with the "
    "change since last turn and the trend. Hover a meter (or press M) to see what moved it "
    "and why.",
    "<b>Third parties</b> sit on the board. A side controls one only when its influence "
    "exceeds the rival's by the party's independence; neglected friends drift away. Control "
    "pays twice: at the scenario's regional balances each controlled party earns victory "
    "points by its importance (its tooltip on the board gives both), and conditions of "
    "events, actions and endings count the parties each side holds, so allies open doors "
    "and can decide how the campaign ends.",
    "<b>Timed effects</b> such as Soviet aid or a famine act at the start of every turn "
    "until they run out; the strip above the board lists them with the turns left.",
    "<b>The score</b> runs through the game. At <b>scoring moments</b> (a yearly review, "
    "the regional balances that come at uncertain times, great conferences, a first bomb) "
    "each side earns <b>victory points</b> for what it holds then: standing, the board, "
    "the economy. The points are paid at the end of the turn and every point is in the "
    "ledger with its reason. The <b>score panel</b> above the meters shows the points, the "
    "ending you would reach if the game ended now with each side's score and your verdict, "
    "the nearest change that would alter it and the next scoring moment; hover it for more, "
    "press S for all of it. Marks on the meter bars show where endings draw their lines.",
    "<b>Endings</b>: the campaign ends early if a sudden ending's condition is met (war, "
    "collapse at home), otherwise at the last turn with the first final ending whose "
    "condition holds. Each ending gives each side a score; in a scenario with victory "
    "points, an ending's score can add a share of the side's lead in points to a base (the "
    "scenario's own rule is below). At "
    "the end your final score against the other side's gives the <b>verdict</b>: ahead by "
    "more than the scenario's draw margin is a win, behind by more is a loss, anything "
    "between a draw. The objectives page (O) lists every ending with its score for you, "
    "and every scoring moment with what it pays.",
    "<b>Shared meters</b> (the risk of war, a quarrel between allies) belong to neither "
    "side: pushed too far they can end the game for both, and some are dangerous at either "
    "extreme. Read your side's objectives (O) for what counts as success.",
    "<b>Undo and the dice</b>: undo takes back your decisions of the current turn, but never "
    "past a roll of the dice. Previews state the odds before you commit; once a decision "
    "has rolled a chance (\u201cThe dice are cast\u201d), it and everything before it this "
    "turn are final, so no one can peek at luck and take it back.",
)


def turn_length(calendar: Calendar) -> str:
    """', a quarter of a year each' or ', of a week, then a day, then a week'."""
    if not calendar.by_day:
        return {"quarter": ", a quarter of a year each", "month": ", a month each",
                "year": ", a year each"}.get(calendar.period, "")
    names = {1: "a day", 7: "a week"}
    runs: list[list[int]] = []  # [days, turns]
    for turn in range(calendar.turns):
        length = calendar.days[turn + 1] - calendar.days[turn]
        if runs and runs[-1][0] == length:
            runs[-1][1] += 1
        else:
            runs.append([length, 1])
    # a single turn between two phases is one cut short, not a phase of its own
    kept = [run for i, run in enumerate(runs)
            if run[1] > 1 or i == 0 or i == len(runs) - 1]
    words: list[str] = []
    for length, _ in kept:
        word = names.get(length, f"{length} days")
        if not words or words[-1] != word:
            words.append(word)
    if len(words) == 1:
        return f", {words[0]} each"
    return ", of " + ", then ".join(words)


def help_html(scenario: Scenario | None = None, side: str | None = None) -> str:
    """The rules in brief; with a scenario, its own scoring rule in its own figures."""
    parts = ["<b>THE GAME</b><br>"]
    if scenario is not None and scenario.calendar.turns:
        cal = scenario.calendar
        parts.append(f"<b>{esc(scenario.title)}</b> runs from {esc(cal.label(0))} to "
                     f"{esc(cal.label(cal.turns - 1))} in {cal.turns} turns"
                     f"{esc(turn_length(cal))}.<br>")
    parts += [p + "<br>" for p in RULES]
    if scenario is not None and scenario.side_ids:
        from game.client import scoretext

        parts.append(f"<b>{esc(scenario.title)}</b>: "
                     f"{esc(scoretext.score_rule(scenario, side))}<br>")
    parts.append("<br><b>THE KEYBOARD</b><br>")
    for key, meaning in KEYMAP:
        parts.append(f"<b>{esc(key)}</b> \u2014 {esc(meaning)}<br>")
    parts.append("<br>Every button can also be reached with Tab and pressed with Enter.")
    return "".join(parts)


def glossary_html(scenario: object) -> str:
    from game.client import present

    entries = list(getattr(scenario, "glossary", ()))
    if not entries:
        return "This scenario has no glossary."
    parts = []
    for kind, heading in present.GLOSSARY_KINDS:
        group = sorted((e for e in entries if e.kind == kind), key=lambda e: e.term.casefold())
        if not group:
            continue
        parts.append(f"<b>{esc(heading.upper())}</b><br>")
        for entry in group:
            also = f" (also {esc(', '.join(entry.aliases))})" if entry.aliases and \
                kind != "term" else ""
            parts.append(f"<b>{esc(entry.term)}</b>{also} \u2014 {esc(entry.text)}<br><br>")
    return "".join(parts)


class GlossaryScreen(ReadingSheet):
    name = "glossary"
    heading = "GLOSSARY"
    close_keys = (pygame.K_ESCAPE, pygame.K_g)
    max_size = (760, 720)

    def html(self) -> str:
        session = self.app.session
        scenario = session.scenario if session is not None else self.app.scenario
        return glossary_html(scenario)


class HelpScreen(ReadingSheet):
    name = "help"
    heading = "HOW TO PLAY"
    close_keys = (pygame.K_ESCAPE, pygame.K_F1)
    max_size = (760, 720)

    def html(self) -> str:
        session = self.app.session
        if session is not None:
            return help_html(session.scenario, session.human)
        return help_html(self.app.scenario)
