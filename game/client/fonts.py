"""Fonts for what the game draws itself (board, meters, cards, charts).

The body face is Noto Sans and the typewriter face Fira Code, both shipped
inside pygame_gui; headings use pygame's own ``freesansbold.ttf``. Nothing is
copied into the repository.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui

_GUI_DATA = Path(pygame_gui.__file__).resolve().parent / "data"
_FILES = {
    "body": _GUI_DATA / "NotoSans-Regular.ttf",
    "bold": _GUI_DATA / "NotoSans-Bold.ttf",
    "italic": _GUI_DATA / "NotoSans-Italic.ttf",
    "mono": _GUI_DATA / "FiraCode-Regular.ttf",
}


def heading_path() -> Path:
    return Path(pygame.__file__).resolve().parent / pygame.font.get_default_font()


_ROLES: dict[int, tuple[str, int]] = {}
_GLYPHS: dict[tuple[str, str], bool] = {}


@lru_cache(maxsize=128)
def get(role: str, size: int) -> pygame.font.Font:
    """A font by role (body, bold, italic, mono, heading) and pixel size."""
    size = max(6, int(size))
    path = heading_path() if role == "heading" else _FILES.get(role, _FILES["body"])
    try:
        font = pygame.font.Font(str(path), size)
    except (OSError, FileNotFoundError):
        font = pygame.font.Font(None, size)
    _ROLES[id(font)] = (role, size)
    return font


def has_glyph(role: str, char: str) -> bool:
    """Whether the role's face draws this character (rather than a missing-glyph box)."""
    if ord(char) < 0x2000 or role == "mono":
        return True
    key = (role, char)
    known = _GLYPHS.get(key)
    if known is None:
        font = get(role, 16)
        missing = pygame.image.tobytes(font.render("\ue000", True, (0, 0, 0)), "RGBA")
        drawn = pygame.image.tobytes(font.render(char, True, (0, 0, 0)), "RGBA")
        known = drawn != missing
        _GLYPHS[key] = known
    return known


def render(font: pygame.font.Font, text: str,
           colour: tuple[int, int, int]) -> pygame.Surface:
    """Render a line, drawing characters the face lacks (arrows, stars) in Fira Code."""
    role, size = _ROLES.get(id(font), ("body", font.get_height()))
    if all(ord(ch) < 0x2000 for ch in text) or role == "mono":
        return font.render(text, True, colour)
    runs: list[tuple[bool, str]] = []
    for ch in text:
        ok = has_glyph(role, ch)
        if runs and runs[-1][0] == ok:
            runs[-1] = (ok, runs[-1][1] + ch)
        else:
            runs.append((ok, ch))
    if len(runs) == 1 and runs[0][0]:
        return font.render(text, True, colour)
    fallback = get("mono", size)
    images = [(font if ok else fallback).render(part, True, colour) for ok, part in runs]
    height = max(font.get_height(), *(img.get_height() for img in images))
    surface = pygame.Surface((sum(img.get_width() for img in images), height), pygame.SRCALPHA)
    x = 0
    for (ok, _part), img in zip(runs, images, strict=True):
        y = 0 if ok else (font.get_ascent() - fallback.get_ascent())
        surface.blit(img, (x, max(0, y)))
        x += img.get_width()
    return surface


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Split text into lines no wider than ``width`` pixels (words kept whole when possible)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = ""
        for word in words:
            candidate = word if not line else line + " " + word
            if font.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while font.size(word)[0] > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and font.size(word[:cut])[0] > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def ellipsize(text: str, font: pygame.font.Font, width: int) -> str:
    """The text, cut with an ellipsis so that it fits ``width`` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""
