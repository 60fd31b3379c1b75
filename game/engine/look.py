"""How a scenario looks, as the compiler hands it to the client: the board's map,
region and caption, each side's and party's colour, seal, flag, territory and
capital, and the title poster. Plain data: the rules never read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    lon: float
    lat: float
    name: str = ""


@dataclass(frozen=True, slots=True)
class FlagShape:
    kind: str
    color: str
    x: float = 0.5
    y: float = 0.5
    w: float = 0.0
    h: float = 0.0
    r: float = 0.0
    rotation: float = 0.0
    rows: int = 0
    columns: int = 0
    points: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    ratio: float
    stripes: tuple[str, ...]
    vertical: bool = False
    shapes: tuple[FlagShape, ...] = ()


@dataclass(frozen=True, slots=True)
class Holder:
    """What the board knows of a side or third party."""

    id: str
    territory: tuple[str, ...] = ()
    capital: Place | None = None
    flag: Flag | None = None
    color: str | None = None
    emblem: str | None = None
    label: str = ""
    """a short name for a crowded board"""


@dataclass(frozen=True, slots=True)
class NamedBorder:
    between: tuple[str, str]
    name: str


@dataclass(frozen=True, slots=True)
class Region:
    west: float
    east: float
    north: float
    south: float


@dataclass(frozen=True, slots=True)
class TitleArt:
    headline: str = ""
    subtitle: str = ""
    cities: tuple[str, ...] = ()
    background: str | None = None
    rays: str | None = None


@dataclass(frozen=True)
class ScenarioLook:
    map: str = "world"
    """'world' or another map under assets/maps, or 'plain' (no map)"""
    caption: str = ""
    region: Region | None = None
    """None: fitted to the sides and parties"""
    borders: tuple[NamedBorder, ...] = ()
    title: TitleArt = field(default_factory=TitleArt)
    holders: dict[str, Holder] = field(default_factory=dict)
    """side or party id -> its look"""

    def holder(self, ident: str) -> Holder:
        return self.holders.get(ident) or Holder(ident)
