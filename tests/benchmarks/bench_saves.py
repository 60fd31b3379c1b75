"""Saves: save and load a full campaign (bar: under 50 ms each), verify its replay
(bar: under 100 ms). Medians of repeats, on the shipped campaign when it loads,
otherwise on the tiny fixture scenario (``detail`` says which).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.content import discovery  # noqa: E402
from game.content.loader import load_scenario  # noqa: E402
from game.engine import ai, rng  # noqa: E402
from game.engine.model import Scenario  # noqa: E402
from game.engine.session import GameSession  # noqa: E402
from game.persistence import read_save, restore_session, save_game, verify  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win"


def _scenario() -> tuple[Scenario, str]:
    try:
        scenario = discovery.load(None)
        return scenario, f"on the shipped campaign {scenario.id}"
    except Exception as exc:  # the campaign may be mid-edit; measure on the fixture then
        return load_scenario(FIXTURE), (f"on the fixture tiny_win (the campaign does not load: "
                                        f"{type(exc).__name__})")


def _full_campaign(scenario: Scenario, seed: int = 11) -> GameSession:
    human = scenario.side_ids[0]
    session = GameSession.new(scenario, seed, human)
    stream = rng.stream(seed, "bench", "human-seat")
    while not session.state.over:
        session.submit(ai.choose_command(session.state, human, stream))
    return session


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    action()  # warm up (imports, caches)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _result(name: str, value: float, unit: str, bar: float | None,
            detail: str) -> dict[str, object]:
    return {"name": name, "value": round(value, 3), "unit": unit,
            "bar": f"< {bar:g} {unit}" if bar is not None else "informational",
            "ok": (value < bar) if bar is not None else None, "detail": detail}


def run(quick: bool) -> list[dict[str, object]]:
    repeats = 5 if quick else 31
    scenario, where = _scenario()
    session = _full_campaign(scenario)
    state = session.state
    game = (f"{where}: {len(state.hashes)} turns, {len(state.log)} commands, "
            f"{len(state.ledger)} ledger entries")
    with tempfile.TemporaryDirectory(prefix="bench-saves-") as folder:
        saves = Path(folder)
        path = save_game(session, "benchmark", folder=saves)
        save_ms = _median_ms(lambda: save_game(session, "benchmark", folder=saves), repeats)
        load_ms = _median_ms(lambda: restore_session(read_save(path)), repeats)
        loaded = read_save(path)
        verify_ms = _median_ms(lambda: verify(loaded), repeats)
        report = verify(loaded)
        size_kb = path.stat().st_size / 1024
    ok = "replay verified" if report.ok else f"REPLAY DID NOT VERIFY: {report.summary()}"
    return [
        _result("save a full campaign (build, write, fsync, rename)", save_ms, "ms", 50,
                game),
        _result("load a full campaign (read, check, replay, hashes)", load_ms, "ms", 50,
                game + "; scenario already loaded (cached)"),
        _result("verify a full campaign's replay", verify_ms, "ms", 100, f"{game}; {ok}"),
        _result("save file size", size_kb, "KB", None, game),
    ]


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
