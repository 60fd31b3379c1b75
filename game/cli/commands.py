"""What each command-line subcommand does.

Imports happen inside each command so that ``play`` (the default) shows its
first frame without first building the scenario schema it may never need.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.model import Scenario

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def did_you_mean(word: str, candidates: tuple[str, ...] | list[str]) -> str:
    from game.content.diagnostics import did_you_mean as hint

    return hint(word, candidates)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def play(args: argparse.Namespace) -> int:
    usage = _check_play_arguments(args)
    if usage is not None:
        _err(f"red-schism: {usage}")
        return EXIT_USAGE
    try:
        from game.client.app import run
    except ImportError as exc:
        _err(f"red-schism: the game window is not available ({exc}).")
        _err("Commands that work without it: validate, lint, simulate, analyze, replay, schema, "
             "scenarios, new (see red-schism --help).")
        return EXIT_USAGE
    return run(args)


def _check_play_arguments(args: argparse.Namespace) -> str | None:
    """Why ``play``'s --scenario or --side cannot be used, before any window opens."""
    from game.content import discovery
    from game.content.diagnostics import ScenarioError

    wanted = getattr(args, "scenario", None)
    side = getattr(args, "side", None)
    if wanted is None and side is None:
        return None
    try:
        resolved = discovery.resolve(wanted)
    except FileNotFoundError as exc:
        return str(exc)
    if resolved.notice:
        _err(f"red-schism: {resolved.notice}")
    if side is None:
        return None
    from game.content.loader import load_scenario

    try:
        scenario = load_scenario(resolved.path)
    except ScenarioError:
        return None  # the title screen (or autoplay) explains what is wrong with it
    if side not in scenario.side_ids:
        return (f"unknown side '{side}'; choose one of {', '.join(scenario.side_ids)}"
                f"{did_you_mean(side, scenario.side_ids)}")
    return None


def _scenario_paths(arguments: list[str | None]) -> list[tuple[Path | None, str]]:
    """Each SCENARIO argument as the scenario paths it stands for (a folder of scenarios
    stands for each of them); (None, why) for one that names nothing."""
    from game.content import discovery

    found: list[tuple[Path | None, str]] = []
    for argument in arguments:
        try:
            resolved = discovery.resolve(argument)
        except FileNotFoundError as exc:
            found.append((None, f"{argument or ''}:1:1: {exc}"))
            continue
        if resolved.notice:
            _err(f"note: {resolved.notice}")
        found.extend((path, "") for path in discovery.expand(resolved.path))
    return found


def validate(args: argparse.Namespace) -> int:
    from game.content.diagnostics import ScenarioError
    from game.content.loader import load_with_sources

    problems: list[str] = []
    files: set[str] = set()
    checked = 0
    for path, why in _scenario_paths(args.paths):
        if path is None:
            problems.append(why)
            files.add(why.split(":", 1)[0])
            continue
        checked += 1
        try:
            scenario, sources = load_with_sources(path)
        except ScenarioError as error:
            problems.extend(str(p) for p in error.problems)
            files.update(p.position.file for p in error.problems)
            continue
        if args.strict:
            from game.authoring.lint import lint

            report = lint(scenario, sources)
            problems.extend(str(w) for w in report.warnings)
            files.update(w.position.file for w in report.warnings)
    for problem in problems:
        print(problem)
    if problems:
        _err(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
             f"in {len(files)} file{'s' if len(files) != 1 else ''}")
        return EXIT_PROBLEMS
    strict = " (strict: lint clean too)" if args.strict else ""
    _err(f"ok: {checked} scenario{'s' if checked != 1 else ''} checked, no problems{strict}")
    return EXIT_OK


def lint(args: argparse.Namespace) -> int:
    from game.authoring.lint import lint as run_lint
    from game.content.diagnostics import ScenarioError
    from game.content.loader import load_with_sources

    reports = []
    errors = 0
    for path, why in _scenario_paths(args.scenarios or [None]):
        if path is None:
            _err(why)
            return EXIT_USAGE
        try:
            scenario, sources = load_with_sources(path)
        except ScenarioError as error:
            errors += len(error.problems)
            for problem in error.problems:
                print(problem)
            _err(f"{path}: the scenario has errors; fix them first (python -m game validate)")
            continue
        report = run_lint(scenario, sources, games=args.games, seed=args.seed)
        reports.append(report)
        if not args.json:
            for finding in report.findings:
                if args.all or not finding.silenced:
                    print(finding)
            for note in report.notes:
                _err(f"note: {note}")
            counts = ", ".join(f"{check} {n}" for check, n in report.counts().items())
            _err(f"{report.scenario}: {len(report.warnings)} warning"
                 f"{'s' if len(report.warnings) != 1 else ''}"
                 + (f" ({counts})" if counts else "")
                 + f", {len(report.silenced)} silenced with a reason ({report.seconds} s)")
    if args.json:
        print(json.dumps([{"scenario": r.scenario, "warnings": len(r.warnings),
                           "silenced": len(r.silenced), "by_check": r.counts(),
                           "notes": r.notes, "seconds": r.seconds,
                           "findings": [f.to_json() for f in r.findings]} for r in reports],
                         indent=2))
    if errors or any(r.warnings for r in reports):
        return EXIT_PROBLEMS
    return EXIT_OK


def new(args: argparse.Namespace) -> int:
    from game.authoring.skeleton import SkeletonError, write_skeleton
    from game.content import discovery

    sides = [part.strip() for part in args.sides.split(",") if part.strip()]
    folder = Path(args.dir) if args.dir else discovery.user_scenarios_dir()
    try:
        written = write_skeleton(folder, args.id, sides, args.period)
    except SkeletonError as exc:
        _err(f"red-schism new: {exc}")
        return EXIT_USAGE if exc.usage else EXIT_PROBLEMS
    _err(f"wrote {written} ({', '.join(p.name for p in sorted(written.iterdir()))})")
    name = args.id if not args.dir else str(written)
    _err(f"next: python -m game validate {name}  |  python -m game lint {name}  |  "
         f"python -m game play --scenario {name} --watch  (scenarios/README.md is the guide)")
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


def _resolve_for_command(argument: str | None) -> Path | None:
    from game.content import discovery

    try:
        resolved = discovery.resolve(argument)
    except FileNotFoundError as exc:
        _err(str(exc))
        return None
    if resolved.notice:
        _err(f"note: {resolved.notice}")
    return resolved.path


def simulate(args: argparse.Namespace) -> int:
    from game.cli.simulate import run

    path = _resolve_for_command(args.scenario)
    if path is None:
        return EXIT_USAGE
    scenario = _load_for_command(str(path))
    if scenario is None:
        return EXIT_PROBLEMS
    return run(args, path, scenario)


def analyze(args: argparse.Namespace) -> int:
    from game.cli.analyze import analyze as run_lab

    path = _resolve_for_command(args.scenario)
    if path is None:
        return EXIT_USAGE
    scenario = _load_for_command(str(path))
    if scenario is None:
        return EXIT_PROBLEMS
    return run_lab(args, str(path), scenario)


def replay(args: argparse.Namespace) -> int:
    try:
        from game.persistence.cli import replay_command
    except ImportError:
        _err("red-schism: replays are not available in this build")
        return EXIT_USAGE
    return replay_command(args)


def schema(args: argparse.Namespace) -> int:
    from game.content.schema import json_schema

    if args.reference:
        from game.authoring.reference import reference_tables, update_file

        if not args.out:
            print(reference_tables(), end="")
            return EXIT_OK
        try:
            changed = update_file(Path(args.out))
        except (OSError, ValueError) as exc:
            _err(f"cannot update {args.out}: {getattr(exc, 'strerror', None) or exc}")
            return EXIT_PROBLEMS
        _err(f"{'updated' if changed else 'already current:'} {args.out}")
        return EXIT_OK
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
    for entry in entries:
        origin = "built-in" if entry.builtin else "user"
        if entry.hidden_by is not None:
            instead = ("your copy" if entry.builtin else "the first user scenario of that id")
            print(f"{entry.id:<24} {origin:<8} NOT USED: {instead} at {entry.hidden_by} "
                  f"replaces it  [{entry.path}]")
            continue
        try:
            scenario = load_scenario(entry.path)
        except ScenarioError as error:
            print(f"{entry.id:<24} {origin:<8} FAILS TO LOAD ({len(error.problems)} problems):")
            for problem in error.problems[:10]:
                print(f"    {problem}")
            if len(error.problems) > 10:
                print(f"    ... and {len(error.problems) - 10} more")
            continue
        cal = scenario.calendar
        replaces = (" (replaces the built-in one)" if not entry.builtin and any(
            e.builtin and e.id == entry.id for e in entries) else "")
        declared = (f" (its file says id '{scenario.id}'; the folder name is what "
                    "--scenario uses)" if scenario.id != entry.id else "")
        print(f"{entry.id:<24} {origin:<8} {scenario.title}{replaces} "
              f"({cal.label(0)} to {cal.label(cal.turns - 1)}, {len(scenario.events)} events)"
              f"{declared}  [{entry.path}]")
    print(f"\nuser scenarios folder: {discovery.user_scenarios_dir()}")
    return EXIT_OK
