"""Helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CAMPAIGN = ROOT / "scenarios" / "sino_soviet_split"
FIXTURE = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win"


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``action`` over ``repeats`` runs."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def result(name: str, value: float, unit: str, bar: str, ok: bool | None,
           detail: str = "") -> dict[str, object]:
    return {"name": name, "value": value, "unit": unit, "bar": bar, "ok": ok, "detail": detail}
