"""What each command-line subcommand does.

Imports happen inside each command so that ``play`` (the default) shows its
first frame without first building the scenario schema it may never need.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.model import Scenario
    from game.engine.simulation import GameSummary

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def play(args: argparse.Namespace) -> int:
    try:
        from game.client.app import run
    except ImportError as exc:
        _err(f"red-schism: the game window is not available ({exc}).")
        _err("Commands that work without it: validate, simulate, replay, schema, scenarios "
             "(see red-schism --help).")
        return EXIT_USAGE
    return run(args)


def validate(args: argparse.Namespace) -> int:
    from game.content.loader import check_paths

    paths = [Path(p) for p in args.paths]
    problems = check_paths(paths)
    for problem in problems:
        print(problem)
    if problems:
        files = len({p.position.file for p in problems})
        _err(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
             f"in {files} file{'s' if files != 1 else ''}")
        return EXIT_PROBLEMS
    _err(f"ok: {len(paths)} scenario{'s' if len(paths) != 1 else ''} checked, no problems")
    return EXIT_OK


def _load_for_command(argument: str | None) -> Scenario | None:
    from game.content import discovery
    from game.content.diagnostics import ScenarioError

    try:
        return discovery.load(argument)
    except FileNotFoundError as exc:
        _err(str(exc))
    except ScenarioError as error:
        for problem in error.problems:
            _err(str(problem))
        _err("the scenario has problems; fix them first (python -m game validate PATH)")
    return None


def _simulate_chunk(path: str, seed: int, indices: list[int], side: str,
                    difficulty: str) -> list[GameSummary]:
    from game.content.loader import load_scenario
    from game.engine.simulation import play_many

    return play_many(load_scenario(path), seed, indices, side, difficulty)


def simulate(args: argparse.Namespace) -> int:
    from concurrent.futures import ProcessPoolExecutor

    from game.content import discovery
    from game.engine.simulation import play_many, summarize

    try:
        path = discovery.resolve_scenario_path(args.scenario)
    except FileNotFoundError as exc:
        _err(str(exc))
        return EXIT_USAGE
    scenario = _load_for_command(str(path))
    if scenario is None:
        return EXIT_PROBLEMS
    if args.side != "both" and args.side not in scenario.side_ids:
        _err(f"unknown side '{args.side}'; choose one of "
             f"{', '.join(scenario.side_ids)} or both")
        return EXIT_USAGE
    started = time.perf_counter()
    indices = list(range(args.games))
    if args.jobs <= 1 or args.games < 2 * args.jobs:
        games = play_many(scenario, args.seed, indices, args.side, args.difficulty)
    else:
        chunks = [indices[j::args.jobs] for j in range(args.jobs)]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(_simulate_chunk, str(path), args.seed, chunk, args.side,
                                   args.difficulty) for chunk in chunks]
            games = [game for future in futures for game in future.result()]
        games.sort(key=lambda g: g.index)
    seconds = time.perf_counter() - started
    report: dict[str, object] = {
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
    report.update(summarize(scenario, games))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_report(report)
    return EXIT_OK


def analyze(args: argparse.Namespace) -> int:
    from game.cli.analyze import analyze as run_lab
    from game.content import discovery

    try:
        path = discovery.resolve_scenario_path(args.scenario)
    except FileNotFoundError as exc:
        _err(str(exc))
        return EXIT_USAGE
    scenario = _load_for_command(str(path))
    if scenario is None:
        return EXIT_PROBLEMS
    return run_lab(args, str(path), scenario)


def _print_report(report: dict[str, object]) -> None:
    games = int(report["games"])  # type: ignore[call-overload]
    print(f"{report['scenario']}: {games} games, seed {report['seed']}, side {report['side']}, "
          f"difficulty {report['difficulty']}")
    print(f"{report['seconds']} s, {report['games_per_second']} games/s "
          f"({report['jobs']} job{'s' if report['jobs'] != 1 else ''})")
    print("\nEndings:")
    endings: dict[str, int] = report["endings"]  # type: ignore[assignment]
    for ending, count in sorted(endings.items(), key=lambda kv: -kv[1]):
        print(f"  {ending:<32} {count:>7}  {100 * count / games:5.1f}%")
    fired: dict[str, int] = report["events_fired"]  # type: ignore[assignment]
    never: list[str] = report["events_never_fired"]  # type: ignore[assignment]
    print(f"\nEvents: {len(fired)} of {report['events_total']} fired at least once")
    if never:
        print("  never fired: " + ", ".join(never))
    outside: dict[str, float] = report.get("events_outside_band", {})  # type: ignore[assignment]
    if outside:
        print(f"  outside 2-90% of games (neither rare nor an anchor): {len(outside)}")
        for event, share in sorted(outside.items(), key=lambda kv: kv[1]):
            print(f"    {event:<36} {100 * share:5.1f}%")
    print("\nMeters at the end (mean / p10 / median / p90):")
    meters: dict[str, dict[str, float]] = report["meters"]  # type: ignore[assignment]
    for meter, stats in meters.items():
        print(f"  {meter:<28} {stats['mean']:>7} {stats['p10']:>6} {stats['median']:>6} "
              f"{stats['p90']:>6}")


def replay(args: argparse.Namespace) -> int:
    try:
        from game.persistence.cli import replay_command
    except ImportError:
        _err("red-schism: replays are not available in this build")
        return EXIT_USAGE
    return replay_command(args)


def schema(args: argparse.Namespace) -> int:
    from game.content.schema import json_schema

    text = json.dumps(json_schema(), indent=2)
    if args.out:
        try:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
            reason = getattr(exc, "strerror", None) or str(exc)
            _err(f"cannot write {args.out[:200]!r}: {reason}")
            return EXIT_PROBLEMS
        _err(f"wrote {args.out}")
    else:
        print(text)
    return EXIT_OK


def scenarios(args: argparse.Namespace) -> int:
    from game.content import discovery
    from game.content.diagnostics import ScenarioError
    from game.content.loader import load_scenario

    entries = discovery.available_scenarios()
    if not entries:
        print("no scenarios found")
        return EXIT_OK
    broken = 0
    for entry in entries:
        origin = "built-in" if entry.builtin else "user"
        try:
            scenario = load_scenario(entry.path)
        except ScenarioError as error:
            broken += 1
            print(f"{entry.id:<24} {origin:<8} FAILS TO LOAD ({len(error.problems)} problems):")
            for problem in error.problems[:10]:
                print(f"    {problem}")
            if len(error.problems) > 10:
                print(f"    ... and {len(error.problems) - 10} more")
            continue
        cal = scenario.calendar
        print(f"{scenario.id:<24} {origin:<8} {scenario.title} "
              f"({cal.label(0)} to {cal.label(cal.turns - 1)}, {len(scenario.events)} events)"
              f"  [{entry.path}]")
    print(f"\nuser scenarios folder: {discovery.user_scenarios_dir()}")
    return EXIT_OK
