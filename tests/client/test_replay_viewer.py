"""The replay viewer: opened from the title's Replays list, stepped, played at
speed, scrubbed by dragging the timeline, taken over, and laid out at every size.

The play timer is replaced by a recorder, so a test decides when "the timer
fires" (by posting the event the viewer armed) and nothing depends on real time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import click, elements_outside, key, overlapping_buttons, step
from conftest import SIZES, TINY

pytest.importorskip("game.persistence.store")


def finished_save(seed: int = 3) -> Path:
    """A save of a finished game of the tiny scenario (the AI plays the human seat)."""
    from game.content.loader import load_scenario
    from game.engine import ai, rng
    from game.engine.session import GameSession
    from game.persistence import store

    scenario = load_scenario(TINY)
    session = GameSession.new(scenario, seed, "prc", "normal")
    stream = rng.stream(seed, "tests", "human-seat")
    while not session.state.over:
        session.submit(ai.choose_command(session.state, "prc", stream))
    return Path(store.save_game(session, "Tiny finished"))


@pytest.fixture
def timers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, int]]:
    """Calls to the viewer's play timer: (event or type, milliseconds; 0 cancels)."""
    from game.client.screens import replay

    calls: list[tuple[Any, int]] = []
    monkeypatch.setattr(replay, "arm_timer", lambda event, ms: calls.append((event, ms)))
    return calls


def open_from_title(make_app: Any, size: tuple[int, int] = (1024, 600)) -> Any:
    finished_save()
    # The tiny scenario is not installed: it is named, as on the command line.
    app = make_app(command=None, size=size, scenario=str(TINY))
    if app.get_saves() is None:
        pytest.skip("the saves package does not work")
    app.first_screen()
    step(app, 2)
    assert "Replays" in [b.text for b in app.top.focusables]
    key(app, pygame.K_r)
    assert app.top.name == "replays"
    key(app, pygame.K_RETURN)
    assert app.top.name == "replay"
    return app


def fire(app: Any, viewer: Any, timers: list[tuple[Any, int]]) -> None:
    """The last armed timer goes off."""
    event, ms = timers[-1]
    assert ms > 0
    pygame.event.post(pygame.event.Event(event.type, event.dict))
    app.step()


def drag(app: Any, points: list[tuple[int, int]]) -> list[int]:
    """Press at the first point, move through the rest with the button held, release;
    the turn on show after each move."""
    viewer = app.top
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=points[0], rel=(0, 0),
                                         buttons=(0, 0, 0), touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=points[0], button=1,
                                         touch=False))
    step(app)
    turns = [viewer.turn]
    for pos in points[1:]:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                             buttons=(1, 0, 0), touch=False))
        step(app)
        turns.append(viewer.turn)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=points[-1], button=1,
                                         touch=False))
    step(app)
    return turns


def test_step_play_scrub_and_take_over(make_app: Any, timers: list[tuple[Any, int]]) -> None:
    from game.client.screens.replay import PLAY_EVENT

    app = open_from_title(make_app)
    viewer = app.top
    last = viewer.count - 1
    assert last >= 3 and viewer.turn == 0
    labels = [b.text for b in viewer.focusables]
    assert "Take over from here (T)" in labels and "Play (Space)" in labels

    # stepping
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_RIGHT)
    assert viewer.turn == 2
    key(app, pygame.K_LEFT)
    assert viewer.turn == 1
    key(app, pygame.K_END)
    assert viewer.turn == last
    key(app, pygame.K_HOME)
    assert viewer.turn == 0
    key(app, pygame.K_LEFT)
    assert viewer.turn == 0                                # stays at the first turn

    # speeds: ] and + faster, [ and - slower, the button cycles
    assert viewer.speed == 1.0
    key(app, pygame.K_RIGHTBRACKET)
    assert viewer.speed == 2.0
    key(app, pygame.K_PLUS)
    assert viewer.speed == 4.0
    key(app, pygame.K_RIGHTBRACKET)
    assert viewer.speed == 4.0                             # the fastest
    key(app, pygame.K_LEFTBRACKET)
    key(app, pygame.K_MINUS)
    key(app, pygame.K_MINUS)
    assert viewer.speed == 0.5
    click(app, viewer.speed_button)
    assert viewer.speed == 1.0 and viewer.speed_button.text == "Speed 1\u00d7"
    key(app, pygame.K_RIGHTBRACKET)
    assert viewer.speed == 2.0

    # playing at 2 turns a second, by the clock
    key(app, pygame.K_SPACE)
    assert viewer.playing and viewer.play_button.text == "Pause (Space)"
    assert timers[-1][1] == 500 and timers[-1][0].type == PLAY_EVENT
    assert viewer.turn == 0
    assert viewer.update(0.3) is False                     # no frames asked for between turns
    assert viewer.turn == 0
    viewer.update(0.25)
    assert viewer.turn == 1
    # ... and by the timer, which costs exactly one frame per turn
    app._active_until = 0.0
    app.step()
    assert not app.busy
    frames = app.frames
    stale = timers[-2][0]
    fire(app, viewer, timers)
    assert viewer.turn == 2 and app.frames == frames + 1
    assert not app.busy
    pygame.event.post(pygame.event.Event(stale.type, stale.dict))   # an old timer: ignored
    app.step()
    assert viewer.turn == 2
    # it stops at the last turn
    viewer.update(10.0)
    assert viewer.turn == last and not viewer.playing
    assert timers[-1][1] == 0
    step(app)
    assert viewer.play_button.text == "Play (Space)"
    # Space at the end plays again from the start; Space pauses
    key(app, pygame.K_SPACE)
    assert viewer.playing and viewer.turn == 0
    key(app, pygame.K_SPACE)
    assert not viewer.playing
    viewer.update(5.0)
    assert viewer.turn == 0

    # scrubbing: press on the timeline and drag with the button held
    xs = [viewer.turn_x(t) for t in range(viewer.count)]
    y = viewer.track.centery
    assert drag(app, [(xs[0], y), (xs[2] + 2, y), (xs[last], y + 6), (xs[1] - 2, y - 4)]) \
        == [0, 2, last, 1]
    assert not viewer.dragging
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(xs[last], y), rel=(0, 0),
                                         buttons=(0, 0, 0), touch=False))
    step(app)
    assert viewer.turn == 1                                # moving without the button: nothing
    assert drag(app, [(xs[last], y)]) == [last]            # a click jumps
    assert drag(app, [(xs[2], y - 40), (xs[0], y)]) == [last, last]   # above the bar: nothing

    # take over from turn 3 (engine turn 2)
    key(app, pygame.K_HOME)
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_RIGHT)
    assert viewer.turn == 2
    click(app, viewer.take_button)
    assert app.top.name == "campaign"
    assert app.session.state.turn == 2 and not app.session.state.over
    assert "Took over from 1953 Q4" in app.top.notice
    assert timers[-1][1] == 0                              # the play timer is off


def test_b_still_takes_over(make_app: Any, timers: list[tuple[Any, int]]) -> None:
    app = open_from_title(make_app)
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_b)
    assert app.top.name == "campaign" and app.session.state.turn == 1


def test_turn_text_and_chart(make_app: Any, timers: list[tuple[Any, int]]) -> None:
    app = open_from_title(make_app)
    viewer = app.top
    texts = []
    for turn in range(viewer.count):
        viewer.go_to(turn)
        texts.append(" ".join(run.text for para in viewer._paragraphs() for run in para))
    assert texts[0].startswith("Turn 1 of")
    assert any("DECISIONS" in t for t in texts) and any("METERS MOVED" in t for t in texts)
    assert any("as in history" in t or "history:" in t for t in texts)
    # the meters show each turn as it ended: their change is the turn's own change
    viewer.go_to(1)
    state = viewer.state
    moved = {}
    for change in viewer.timeline.changes(1):
        moved[change.slot] = moved.get(change.slot, 0) + change.delta
    for slot, delta in moved.items():
        assert state.values[slot] - state.history[-1][slot] == delta
    # the chart panel has a line for the turn on show
    step(app)
    if viewer.compact:
        key(app, pygame.K_g)
        assert viewer.board is None and viewer.chart_area.w > 0
        assert viewer.chart_button.text == "Map (G)"
    assert viewer._plots
    key(app, pygame.K_g)
    assert viewer.chart_button.text in ("Chart (G)", "Show chart (G)")


def layout_rects(viewer: Any) -> dict[str, pygame.Rect]:
    rects = {"meters": viewer.meters.area, "text": viewer.text_rect, "timeline": viewer.grab}
    if viewer.board is not None:
        rects["board"] = viewer.board.area
    if viewer.chart_area.w > 0:
        rects["chart"] = viewer.chart_area
    return rects


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_viewer_fits_every_size(make_app: Any, timers: list[tuple[Any, int]],
                                size: tuple[int, int]) -> None:
    from game.client.screens.saves import ReplayViewer

    finished_save()
    app = make_app(command=None, size=size, scenario=str(TINY))
    saves = app.get_saves()
    if saves is None:
        pytest.skip("the saves package does not work")
    entry = saves.entries()[0]
    app.switch_to(ReplayViewer(app, saves.timeline(entry.path), entry.label))
    viewer = app.top
    viewer.go_to(2)
    for _ in range(2):                                     # the two views (G)
        step(app, 2)
        assert elements_outside(app) == []
        assert overlapping_buttons(app) == []
        window = pygame.Rect((0, 0), size)
        rects = layout_rects(viewer)
        assert "chart" in rects or "board" in rects
        for name, rect in rects.items():
            assert window.contains(rect), name
        names = list(rects)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                assert not rects[a].colliderect(rects[b]), (a, b)
        buttons_top = min(b.get_abs_rect().top for b in viewer.focusables)
        assert all(r.bottom <= buttons_top for r in rects.values())
        key(app, pygame.K_g)
    assert viewer.compact == (size == (1024, 600))


def test_the_board_caption_names_the_turn_on_show(make_app: Any) -> None:
    app = open_from_title(make_app)
    viewer = app.top
    for _ in range(2):
        key(app, pygame.K_RIGHT)
    shown = viewer.timeline.label(viewer.turn)
    caption = viewer.board.caption_text(shown)
    assert viewer.board._picture_key[1] == shown and caption.startswith(shown)
