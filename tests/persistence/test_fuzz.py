"""Damaged saves: truncated or bit-flipped files give a SaveError, nothing else."""

from __future__ import annotations

import random
from pathlib import Path

from game.engine.model import Scenario
from game.persistence import SaveError, read_save, save_game

from .helpers import play


def _damaged(raw: bytes, rng: random.Random) -> bytes:
    content = len(raw.rstrip())  # cutting only the final newline damages nothing
    kind = rng.random()
    if kind < 0.4:
        return raw[: rng.randrange(content)]
    data = bytearray(raw)
    flips = 1 if kind < 0.85 else rng.randint(2, 8)
    for _ in range(flips):
        data[rng.randrange(content)] ^= 1 << rng.randrange(8)
    return bytes(data)


def test_thousand_damaged_saves_each_give_a_save_error(tiny: Scenario, tmp_path: Path) -> None:
    session = play(tiny, 1, until_turn=2, extra=1)
    raw = save_game(session, "Fuzz, 名字").read_bytes()
    rng = random.Random(20240501)
    path = tmp_path / "damaged.json"
    messages: dict[str, int] = {}
    for _ in range(1000):
        damaged = _damaged(raw, rng)
        assert damaged != raw
        path.write_bytes(damaged)
        try:
            read_save(path)
        except SaveError as error:
            message = str(error)
        else:
            raise AssertionError(f"damaged save loaded: {damaged!r}")
        assert message and "\n" not in message and len(message) < 300
        assert path.read_bytes() == damaged  # a failed load never touches the file
        key = message.split(":")[0]
        messages[key] = messages.get(key, 0) + 1
    assert len(messages) >= 3  # several kinds of damage were met and named
