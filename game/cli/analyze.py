"""``python -m game analyze``: the balance lab on the command line.

Plays named policies against the computer from each seat (the same game seeds
for every policy), across processes when asked, then prints the tables, the
play-depth findings and the static checks (or one JSON object with --json).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from game.analysis import checks
from game.analysis.lab import Cell, CellReport, LabGame, play_cell, summarize_cell
from game.analysis.targets import findings
from game.engine.model import Scenario
from game.engine.policies import default_policy_names, make_policy

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_SCENARIOS: dict[str, Scenario] = {}


def _scenario(path: str) -> Scenario:
    scenario = _SCENARIOS.get(path)
    if scenario is None:
        from game.content.loader import load_scenario

        scenario = load_scenario(path)
        _SCENARIOS[path] = scenario
    return scenario


def _run_chunk(path: str, cell: Cell, seed: int, indices: list[int]) -> list[LabGame]:
    return play_cell(_scenario(path), cell, seed, indices)


def _split(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def plan_cells(scenario: Scenario, args: argparse.Namespace) -> list[tuple[Cell, int]]:
    """(cell, games) for every policy, seat and difficulty the run covers."""
    seats = _split(args.seats) or list(scenario.side_ids)
    for seat in seats:
        if seat not in scenario.side_ids:
            raise ValueError(f"unknown seat '{seat}'; choose from {', '.join(scenario.side_ids)}")
    policies = _split(args.policies) or default_policy_names(scenario)
    for name in policies:
        make_policy(scenario, name)  # raises ValueError on an unknown name
    difficulty = args.difficulty
    lookahead_games = args.lookahead_games or max(10, args.games // 8)
    cells: list[tuple[Cell, int]] = []
    for seat in seats:
        for name in policies:
            games = lookahead_games if name == "lookahead" else args.games
            cells.append((Cell(name, seat, difficulty), games))
        if args.ladder and "greedy" in policies:
            for level in ("easy", "normal", "hard"):
                if level != difficulty:
                    games = args.hard_games or args.games if level == "hard" else args.games
                    cells.append((Cell("greedy", seat, level), games))
        if args.spam:
            for action in scenario.actions_for(seat):
                cells.append((Cell(f"spam:{action.id}", seat, difficulty), args.spam_games))
    return cells


def run_cells(path: str, scenario: Scenario, cells: list[tuple[Cell, int]], seed: int,
              jobs: int, progress: bool) -> dict[Cell, list[LabGame]]:
    results: dict[Cell, list[LabGame]] = {cell: [] for cell, _ in cells}
    tasks: list[tuple[Cell, list[int]]] = []
    for cell, games in cells:
        size = max(1, min(25, games // max(1, jobs)))
        for start in range(0, games, size):
            tasks.append((cell, list(range(start, min(games, start + size)))))
    done = 0
    started = time.perf_counter()
    if jobs <= 1:
        for cell, indices in tasks:
            results[cell].extend(play_cell(scenario, cell, seed, indices))
            done += 1
            _progress(progress, done, len(tasks), started)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [(cell, pool.submit(_run_chunk, path, cell, seed, indices))
                       for cell, indices in tasks]
            for cell, future in futures:
                results[cell].extend(future.result())
                done += 1
                _progress(progress, done, len(tasks), started)
    if progress:
        print(file=sys.stderr)
    for played in results.values():
        played.sort(key=lambda g: g.index)
    return results


def _progress(show: bool, done: int, total: int, started: float) -> None:
    if not show:
        return
    elapsed = time.perf_counter() - started
    left = elapsed / done * (total - done) if done else 0.0
    print(f"\ranalyze: {done}/{total} batches, {elapsed:.0f} s, about {left:.0f} s left   ",
          end="", file=sys.stderr, flush=True)


def analyze(args: argparse.Namespace, path: str, scenario: Scenario) -> int:
    try:
        cells = plan_cells(scenario, args)
    except ValueError as exc:
        print(f"analyze: {exc}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    if args.checks_only:
        cells = []
    results = run_cells(path, scenario, cells, args.seed, args.jobs,
                        progress=not args.json and sys.stderr.isatty())
    reports = [summarize_cell(scenario, cell, games) for cell, games in results.items()]
    seats = sorted({cell.seat for cell, _ in cells} or set(scenario.side_ids),
                   key=scenario.side_ids.index)
    found = findings(reports, seats, args.difficulty)
    states = checks.sample_states(scenario)
    table = checks.directions(scenario, states)
    dominated = checks.dominated_choices(scenario, table, states[0])
    unread = checks.unread_meters(scenario)
    taken: dict[str, set[str]] = {}
    for cell, games in results.items():
        if cell.policy in ("greedy", "lookahead"):
            for game in games:
                taken.setdefault(cell.seat, set()).update(game.actions)
    never = ([n for n in checks.never_taken(scenario, taken) if n[0] in seats]
             if not args.checks_only else [])
    seconds = time.perf_counter() - started
    if args.json:
        print(json.dumps({
            "scenario": scenario.id, "seed": args.seed, "seconds": round(seconds, 1),
            "cells": [r.to_json() for r in reports],
            "findings": [f.to_json() for f in found],
            "dominated_choices": [d.__dict__ for d in dominated],
            "unread_meters": [{"meter": m, "silenced": why} for m, why in unread],
            "actions_never_taken": [{"side": s, "action": a, "silenced": why}
                                    for s, a, why in never],
        }, indent=2))
    else:
        _print(scenario, reports, found, dominated, unread, never, seconds)
    return EXIT_OK


def _print(scenario: Scenario, reports: list[CellReport], found: Any, dominated: Any,
           unread: Any, never: Any, seconds: float) -> None:
    print(f"{scenario.id}: balance lab, {seconds:.0f} s")
    for seat in scenario.side_ids:
        rows = [r for r in reports if r.cell.seat == seat]
        if not rows:
            continue
        print(f"\nSeat {seat} (the computer plays the other side)")
        print(f"  {'policy':<34} {'diff':<6} {'games':>5} {'score':>12} {'rival':>6} "
              f"{'W/D/L %':>11} {'best%':>6}  endings")
        for r in rows:
            endings = ", ".join(f"{e} {100 * n / r.games:.0f}%" for e, n in
                                sorted(r.endings.items(), key=lambda kv: -kv[1])[:4])
            wdl = f"{100 * r.wins:.0f}/{100 * r.draws:.0f}/{100 * r.losses:.0f}"
            print(f"  {r.cell.policy:<34} {r.cell.difficulty:<6} {r.games:>5} "
                  f"{r.mean:>6.1f}±{r.half_width:<4.1f} {r.rival_mean:>6.1f} {wdl:>11} "
                  f"{100 * r.best_share:>5.0f}%  {endings}")
    print("\nPlay-depth bars:")
    for f in found:
        print(f"  [{'ok' if f.holds else 'FAIL'}] {f.seat}: {f.bar} — {f.measured}")
    print(f"\nDominated choices: {len([d for d in dominated if not d.silenced])} "
          f"(+{len([d for d in dominated if d.silenced])} marked deliberate)")
    for d in dominated:
        mark = f" [deliberate: {d.silenced}]" if d.silenced else ""
        hist = " (historical)" if d.historical else ""
        print(f"  {d.event} ({d.side}): {d.choice}{hist} is no better than {d.by}{mark}")
    print(f"\nMeters read by nothing: {len([m for m in unread if not m[1]])}")
    for meter, why in unread:
        print(f"  {meter}" + (f" [display only: {why}]" if why else ""))
    print(f"\nActions skilled play never took: {len([n for n in never if not n[2]])}")
    for side, action, why in never:
        print(f"  {side}: {action}" + (f" [{why}]" if why else ""))
