"""Text made safe to show: the one place every label, line and text box passes through.

Scenario files and saves come from strangers, and a text field can hold anything
Unicode allows. Before the game measures or draws a string:

* control characters (NUL, escape, DEL...) and lone surrogates become a visible
  mark, a white square (a newline is kept, a tab becomes a space);
* invisible formatting characters — zero-width space, byte-order mark, the joiner
  inside family emoji, direction overrides, variation selectors, soft hyphens —
  are removed: the fonts draw nothing for them (pygame refuses to render a string
  of them alone), and a direction override could make text read backwards;
* text longer than :data:`MAX_CHARS` is cut with an ellipsis.

For pygame_gui text boxes (which lay a paragraph out in time that grows faster than
its length, and wrap only at spaces) :func:`esc` also breaks words longer than
:data:`LONG_WORD` letters and cuts a paragraph at :data:`MAX_PARAGRAPH`; labels and
buttons are cut at :data:`MAX_LABEL`. Wrapping and cutting to a width here take time
linear in the text: a long word is cut by a binary search over no more letters than
the width can hold. :func:`render_line` never raises.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import pygame
from pygame_gui.elements import UIButton, UILabel, UITextBox

MARK = "\u25a1"
"""Shown in place of a control character: a white square, which every face of the game
draws (U+FFFD, the usual replacement mark, is not in the shipped faces)."""
MAX_CHARS = 20_000
"""Longer text is cut (the campaign's longest text is under 1,000 characters)."""
MAX_PARAGRAPH = 2_500
"""A paragraph in a text box is cut here: pygame_gui's layout slows fast past it."""
MAX_BOX = 12_000
"""Visible characters in one text box."""
MAX_LABEL = 400
"""A label or button shows one line; no window is wide enough for more."""
MAX_LINE = 1_000
"""A line drawn by the game itself is cut here (a surface has a width limit)."""
LONG_WORD = 40
"""Words longer than this are broken for text boxes (no real word is so long)."""

_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
"""Unicode's default-ignorable code points: drawn as nothing (some are letters or marks,
such as the Hangul fillers and the grapheme joiner, so their category does not tell)."""


def _replacement(char: str) -> str:
    if char == "\n":
        return "\n"
    if char in "\t\u2028\u2029\x85":
        return " " if char == "\t" else "\n"
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):
        return MARK
    if category == "Cf":
        return ""
    code = ord(char)
    if any(low <= code <= high for low, high in _INVISIBLE_RANGES):
        return ""
    return char


_SELECTORS = re.compile("[" + "".join(
    rf"\U{low:08x}-\U{high:08x}" for low, high in _INVISIBLE_RANGES) + "]")
"""any default-ignorable character (written as escapes: the source itself holds none)"""


@lru_cache(maxsize=512)
def _clean_short(text: str) -> str:
    return "".join(_replacement(c) for c in text)


def clean(text: object, limit: int = MAX_CHARS) -> str:
    """``text`` safe to measure and draw: see the module's docstring."""
    value = text if isinstance(text, str) else str(text)
    if len(value) > limit:
        value = value[:limit] + "\u2026"
    if value.isprintable() and not _SELECTORS.search(value):
        return value
    if len(value) <= 2_000:
        return _clean_short(value)
    return "".join(_replacement(c) for c in value)


_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def break_long_words(text: str, longest: int = LONG_WORD) -> str:
    """Spaces inserted into words longer than ``longest`` so that they can wrap."""
    if len(text) <= longest:
        return text

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return " ".join(word[i:i + longest] for i in range(0, len(word), longest))

    return _LONG_WORD.sub(split, text)


def esc(content: object) -> str:
    """Text made safe for a pygame_gui text box's HTML: cleaned, long words broken,
    a paragraph cut at MAX_PARAGRAPH, and HTML special characters escaped."""
    text = clean(content)
    if len(text) > MAX_PARAGRAPH:
        text = "\n".join(line if len(line) <= MAX_PARAGRAPH else line[:MAX_PARAGRAPH] + "\u2026"
                         for line in text.split("\n"))
    return html.escape(break_long_words(text), quote=False)


_TAG = re.compile(r"(<[^<>]*>)")


def box_html(markup: str) -> str:
    """A whole text box's HTML, checked once more: control characters cleaned (outside
    tags too) and the visible text cut at MAX_BOX characters, never inside a tag."""
    markup = clean(markup, limit=MAX_BOX * 4)
    visible = 0
    out: list[str] = []
    for part in _TAG.split(markup):
        if part.startswith("<") and part.endswith(">"):
            out.append(part)
            continue
        if visible + len(part) > MAX_BOX:
            keep = max(0, MAX_BOX - visible)
            cut = part[:keep]
            amp = cut.rfind("&")
            if amp >= 0 and ";" not in cut[amp:]:  # never cut through an entity
                cut = cut[:amp]
            out.append(cut + "\u2026")
            break
        visible += len(part)
        out.append(part)
    return "".join(out)


def typed(text: str) -> str:
    """What a key press (or a paste) may put into a text field: printable characters only
    (pygame_gui cannot lay out a field holding just an invisible one)."""
    return "".join(c for c in clean(text, limit=MAX_LABEL) if c.isprintable() and c != MARK)


@lru_cache(maxsize=1)
def untypable() -> list[str]:
    """Every character a text field refuses (control, format and default-ignorable
    characters): pygame_gui checks typing and pasting against this list."""
    codes = {*range(0x00, 0x20), *range(0x7F, 0xA0)}
    for low, high in _INVISIBLE_RANGES:
        codes.update(range(low, min(high, 0xE01EF) + 1))
    codes.update(c for c in range(0xA0, 0x30000) if unicodedata.category(chr(c)) == "Cf")
    return [chr(c) for c in sorted(codes)]


def label(text: object) -> str:
    """Text for a one-line label or button."""
    return clean(text, limit=MAX_LABEL).replace("\n", " ")


# -- measuring and drawing ----------------------------------------------------------------------


def render_line(font: pygame.font.Font, text: str, colour: tuple[int, int, int],
                antialias: bool = True) -> pygame.Surface:
    """``font.render`` that never raises: text drawn as nothing gives an empty surface."""
    text = clean(text, limit=MAX_LINE).replace("\n", " ")
    try:
        return font.render(text, antialias, colour)
    except (pygame.error, ValueError):
        # "Text has zero width" (combining marks alone), or a width past the surface limit.
        return pygame.Surface((1, font.get_height()), pygame.SRCALPHA)


def _narrowest(font: pygame.font.Font) -> int:
    return max(1, min(font.size(c)[0] for c in "il.'|"))


def fits(font: pygame.font.Font, text: str, width: int, suffix: str = "") -> int:
    """How many leading characters of ``text`` fit in ``width`` pixels followed by
    ``suffix`` (0 if none do).

    A binary search over a prefix no longer than ``width`` characters can fill, so a
    30,000-letter word costs a few measurements of a short prefix, not 30,000.
    """
    high = min(len(text), width // _narrowest(font) + 1)
    if font.size(text[:high] + suffix)[0] <= width:
        return high
    low = 0
    while low < high - 1:  # text[:low] fits, text[:high] does not
        middle = (low + high) // 2
        if font.size(text[:middle] + suffix)[0] <= width:
            low = middle
        else:
            high = middle
    return low


def wrap(text: str, font: pygame.font.Font, width: int,
         max_lines: int | None = None) -> list[str]:
    """Lines no wider than ``width`` pixels; words are kept whole when they fit, longer
    ones are cut. Stops after ``max_lines`` lines when given. Linear in the text's length
    (each candidate line is measured once, and a line is never longer than the width)."""
    text = clean(text)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = ""
        for word in words:
            candidate = word if not line else line + " " + word
            if len(candidate) <= MAX_LINE and font.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
                if max_lines is not None and len(lines) >= max_lines:
                    return lines
            while len(word) > 1 and (len(word) > MAX_LINE or font.size(word)[0] > width):
                cut = max(1, fits(font, word, width))
                lines.append(word[:cut])
                if max_lines is not None and len(lines) >= max_lines:
                    return lines
                word = word[cut:]
            line = word
        lines.append(line)
        if max_lines is not None and len(lines) >= max_lines:
            return lines[:max_lines]
    return lines


def ellipsize(text: str, font: pygame.font.Font, width: int) -> str:
    """The text, cut with an ellipsis so that it fits ``width`` pixels."""
    text = clean(text, limit=MAX_LINE).replace("\n", " ")
    if font.size(text)[0] <= width:
        return text
    kept = text[:fits(font, text, width, "\u2026")]
    return kept.rstrip() + "\u2026" if kept else ""


# -- pygame_gui widgets whose every text passes through here ------------------------------


class SafeButton(UIButton):
    """A button whose text is always a cleaned, bounded label (see ``label``)."""

    def set_text(self, text: str, *, text_kwargs: dict[str, str] | None = None) -> None:
        super().set_text(label(text), text_kwargs=text_kwargs)


class SafeLabel(UILabel):
    def set_text(self, text: str, *, text_kwargs: dict[str, str] | None = None) -> None:
        super().set_text(label(text), text_kwargs=text_kwargs)


class SafeTextBox(UITextBox):
    """A text box whose HTML is always checked by ``box_html``."""

    def set_text(self, html_text: str, *,
                 text_kwargs: dict[str, str] | None = None) -> None:
        super().set_text(box_html(html_text), text_kwargs=text_kwargs)
