"""Every shipped asset is documented, loads, and loads from an installed wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"


def shipped() -> list[Path]:
    return sorted(p for p in ASSETS.rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts and p.name != "README.md")


def test_every_asset_is_listed_in_the_readme_with_source_and_licence() -> None:
    readme = (ASSETS / "README.md").read_text(encoding="utf-8")
    for path in shipped():
        name = str(path.relative_to(ASSETS))
        assert f"`{name}`" in readme, f"assets/README.md does not list {name}"
    table = [line for line in readme.splitlines() if line.startswith("| `")]
    for line in table:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) >= 3 and all(cells[:3]), f"row without source or licence: {line}"


def test_every_font_has_its_licence_beside_it() -> None:
    readme = (ASSETS / "README.md").read_text(encoding="utf-8")
    for font in (ASSETS / "fonts").glob("*.ttf"):
        row = next(line for line in readme.splitlines() if f"`fonts/{font.name}`" in line)
        licences = re.findall(r"`fonts/(OFL-[A-Za-z0-9]+\.txt)`", row)
        assert licences, f"{font.name}: no licence file named in its row"
        for licence in licences:
            assert (ASSETS / "fonts" / licence).is_file()


CHECK = r"""
import os, sys
from pathlib import Path
import game
here = Path(game.__file__).resolve()
assert str(here).startswith(sys.argv[1]), here
import pygame
pygame.font.init()
from game.client import fonts, mapdata, palette, theme
for role in fonts.FILES:
    fonts.get(role, 14).render("Gomułka ≥ 40 → ✓", True, (0, 0, 0))
world = mapdata.load("world")
assert len(world.states) > 150 and world.borders
theme.build_theme(palette.PERIOD, 1.0)
from game.content.discovery import available_scenarios, load
entries = available_scenarios()
assert entries and all(str(e.path).startswith(sys.argv[1]) for e in entries if e.builtin)
scenario = load(None)
assert scenario.look.map == "world" and any(h.flag for h in scenario.look.holders.values())
print("assets ok", len(world.states))
"""


@pytest.mark.slow
def test_every_asset_loads_from_an_installed_wheel(tmp_path: Path) -> None:
    """Build the wheel, install it (not editable) into its own folder, and load every
    asset from another folder, with the source tree out of reach."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    wheel = next(wheels.glob("red_schism-*.whl"))
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = sysconfig.get_paths()["purelib"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), site]),
               SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               RED_SCHISM_HOME=str(tmp_path / "home"))
    # -S: no site processing, so the editable install of the source tree is not seen
    result = subprocess.run([sys.executable, "-S", "-c", CHECK, str(target)], cwd=elsewhere,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "assets ok" in result.stdout
    frames = subprocess.run([sys.executable, "-S", "-m", "game", "play", "--autoplay",
                             "--seed", "3", "--size", "1024x600", "--exit-after-frames", "40"],
                            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in frames.stderr, frames.stderr[-2000:]
