"""``python -m game replay SAVE [--verify] [--json]``, in process and in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.cli.main import main
from game.content import discovery
from game.engine.model import Scenario
from game.persistence import save_game
from game.persistence.save_format import checksum_of

from .helpers import GOLDEN, ROOT, play


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["replay", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_replay_verify_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(GOLDEN / "tiny_win_seed1.json"), "--verify", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["turns"] == report["hashes_checked"] == 4
    assert report["first_divergent_turn"] is None
    assert report["ending"] == "friends"
    assert isinstance(report["seconds"], float)


def test_replay_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(GOLDEN / "tiny_win_seed1.json"))
    assert code == 0
    assert "1953 Q2  prc: 'Aid deal' →" in out
    assert "ending: Friends" in out
    code, out, _ = _run(capsys, str(GOLDEN / "tiny_win_seed1.json"), "--verify")
    assert code == 0 and "ok: 4 turns, 4 of 4 turn hashes match" in out


def test_replay_divergence_exit_1(tiny: Scenario, capsys: pytest.CaptureFixture[str]) -> None:
    path = save_game(play(tiny, 2), "diverges")
    data = json.loads(path.read_bytes())
    data["hashes"][1] = "0" * 32
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = _run(capsys, str(path), "--verify", "--json")
    assert code == 1
    assert json.loads(out)["first_divergent_turn"] == 1
    code, out, _ = _run(capsys, str(path), "--verify")
    assert code == 1 and "DIVERGES at turn 2 (1953 Q3)" in out
    code, _, _ = _run(capsys, str(path))  # without --verify the hashes are not checked
    assert code == 0


def test_replay_unreadable_save(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, out, err = _run(capsys, str(bad), "--verify")
    assert code == 1 and out == "" and "cannot read" in err and len(err.splitlines()) == 1
    code, out, err = _run(capsys, str(tmp_path / "none.json"), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["first_divergent_turn"] is None and "no such save" in report["error"]


def test_replay_identical_under_any_pythonhashseed(tmp_path: Path) -> None:
    saves = [GOLDEN / "tiny_win_seed2.json"]
    try:  # and a fresh full game of the shipped campaign, if it loads right now
        campaign = discovery.load(None)
    except Exception:  # the campaign may be mid-edit
        pass
    else:
        saves.append(save_game(play(campaign, 7, "ussr"), "campaign", folder=tmp_path))
    runs: dict[str, dict[str, dict[str, Any]]] = {}
    procs = []
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for save in saves:
            proc = subprocess.Popen(
                [sys.executable, "-m", "game", "replay", str(save), "--verify", "--json"],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            procs.append((seed, save, proc))
    for seed, save, proc in procs:
        out, err = proc.communicate(timeout=60)
        report = json.loads(out)
        report.pop("seconds")
        runs.setdefault(save.name, {})[seed] = report
        assert proc.returncode == 0 and report["ok"], err
    for name, by_seed in runs.items():
        reports = list(by_seed.values())
        assert all(r == reports[0] for r in reports), name
        assert reports[0]["turns"] > 0 or reports[0]["error"]
