"""A window that takes anything: hostile text in every field, a 30,000-letter word,
windows smaller than the minimum, and SIGTERM at any moment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import elements_outside, step
from conftest import ROOT

from game.client import fonts, text_safety
from game.client.layout import MIN_SIZE

HOSTILE = ROOT / "tests" / "client" / "data" / "hostile_text"
NASTY = ["\x00", "a\x00b", "\u200b", "\ufeff", "\ufe0f", "\u0301", "\u200d", "\u034f",
         "\u115f", "\u3164",
         "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u202eevil", "\x1b[31m\x7f",
         "\ud800", "", " ", "\t\r\n", "\u2028", "Z" * 30_000, "word " * 4_000]


@pytest.fixture(scope="module")
def font() -> pygame.font.Font:
    pygame.font.init()
    return fonts.get("body", 15)


def test_clean_marks_controls_and_drops_invisible_characters() -> None:
    assert text_safety.clean("a\x00b\x1bc") == "a\u25a1b\u25a1c"
    assert text_safety.clean("x\u200by\ufeffz\u200d\u202e\ufe0f") == "xyz"
    assert text_safety.clean("tab\there\r\nnext") == "tab here\u25a1\nnext"
    assert text_safety.clean("lone \ud800 surrogate") == "lone \u25a1 surrogate"
    assert text_safety.clean("Plain text \u00e9\u4e2d") == "Plain text \u00e9\u4e2d"
    assert len(text_safety.clean("Z" * 50_000)) == text_safety.MAX_CHARS + 1
    assert "\n" not in text_safety.label("two\nlines")
    assert len(text_safety.label("L" * 5_000)) == text_safety.MAX_LABEL + 1


def test_html_for_text_boxes_is_escaped_broken_and_bounded() -> None:
    escaped = text_safety.esc("<b>&" + "Z" * 100)
    assert escaped.startswith("&lt;b&gt;&amp;") and "Z" * 41 not in escaped
    assert len(text_safety.esc("word " * 2_000)) < text_safety.MAX_PARAGRAPH + 50
    markup = "<b>" + "x" * 20_000 + "</b>"
    cut = text_safety.box_html(markup)
    assert cut.startswith("<b>") and cut.endswith("\u2026") and len(cut) < 12_100
    assert text_safety.box_html("a &amp;" + "b" * 12_000).count("&") == 1
    assert text_safety.box_html("<a href='glossary:x'>x\x00</a>") == \
        "<a href='glossary:x'>x\u25a1</a>"


@pytest.mark.parametrize("text", NASTY, ids=lambda t: repr(t[:12]))
def test_nothing_breaks_drawing_or_measuring(font: pygame.font.Font, text: str) -> None:
    surface = text_safety.render_line(font, text, (0, 0, 0))
    assert surface.get_height() > 0
    assert fonts.render(font, text, (0, 0, 0)).get_height() > 0
    assert fonts.render(fonts.get("bold", 20), text, (0, 0, 0)).get_height() > 0
    lines = fonts.wrap(text, font, 300)
    assert all(font.size(line)[0] <= 300 for line in lines if len(line) > 1)
    cut = fonts.ellipsize(text, font, 120)
    assert font.size(cut)[0] <= 120 or len(cut) <= 1


class CountingFont:
    """A font whose measurements are counted, with the number of letters measured."""

    def __init__(self, font: pygame.font.Font) -> None:
        self.font = font
        self.calls = 0
        self.letters = 0

    def size(self, text: str) -> tuple[int, int]:
        self.calls += 1
        self.letters += len(text)
        return self.font.size(text)  # type: ignore[no-any-return]


def test_wrapping_a_30000_letter_word_is_linear(font: pygame.font.Font) -> None:
    counting = CountingFont(font)
    lines = text_safety.wrap("A cable: " + "Z" * 30_000 + " ends.", counting, 400)  # type: ignore[arg-type]
    # Text is shown up to MAX_CHARS (20,000) characters, then cut with an ellipsis.
    assert sum(len(line) for line in lines) >= text_safety.MAX_CHARS - 20
    assert lines[-1].endswith("\u2026") and all(font.size(x)[0] <= 400 for x in lines)
    # The old wrap measured about (30,000 / line) * 30,000 letters; this, a few lines' worth
    # per line: linear in the text.
    assert counting.letters < 60 * 30_000
    assert counting.calls < 25 * len(lines)
    counting = CountingFont(font)
    cut = text_safety.ellipsize("Z" * 30_000, counting, 200)  # type: ignore[arg-type]
    assert cut.endswith("\u2026") and counting.calls < 40
    assert text_safety.wrap("Z" * 30_000, font, 400, max_lines=2) == lines[1:3] or \
        len(text_safety.wrap("Z" * 30_000, font, 400, max_lines=2)) == 2


def test_every_screen_shows_hostile_text_at_every_size(make_app: Any) -> None:
    from game.client import tour
    from game.content.loader import load_scenario

    scenario = load_scenario(HOSTILE)
    for size in [(1024, 600), (1280, 720), (1920, 1080), (2560, 1440)]:
        app = make_app(command=None, size=size, scenario=str(HOSTILE))
        shown = []
        for name in tour.steps(app, scenario, seed=3):
            step(app, 2)
            assert app.top is not None and app.top.built, name
            assert elements_outside(app) == [], (size, name)
            shown.append(name)
        assert {"event_card", "actions", "load", "replay", "settings"} <= set(shown), shown


def test_a_smaller_window_is_raised_to_the_minimum(make_app: Any,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app(size=(400, 300), scenario=str(HOSTILE), side="prc", seed=1)
    assert app.size == MIN_SIZE
    assert "needs at least 1024x600" in capsys.readouterr().err
    app.first_screen()
    step(app, 2)
    assert "needs at least 1024x600" in app.notice
    for w, h in [(300, 200), (1, 1), (5000, 100), (1500, 900)]:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
        step(app, 2)
        assert app.size == (max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1]))
        assert app.top is not None and app.top.built


def _wait_for(path: Path, pattern: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_dir() and any(path.glob(pattern)):
            return True
        time.sleep(0.05)
    return False


def test_play_at_400x300_and_sigterm_on_a_30000_letter_word(tmp_path: Path) -> None:
    """The first frame of a card holding a 30,000-letter word comes quickly, and SIGTERM
    ends the game."""
    shots = tmp_path / "shots"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "RED_SCHISM_HOME": str(tmp_path / "home")}
    started = time.monotonic()
    game = subprocess.Popen(
        [sys.executable, "-m", "game", "play", "--size", "400x300", "--scenario", str(HOSTILE),
         "--side", "prc", "--seed", "4", "--screenshot", str(shots)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(shots, "*.png", 30), "no frame was ever drawn"
        first_frame = time.monotonic() - started
        game.send_signal(signal.SIGTERM)
        code = game.wait(timeout=10)
    finally:
        if game.poll() is None:
            game.kill()
    _out, err = game.communicate()
    assert code == 128 + signal.SIGTERM, err
    assert "Traceback" not in err and "needs at least 1024x600" in err
    assert first_frame < 15, first_frame  # generous: a shared machine; it was minutes


@pytest.mark.parametrize(("args", "code"), [
    (["--load", "/dev/zero"], 0), (["--load", "a\x00b"], 0), (["--load", "/"], 0),
    (["--load", "x" * 5_000], 0), (["--scenario", "/dev/zero", "--side", "prc"], 0),
    (["--scenario", "tests/fixtures/junk/binary.yaml", "--side", "prc"], 0),
    (["--scenario", str(HOSTILE), "--side", "prc", "--screenshot", "a\x00b"], 0),
    # naming nothing that exists is bad usage, said before any window opens
    (["--scenario", "x" * 5_000, "--side", "prc"], 2),
    (["--scenario", str(HOSTILE), "--side", "nobody"], 2),
], ids=lambda a: " ".join(x[:20] for x in a) if isinstance(a, list) else str(a))
def test_play_with_odd_arguments_opens_with_a_message(args: list[str], code: int,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A file that exists but cannot be used opens the title screen with the reason; a
    name that names nothing is bad usage (exit 2). Never a traceback or a 5,000-letter
    line."""
    from game.cli.main import main

    assert main(["play", *args, "--exit-after-frames", "3"]) == code
    err = capsys.readouterr().err
    assert "unexpected error" not in err and "Traceback" not in err
    assert err.strip() and all(len(line) < 400 for line in err.splitlines())


@pytest.mark.parametrize("text", ["\ufe0f", "\u200b", "\u200d", "\x00", "\ufeff", "\u202e",
                                  "\u034f", "\u3164", "\U000e0041"])
def test_typing_or_pasting_an_invisible_character_into_an_empty_field(
        make_app: Any, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Found by the monkey: U+FE0F typed into the empty seed field stopped pygame_gui
    ("Text has zero width")."""
    import pygame_gui.elements.ui_text_entry_line as entry_line

    from game.client.screens.new_campaign import NewCampaignScreen

    app = make_app(command=None, scenario=str(HOSTILE))
    app.switch_to(NewCampaignScreen(app))
    step(app, 2)
    field = app.top.seed_entry
    field.set_text("")
    app.manager.set_focus_set(field)
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    step(app, 2)
    monkeypatch.setattr(entry_line, "clipboard_paste", lambda: text + "12" + text)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_v, mod=pygame.KMOD_CTRL,
                                         unicode="", scancode=0))
    step(app, 2)
    assert field.get_text() in ("", "12")
    assert app.top.name == "new_campaign"
