"""How to play: the rules in brief and every keyboard shortcut."""

from __future__ import annotations

import pygame

from game.client.screens.common import ReadingSheet
from game.client.widgets import esc

KEYMAP: tuple[tuple[str, str], ...] = (
    ("1 \u2013 4", "pick a choice of the current event"),
    ("Enter / Space", "confirm: press the focused button"),
    ("Tab / Shift+Tab", "move the focus between buttons"),
    ("Up / Down arrows", "move within a list (actions, menus, settings)"),
    ("Left / Right arrows", "change a setting; step through a replay"),
    ("A", "go to the actions list"),
    ("E", "end the turn"),
    ("U or Ctrl+Z", "undo your last decision this turn"),
    ("H", "show or hide what really happened (event card)"),
    ("M", "step through the meters and their causes (Shift+M back)"),
    ("B", "step through the third parties on the board (Shift+B back)"),
    ("C", "focus the chronicle; PgUp/PgDn scroll it"),
    ("PgUp / PgDn", "scroll the event text or the page you are reading"),
    ("O", "objectives and endings"),
    ("Ctrl+S or F5", "quicksave (when saves are available)"),
    ("Ctrl+L or F9", "quickload the last quicksave"),
    ("Esc", "pause menu / go back"),
    ("F1", "this help"),
)

RULES = (
    "You lead one of the two communist powers from Stalin's death in 1953 to the end of "
    "1964, one quarter of a year per turn. The computer plays the other side by the same "
    "rules.",
    "<b>Each turn</b> you first answer the events addressed to you: read the cable, choose "
    "one of its answers. Each answer shows what it is expected to change (at the detail "
    "chosen in Settings). Then spend <b>political capital</b> on actions, and end the turn.",
    "<b>Meters</b> on the left show the state of the alliance and of both powers, with the "
    "change since last turn and the trend. Hover a meter (or press M) to see what moved it "
    "and why.",
    "<b>Third parties</b> sit on the board. A side controls one only when its influence "
    "exceeds the rival's by the party's independence; neglected friends drift away.",
    "<b>Tension</b> between Beijing and Moscow is the central meter. Too high and it ends "
    "in war; for China, too low can mean becoming a satellite. Read your side's objectives "
    "(O) for what counts as success.",
    "<b>Undo</b> takes back decisions within the current turn; it never re-rolls chance.",
)


def help_html() -> str:
    parts = ["<b>THE GAME</b><br>"]
    parts += [p + "<br>" for p in RULES]
    parts.append("<br><b>THE KEYBOARD</b><br>")
    for key, meaning in KEYMAP:
        parts.append(f"<b>{esc(key)}</b> \u2014 {esc(meaning)}<br>")
    parts.append("<br>Every button can also be reached with Tab and pressed with Enter.")
    return "".join(parts)


class HelpScreen(ReadingSheet):
    name = "help"
    heading = "HOW TO PLAY"
    close_keys = (pygame.K_ESCAPE, pygame.K_F1)
    max_size = (760, 720)

    def html(self) -> str:
        return help_html()
