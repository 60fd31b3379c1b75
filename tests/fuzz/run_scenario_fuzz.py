"""Long scenario-fuzzing runs for developers (the test suite runs a short one).

    nice -n 10 .venv/bin/python tests/fuzz/run_scenario_fuzz.py --mutants 20000 --jobs 2

Each worker is a separate process with its own memory limit (``--memory-mb``)
and a time bound per mutant (``--seconds``); a worker that dies (killed, out
of memory) is reported as an escape on the mutant it was running and a new
worker carries on after it. Escapes are written to ``--out`` with the detail
needed to reproduce them (seed and index) and, with ``--minimise``, a shrunk
single-file scenario ready to become a regression fixture in
tests/fixtures/crashers/. Prints a summary (and writes summary.json).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import selectors
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))


def _worker(args: argparse.Namespace) -> int:
    """Judge mutants ``start..stop`` and print one JSON line for each."""
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import scenario_fuzz

    bases = scenario_fuzz.load_bases()
    with tempfile.TemporaryDirectory(prefix="scenario-fuzz-") as folder:
        work = Path(folder)
        for index in range(args.start, args.stop):
            print(json.dumps({"starting": index}), flush=True)
            outcome = scenario_fuzz.run_mutant(bases, args.seed, index, work, args.seconds)
            print(json.dumps(outcome.__dict__), flush=True)
    return 0


def _run_range(args: argparse.Namespace, start: int, stop: int) -> subprocess.Popen[str]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--seed",
               str(args.seed), "--start", str(start), "--stop", str(stop), "--seconds",
               str(args.seconds), "--memory-mb", str(args.memory_mb)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"})


def _minimise(args: argparse.Namespace, outcome: dict[str, object], out: Path) -> str:
    import scenario_fuzz

    bases = scenario_fuzz.load_bases([str(outcome["base"])])
    mutant = scenario_fuzz.make_mutant(bases[str(outcome["base"])], args.seed,
                                       int(outcome["index"]))  # type: ignore[call-overload]
    signature = str(outcome["detail"]).split(":")[0]
    with tempfile.TemporaryDirectory(prefix="scenario-fuzz-min-") as folder:
        try:
            shrunk = scenario_fuzz.minimise(mutant, Path(folder), signature,
                                            min(args.seconds, 10.0))
        except scenario_fuzz.CannotShrink as reason:
            return f"not shrunk: {reason}"
    path = out / f"crasher_{args.seed}_{outcome['index']}.yaml"
    header = (f"# class: found by the fuzzer (seed {args.seed}, mutant {outcome['index']}): "
              f"{signature}\n# expect: plays\n").encode()
    path.write_bytes(header + shrunk)
    return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--stop", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=30.0,
                        help="time bound per mutant (a longer run is a hang)")
    parser.add_argument("--memory-mb", type=int, default=2048,
                        help="address-space limit of each worker")
    parser.add_argument("--out", type=Path, default=Path("scenario-fuzz-out"))
    parser.add_argument("--minimise", action="store_true",
                        help="shrink each escape into a single-file crasher in --out")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(args)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    shares = [(args.start + j * args.mutants // args.jobs,
               args.start + (j + 1) * args.mutants // args.jobs) for j in range(args.jobs)]
    pending = [s for s in shares if s[0] < s[1]]
    counts: Counter[str] = Counter()
    by_base: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    escapes: list[dict[str, object]] = []
    slowest = 0.0
    done = 0
    # Each worker's lines are read as they come (selectors), so no worker ever blocks
    # on a full pipe while another is being read.
    selector = selectors.DefaultSelector()
    current: dict[subprocess.Popen[str], tuple[int, int]] = {}
    while pending or current:
        while pending and len(current) < args.jobs:
            first, last = pending.pop(0)
            process = _run_range(args, first, last)
            current[process] = (first, last)
            assert process.stdout is not None
            selector.register(process.stdout, selectors.EVENT_READ, process)
        for key, _mask in selector.select():
            process = key.data
            line = key.fileobj.readline()  # type: ignore[union-attr]
            first, last = current[process]
            if line:
                record = json.loads(line)
                if "starting" in record:
                    current[process] = (record["starting"], last)
                    continue
                done += 1
                counts[record["kind"]] += 1
                by_base[f"{record['base']}:{record['kind']}"] += 1
                for mutation in record["mutations"]:
                    by_kind[mutation.split(":")[0] + ":" + record["kind"]] += 1
                slowest = max(slowest, record["seconds"])
                if record["kind"] == "escape":
                    escapes.append(record)
                    print(f"ESCAPE mutant {record['index']} ({record['base']}/"
                          f"{record['file']}): {record['detail'].splitlines()[0]}", flush=True)
                current[process] = (record["index"] + 1, last)
                if done % 500 == 0:
                    rate = done / (time.perf_counter() - started)
                    print(f"{done}/{args.mutants} mutants, {dict(counts)}, {rate:.1f}/s",
                          flush=True)
                continue
            selector.unregister(key.fileobj)
            code = process.wait()
            del current[process]
            if first < last:
                if code != 0:
                    done += 1
                    counts["escape"] += 1
                    escapes.append({"seed": args.seed, "index": first, "base": "?",
                                    "file": "?", "mutations": [], "kind": "escape",
                                    "detail": f"the worker died (exit {code}) on this mutant"})
                    print(f"ESCAPE mutant {first}: worker died (exit {code})", flush=True)
                    first += 1
                if first < last:
                    pending.insert(0, (first, last))
    seconds = time.perf_counter() - started
    for escape in escapes:
        if args.minimise and escape.get("base") not in ("?", None):
            escape["minimised"] = _minimise(args, escape, args.out)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = {
        "seed": args.seed, "first": args.start, "mutants": done, "outcomes": dict(counts),
        "escapes": escapes, "by_base": dict(sorted(by_base.items())),
        "by_mutation": dict(sorted(by_kind.items())), "seconds": round(seconds, 1),
        "mutants_per_second": round(done / seconds, 2) if seconds else None,
        "slowest_mutant_seconds": round(slowest, 2), "peak_worker_rss_mb": round(peak_mb),
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n",
                                           encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "escapes"}, indent=2))
    print(f"{len(escapes)} escape(s); summary in {args.out / 'summary.json'}")
    return 1 if escapes else 0


if __name__ == "__main__":
    raise SystemExit(main())
