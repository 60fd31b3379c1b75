"""Problems found in scenario content, and how they are reported to authors.

Every problem carries a file, a line and a column (1-based) so that it prints
as ``file:line:col: message``, the form editors and terminals can jump to.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Position:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    position: Position
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"


class ScenarioError(Exception):
    """Raised when a scenario cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (p.position.file, p.position.line, p.position.column)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest candidate, or ''."""
    pool = sorted(set(candidates))
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    return f" (did you mean '{matches[0]}'?)" if matches else ""
