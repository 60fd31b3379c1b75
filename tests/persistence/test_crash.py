"""A write never destroys the previous save: simulated failures and real SIGKILLs."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from game.engine.model import Scenario
from game.persistence import SaveError, autosave, list_saves, read_save, saves_dir
from game.persistence.save_format import build_save, dump_save
from game.persistence.store import atomic_write, write_save

from .helpers import play

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs fork and SIGKILL")


def _writer(path: str, blobs: list[bytes], ready: object) -> None:
    """Child process: write the two saves over each other forever."""
    ready.set()  # type: ignore[attr-defined]
    target = Path(path)
    while True:
        for blob in blobs:
            atomic_write(target, blob)


def test_sigkill_during_saves_leaves_a_whole_save(tiny: Scenario, tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    path = folder / "slot.json"
    old = play(tiny, 1, until_turn=1).state
    new = play(tiny, 1).state
    blobs = [dump_save(build_save(s, name=n)) for s, n in ((new, "new"), (old, "old"))]
    atomic_write(path, blobs[1])
    context = multiprocessing.get_context("fork")
    rng = random.Random(1953)
    mid_write = 0
    for _ in range(60):
        ready = context.Event()
        child = context.Process(target=_writer, args=(str(path), blobs, ready), daemon=True)
        child.start()
        assert ready.wait(10)
        time.sleep(rng.uniform(0, 0.004))
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
        raw = path.read_bytes()
        assert raw in blobs  # the old save or the new one, whole — never a mixture
        assert read_save(path, scenario=tiny).data.display.name in ("old", "new")
        leftovers = list(folder.glob(".*.tmp"))
        mid_write += bool(leftovers)
        for temp in leftovers:
            temp.unlink()
    print(f"{mid_write} of 60 kills landed inside a write")
    assert mid_write > 0, "no kill landed inside a write; the test did not test much"
    entries = list_saves(folder)
    assert [e.ok for e in entries] == [True]


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_write_keeps_previous_save(tiny: Scenario, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, failing: str,
                                          error: BaseException) -> None:
    path = tmp_path / "slot.json"
    write_save(path, build_save(play(tiny, 1, until_turn=1).state, name="old"))
    before = path.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise error

    new = build_save(play(tiny, 1).state, name="new")
    expected: type[BaseException] = SaveError if isinstance(error, OSError) else KeyboardInterrupt
    with monkeypatch.context() as patch, pytest.raises(expected) as caught:
        name = "fdopen" if failing == "write" else failing
        patch.setattr(f"game.persistence.store.os.{name}", boom)
        write_save(path, new)
    if expected is SaveError:
        assert "No space left on device" in str(caught.value)
    assert path.read_bytes() == before
    no_temp_left = sorted(p.name for p in tmp_path.iterdir() if p.name != "home")
    assert no_temp_left == ["slot.json"]


def test_failed_autosave_deletes_nothing(tiny: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    session = play(tiny, 2, until_turn=1)
    for _ in range(5):
        autosave(session)
    names = sorted(p.name for p in saves_dir().iterdir())

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch, pytest.raises(SaveError):
        patch.setattr("game.persistence.store.os.replace", full)
        autosave(session)
    assert sorted(p.name for p in saves_dir().iterdir()) == names
    assert all(e.ok for e in list_saves())
