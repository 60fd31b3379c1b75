"""Every character the game and its shipped scenarios show has a glyph in every
face that may draw it: no missing-glyph boxes anywhere."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest
import yaml
from conftest import ROOT

from game.client import fonts

ROLES = sorted(fonts.FILES)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def scenario_text() -> str:
    parts = []
    for path in sorted((ROOT / "scenarios").glob("*/*.yaml")):
        parts.extend(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return "\n".join(parts)


def ui_text() -> str:
    """Every string literal in the client (labels, hints, help, messages)."""
    parts = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                parts.append(node.value)
    return "\n".join(parts)


def shown(text: str) -> str:
    """Characters that reach the screen (not control or private-use characters)."""
    return "".join(sorted({ch for ch in text if ch.isprintable() and not ch.isspace()
                           and not 0xE000 <= ord(ch) <= 0xF8FF}))


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    pygame.font.init()
    return {"scenarios": shown(scenario_text()), "ui": shown(ui_text())}


@pytest.mark.parametrize("role", ROLES)
def test_every_face_draws_every_character_of_the_game(role: str, texts: dict[str, str]) -> None:
    font = fonts.get(role, 18)
    for source, chars in texts.items():
        assert not fonts.missing_glyphs(font, chars), \
            f"{role} face lacks glyphs used by the {source}: {fonts.missing_glyphs(font, chars)}"


def test_the_characters_the_issue_names_are_drawn(texts: dict[str, str]) -> None:
    wanted = "≥ ≤ × → ← ↑ ↓ – — ’ ‘ “ ” … · ▲ ▼ Gomułka Rákosi Gheorghiu-Dej Hoxha Léopoldville"
    for role in ROLES:
        assert fonts.missing_glyphs(fonts.get(role, 16), wanted) == "", role


def test_the_check_catches_a_missing_glyph() -> None:
    pygame.font.init()
    assert fonts.missing_glyphs(fonts.get("body", 16), "a\u4e2d") == "\u4e2d"


def test_the_theme_uses_the_shipped_faces() -> None:
    from game.client import palette, theme

    built = theme.build_theme(palette.PERIOD, 1.0)
    paths = {Path(block["font"]["regular_path"]).name for block in built.values()
             if isinstance(block.get("font"), dict) and "regular_path" in block["font"]}
    assert paths <= set(fonts.FILES.values()) and "RedSchismText-Regular.ttf" in paths
    assert built["#card_text"]["font"]["name"] == "red_schism_cable"
