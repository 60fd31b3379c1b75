"""Client benchmarks: frame time on the campaign screen at 1920x1080, CPU while
idle on the campaign screen, and time from process start to the title's first
frame. Each measurement runs in a fresh subprocess with SDL's dummy drivers and
a temporary RED_SCHISM_HOME.

    python tests/benchmarks/run.py --only client
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(home: str) -> dict[str, str]:
    return dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                RED_SCHISM_HOME=home, PYGAME_HIDE_SUPPORT_PROMPT="1")


def _worker(kind: str, quick: bool) -> dict[str, object]:
    """Runs inside the subprocess: builds the campaign screen and measures."""
    import argparse

    sys.path.insert(0, str(ROOT))
    from game.client.app import App
    from game.content.loader import load_scenario
    from game.engine.session import GameSession

    try:
        scenario = load_scenario(ROOT / "scenarios" / "sino_soviet_split")
        if not scenario.events:
            raise ValueError("no events yet")
        which = scenario.id
    except Exception:
        scenario = load_scenario(ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win")
        which = scenario.id
    args = argparse.Namespace(command="play", size=(1920, 1080), screenshot=None,
                              exit_after_frames=None, autoplay=False)
    app = App(args)
    app.frame_cap = 0
    session = GameSession.new(scenario, 11, scenario.side_ids[0], "normal")
    app.start_session(session)
    for _ in range(3):
        app.request_redraw()
        app.step()
    screen = app.top
    if kind == "frames":
        import pygame

        frames = 60 if quick else 240
        times = []
        board = screen.lay.board
        for i in range(frames):
            if i == frames // 2 and screen.event is not None:
                # second half: the board and actions, with the pointer moving over the map
                import random

                from game.engine import ai

                rng = random.Random(1)
                while screen.event is not None:
                    screen.submit(ai.choose_command(session.state, session.human, rng))
            x = board.x + (i * 37) % board.w
            y = board.y + (i * 23) % board.h
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 1),
                                                 buttons=(0, 0, 0), touch=False))
            start = time.perf_counter()
            app.step()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        return {"median_ms": statistics.median(times),
                "p95_ms": times[int(len(times) * 0.95) - 1], "frames": frames,
                "scenario": which}
    if kind == "idle":
        seconds = 2.0 if quick else 4.0
        settle_until = time.perf_counter() + 1.6
        while time.perf_counter() < settle_until:
            app.step()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        drawn0 = app.frames
        while time.perf_counter() - wall0 < seconds:
            app.step()
        cpu = time.process_time() - cpu0
        wall = time.perf_counter() - wall0
        return {"cpu_percent": 100 * cpu / wall, "seconds": wall,
                "frames_drawn": app.frames - drawn0, "scenario": which}
    raise ValueError(kind)


def _run_worker(kind: str, quick: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as home:
        result = subprocess.run(
            [sys.executable, __file__, "--worker", kind] + (["--quick"] if quick else []),
            cwd=ROOT, env=_env(home), capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1500:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _first_frame_seconds() -> float:
    with tempfile.TemporaryDirectory() as home:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "game", "play", "--exit-after-frames", "1",
             "--size", "1280x800"],
            cwd=ROOT, env=_env(home), capture_output=True, text=True, timeout=60)
        elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1500:])
    return elapsed


def run(quick: bool) -> list[dict[str, object]]:
    results: list[dict[str, object]] = []
    frames = _run_worker("frames", quick)
    results.append({
        "name": "client: median frame, campaign screen 1920x1080",
        "value": round(float(frames["median_ms"]), 3), "unit": "ms", "bar": "< 8 ms",
        "ok": float(frames["median_ms"]) < 8.0,
        "detail": f"p95 {float(frames['p95_ms']):.2f} ms over {frames['frames']} frames "
                  f"(event card, then board with the pointer moving), "
                  f"scenario {frames['scenario']}",
    })
    idle = _run_worker("idle", quick)
    results.append({
        "name": "client: CPU while idle on the campaign screen",
        "value": round(float(idle["cpu_percent"]), 3), "unit": "% of a core", "bar": "< 3%",
        "ok": float(idle["cpu_percent"]) < 3.0,
        "detail": f"{float(idle['seconds']):.1f} s idle, {idle['frames_drawn']} frames drawn, "
                  f"scenario {idle['scenario']}",
    })
    runs = [_first_frame_seconds() for _ in range(1 if quick else 5)]
    results.append({
        "name": "client: process start to the title's first frame",
        "value": round(statistics.median(runs), 3), "unit": "s", "bar": "< 1 s",
        "ok": statistics.median(runs) < 1.0,
        "detail": "python -m game play --exit-after-frames 1 (whole process, exit included); "
                  "runs: " + ", ".join(f"{r:.2f}" for r in runs),
    })
    return results


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--worker":
        print(json.dumps(_worker(sys.argv[2], "--quick" in sys.argv)))
    else:
        for item in run("--quick" in sys.argv):
            print(item)
