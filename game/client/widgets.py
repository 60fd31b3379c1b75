"""Small helpers for pygame_gui widgets."""

from __future__ import annotations

from typing import Any

from game.client.text_safety import esc as esc


def scroll_text(box: Any, pages: float) -> bool:
    """Scroll a UITextBox by a number of visible pages (negative: up)."""
    bar = getattr(box, "scroll_bar", None)
    if bar is None:
        return False
    visible = getattr(bar, "visible_percentage", 0.2) or 0.2
    bar.set_scroll_from_start_percentage(bar.start_percentage + pages * visible * 0.9)
    return True


def set_html(box: Any, content: str, cache: dict[int, str]) -> None:
    """Set a text box's HTML only when it changed (set_text re-lays out the text)."""
    key = id(box)
    if cache.get(key) != content:
        cache[key] = content
        box.set_text(content)
