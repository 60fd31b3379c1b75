"""Scenario loading: the shipped campaign, and generated copies 5x to 20x its size.

Bar: the campaign loads in under 150 ms, and the cost grows linearly with the
number of events: the marginal cost per event between the 10x and 20x copies
stays within 30% of the marginal cost between the 5x and 10x copies (all three
generated the same way, so they differ only in size).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from _common import CAMPAIGN, median_seconds, result

from game.content.loader import load_scenario

ID_KEYS = re.compile(r"^(\s*-?\s*(?:id|event|modifier):\s*)([a-z][a-z0-9_]*)\s*$", re.M)


def _scaled_copy(source: Path, factor: int, target: Path) -> int:
    """Copy the campaign with its events and actions repeated ``factor`` times."""
    target.mkdir(parents=True)
    for path in source.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "events:" in text or "actions:" in text:
            for k in range(factor):
                copy = text.replace("scenario:", "scenario_unused:") if k else text
                if k:
                    copy = _rename(copy, k)
                (target / f"{path.stem}_{k}.yaml").write_text(copy, encoding="utf-8")
        else:
            shutil.copy(path, target / path.name)
    return len(load_scenario(target).events)


def _rename(text: str, k: int) -> str:
    # Give every event, action and flag/modifier declared here a suffix; references
    # inside the copy (follow-ups, fired(), flags) are renamed the same way.
    ids = set(re.findall(r"^\s*-?\s*id:\s*([a-z][a-z0-9_]*)\s*$", text, re.M))
    ids |= set(re.findall(r"\{id: ([a-z][a-z0-9_]*)", text))
    for ident in sorted(ids, key=len, reverse=True):
        text = re.sub(rf"\b{ident}\b", f"{ident}_x{k}", text)
    return text


def run(quick: bool) -> list[dict[str, object]]:
    repeats = 3 if quick else 9
    try:
        base = load_scenario(CAMPAIGN)
    except Exception as exc:
        return [result("campaign load", 0.0, "ms", "< 150 ms", False, f"cannot load: {exc}")]
    campaign_ms = median_seconds(lambda: load_scenario(CAMPAIGN), repeats) * 1000
    results = [result("campaign load", campaign_ms, "ms", "< 150 ms", campaign_ms < 150,
                      f"{len(base.events)} events, {len(base.actions)} actions, median of "
                      f"{repeats}")]
    sizes: dict[int, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (5, 10, 20):
            folder = Path(tmp) / f"x{factor}"
            try:
                events = _scaled_copy(CAMPAIGN, factor, folder)
            except Exception as exc:
                return [*results, result(f"{factor}x campaign load", 0.0, "ms", "linear", False,
                                         f"generated scenario failed to load: {exc}")]
            ms = median_seconds(lambda f=folder: load_scenario(f), max(3, repeats // 2)) * 1000
            sizes[factor] = (events, ms)
            results.append(result(f"{factor}x campaign load", ms, "ms", "informational", None,
                                  f"{events} events"))
    (e5, t5), (e10, t10), (e20, t20) = sizes[5], sizes[10], sizes[20]
    early = (t10 - t5) / (e10 - e5)
    late = (t20 - t10) / (e20 - e10)
    ratio = late / early
    results.append(result("load cost growth (marginal per event, 10x-20x vs 5x-10x)", ratio,
                          "ratio", "0.7-1.3 (linear)", 0.7 <= ratio <= 1.3,
                          f"{early:.3f} ms/event then {late:.3f} ms/event"))
    return results
