"""``python -m game replay SAVE [--verify] [--json]``.

Exit 0 when the save replays (and, with --verify, every turn's hash matches);
1 when it diverges, a command is illegal, or the save cannot be read. Never a
traceback. With --json, one JSON object on standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from game.content import discovery
from game.content.diagnostics import ScenarioError
from game.engine.model import Scenario
from game.persistence.replay import Timeline, VerifyReport, verify
from game.persistence.save_format import LoadedSave, SaveError
from game.persistence.store import read_save

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _print_turns(save: LoadedSave) -> None:
    scenario = save.scenario
    timeline = Timeline.from_save(save)
    for turn in range(timeline.turn_count):
        parts = []
        for decision in timeline.decisions(turn):
            if decision.kind == "choice":
                event = scenario.event(decision.source)
                label = next((c.label for c in event.choices if c.id == decision.detail),
                             decision.detail)
                parts.append(f"{decision.side}: '{event.title}' → {label}")
            else:
                parts.append(f"{decision.side}: {scenario.action(decision.source).name}")
        print(f"{timeline.label(turn)}  " + ("; ".join(parts) if parts else "(no decisions)"))


def _scenario_argument(argument: str | None) -> Scenario | None:
    """The scenario named on the command line (id or path), or None; SaveError if it fails."""
    if not argument:
        return None
    try:
        return discovery.load(argument)
    except FileNotFoundError as exc:
        raise SaveError(str(exc)) from None
    except ScenarioError as error:
        first = error.problems[0] if error.problems else "it has problems"
        raise SaveError(f"the scenario {argument} fails to load: {first}") from None
    except OSError as exc:
        raise SaveError(f"cannot read the scenario {argument}: {exc.strerror or exc}") from None


def replay_command(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    want_json = bool(getattr(args, "json", False))
    check = bool(getattr(args, "verify", False))
    result: dict[str, Any] = {"save": str(args.save)}
    try:
        save = read_save(args.save, _scenario_argument(getattr(args, "scenario", None)))
    except SaveError as error:
        shown = args.save if len(args.save) <= 80 else "..." + args.save[-77:]
        _err(f"red-schism: cannot read {shown}: {error}")
        if want_json:
            result.update({"ok": False, "error": str(error), "turns": 0, "hashes_checked": 0,
                           "first_divergent_turn": None, "ending": None,
                           "seconds": round(time.perf_counter() - started, 4)})
            print(json.dumps(result, indent=2, ensure_ascii=False))
        return EXIT_PROBLEMS
    report: VerifyReport = verify(save, check_hashes=check,
                                  check_computer=check and not getattr(args, "hashes_only",
                                                                       False))
    seconds = time.perf_counter() - started
    if want_json:
        result.update(report.to_json())
        result["verified"] = check
        result["seconds"] = round(seconds, 4)
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        for warning in save.warnings:
            _err(f"note: {warning}")
        data = save.data
        print(f"{data.display.name} — {save.scenario.title}, playing "
              f"{data.display.side}, {data.difficulty}, seed {data.seed}")
        if not check and report.error is None:
            _print_turns(save)
        if report.error is not None and not check:
            print(f"replay stopped: {report.error}")
        if check:
            print(report.summary())
            for difference in report.differences:
                print(f"  {difference}")
        if report.ending is not None:
            ending = save.scenario.ending(report.ending)
            scores = ", ".join(f"{side} {score:g}" for side, score in report.scores.items())
            print(f"ending: {ending.title} ({scores})")
        else:
            print(f"{report.turns} turns replayed; the game is still in progress")
    if report.error is not None or (check and not report.ok):
        return EXIT_PROBLEMS
    return EXIT_OK
