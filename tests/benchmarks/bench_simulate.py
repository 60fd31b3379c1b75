"""Campaign simulation throughput: full AI-vs-AI campaigns per second on one core.

Bar: at least 500 full campaigns per second per core on the shipped campaign,
with the normal AI (measured in one process, so one core).
"""

from __future__ import annotations

import statistics
import time

from _common import CAMPAIGN, FIXTURE, result

from game.content.loader import load_scenario
from game.engine.simulation import play_many


def run(quick: bool) -> list[dict[str, object]]:
    try:
        scenario = load_scenario(CAMPAIGN)
        label = "shipped campaign"
    except Exception:
        scenario = load_scenario(FIXTURE)
        label = "FIXTURE (campaign failed to load)"
    games = 100 if quick else 300
    rounds = 3 if quick else 7
    rates = []
    turns = []
    for r in range(rounds):
        started = time.perf_counter()
        summaries = play_many(scenario, r * 100_000, list(range(games)), "both", "normal")
        rates.append(games / (time.perf_counter() - started))
        turns.extend(s.turns for s in summaries)
    rate = statistics.median(rates)
    return [result("simulate throughput (normal AI, one core)", rate, "games/s",
                   ">= 500 games/s", rate >= 500,
                   f"{label}; {games} games x {rounds} rounds, median; mean "
                   f"{statistics.mean(turns):.1f} turns per game")]
