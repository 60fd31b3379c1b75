"""Saves: save and load a full campaign (bar: under 50 ms each), verify its replay
(bar: under 100 ms). Medians of repeats, on the shipped campaign when it loads,
otherwise on the tiny fixture scenario (``detail`` says which).

Also, informational: checking a save's computer moves against the computer player
(``replay --verify``, and loading a save made elsewhere) at each difficulty — it costs
what the computer's thinking cost — and loading a save from elsewhere in full. Loading
one's own save (the load bar above) skips that check: the installation's mark vouches
for the moves. Runs in a throw-away data folder (the mark's key is made there).
"""

from __future__ import annotations

import json
import os
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
from game.persistence.computer_check import check_save  # noqa: E402
from game.persistence.save_format import checksum_of  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win"


def _scenario() -> tuple[Scenario, str]:
    try:
        scenario = discovery.load(None)
        return scenario, f"on the shipped campaign {scenario.id}"
    except Exception as exc:  # the campaign may be mid-edit; measure on the fixture then
        return load_scenario(FIXTURE), (f"on the fixture tiny_win (the campaign does not load: "
                                        f"{type(exc).__name__})")


def _full_campaign(scenario: Scenario, seed: int = 11,
                   difficulty: str = "normal") -> GameSession:
    human = scenario.side_ids[0]
    session = GameSession.new(scenario, seed, human, difficulty)
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


def _foreign(path: Path) -> Path:
    """A copy of a save without this installation's mark, as if made elsewhere."""
    data = json.loads(path.read_bytes())
    data["computer"].update(marked=0, mark=None)
    data["checksum"] = checksum_of(data)
    copy = path.with_name("foreign-" + path.name)
    copy.write_text(json.dumps(data), encoding="utf-8")
    return copy


def run(quick: bool) -> list[dict[str, object]]:
    previous = os.environ.get("RED_SCHISM_HOME")
    with tempfile.TemporaryDirectory(prefix="bench-saves-home-") as home:
        os.environ["RED_SCHISM_HOME"] = home  # never the player's own data folder
        try:
            return _run(quick)
        finally:
            if previous is None:
                os.environ.pop("RED_SCHISM_HOME", None)
            else:
                os.environ["RED_SCHISM_HOME"] = previous


def _run(quick: bool) -> list[dict[str, object]]:
    repeats = 5 if quick else 31
    scenario, where = _scenario()
    session = _full_campaign(scenario)
    state = session.state
    game = (f"{where}: {len(state.hashes)} turns, {len(state.log)} commands, "
            f"{len(state.ledger)} ledger entries")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-saves-") as folder:
        saves = Path(folder)
        path = save_game(session, "benchmark", folder=saves)
        save_ms = _median_ms(lambda: save_game(session, "benchmark", folder=saves), repeats)
        load_ms = _median_ms(lambda: restore_session(read_save(path)), repeats)
        loaded = read_save(path)
        verify_ms = _median_ms(lambda: verify(loaded), repeats)
        report = verify(loaded)
        size_kb = path.stat().st_size / 1024
        foreign = _foreign(path)
        foreign_ms = _median_ms(lambda: restore_session(read_save(foreign)), max(3, repeats // 4))
        for difficulty in ("easy", "normal") if quick else ("easy", "normal", "hard"):
            played = session if difficulty == "normal" else _full_campaign(scenario,
                                                                           difficulty=difficulty)
            save = read_save(save_game(played, f"computer {difficulty}", folder=saves))
            times = 1 if difficulty == "hard" else max(3, repeats // 4)
            check_ms = _median_ms(lambda save=save: check_save(save, use_mark=False), times)
            verdict = check_save(save, use_mark=False)
            rows.append(_result(f"check a full campaign's computer moves ({difficulty})",
                                check_ms, "ms", None,
                                f"{verdict.computer_commands} computer commands replayed "
                                f"through the computer player; "
                                f"{'ok' if verdict.ok else 'DIFFER'}; replay --verify "
                                "runs it after the hashes, and so does loading a save made "
                                "elsewhere"))
    ok = "replay verified" if report.ok else f"REPLAY DID NOT VERIFY: {report.summary()}"
    return [
        _result("save a full campaign (build, write, fsync, rename)", save_ms, "ms", 50,
                game),
        _result("load a full campaign (read, check, replay, hashes)", load_ms, "ms", 50,
                game + "; scenario already loaded (cached); the installation's mark vouches "
                "for the computer's moves"),
        _result("verify a full campaign's replay", verify_ms, "ms", 100, f"{game}; {ok}; "
                "hashes (the computer-move check is measured separately below)"),
        _result("load a save made elsewhere (computer moves checked in full)", foreign_ms,
                "ms", None, game + "; normal difficulty"),
        *rows,
        _result("save file size", size_kb, "KB", None, game),
    ]


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
