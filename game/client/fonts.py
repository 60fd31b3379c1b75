"""Fonts for what the game draws itself (board, meters, cards, charts) and for the
widget theme.

Three faces ship in ``assets/fonts`` with their OFL licences (see
``assets/README.md``): a text face (Noto Sans), a typewriter face for cables
(Courier Prime) and a condensed display face for titles and headlines
(Oswald), each extended at asset-build time with the symbols it lacked, so
every character the game and its scenarios use has a glyph in every face.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

from game.client import text_safety

FILES = {
    "body": "RedSchismText-Regular.ttf",
    "bold": "RedSchismText-Bold.ttf",
    "italic": "RedSchismText-Italic.ttf",
    "mono": "RedSchismCable-Regular.ttf",
    "mono_bold": "RedSchismCable-Bold.ttf",
    "heading": "RedSchismDisplay-Bold.ttf",
    "display": "RedSchismDisplay-Medium.ttf",
}
"""role -> file in assets/fonts: body text, cables (mono), headlines (heading, display)"""

THEME_FACES = {
    "red_schism_text": ("RedSchismText-Regular.ttf", "RedSchismText-Bold.ttf",
                        "RedSchismText-Italic.ttf"),
    "red_schism_cable": ("RedSchismCable-Regular.ttf", "RedSchismCable-Bold.ttf",
                         "RedSchismCable-Regular.ttf"),
}
"""font names the widget theme uses -> (regular, bold, italic) files"""


def fonts_dir() -> Path:
    from game.content.discovery import assets_dir

    return assets_dir() / "fonts"


def path(role: str) -> Path:
    return fonts_dir() / FILES.get(role, FILES["body"])


@lru_cache(maxsize=160)
def get(role: str, size: int) -> pygame.font.Font:
    """A font by role (body, bold, italic, mono, mono_bold, heading, display) and pixel size."""
    return pygame.font.Font(str(path(role)), max(6, int(size)))


def missing_glyphs(font: pygame.font.Font, text: str) -> str:
    """The characters of ``text`` the font has no glyph for (drawn as boxes)."""
    chars = sorted({ch for ch in text if ch.isprintable() and not ch.isspace()})
    if not chars:
        return ""
    joined = "".join(chars)
    metrics = font.metrics(joined)
    missing = [ch for ch, metric in zip(joined, metrics, strict=True) if metric is None]
    if missing:
        return "".join(missing)
    # SDL_ttf reports metrics for .notdef too; compare with a private-use character
    # that no shipped face draws.
    notdef = font.metrics("\ue000")[0]
    return "".join(ch for ch, metric in zip(joined, metrics, strict=True)
                   if metric == notdef and not _draws(font, ch))


@lru_cache(maxsize=4096)
def has_glyph(role: str, char: str) -> bool:
    """Whether the role's face draws this character (rather than a missing-glyph box)."""
    return not missing_glyphs(get(role, 16), char)


@lru_cache(maxsize=4096)
def _glyph_image(font: pygame.font.Font, ch: str) -> bytes:
    return pygame.image.tobytes(font.render(ch, True, (0, 0, 0)), "RGBA")


def _draws(font: pygame.font.Font, ch: str) -> bool:
    return _glyph_image(font, ch) != _glyph_image(font, "\ue000")


def render(font: pygame.font.Font, text: str,
           colour: tuple[int, int, int]) -> pygame.Surface:
    """Render one line of text (cleaned for display; never raises: see text_safety)."""
    return text_safety.render_line(font, text, colour)


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Split text into lines no wider than ``width`` pixels (words kept whole when possible)."""
    return text_safety.wrap(text, font, width)


def ellipsize(text: str, font: pygame.font.Font, width: int) -> str:
    """The text, cut with an ellipsis so that it fits ``width`` pixels."""
    return text_safety.ellipsize(text, font, width)
