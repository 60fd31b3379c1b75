"""Whether an event's words fit its card at the smallest window the game supports.

Measured with the game's own fonts and the campaign screen's layout at
1024x600 (``layout.MIN_SIZE``), as the card draws them: a title gets two lines
and loses the rest, a choice's button shows one line and cuts the rest with an
ellipsis, and the cable text scrolls — up to :data:`TEXT_MAX_LINES` lines,
about three boxes of it, before it becomes a wall no player reads. The
constants below mirror ``screens/campaign.py``; a client test checks the two
agree on a real card.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from game.engine.model import Scenario

CARD_PAD = 16
"""the card's inner margin (campaign.py: pad)"""
LABEL_INSET = 30
"""a choice button's label room is the card's inner width less this"""
TITLE_SIZE = 22
TITLE_LINES = 2
CRISIS_STAMP = 96
"""room the CRISIS stamp takes beside the title of a crisis step"""
TEXT_SIZE = 15
"""the cable text's size (theme '#card_text')"""
TEXT_SIDE_ROOM = 24
"""the cable text box's padding and scroll bar"""
TEXT_MAX_LINES = 20


@dataclass(frozen=True, slots=True)
class Overflow:
    event_id: str
    where: str
    """'title', 'text', 'text (<side>)', or 'choice <id>'"""
    detail: str


def overflows(scenario: Scenario) -> list[Overflow]:
    """Every title, cable text and choice label that does not fit the smallest card.
    Raises ImportError or RuntimeError when the fonts cannot be used (no pygame)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.client import fonts
    from game.client.layout import MIN_SIZE, Metrics, campaign, effective_scale

    if not pygame.font.get_init():
        pygame.font.init()
    m = Metrics(effective_scale(MIN_SIZE, 100))
    card = campaign(MIN_SIZE, m).card
    inner = card.w - 2 * m.px(CARD_PAD)
    title_font = fonts.get("heading", m.px(TITLE_SIZE))
    label_font = fonts.get("bold", m.body)
    text_font = fonts.get("body", m.px(TEXT_SIZE))
    found: list[Overflow] = []
    for event in scenario.events:
        room = inner - (m.px(CRISIS_STAMP) if event.crisis else 0)
        lines = fonts.wrap(event.title, title_font, room)
        if len(lines) > TITLE_LINES:
            shown = " ".join(lines[:TITLE_LINES])
            found.append(Overflow(event.id, "title", f"the title takes {len(lines)} lines and "
                                  f"the card shows {TITLE_LINES}: '{shown}'"))
        for side, text in event.texts.items():
            count = len(fonts.wrap(text, text_font, inner - m.px(TEXT_SIDE_ROOM)))
            if count > TEXT_MAX_LINES:
                where = f"text ({side})" if side else "text"
                found.append(Overflow(event.id, where, f"the {where} runs to {count} lines on "
                                      f"the card (at most {TEXT_MAX_LINES})"))
        for index, choice in enumerate(event.choices):
            label = f"{index + 1}   {choice.label}"
            shown = fonts.ellipsize(label, label_font, inner - m.px(LABEL_INSET))
            if shown != label:
                found.append(Overflow(event.id, f"choice {choice.id}",
                                      f"the label is cut to '{shown.split('   ', 1)[-1]}'"))
    return found
