"""``python -m game simulate``: computer-against-computer campaigns as a balance report.

Prints (or, with --json, emits as one object) the contract's figures —
scenario, games, seed, seconds, games_per_second, endings, events_total,
events_fired, events_never_fired — and the balance report's: endings with 95%
confidence intervals, endings never reached, choices picked per event,
actions taken and meter percentiles over time. A progress bar runs on a
terminal (tqdm), and nothing extra is printed when stderr is not one.
``--report DIR`` also writes the page of game.authoring.report.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from game.authoring.balance import GameRecord, balance, play_records
from game.engine.model import Scenario
from game.engine.simulation import summarize

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
BATCH = 10
"""games per unit of work: small enough for a lively progress bar, large enough to be cheap"""


def _chunk(path: str, seed: int, indices: list[int], side: str,
           difficulty: str) -> list[GameRecord]:
    from game.content.loader import load_scenario

    return play_records(load_scenario(path), seed, indices, side, difficulty)


def _progress(total: int, show: bool) -> Any:
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="game", desc="simulate", file=sys.stderr, leave=False,
                dynamic_ncols=True)


def run(args: argparse.Namespace, path: Path, scenario: Scenario) -> int:
    if args.side != "both" and args.side not in scenario.side_ids:
        print(f"unknown side '{args.side}'; choose one of {', '.join(scenario.side_ids)} or "
              "both", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    batches = [list(range(start, min(args.games, start + BATCH)))
               for start in range(0, args.games, BATCH)]
    bar = _progress(args.games, sys.stderr.isatty() and not args.json)
    records: list[GameRecord] = []
    try:
        if args.jobs <= 1 or args.games < 2 * args.jobs:
            for batch in batches:
                records.extend(play_records(scenario, args.seed, batch, args.side,
                                            args.difficulty))
                if bar is not None:
                    bar.update(len(batch))
        else:
            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                futures = [pool.submit(_chunk, str(path), args.seed, batch, args.side,
                                       args.difficulty) for batch in batches]
                for future in as_completed(futures):
                    done = future.result()
                    records.extend(done)
                    if bar is not None:
                        bar.update(len(done))
    finally:
        if bar is not None:
            bar.close()
    records.sort(key=lambda r: r.summary.index)
    seconds = time.perf_counter() - started
    report: dict[str, Any] = {
        "scenario": scenario.id,
        "scenario_version": scenario.version,
        "games": args.games,
        "seed": args.seed,
        "side": args.side,
        "difficulty": args.difficulty,
        "jobs": args.jobs,
        "seconds": round(seconds, 4),
        "games_per_second": round(args.games / seconds, 2) if seconds > 0 else None,
    }
    report.update(summarize(scenario, [r.summary for r in records]))
    report.update(balance(scenario, records))
    if args.report:
        from game.authoring.report import write_report

        try:
            page = write_report(Path(args.report), scenario, report)
        except OSError as exc:
            print(f"cannot write the report into {args.report}: {exc.strerror or exc}",
                  file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"report: {page}", file=sys.stderr)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(scenario, report)
    return EXIT_OK


def _pct(share: float) -> str:
    return f"{100 * share:5.1f}%"


def print_report(scenario: Scenario, report: dict[str, Any]) -> None:
    games = int(report["games"])
    print(f"{report['scenario']}: {games} games, seed {report['seed']}, side {report['side']}, "
          f"difficulty {report['difficulty']}")
    print(f"{report['seconds']} s, {report['games_per_second']} games/s "
          f"({report['jobs']} job{'s' if report['jobs'] != 1 else ''})")
    print("\nEndings (games, share, 95% interval):")
    for row in sorted(report["endings_detail"], key=lambda r: -r["games"]):
        low, high = row["ci95"]
        print(f"  {row['ending']:<32} {row['games']:>7}  {_pct(row['share'])}  "
              f"[{100 * low:4.1f}-{100 * high:4.1f}]")
    if report["endings_never_reached"]:
        print("  never reached: " + ", ".join(report["endings_never_reached"]))
    fired: dict[str, int] = report["events_fired"]
    never: list[str] = report["events_never_fired"]
    print(f"\nEvents: {len(fired)} of {report['events_total']} fired at least once")
    if never:
        print("  never fired: " + ", ".join(never))
    outside: dict[str, float] = report.get("events_outside_band", {})
    if outside:
        print(f"  outside 2-90% of games (neither rare nor an anchor): {len(outside)}")
        for event, share in sorted(outside.items(), key=lambda kv: kv[1]):
            print(f"    {event:<36} {_pct(share)}")
    print(f"\nChoices picked (share of answers; {report['choices_never_picked']} never "
          "picked):")
    for row in report["choices"]:
        parts = ", ".join(f"{choice} {100 * share:.0f}%" + ("!" if not share else "")
                          for choice, share in row["choices"].items())
        print(f"  {row['event']:<36} {row['answered']:>6}  {parts}")
    print("\nActions (share of games taken, times per game):")
    for row in report["actions"]:
        flag = "  never taken" if not row["games"] else ""
        print(f"  {row['side']:<8} {row['action']:<34} {_pct(row['share'])} "
              f"{row['per_game']:>6}{flag}")
    print("\nMeters over time (median and 10th-90th percentile as turns begin):")
    turns = scenario.calendar.turns
    points = sorted({0, turns // 4, turns // 2, 3 * turns // 4})
    labels = [scenario.calendar.label(min(p, turns - 1)) for p in points] + ["end"]
    print(f"  {'':<28} " + " ".join(f"{label:>14}" for label in labels))
    for meter_id, rows in report["meters_over_time"].items():
        if not rows["p50"]:
            continue
        cells = []
        for point in [*points, len(rows["p50"]) - 1]:
            point = min(point, len(rows["p50"]) - 1)
            cells.append(f"{rows['p50'][point]} ({rows['p10'][point]}-{rows['p90'][point]})")
        print(f"  {meter_id:<28} " + " ".join(f"{cell:>14}" for cell in cells))
