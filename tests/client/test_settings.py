"""Settings: defaults, saving, and a damaged file replaced by defaults with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.client.settings import Settings, config_dir, cycle, load_settings, save_settings


def test_config_dir_follows_red_schism_home(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RED_SCHISM_HOME", str(tmp_path))
    assert config_dir() == tmp_path / "config"


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings, message = load_settings(tmp_path / "nope.json")
    assert settings == Settings()
    assert message is None


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    wanted = Settings(window_size=(1920, 1080), fullscreen=True, ui_scale=150,
                      palette="colour_blind", preview_detail="direction", animations=False)
    assert save_settings(wanted, path) is None
    loaded, message = load_settings(path)
    assert loaded == wanted and message is None


@pytest.mark.parametrize("content", [
    "{not json", "[]", '{"ui_scale": 900}', '{"palette": "neon"}', '{"window_size": [1, 2]}',
    "\x00\xff", '{"preview_detail": 3}',
])
def test_damaged_file_is_replaced_with_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    settings, message = load_settings(path)
    assert settings == Settings()
    assert message is not None and "reset" in message
    assert json.loads(path.read_text(encoding="utf-8"))["ui_scale"] == 100
    assert (tmp_path / "settings.json.bad").exists()


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"ui_scale": 125, "future_option": true}', encoding="utf-8")
    settings, message = load_settings(path)
    assert settings.ui_scale == 125 and message is None


def test_cycle_wraps_both_ways() -> None:
    options = ("a", "b", "c")
    assert cycle(options, "c") == "a"
    assert cycle(options, "a", -1) == "c"
    assert cycle(options, "zzz") == "a"
