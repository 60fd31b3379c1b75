"""Scenario fuzzing: seeded mutants of real scenarios, and what each must do.

A mutant is one file of a base scenario (the shipped campaign or a test
fixture) changed in one to three ways — numbers, expressions, ids, structure,
text, or the raw bytes — and written back beside the base's other files.
Every mutant must either be refused with diagnostics (each with a file, line
and column) or load and play ``simulate --games 3`` (``play_many``,
in-process) to an end within a time bound. Anything else — an exception, a
game that does not end, a hang — is an *escape*.

The mutant of ``(seed, index)`` is always the same, so an escape is reproduced
by its pair alone; ``minimise`` shrinks it to a small single-file scenario
for tests/fixtures/crashers/. See run_scenario_fuzz.py for long runs.
"""

from __future__ import annotations

import copy
import math
import random
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario, scenario_files
from game.content.yaml_reader import read_yaml
from game.engine.simulation import play_many

ROOT = Path(__file__).resolve().parents[2]
BASES: dict[str, Path] = {
    "campaign": ROOT / "scenarios" / "sino_soviet_split",
    "cuban": ROOT / "scenarios" / "cuban_missile_crisis",
    "tiny_win": ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win",
    "persist_chance": ROOT / "tests" / "fixtures" / "scenarios" / "persist_chance",
    "long_cable": ROOT / "tests" / "client" / "data" / "long_cable",
    "queues_itself_twice": ROOT / "tests" / "fixtures" / "crashers" / "queues_itself_twice.yaml",
    "choices_all_closed": ROOT / "tests" / "fixtures" / "crashers" / "choices_all_closed.yaml",
}
BASE_WEIGHTS = {"campaign": 3, "cuban": 2, "tiny_win": 4, "persist_chance": 2, "long_cable": 1,
                "queues_itself_twice": 1, "choices_all_closed": 1}
SECONDS_PER_MUTANT = 30.0
"""A mutant that has not finished loading and playing three games by then has hung."""

try:
    _DUMPER: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - libyaml missing
    _DUMPER = yaml.SafeDumper


# -- what a mutant did --------------------------------------------------------------------


@dataclass
class Outcome:
    """``kind`` is diagnostics, played or escape; ``detail`` says what escaped."""

    seed: int
    index: int
    base: str
    file: str
    mutations: list[str]
    kind: str
    detail: str = ""
    seconds: float = 0.0

    @property
    def escaped(self) -> bool:
        return self.kind == "escape"


class Hang(Exception):
    """The mutant ran past its time bound."""


WALL_FACTOR = 10
"""A mutant may take this many times its CPU bound in wall-clock time (a shared machine),
which still catches a wait that burns no CPU (reading a pipe)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread if the block uses more than ``seconds`` of CPU time, or
    more than WALL_FACTOR times that in wall-clock time (so a loaded machine, shared with
    other work, does not make a slow mutant look like a hang)."""
    def expired(signum: int, frame: object) -> None:
        kind = "of CPU time" if signum == signal.SIGPROF else "waiting"
        raise Hang(f"still running after {seconds:g} s {kind}")

    previous = (signal.signal(signal.SIGPROF, expired), signal.signal(signal.SIGALRM, expired))
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous[0])
        signal.signal(signal.SIGALRM, previous[1])


# -- hostile material -----------------------------------------------------------------------

HUGE_NUMBERS: list[Any] = [
    float("inf"), float("-inf"), float("nan"), 1e400, -1e308, 1e300, 10**400, -(10**30),
    2**63, 2**64 + 1, 1_000_000, 1_000_001, -1_000_001, 999_999.5, 0, -1, 1, 0.5, -0.0,
    1e-300, 3, 100, 101, -100, 2000, 10**12,
]
HOSTILE_EXPRESSIONS = [
    "__import__('os').system('true')", "().__class__.__bases__", "open('/etc/passwd')",
    "tension.real", "[1][0]", "lambda: 1", "2 ** 1000", "1e400", "9" * 60, "1e308 * 1e308",
    "(" * 17 + "1" + ")" * 17, "flag('nope')", "controls('a', 'b')", "min()", "max(1)",
    "abs(1, 2)", "clamp(1, 2)", "round()", "1 if true", "not 5", "tension and 5", "'text'",
    "tension / 0", "tension // 0", "tension % 0", "tension / 0.0000001", "-tension * 999999",
    "round(tension / 0.000001 * 999999 * 999999 * 999999 * 999999 * 999999 * 999999)",
    "tension * 999999 * 999999 * 999999 * 999999 * 999999 * 999999 * 999999 * 0.5",
    "(tension * 999999 * 999999 * 999999 * 999999 * 999999 * 999999) % 7", "x" * 600,
    "true", "false", "1 < 2 < 3 < 4", "tension if tension else tension", "f'{1}'",
    "tension := 3", "{1: 2}", "{1}", "*a", "await x", "yield 1", "tension; 1", "",
    "   ", "\u0000", "tension\n+\n1", "# comment", "tension >= 60 and", "turn % 0 == 0",
    "round(turns_left / 0.000001) * 999999", "abs(-999999) * abs(-999999) * 999999",
]
NASTY_TEXTS = [
    "\u0000", "a\u0000b", "\u200b", "\ufeff", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\u202eevil", "\u0301", "\ufe0f", "\t\r\n", "\x7f\x1b[31m", "\ud7ff", "Z" * 30_000,
    "word " * 5_000, "\n" * 300, "<b>bold</b>", "<font color='#ff0000'>x", "&amp;&#0;",
    "%s %d {0}", "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u82cf\u5206\u88c2" * 50,
]
BAD_IDS = ["", "Bad-Id", "1abc", "a" * 61, "both", "turn", "year", "tension", "prc", "ussr",
           "allies_prc", "nope", "\u00e9v\u00e9nement", "a b", "_x"]
WRONG_TYPES: list[Any] = [None, [], {}, [1, 2], {"a": 1}, "text", 7, -3.5, True, False,
                          [[[]]], {"id": "x"}]
RAW_SNIPPETS = [b"\x00", b"\xff\xfe", b"\t", b"&a [1]", b"*a", b"!!python/object:os.system",
                b"<<: *a", b"---\n", b"? [1]\n: 2", b"%YAML 1.1\n", b"{", b"]", b"'", b'"',
                b"\xef\xbb\xbf", b"key: value\n", b"- - - -", b"\xc3\x28"]


# -- walking plain YAML data ----------------------------------------------------------------

PathT = tuple[Any, ...]


def _leaves(data: Any, path: PathT = ()) -> Iterator[tuple[PathT, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, (*path, i))


def _get(data: Any, path: PathT) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: PathT, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


EXPRESSION_KEYS = {"condition", "when", "p", "income", "cost", "ai_weight", "score",
                   "points"}


def _expression_paths(data: Any) -> list[PathT]:
    out = []
    for path, value in _leaves(data):
        if not path or not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        parent_key = next((p for p in reversed(path[:-1]) if isinstance(p, str)), "")
        if path[-1] in EXPRESSION_KEYS or parent_key in ("add", "set", "fair"):
            out.append(path)
    return out


# -- structured mutations -------------------------------------------------------------------

Mutation = Callable[[Any, random.Random], str | None]


def mutate_number(data: Any, rng: random.Random) -> str | None:
    paths = [p for p, v in _leaves(data) if p and _is_number(v)]
    if not paths:
        return None
    path = rng.choice(paths)
    roll = rng.random()
    if roll < 0.4:
        value = rng.choice(HUGE_NUMBERS)
    elif roll < 0.8:  # extreme but valid: these load, and then the engine meets them
        value = rng.choice([1_000_000, -1_000_000, 999_999.5, 0.000001, -0.000001, 0, 1, -1,
                            500_000, -999_999])
    else:
        value = rng.choice([rng.randint(-10**7, 10**7), rng.uniform(-1e7, 1e7),
                            -_get(data, path)])
    _set(data, path, value)
    return f"number at {path} -> {_short(value)}"


def _product(leaves: int, leaf: str) -> str:
    if leaves == 1:
        return leaf
    half = leaves // 2
    return f"({_product(half, leaf)}*{_product(leaves - half, leaf)})"


RUNAWAY = _product(56, "1e6")
"""A valid expression whose value overflows to infinity (1e6 ** 56)."""


def runaway_expression(rng: random.Random, name: str, condition: bool) -> str:
    """A valid expression that overflows, turns NaN or divides by almost nothing."""
    amount = rng.choice([
        RUNAWAY, f"{RUNAWAY} * 0", f"round({RUNAWAY})", f"round({RUNAWAY} * 0)",
        f"{RUNAWAY} % 7", f"-{RUNAWAY} + {name}", f"{name} / 0.000001 * 1e6 * 1e6",
        f"{name} / ({name} - {name})", f"{name} // 0.000001", f"abs({RUNAWAY}) - {RUNAWAY}",
        f"max({RUNAWAY}, {name}) * {name}", f"clamp({RUNAWAY} * 0, -5, 5)",
        f"{name} * 1e6 * 1e6 * 1e6", f"1e6 * 1e6 - {name}", "-1e6 * 1e6",
    ])
    if not condition:
        return amount
    return rng.choice([f"{amount} >= {name}", f"{amount} == {amount}", f"{amount} < 1",
                       f"not ({amount} != 0)"])


def mutate_expression(data: Any, rng: random.Random) -> str | None:
    paths = _expression_paths(data)
    if not paths:
        return None
    path = rng.choice(paths)
    old = str(_get(data, path))
    meters = [str(v) for p, v in _leaves(data) if len(p) == 3 and p[0] == "meters"
              and p[2] == "id" and isinstance(v, str)] or ["turn", "year", "turns_left"]
    if rng.random() < 0.5:
        condition = path[-1] in ("condition", "when")
        new = runaway_expression(rng, rng.choice(meters), condition)
        _set(data, path, new)
        return f"expression at {path} -> runaway {_short(new)}"
    names = [str(v) for p, v in _leaves(data) if p and p[-1] == "id" and isinstance(v, str)]
    choice = rng.random()
    if choice < 0.35:
        new = rng.choice(HOSTILE_EXPRESSIONS)
    elif choice < 0.6 and old:
        cut = rng.randrange(len(old) + 1)
        new = old[:cut] + rng.choice([" * 999999", " / 0", " +", ")", "(", " and ", " 1e300",
                                      " % 0.000001", " * " + (rng.choice(names) if names
                                                              else "x")]) + old[cut:]
    elif choice < 0.8:
        new = f"round(({old}) * 999999 * 999999 * 999999 * 999999 * 999999 * 1.5)"
    else:
        new = f"({old}) if ({old}) else ({old}) / 0.0000001"
    _set(data, path, new)
    return f"expression at {path} -> {_short(new)}"


def mutate_id(data: Any, rng: random.Random) -> str | None:
    paths = [p for p, v in _leaves(data) if p and isinstance(v, str) and (
        p[-1] in ("id", "event", "side", "meter", "modifier", "capital_meter", "owner",
                  "set_flag", "clear_flag", "start_modifier", "end_modifier")
        or (len(p) >= 2 and p[-2] in ("set_flag", "clear_flag")))]
    if not paths:
        return None
    path = rng.choice(paths)
    ids = [v for p, v in _leaves(data) if p and p[-1] == "id" and isinstance(v, str)]
    value = rng.choice(ids) if ids and rng.random() < 0.5 else rng.choice(BAD_IDS)
    _set(data, path, value)
    return f"id at {path} -> {_short(value)}"


def mutate_structure(data: Any, rng: random.Random) -> str | None:
    containers = [(p, v) for p, v in _leaves(data) if isinstance(v, dict | list) and v]
    if not containers:
        return None
    path, container = rng.choice(containers)
    choice = rng.random()
    if isinstance(container, list):
        i = rng.randrange(len(container))
        if choice < 0.3:
            del container[i]
            return f"deleted item {(*path, i)}"
        if choice < 0.6:
            container.insert(i, copy.deepcopy(container[i]))
            return f"duplicated item {(*path, i)}"
        if choice < 0.75 and len(container) > 1:
            j = rng.randrange(len(container))
            container[i], container[j] = container[j], container[i]
            return f"swapped items {i} and {j} of {path}"
        container[i] = copy.deepcopy(rng.choice(WRONG_TYPES))
        return f"item {(*path, i)} -> {_short(container[i])}"
    key = rng.choice(list(container))
    if choice < 0.35:
        del container[key]
        return f"deleted key {(*path, key)}"
    if choice < 0.55:
        container[key] = copy.deepcopy(rng.choice(WRONG_TYPES))
        return f"key {(*path, key)} -> {_short(container[key])}"
    if choice < 0.7:
        container[rng.choice(["extra", "condtion", "effect", "choices", "repeatable",
                              "follow_ups", "from", "to"])] = copy.deepcopy(container[key])
        return f"copied key {(*path, key)}"
    if choice < 0.85:
        container[key] = [container[key]]
        return f"wrapped {(*path, key)} in a list"
    container[key] = {"when": {"condition": "tension >= 0", "then": [container[key]]}}
    return f"wrapped {(*path, key)} in a mapping"


def mutate_text(data: Any, rng: random.Random) -> str | None:
    paths = [p for p, v in _leaves(data) if (p and isinstance(v, str) and p[-1] in (
        "title", "label", "text", "name", "description", "history", "epilogue", "requirement",
        "date_text", "short", "leader", "reason", "crisis", "objectives"))
        or (len(p) >= 2 and isinstance(v, str) and p[-2] in ("text", "epilogue",
                                                              "objectives"))]
    if not paths:
        return None
    path = rng.choice(paths)
    old = str(_get(data, path))
    nasty = rng.choice(NASTY_TEXTS)
    cut = rng.randrange(len(old) + 1)
    _set(data, path, old[:cut] + nasty + old[cut:])
    return f"text at {path} += {_short(nasty)}"


def mutate_rules(data: Any, rng: random.Random) -> str | None:
    """Changes aimed at the engine's loops: self-queues, closed choices, long calendars."""
    events = data.get("events") if isinstance(data, dict) else None
    scenario = data.get("scenario") if isinstance(data, dict) else None
    choice = rng.random()
    meters = data.get("meters") if isinstance(data, dict) else None
    if isinstance(meters, list) and meters and choice < 0.2:
        meter = rng.choice(meters)
        if isinstance(meter, dict):
            meter.update(rng.choice([{"min": -1_000_000, "max": 1_000_000, "start": 1_000_000},
                                     {"min": 0, "max": 1, "start": 1},
                                     {"min": -1_000_000, "max": -999_999, "start": -999_999}]))
            meter.pop("drift", None)
            return f"meter {meter.get('id')} bounds -> extreme"
        return None
    if scenario and isinstance(scenario, dict) and choice < 0.3:
        calendar = scenario.get("calendar")
        if isinstance(calendar, dict):
            calendar["end"] = rng.choice(["2100-Q4", "2452-Q4", "1953-Q2", "1953-Q1", "9999-Q4"])
            return f"calendar end -> {calendar['end']}"
    if not isinstance(events, list) or not events:
        return None
    event = rng.choice(events)
    if not isinstance(event, dict):
        return None
    ident = event.get("id", "x")
    choices = event.get("choices") if isinstance(event.get("choices"), list) else []
    if choice < 0.4 and choices and isinstance(choices[0], dict):
        event["repeatable"] = True
        target = rng.choice(choices)
        if isinstance(target, dict):
            target.setdefault("follow_ups", [])
            if isinstance(target["follow_ups"], list):
                delay = rng.choice([0, 1, 1, 2])
                target["follow_ups"] += [{"event": ident, "delay": delay}] * rng.randint(1, 3)
                return f"event {ident} queues itself (delay {delay})"
    if choice < 0.65 and choices:
        for item in choices:
            if isinstance(item, dict):
                item["condition"] = rng.choice(["false", "tension > 1000", "turn > 3",
                                                "turn < 2"])
        return f"every choice of {ident} closed"
    if choice < 0.8:
        event["side"] = "both"
        event["chance"] = 1
        event.pop("from", None)
        event.pop("to", None)
        event["repeatable"] = True
        return f"event {ident} for both sides every turn"
    event.setdefault("effects", [])
    if isinstance(event["effects"], list):
        event["effects"].append({"queue_event": {"event": ident, "delay": rng.choice([0, 1])}})
        event["repeatable"] = True
        return f"event {ident} queues itself from its effects"
    return None


STRUCTURED: dict[str, Mutation] = {
    "number": mutate_number, "expression": mutate_expression, "id": mutate_id,
    "structure": mutate_structure, "text": mutate_text, "rules": mutate_rules,
}
STRUCTURED_WEIGHTS = {"number": 4, "expression": 5, "id": 2, "structure": 3, "text": 2,
                      "rules": 3}


def mutate_raw(raw: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A byte-level change: lines cut, doubled, swapped or re-indented; odd bytes inserted."""
    lines = raw.split(b"\n")
    choice = rng.random()
    i = rng.randrange(len(lines))
    if choice < 0.2:
        del lines[i]
        what = f"deleted line {i + 1}"
    elif choice < 0.35:
        lines.insert(i, lines[i])
        what = f"doubled line {i + 1}"
    elif choice < 0.5:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        what = f"swapped lines {i + 1} and {j + 1}"
    elif choice < 0.65:
        lines[i] = b" " * rng.randint(1, 5) + lines[i]
        what = f"indented line {i + 1}"
    elif choice < 0.9:
        snippet = rng.choice(RAW_SNIPPETS)
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + snippet + lines[i][at:]
        what = f"inserted {snippet!r} in line {i + 1}"
    else:
        cut = rng.randrange(len(raw) + 1)
        return raw[:cut], f"cut at byte {cut}"
    return b"\n".join(lines), what


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- building and judging a mutant ----------------------------------------------------------


@dataclass
class Base:
    """A base scenario held in memory: its files' bytes, and their parsed data."""

    name: str
    path: Path
    files: dict[str, bytes]
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, name: str) -> Base:
        path = BASES[name]
        files = {}
        for file in scenario_files(path):
            relative = file.relative_to(path).as_posix() if path.is_dir() else file.name
            files[relative] = file.read_bytes()
        return cls(name, path, files)

    def parsed(self, file: str) -> Any:
        if file not in self.data:
            doc, problems = read_yaml(self.files[file].decode("utf-8-sig"), file)
            assert not problems, problems
            self.data[file] = doc.data
        return self.data[file]


@dataclass
class Mutant:
    base: str
    file: str
    mutations: list[str]
    files: dict[str, bytes]


def make_mutant(base: Base, seed: int, index: int) -> Mutant:
    """The mutant of ``(seed, index)`` of ``base``: always the same one."""
    rng = random.Random(f"{seed}:{index}:{base.name}")
    file = rng.choice(sorted(base.files))
    files = dict(base.files)
    mutations: list[str] = []
    if rng.random() < 0.25:
        raw = files[file]
        for _ in range(rng.randint(1, 3)):
            raw, what = mutate_raw(raw, rng)
            mutations.append("raw: " + what)
        files[file] = raw
        return Mutant(base.name, file, mutations, files)
    data = copy.deepcopy(base.parsed(file))
    kinds = list(STRUCTURED)
    weights = [STRUCTURED_WEIGHTS[k] for k in kinds]
    for _ in range(rng.choice([1, 1, 2, 3])):
        kind = rng.choices(kinds, weights)[0]
        what = STRUCTURED[kind](data, rng)
        if what is not None:
            mutations.append(f"{kind}: {what}")
    files[file] = dump_yaml(data)
    return Mutant(base.name, file, mutations, files)


def dump_yaml(data: Any) -> bytes:
    text: str = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True,
                          width=10**6)
    return text.encode("utf-8", "surrogatepass")


def write_mutant(mutant: Mutant, folder: Path, single_file: bool) -> Path:
    """Write the mutant's files into ``folder`` (emptied first); returns the scenario path."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, raw in mutant.files.items():
        (folder / Path(name).name).write_bytes(raw)
    return folder / next(iter(mutant.files)) if single_file else folder


def judge(path: Path, seconds: float = SECONDS_PER_MUTANT) -> tuple[str, str]:
    """Load and play a scenario as ``validate`` and ``simulate --games 3`` would.

    Returns ("diagnostics" | "played" | "escape", detail).
    """
    try:
        with time_limit(seconds):
            try:
                scenario = load_scenario(path)
            except ScenarioError as error:
                for problem in error.problems:
                    position = problem.position
                    if position.line < 1 or position.column < 1 or not problem.message:
                        return "escape", f"a problem without a position: {problem!r}"
                    if "\n" in problem.message:
                        return "escape", f"a problem over several lines: {problem!r}"
                if not error.problems:
                    return "escape", "ScenarioError with no problems"
                str(error)
                return "diagnostics", str(error.problems[0])[:200]
            games = play_many(scenario, 1, [0, 1, 2], "both", "normal")
    except Hang as exc:
        return "escape", f"hang: {exc}"
    except RecursionError:
        return "escape", "RecursionError\n" + traceback.format_exc(limit=8)
    except MemoryError:
        return "escape", "MemoryError"
    except Exception as exc:
        return "escape", f"{type(exc).__name__}: {exc}"[:300] + "\n" + traceback.format_exc(
            limit=12)
    for game in games:
        if game.ending == "unfinished":
            return "escape", f"game {game.index} did not reach an ending"
        for meter in scenario.meters:
            value = game.final_values[meter.slot]
            if not meter.lo <= value <= meter.hi:
                return "escape", f"meter {meter.id} = {value} outside {meter.lo}..{meter.hi}"
        for side, score in game.scores:
            if not math.isfinite(score):
                return "escape", f"score of {side} is {score}"
    return "played", f"{len(games)} games: " + ", ".join(g.ending for g in games)


def run_mutant(bases: dict[str, Base], seed: int, index: int, workdir: Path,
               seconds: float = SECONDS_PER_MUTANT) -> Outcome:
    """Make, write and judge the mutant ``(seed, index)``."""
    import time

    rng = random.Random(f"{seed}:{index}:base")
    names = sorted(bases)
    name = rng.choices(names, [BASE_WEIGHTS.get(n, 1) for n in names])[0]
    base = bases[name]
    mutant = make_mutant(base, seed, index)
    path = write_mutant(mutant, workdir / "mutant", base.path.is_file())
    started = time.perf_counter()
    kind, detail = judge(path, seconds)
    return Outcome(seed, index, name, mutant.file, mutant.mutations, kind, detail,
                   time.perf_counter() - started)


def load_bases(names: list[str] | None = None) -> dict[str, Base]:
    return {name: Base.load(name) for name in (names or sorted(BASES))}


# -- shrinking an escape ----------------------------------------------------------------------


def _merged(mutant: Mutant) -> Any:
    """The mutant's files merged into one YAML document (sections' lists joined)."""
    merged: dict[str, Any] = {}
    for raw in mutant.files.values():
        doc, problems = read_yaml(raw.decode("utf-8", "replace"), "x")
        if problems or not isinstance(doc.data, dict):
            return None
        for key, value in doc.data.items():
            if isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            else:
                merged[key] = value
    return merged


class CannotShrink(Exception):
    """Why an escape could not be shrunk (one line)."""


def minimise(mutant: Mutant, workdir: Path, signature: str,
             seconds: float = SECONDS_PER_MUTANT) -> bytes:
    """Shrink an escaping structured mutant to one small file that escapes the same way.

    ``signature`` is the start of the escape's detail (e.g. "OverflowError"). Returns
    the file's bytes; raises CannotShrink if the mutant cannot be merged into one file,
    or no longer escapes (fixed since it was found).
    """
    data = _merged(mutant)
    if data is None:
        raise CannotShrink("its files cannot be merged into one (a raw mutation)")
    target = workdir / "minimise" / "scenario.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)

    def still_fails(candidate: Any) -> bool:
        try:
            target.write_bytes(dump_yaml(candidate))
        except (ValueError, yaml.YAMLError):
            return False
        kind, detail = judge(target, seconds)
        return kind == "escape" and detail.startswith(signature)

    if not still_fails(data):
        raise CannotShrink("it no longer escapes in this process (fixed since?)")
    changed = True
    while changed:
        changed = False
        for path, container in list(_leaves(data)):
            try:
                current = _get(data, path)
            except (KeyError, IndexError, TypeError):
                continue
            if current is not container:
                continue
            if isinstance(container, list):
                chunk = max(1, len(container) // 2)
                while chunk >= 1:
                    i = 0
                    while i < len(container):
                        trial = copy.deepcopy(data)
                        del _get(trial, path)[i:i + chunk]
                        if still_fails(trial):
                            data = trial
                            container = _get(data, path)
                            changed = True
                        else:
                            i += chunk
                    chunk //= 2
            elif isinstance(container, dict):
                for key in list(container):
                    trial = copy.deepcopy(data)
                    del _get(trial, path)[key]
                    if still_fails(trial):
                        data = trial
                        container = _get(data, path)
                        changed = True
    return dump_yaml(data)
