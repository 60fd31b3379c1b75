"""Condition evaluation: compiled scenario expressions against hand-written lambdas.

Both sides evaluate the same conditions against the engine's own layout (a
list of values and a set of facts), in the same run; the bar is a ratio of at
least 0.9 (compiled at least 90% as fast as the lambdas).
"""

from __future__ import annotations

import random
import re
import statistics
import time

from _common import CAMPAIGN, result

from game.content.expressions import Symbols, check_expression, compile_all

METERS = [f"meter_{i}" for i in range(30)]
FLAGS = [f"flag_{i}" for i in range(12)]


def _generated_conditions(count: int, rng: random.Random) -> list[str]:
    conditions = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.random()
            if kind < 0.55:
                parts.append(f"{rng.choice(METERS)} {rng.choice(['>=', '<', '>', '<='])} "
                             f"{rng.randint(5, 95)}")
            elif kind < 0.75:
                parts.append(f"{rng.choice(['', 'not '])}flag(\"{rng.choice(FLAGS)}\")")
            elif kind < 0.9:
                parts.append(f"{rng.choice(METERS)} - {rng.choice(METERS)} >= {rng.randint(0, 30)}")
            else:
                parts.append(f"year >= {rng.randint(1953, 1964)}")
        conditions.append(f" {rng.choice(['and', 'or'])} ".join(parts)
                          if len(parts) < 3 else " and ".join(parts))
    return conditions


def _as_lambda_source(condition: str, slots: dict[str, int]) -> str:
    """What a programmer would write by hand against the engine's value layout."""
    text = re.sub(r'flag\("(\w+)"\)', r'("flag:\1" in f)', condition)
    return "lambda v, f: " + re.sub(r"\b([a-z_][a-z0-9_]*)\b",
                                    lambda m: f"v[{slots[m.group(1)]}]"
                                    if m.group(1) in slots else m.group(1), text)


def run(quick: bool) -> list[dict[str, object]]:
    rng = random.Random(1953)
    slots = {name: i for i, name in enumerate([*METERS, "year"])}
    symbols = Symbols(values=slots, flags=frozenset(FLAGS), events=frozenset(),
                      modifiers=frozenset())
    conditions = _generated_conditions(200, rng)
    nodes = []
    for condition in conditions:
        node, problem = check_expression(condition, "condition", symbols)
        assert problem is None, (condition, problem)
        nodes.append(node)
    compiled = compile_all(nodes)
    namespace: dict[str, object] = {}
    handwritten = [eval(_as_lambda_source(c, slots), namespace)
                   for c in conditions]
    states = []
    for _ in range(20):
        values = [float(rng.randint(0, 100)) for _ in METERS] + [float(rng.randint(1953, 1964))]
        facts = {f"flag:{name}" for name in FLAGS if rng.random() < 0.4}
        states.append((values, facts))
    for fn, ref in zip(compiled, handwritten, strict=True):
        for values, facts in states:
            assert bool(fn(values, facts)) == bool(ref(values, facts))  # type: ignore[operator]

    def timed(functions: list) -> float:  # type: ignore[type-arg]
        started = time.perf_counter()
        for values, facts in states:
            for fn in functions:
                fn(values, facts)
        return time.perf_counter() - started

    repeats = 7 if quick else 31
    ratios, ours, theirs = [], [], []
    for _ in range(repeats):
        a = timed(handwritten)
        b = timed(compiled)
        theirs.append(a)
        ours.append(b)
        ratios.append(a / b)
    ratio = statistics.median(ratios)
    per_eval_ns = statistics.median(ours) / (len(states) * len(compiled)) * 1e9
    lambda_ns = statistics.median(theirs) / (len(states) * len(compiled)) * 1e9
    results = [result("condition evaluation vs hand-written lambdas", ratio, "x speed",
                      ">= 0.9x", ratio >= 0.9,
                      f"200 generated conditions, 31 values, 20 states; compiled "
                      f"{per_eval_ns:.0f} ns/eval, lambdas {lambda_ns:.0f} ns/eval "
                      f"(median of {repeats})")]
    if CAMPAIGN.exists():
        from game.content.loader import load_scenario

        try:
            scenario = load_scenario(CAMPAIGN)
        except Exception:
            return results
        funcs = [e.condition for e in scenario.events if e.condition is not None]
        funcs += [a.condition for a in scenario.actions if a.condition is not None]
        values = [float(m.start) for m in scenario.meters] + [0.0] * len(scenario.builtin_slots)
        started = time.perf_counter()
        loops = 200 if quick else 2000
        for _ in range(loops):
            for fn in funcs:
                fn(values, set())  # type: ignore[arg-type]
        elapsed = (time.perf_counter() - started) / (loops * max(1, len(funcs))) * 1e9
        results.append(result("campaign condition evaluation", elapsed, "ns/eval",
                              "informational", None, f"{len(funcs)} campaign conditions"))
    return results
