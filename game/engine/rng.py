"""Deterministic randomness derived from the game seed.

Every random draw is a pure function of the seed and a key naming what is
being decided (turn, event, effect...). Nothing depends on draw order, the
clock, or the process: undoing a choice and making it again gives the same
roll, and a replay in another process gives the same game.
"""

from __future__ import annotations

import hashlib
import random

_SCALE = float(1 << 53)


def roll(seed: int, *key: object) -> float:
    """A number in [0, 1) fixed by the seed and the key."""
    text = f"{seed}|" + "|".join(map(str, key))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 11) / _SCALE


def stream(seed: int, *key: object) -> random.Random:
    """An independent random stream fixed by the seed and the key."""
    text = f"{seed}|" + "|".join(map(str, key))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def derive_seed(seed: int, *key: object) -> int:
    """A new 63-bit seed derived from a seed and a key."""
    text = f"{seed}|" + "|".join(map(str, key))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1
