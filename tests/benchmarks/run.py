"""Run every benchmark in this folder and report medians against the bars.

    python tests/benchmarks/run.py [--json] [--only NAME] [--quick]

Each ``bench_*.py`` module here defines ``run(quick: bool) -> list[dict]``;
each dict is one measurement: ``name``, ``value``, ``unit``, ``bar`` (text),
``ok`` (bool or None when the bar is informational) and optional ``detail``.
The machines are shared and noisy, so benchmarks report medians of repeats.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", help="run only benchmarks whose module name contains this")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke test)")
    args = parser.parse_args()
    results = []
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and args.only not in path.stem:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for result in module.run(args.quick):
            result.setdefault("module", path.stem)
            results.append(result)
            if not args.json:
                mark = {True: "ok  ", False: "MISS", None: "    "}[result.get("ok")]
                value = result["value"]
                shown = f"{value:.4g}" if isinstance(value, float) else str(value)
                print(f"{mark} {result['name']:<52} {shown:>12} {result['unit']:<14} "
                      f"bar: {result['bar']}", flush=True)
                if result.get("detail"):
                    print(f"       {result['detail']}", flush=True)
    if args.json:
        print(json.dumps({"results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
