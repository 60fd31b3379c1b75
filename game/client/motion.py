"""Motion with restraint: a cable typed out by the teleprinter, and numbers that tick
to their new value. Both are skipped entirely when animations are off, and both
settle by themselves; nothing here repeats or blinks.
"""

from __future__ import annotations

from typing import Any

TELEPRINTER_SECONDS = 1.4
"""the longest a cable takes to print, however long it is"""
MIN_CHARS_PER_SECOND = 240


class Teleprinter:
    """Reveals a text box's text a few characters at a time (any key shows it all)."""

    def __init__(self, box: Any) -> None:
        self.box = box
        self.total = int(box.get_text_letter_count())
        self.rate = max(MIN_CHARS_PER_SECOND, self.total / TELEPRINTER_SECONDS)
        self.shown = 0.0
        self.active = self.total > 0
        if self.active:
            box.update_text_end_position(0)

    def update(self, dt: float) -> bool:
        """Print more; True while printing."""
        if not self.active:
            return False
        self.shown += dt * self.rate
        if self.shown >= self.total:
            self.finish()
            return False
        self.box.update_text_end_position(int(self.shown))
        return True

    def finish(self) -> None:
        if self.active:
            self.active = False
            self.box.update_text_end_position(self.total)


class Ticker:
    """A number shown on screen that counts toward its true value in a short moment.

    ``set(value)`` gives the new value (at once when ``animate`` is False);
    ``update(dt)`` moves the shown value and says whether it is still moving;
    ``shown`` is what to draw (rounded by the caller).
    """

    def __init__(self, value: float = 0.0, seconds: float = 0.6) -> None:
        self.target = float(value)
        self.shown = float(value)
        self.seconds = seconds
        self._start = float(value)
        self._elapsed = seconds

    def set(self, value: float, animate: bool = True) -> None:
        value = float(value)
        if not animate:
            self.target = self.shown = self._start = value
            self._elapsed = self.seconds
            return
        if value != self.target:
            self._start = self.shown
            self.target = value
            self._elapsed = 0.0

    @property
    def moving(self) -> bool:
        return self._elapsed < self.seconds

    def update(self, dt: float) -> bool:
        if not self.moving:
            return False
        self._elapsed = min(self.seconds, self._elapsed + dt)
        t = self._elapsed / self.seconds
        eased = 1 - (1 - t) ** 3          # fast at first, settling gently
        self.shown = self._start + (self.target - self._start) * eased
        return self.moving
