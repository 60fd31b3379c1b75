"""The board's map: state outlines of 1953-1964 (``assets/maps/*.json``, built from
Natural Earth by ``assets/build/build_map.py``) and the projection that puts
them on the screen.

The projection is Miller's cylindrical, the projection of many wall maps of
the period: north stays up, parallels stay straight, and Eurasia's high
latitudes are stretched less than on Mercator's. A region in degrees is
widened to the shape of the board, so the board shows more map rather than
empty bars.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from game.content import maps
from game.engine.look import Region, ScenarioLook

Ring = list[tuple[float, float]]
"""longitude/latitude pairs"""

WORLD_REGION = Region(west=-170.0, east=190.0, north=80.0, south=-58.0)
MAX_LAT = 84.0


@dataclass(frozen=True)
class State:
    id: str
    name: str
    capital: str
    capital_lonlat: tuple[float, float]
    polygons: tuple[tuple[Ring, ...], ...]
    """each polygon: its outer ring, then its holes"""
    bounds: tuple[float, float, float, float]
    """west, south, east, north"""


@dataclass(frozen=True)
class WorldMap:
    name: str
    states: dict[str, State]
    borders: dict[frozenset[str], tuple[Ring, ...]]
    """the line each pair of neighbouring states shares"""


def _decode(flat: list[int], grid: float) -> Ring:
    ring: Ring = []
    x = y = 0
    for i in range(0, len(flat) - 1, 2):
        x += flat[i]
        y += flat[i + 1]
        ring.append((x * grid, y * grid))
    return ring


@lru_cache(maxsize=2)
def load(name: str) -> WorldMap:
    """The named map, decoded (once per process)."""
    data = maps.load_map(name)
    grid = float(data.get("grid", 0.01))  # type: ignore[arg-type]
    states: dict[str, State] = {}
    for entry in data["states"]:  # type: ignore[attr-defined]
        polygons = tuple(tuple(_decode(ring, grid) for ring in polygon)
                         for polygon in entry["polygons"])
        xs = [x for polygon in polygons for x, _y in polygon[0]]
        ys = [y for polygon in polygons for _x, y in polygon[0]]
        capital, lon, lat = entry["capital"]
        states[entry["id"]] = State(entry["id"], entry["name"], capital,
                                    (lon * grid, lat * grid), polygons,
                                    (min(xs), min(ys), max(xs), max(ys)))
    borders: dict[frozenset[str], tuple[Ring, ...]] = {}
    for border in data.get("borders", []):  # type: ignore[attr-defined]
        lines = tuple(_decode(line, grid) for line in border["lines"])
        borders[frozenset(border["between"])] = lines
    return WorldMap(name, states, borders)


def miller_y(lat: float) -> float:
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return 1.25 * math.log(math.tan(math.pi / 4 + 0.4 * math.radians(lat)))


def miller_lat(y: float) -> float:
    return math.degrees(2.5 * (math.atan(math.exp(y / 1.25)) - math.pi / 4))


class Projection:
    """Longitude/latitude to pixels inside a rectangle of the given size."""

    def __init__(self, region: Region, size: tuple[int, int]) -> None:
        width, height = max(1, size[0]), max(1, size[1])
        west, east = region.west, region.east
        top, bottom = miller_y(region.north), miller_y(region.south)
        span_x = math.radians(east - west)
        span_y = top - bottom
        wanted = width / height
        if span_x / span_y < wanted:
            # too tall for the board: show more longitude
            extra = (span_y * wanted - span_x) / 2
            west -= math.degrees(extra)
            east += math.degrees(extra)
        else:
            extra = (span_x / wanted - span_y) / 2
            top = min(miller_y(MAX_LAT), top + extra)
            bottom = max(miller_y(-MAX_LAT), bottom - extra)
        self.region = Region(west, east, miller_lat(top), miller_lat(bottom))
        self.size = (width, height)
        self._west = west
        self._top = top
        self._sx = width / math.radians(east - west)
        self._sy = height / (top - bottom)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (math.radians(lon - self._west) * self._sx,
                (self._top - miller_y(lat)) * self._sy)

    def ring(self, ring: Ring) -> list[tuple[float, float]]:
        west, sx, sy, top = self._west, self._sx, self._sy, self._top
        rad = math.pi / 180
        out = []
        for lon, lat in ring:
            lat = -MAX_LAT if lat < -MAX_LAT else (MAX_LAT if lat > MAX_LAT else lat)
            y = 1.25 * math.log(math.tan(math.pi / 4 + 0.4 * lat * rad))
            out.append(((lon - west) * rad * sx, (top - y) * sy))
        return out

    def visible(self, bounds: tuple[float, float, float, float]) -> bool:
        west, south, east, north = bounds
        r = self.region
        return not (east < r.west or west > r.east or north < r.south or south > r.north)


def fitted_region(look: ScenarioLook, world: WorldMap | None) -> Region:
    """The scenario's region, or one that frames every side's and party's territory."""
    if look.region is not None:
        return look.region
    if world is None:
        return WORLD_REGION
    wests, souths, easts, norths = [], [], [], []
    for holder in look.holders.values():
        for state_id in holder.territory:
            state = world.states.get(state_id)
            if state is not None:
                west, south, east, north = state.bounds
                wests.append(west)
                souths.append(south)
                easts.append(east)
                norths.append(north)
        if holder.capital is not None:
            wests.append(holder.capital.lon)
            easts.append(holder.capital.lon)
            souths.append(holder.capital.lat)
            norths.append(holder.capital.lat)
    if not wests:
        return WORLD_REGION
    west, east, south, north = min(wests), max(easts), min(souths), max(norths)
    pad_x = max(4.0, (east - west) * 0.08)
    pad_y = max(3.0, (north - south) * 0.08)
    return Region(west - pad_x, east + pad_x, min(MAX_LAT, north + pad_y),
                  max(-MAX_LAT, south - pad_y))
