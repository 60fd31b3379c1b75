"""The widget theme: ``assets/theme.json`` recoloured for the chosen palette and
scaled for the UI scale, handed to pygame_gui as a dict (no live reloading).

The JSON file is a plain pygame_gui theme written in the period palette; every
colour in it is one of the period palette's roles, so switching palette maps
each colour to the same role in the other palette.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from game.client import fonts
from game.client import palette as palettes
from game.client.palette import Palette

_FONT_PIXEL_KEYS = ("size",)
_MISC_PIXEL_KEYS = ("text_horiz_alignment_padding", "text_vert_alignment_padding")


def assets_dir() -> Path:
    from game.content.discovery import assets_dir as _assets

    return _assets()


@lru_cache(maxsize=1)
def _base_theme() -> dict[str, Any]:
    with open(assets_dir() / "theme.json", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def colour_map(target: Palette) -> dict[str, str]:
    """Period-palette hex -> the same role's hex in ``target``."""
    mapping = {}
    for role in palettes.role_names():
        mapping[getattr(palettes.PERIOD, role).lower()] = getattr(target, role)
    return mapping


def _scale_int(text: Any, scale: float) -> str:
    return str(max(1, round(int(text) * scale)))


def build_theme(target: Palette, scale: float) -> dict[str, Any]:
    """The theme dict for a palette and a UI scale (1.0 = 100%)."""
    theme = copy.deepcopy(_base_theme())
    mapping = colour_map(target)
    for block in theme.values():
        for key, value in list(block.get("colours", {}).items()):
            text = str(value).lower()
            colour, alpha = text[:7], text[7:]
            if colour in mapping:
                block["colours"][key] = mapping[colour] + alpha
        font = block.get("font")
        if isinstance(font, dict) and "size" in font:
            font["size"] = _scale_int(font["size"], scale)
        if isinstance(font, dict):
            _font_paths(font)
        misc = block.get("misc")
        if isinstance(misc, dict):
            for key in _MISC_PIXEL_KEYS:
                if key in misc:
                    misc[key] = _scale_int(misc[key], scale)
            if "padding" in misc:
                parts = str(misc["padding"]).split(",")
                misc["padding"] = ",".join(_scale_int(p, scale) for p in parts)
    return theme


def _font_paths(font: dict[str, Any]) -> None:
    """Point a theme font at the shipped files (pygame_gui has no other way to find them)."""
    files = fonts.THEME_FACES.get(str(font.get("name")))
    if files is None:
        return
    folder = fonts.fonts_dir()
    regular, bold, italic = (str(folder / name) for name in files)
    font.update(regular_path=regular, bold_path=bold, italic_path=italic,
                bold_italic_path=bold)


def theme_fonts(scale: float) -> list[dict[str, str | int | float]]:
    """Every font (name, size, style) the theme uses at this scale, for preloading."""
    wanted: set[tuple[str, int, str]] = set()
    for block in _base_theme().values():
        font = block.get("font")
        if isinstance(font, dict) and "size" in font:
            style = "bold" if font.get("bold") == "1" else (
                "italic" if font.get("italic") == "1" else "regular")
            wanted.add((str(font.get("name")), int(_scale_int(font["size"], scale)), style))
            # text boxes use bold and italic runs in the same face
            wanted.add((str(font.get("name")), int(_scale_int(font["size"], scale)), "bold"))
            wanted.add((str(font.get("name")), int(_scale_int(font["size"], scale)), "italic"))
    return [{"name": name, "point_size": size, "style": style}
            for name, size, style in sorted(wanted)]


def font_sizes(scale: float) -> list[int]:
    """Every font size the theme uses at this scale (for preloading)."""
    sizes = set()
    for block in _base_theme().values():
        font = block.get("font")
        if isinstance(font, dict) and "size" in font:
            sizes.add(int(_scale_int(font["size"], scale)))
    return sorted(sizes)
