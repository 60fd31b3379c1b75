"""simulate as a balance report: the same games as the engine's simulation, every figure an
author needs, the page with charts, and a progress bar only on a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

from game.authoring.balance import balance, play_records, wilson
from game.content.loader import load_scenario
from game.engine.simulation import play_many

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win"


def test_recorded_games_are_the_engine_s_games() -> None:
    scenario = load_scenario(TINY)
    plain = play_many(scenario, 11, list(range(30)), "both", "normal")
    recorded = play_records(scenario, 11, list(range(30)), "both", "normal")
    assert [r.summary for r in recorded] == plain
    for record in recorded:
        assert len(record.trajectory) == record.summary.turns + 1
        assert record.trajectory[-1] == record.summary.final_values


def test_the_report_has_shares_with_intervals_choices_actions_and_meters() -> None:
    scenario = load_scenario(TINY)
    records = play_records(scenario, 5, list(range(80)), "both", "normal")
    report = balance(scenario, records)
    rows = {row["ending"]: row for row in report["endings_detail"]}
    assert set(rows) == {e.id for e in scenario.endings}
    assert sum(row["games"] for row in rows.values()) == 80
    for row in rows.values():
        low, high = row["ci95"]
        assert low <= row["share"] <= high
    assert report["endings_never_reached"] == [e for e, row in rows.items() if not row["games"]]
    aid = next(row for row in report["choices"] if row["event"] == "aid_deal")
    assert aid["answered"] == 80 and abs(sum(aid["choices"].values()) - 1) < 1e-6
    assert {row["action"] for row in report["actions"]} == {"praise", "polemic"}
    tension = report["meters_over_time"]["tension"]
    assert tension["p10"][0] == tension["p50"][0] == tension["p90"][0] == 30
    assert all(lo <= mid <= hi for lo, mid, hi in zip(tension["p10"], tension["p50"],
                                                       tension["p90"], strict=True))
    assert wilson(0, 100)[0] == 0.0 and 0.0 < wilson(0, 100)[1] < 0.05


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=300, **kwargs)  # type: ignore[call-overload]


def test_json_keeps_the_contract_and_is_deterministic(tmp_path: Path) -> None:
    first = json.loads(_cli("simulate", str(TINY), "--games", "40", "--seed", "4",
                            "--json").stdout)
    for key in ("scenario", "games", "seed", "seconds", "games_per_second", "endings",
                "events_total", "events_fired", "events_never_fired", "endings_detail",
                "endings_never_reached", "choices", "actions", "meters_over_time"):
        assert key in first
    second = json.loads(_cli("simulate", str(TINY), "--games", "40", "--seed", "4", "--jobs",
                             "2", "--json").stdout)
    for timing in ("seconds", "games_per_second", "jobs"):
        first.pop(timing)
        second.pop(timing)
    assert first == second


def test_report_page_with_charts(tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = _cli("simulate", str(TINY), "--games", "30", "--report", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Endings" in page and "95% interval" in page and "Choices picked" in page
    assert "<img src='meter_tension.png'" in page
    import pygame

    chart = pygame.image.load(str(out / "meter_tension.png"))
    assert chart.get_size() == (760, 240)
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["games"] == 30
    text = result.stdout
    assert "Endings (games, share, 95% interval)" in text and "Choices picked" in text
    assert "Meters over time" in text


def test_a_progress_bar_on_a_terminal_and_none_otherwise() -> None:
    plain = _cli("simulate", str(TINY), "--games", "30")
    assert "game/s]" not in plain.stderr and "simulate:" not in plain.stderr
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    chunks = []
    try:
        process = subprocess.Popen([sys.executable, "-m", "game", "simulate", str(TINY),
                                    "--games", "200"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=slave)
        os.close(slave)
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:   # the terminal closed with the process
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=300) == 0
    finally:
        os.close(master)
    assert b"simulate:" in b"".join(chunks)
