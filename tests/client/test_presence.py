"""Sound, motion and pictures: silent without audio, cables print and can be
skipped, numbers tick, and the game's flags, seals, stamps and posters draw."""

from __future__ import annotations

import random
from typing import Any

import pygame
import pytest
from client_helpers import key, step
from conftest import CAMPAIGN

from game.client import insignia, motion, poster, sound
from game.client.settings import Settings
from game.content.loader import load_scenario
from game.engine import ai
from game.engine.session import GameSession


@pytest.mark.parametrize("name", sound.NAMES)
def test_each_sound_is_short_and_within_range(name: str) -> None:
    samples = sound.synthesize(name)
    assert 0.1 < len(samples) / sound.RATE < 1.5
    assert max(abs(v) for v in samples) > 0.05
    assert sound.synthesize(name) == samples          # the same recipe, the same sound


def test_sounds_play_silently_and_without_error_on_the_dummy_driver() -> None:
    player = sound.Sound(Settings())
    for name in sound.NAMES:
        player.play(name)
    assert player.played == list(sound.NAMES)
    player.close()


def test_mute_and_volumes() -> None:
    assert sound.Sound(Settings(mute=True)).volume == 0
    assert sound.Sound(Settings(master_volume=50, effects_volume=50)).volume == 0.25
    with pytest.raises(ValueError):
        Settings(master_volume=120)


def test_no_audio_device_means_a_silent_game(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    player = sound.Sound(Settings())
    player.play("stamp")
    player.play("alarm")
    assert player.played == ["stamp", "alarm"]


def test_the_campaign_cues_teleprinter_stamp_page_and_alarm(make_app: Any) -> None:
    scenario = load_scenario(CAMPAIGN)
    app = make_app(size=(1280, 720))
    session = GameSession.new(scenario, 3, "prc", "normal")
    app.start_session(session)
    step(app, 2)
    assert app.sound.played[-1] == "teleprinter"
    screen = app.top
    rng = random.Random(2)
    screen.submit(ai.choose_command(session.state, "prc", rng))
    assert "stamp" in app.sound.played
    while screen.event is not None:
        screen.submit(ai.choose_command(session.state, "prc", rng))
    from game.engine.commands import EndTurn

    screen.submit(EndTurn("prc"))
    assert "page" in app.sound.played
    # a shared danger crossing into its top quarter sounds the alarm once
    danger = next(m for m in scenario.meters if m.owner is None and m.higher_is == "bad")
    cues = sound.Cues(sound.Sound(Settings()))
    cues.watch(session.state)
    session.state.values[danger.slot] = danger.hi
    cues.watch(session.state)
    cues.watch(session.state)
    assert cues.sound.played == ["alarm"]


def test_a_cable_prints_out_and_any_key_shows_it_all(make_app: Any) -> None:
    scenario = load_scenario(CAMPAIGN)
    app = make_app(size=(1280, 720))
    app.start_session(GameSession.new(scenario, 3, "prc", "normal"))
    screen = app.top
    printer = screen.printer
    assert printer is not None and printer.active and printer.total > 100
    assert printer.shown < printer.total
    key(app, pygame.K_LSHIFT)
    assert not printer.active
    assert screen.event is not None            # the key only finished the printing


def test_no_printing_when_animations_are_off(make_app: Any) -> None:
    scenario = load_scenario(CAMPAIGN)
    app = make_app(size=(1280, 720))
    app.settings = app.settings.model_copy(update={"animations": False})
    app.start_session(GameSession.new(scenario, 3, "prc", "normal"))
    assert app.top.printer is None


def test_teleprinter_finishes_within_its_time() -> None:
    class Box:
        def __init__(self) -> None:
            self.end = -1

        def get_text_letter_count(self) -> int:
            return 900

        def update_text_end_position(self, end: int) -> None:
            self.end = end

    box = Box()
    printer = motion.Teleprinter(box)
    assert box.end == 0
    elapsed = 0.0
    while printer.update(1 / 60):
        elapsed += 1 / 60
    assert box.end == 900 and elapsed <= motion.TELEPRINTER_SECONDS + 0.05


def test_ticker_counts_to_the_new_value_and_stops() -> None:
    ticker = motion.Ticker(10)
    ticker.set(40)
    seen = []
    while ticker.update(0.05):
        seen.append(ticker.shown)
    assert seen == sorted(seen) and 10 < seen[0] < 40
    assert ticker.shown == 40 and not ticker.moving
    ticker.set(5, animate=False)
    assert ticker.shown == 5 and not ticker.update(0.1)


def test_every_flag_of_the_campaign_draws_with_its_colours() -> None:
    pygame.display.init()
    scenario = load_scenario(CAMPAIGN)
    flags = [h.flag for h in scenario.look.holders.values() if h.flag is not None]
    assert len(flags) == len(scenario.sides) + len(scenario.parties)
    for flag in flags:
        assert insignia.flag_image(flag, 40).get_size() == insignia.flag_size(flag, 40)
        image = insignia.flag_image(flag, 160)
        pixels = [image.get_at((x, y)) for x in range(1, image.get_width() - 1)
                  for y in range(1, image.get_height() - 1)]
        for colour in {*flag.stripes, *(shape.color for shape in flag.shapes)}:
            want = pygame.Color(colour)
            assert any(max(abs(p[i] - want[i]) for i in range(3)) < 40 for p in pixels), \
                f"a flag lacks its colour {colour}"


@pytest.mark.parametrize("category", insignia.CATEGORIES)
def test_every_kind_of_cable_has_an_emblem(category: str) -> None:
    pygame.display.init()
    image = insignia.category_emblem(category, 12, "#5f1711", "#f1e8d2")
    assert image.get_size() == (26, 26)
    assert image.get_at((13, 13)).a > 0


def test_cable_kinds_come_from_data_or_the_title() -> None:
    class Event:
        crisis = ""
        side = "prc"
        title = "Khrushchev's visit to Beijing"

    assert insignia.event_category(Event()) == "diplomacy"
    assert insignia.event_category(Event(), "nuclear") == "nuclear"
    Event.crisis = "taiwan_1958"
    assert insignia.event_category(Event()) == "crisis"


def test_posters_draw_for_any_scenario() -> None:
    pygame.display.init()
    from game.client import palette
    from game.client.layout import Metrics

    surface = pygame.Surface((800, 500))
    scenario = load_scenario(CAMPAIGN)
    art = poster.scenario_art(scenario)
    assert art.headline == "Red Schism" and art.cities == ("Beijing", "Moscow")
    poster.draw_poster(surface, surface.get_rect(), art, palette.PERIOD, Metrics(1.0))
    assert surface.get_at((5, 5)) != pygame.Color(0, 0, 0)
