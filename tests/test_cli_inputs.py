"""No known input reaches the command line's last-resort handler ("unexpected error", exit 3).

Each of these once escaped as an unexpected error, or could hang: devices, pipes, the
root folder, names too long for the system, NUL bytes, oversized files, broken or
hostile scenarios, and the crasher corpus through simulate and analyze. Each must end
with exit 0, 1 or 2 and a message of reasonable length.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
TINY = "tests/fixtures/scenarios/tiny_win"
GOLDEN = "tests/golden/tiny_win_seed1.json"
LONG = "a" * 5_000
CRASHERS = sorted((ROOT / "tests" / "fixtures" / "crashers").glob("*.yaml"))


@pytest.fixture
def odd_files(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "empty_folder").mkdir()
    (tmp_path / "nested" / "folder.yaml").mkdir(parents=True)
    with open(tmp_path / "big.json", "wb") as handle:
        handle.truncate(3 * 1024**3)
    (tmp_path / "empty.json").write_text("{}", encoding="utf-8")
    return tmp_path


def run(args: list[str]) -> int:
    try:
        return main(args)
    except SystemExit as stop:  # argparse refuses bad usage with exit 2
        return int(stop.code or 0)


def _cases(folder: Path) -> list[list[str]]:
    return [
        ["validate", "/dev/zero"], ["validate", "/dev/stdin"], ["validate", "/"],
        ["validate", LONG], ["validate", "a\x00b"], ["validate", str(folder / "fifo.yaml")],
        ["validate", str(folder / "empty_folder")], ["validate", str(folder / "nested")],
        ["simulate", "/dev/zero", "--games", "1"], ["simulate", LONG, "--games", "1"],
        ["simulate", "a\x00b", "--games", "1"], ["simulate", "/", "--games", "1"],
        ["simulate", TINY, "--games", "1", "--side", "nobody"],
        ["simulate", TINY, "--games", "1", "--seed", "9" * 5_000],
        ["analyze", "/dev/zero", "--games", "2"], ["analyze", LONG, "--games", "2"],
        ["analyze", TINY, "--games", "2", "--seats", "nobody"],
        ["replay", "/dev/zero"], ["replay", "/dev/stdin"], ["replay", "/"], ["replay", LONG],
        ["replay", "a\x00b"], ["replay", str(folder / "big.json")],
        ["replay", str(folder / "fifo.yaml")], ["replay", str(folder / "empty.json")],
        ["replay", GOLDEN, "--scenario", "/dev/zero"], ["replay", GOLDEN, "--scenario", LONG],
        ["replay", GOLDEN, "--scenario", "tests/fixtures/junk/binary.yaml", "--verify"],
        ["replay", GOLDEN, "--scenario", "scenarios/sino_soviet_split", "--verify"],
        ["schema", "--out", str(folder / "empty_folder")], ["schema", "--out", "/dev/full"],
        ["schema", "--out", "a\x00b"], ["schema", "--out", LONG],
        ["scenarios"],
    ]


def test_odd_paths_and_arguments_get_messages_not_unexpected_errors(
        odd_files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = Path(os.environ["RED_SCHISM_HOME"]) / "scenarios"
    user.mkdir(parents=True)
    os.mkfifo(user / "a_pipe.yaml")
    (user / "junk.yaml").write_bytes(b"\x00\xff\xfe")
    for args in _cases(odd_files):
        code = run(args)
        out, err = capsys.readouterr()
        shown = " ".join(a[:30] for a in args)
        assert code in (0, 1, 2), (shown, err)
        assert "unexpected error" not in err and "Traceback" not in out + err, shown
        assert all(len(line) < 1_200 for line in err.splitlines()), shown


@pytest.mark.parametrize("path", CRASHERS, ids=lambda p: p.stem)
def test_the_crashers_through_simulate_and_analyze(path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    expected = 0 if "# expect: plays" in path.read_text(encoding="utf-8") else 1
    assert main(["simulate", str(path), "--games", "3"]) == expected
    assert main(["analyze", str(path), "--games", "2", "--no-ladder", "--policies",
                 "random"]) == expected
    _out, err = capsys.readouterr()
    assert "unexpected error" not in err and "Traceback" not in err


def test_the_last_resort_handler_is_still_there(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from game.cli import commands

    def broken(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(commands, "scenarios", broken)
    assert main(["scenarios"]) == 3
    assert "unexpected error: RuntimeError: a bug" in capsys.readouterr().err
