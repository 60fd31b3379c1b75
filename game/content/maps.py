"""The maps a scenario may name: files in ``assets/maps/`` (built from Natural Earth
by ``assets/build/build_map.py``), plus 'plain' for a board without a map.

The content layer only needs each map's state ids and capitals, to check a
scenario's territories; the client draws the shapes.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PLAIN = "plain"
DEFAULT_MAP = "world"


def maps_dir() -> Path:
    from game.content.discovery import assets_dir

    return assets_dir() / "maps"


def map_names() -> list[str]:
    """Every map a scenario may name ('plain' included)."""
    folder = maps_dir()
    names = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
    return [*names, PLAIN]


def map_path(name: str) -> Path:
    return maps_dir() / f"{name}.json"


@lru_cache(maxsize=4)
def load_map(name: str) -> dict[str, object]:
    """The map's JSON (states with polygons, capitals and shared borders)."""
    with open(map_path(name), encoding="utf-8") as handle:
        data: dict[str, object] = json.load(handle)
    return data


@lru_cache(maxsize=4)
def map_index(name: str) -> dict[str, tuple[str, str, float, float]]:
    """state id -> (state name, capital name, capital longitude, capital latitude)."""
    data = load_map(name)
    grid = float(data.get("grid", 0.01))  # type: ignore[arg-type]
    states = data.get("states", [])
    index: dict[str, tuple[str, str, float, float]] = {}
    for state in states:  # type: ignore[attr-defined]
        capital, lon, lat = state["capital"]
        index[state["id"]] = (state["name"], capital, lon * grid, lat * grid)
    return index
