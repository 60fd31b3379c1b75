"""The two palettes: the period look (party red, ochre, newsprint cream) and a
colour-blind-safe alternative (Okabe-Ito hues, told apart by lightness too).

Colours are hex strings so that the widget theme and the drawing code share
them; ``rgb()`` turns one into a tuple for pygame.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Palette:
    name: str
    desk: str          # window background around the papers
    desk_light: str
    desk_text: str     # text drawn straight on the desk
    paper: str         # newsprint cream: panels and cards
    paper_shade: str
    paper_edge: str
    paper_light: str
    paper_mid: str
    ink: str
    ink_soft: str
    ink_faint: str
    accent: str        # party red: buttons, rules, stamps
    accent_hover: str
    accent_dark: str
    accent_text: str
    ochre: str
    ochre_dark: str
    disabled_bg: str
    disabled_text: str
    good: str
    bad: str
    sea: str
    land: str
    land_edge: str
    grid: str
    side_a: str        # first side of the scenario (the PRC in the campaign)
    side_b: str        # second side (the USSR)
    side_c: str        # third and fourth sides, for scenarios that have them
    side_d: str
    neutral: str
    focus: str

    def sides(self) -> tuple[str, str]:
        return self.side_a, self.side_b

    def side_colours(self) -> tuple[str, ...]:
        """Colours for a scenario's sides in order (scenarios may have more than two)."""
        return self.side_a, self.side_b, self.side_c, self.side_d


PERIOD = Palette(
    name="period",
    desk="#2a2420", desk_light="#3a322c", desk_text="#efe4c8",
    paper="#f1e8d2", paper_shade="#e4d8ba", paper_edge="#b9a883",
    paper_light="#fbf6ea", paper_mid="#ebe2cb",
    ink="#2b2420", ink_soft="#5c5046", ink_faint="#8f8373",
    accent="#9c2a20", accent_hover="#b93a2c", accent_dark="#5f1711", accent_text="#f6eedb",
    ochre="#c38b2c", ochre_dark="#8a611c",
    disabled_bg="#d3c8ad", disabled_text="#7e7362",
    good="#3f6f3a", bad="#a3261c",
    sea="#c7d1cb", land="#e7dcbf", land_edge="#ab9d7f", grid="#b3bdb7",
    side_a="#b8332a", side_b="#c99a2e", side_c="#3f6b8a", side_d="#5d7a3a",
    neutral="#9a907f",
    focus="#d9a43a",
)

COLOUR_BLIND = replace(
    PERIOD,
    name="colour_blind",
    accent="#1f4e79", accent_hover="#2f6aa0", accent_dark="#10263d", accent_text="#f6f1e4",
    ochre="#e69f00", ochre_dark="#9a6a00",
    good="#0072b2", bad="#d55e00",
    side_a="#d55e00", side_b="#0072b2", side_c="#009e73", side_d="#cc79a7",
    neutral="#999999",
    focus="#e69f00",
)

PALETTES = {"period": PERIOD, "colour_blind": COLOUR_BLIND}


def get(name: str) -> Palette:
    return PALETTES.get(name, PERIOD)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    text = hex_colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def rgba(hex_colour: str, alpha: int) -> tuple[int, int, int, int]:
    r, g, b = rgb(hex_colour)
    return r, g, b, alpha


def hex_colour(colour: tuple[int, int, int]) -> str:
    """An (r, g, b) tuple as '#rrggbb'."""
    return "#{:02x}{:02x}{:02x}".format(*colour)


def mix(a: str, b: str, t: float) -> tuple[int, int, int]:
    """Blend two colours: t=0 gives a, t=1 gives b."""
    ra, ga, ba = rgb(a)
    rb, gb, bb = rgb(b)
    return (round(ra + (rb - ra) * t), round(ga + (gb - ga) * t), round(ba + (bb - ba) * t))


def role_names() -> list[str]:
    return [f.name for f in fields(Palette) if f.name != "name"]
