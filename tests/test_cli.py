"""The command-line contract of DESIGN.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = "tests/fixtures/scenarios/tiny_win"


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=300,
                          env={**os.environ, **(env or {})})


def test_simulate_json_has_the_contract_fields() -> None:
    result = _cli("simulate", TINY, "--games", "40", "--seed", "5", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for key in ("scenario", "games", "seed", "seconds", "games_per_second", "endings",
                "events_total", "events_fired", "events_never_fired"):
        assert key in report
    assert report["scenario"] == "tiny_win" and report["games"] == 40
    assert sum(report["endings"].values()) == 40


def test_simulate_is_deterministic_across_processes_jobs_and_hash_seeds() -> None:
    def run(jobs: str, hash_seed: str) -> dict[str, object]:
        result = _cli("simulate", TINY, "--games", "60", "--seed", "9", "--jobs", jobs,
                      "--json", env={"PYTHONHASHSEED": hash_seed})
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        for timing in ("seconds", "games_per_second", "jobs"):
            report.pop(timing)
        return report

    first = run("1", "0")
    assert run("1", "12345") == first
    assert run("2", "77") == first


def test_simulate_rejects_bad_usage_without_traceback() -> None:
    for args in (["--games", "0"], ["--games", "x"], ["--games", "5", "--side", "usa"],
                 ["no_such_scenario", "--games", "5"]):
        result = _cli("simulate", *([TINY] if args[0].startswith("--") else []), *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_schema_is_json_schema_of_the_format(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = _cli("schema", "--out", str(out))
    assert result.returncode == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"scenario", "events", "actions", "meters", "endings"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    printed = json.loads(_cli("schema").stdout)
    assert printed == schema


def test_scenarios_lists_builtin_and_user_scenarios_and_broken_ones(tmp_path: Path) -> None:
    user = tmp_path / "scenarios"
    (user / "mine").mkdir(parents=True)
    (user / "mine" / "s.yaml").write_text(
        (ROOT / TINY / "scenario.yaml").read_text(encoding="utf-8").replace(
            "id: tiny_win", "id: mine"), encoding="utf-8")
    (user / "broken").mkdir()
    (user / "broken" / "s.yaml").write_text("scenario: [\n", encoding="utf-8")
    result = _cli("scenarios", env={"RED_SCHISM_HOME": str(tmp_path)})
    assert result.returncode == 0
    assert "sino_soviet_split" in result.stdout and "built-in" in result.stdout
    assert "mine" in result.stdout and "user" in result.stdout
    assert "broken" in result.stdout and "FAILS TO LOAD" in result.stdout
