"""``play --tour``: visit every screen and state of the game, for reviews and tests.

``steps(app, scenario, seed, side)`` drives the real screens, one state at a
time (title, new campaign, settings, help, an event card, the briefing, the
actions, meter/board tooltips, the score's tooltip and sheet, the running-effect
tooltip, pause, objectives, load, replays, the end); it yields the name of each
state once it is set up, and the caller draws frames and takes a screenshot
named after it. The headless layout tests use the same steps.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame

WAIT_FRAMES = 2


def _decide(session: Any, rng: random.Random) -> None:
    from game.engine import ai

    session.submit(ai.choose_command(session.state, session.human, rng))


def steps(app: Any, scenario: Any, seed: int = 7, side: str | None = None) -> Iterator[str]:
    from game.client.screens.help import HelpScreen
    from game.client.screens.new_campaign import NewCampaignScreen
    from game.client.screens.pause import ObjectivesScreen, PauseScreen
    from game.client.screens.settings_screen import SettingsScreen
    from game.engine.session import GameSession

    app.to_title()
    yield "title"
    app.switch_to(NewCampaignScreen(app))
    yield "new_campaign"
    app.push(SettingsScreen(app))
    yield "settings"
    app.pop()
    app.push(HelpScreen(app))
    yield "help"
    app.pop()
    human = side or scenario.side_ids[0]
    session = GameSession.new(scenario, seed, human, "normal")
    app.start_session(session)
    screen = app.top
    if screen.event is not None:
        yield "event_card"
    rng = random.Random(seed)
    # A few quarters on, so the briefing has something to tell.
    while not session.state.over and session.state.turn < 2:
        _decide(session, rng)
    screen.sync(animate=False)
    if session.state.over:
        yield "end"
        return
    yield "briefing_and_card" if screen.event is not None else "briefing"
    if screen.event is not None:
        screen.toggle_lower()
        yield "chronicle_beside_card"
        screen.toggle_lower()
    while screen.event is not None:
        _decide(session, rng)
    screen.sync(animate=False)
    yield "actions"
    screen.focus_actions(0)
    yield "action_detail"
    if screen.meters is not None and screen.meters.slots:
        screen.meters.hovered = screen.meters.slots[0]
        yield "meter_tooltip"
        screen.meters.hovered = None
    keys = screen.board.keys() if screen.board is not None else []
    if keys:
        screen.pinned_party = keys[len(keys) // 2]
        yield "board_tooltip"
        screen.pinned_party = None
    if screen.score is not None:
        screen.score.hovered = True
        yield "score_tooltip"
        screen.score.hovered = False
        from game.client.screens.score import ScoreScreen

        app.push(ScoreScreen(app))
        yield "score"
        app.pop()
    if screen.strip_chips:
        screen.hover_chip = screen.strip_chips[0][1]
        yield "running_effect_tooltip"
        screen.hover_chip = None
    app.push(PauseScreen(app))
    yield "pause"
    app.push(ObjectivesScreen(app))
    yield "objectives"
    app.pop()
    app.pop()
    saves = app.get_saves()
    if saves is not None:
        from game.client.screens.saves import LoadScreen, ReplaysScreen

        saves.quicksave(session)
        app.push(LoadScreen(app))
        yield "load"
        app.pop()
        app.push(ReplaysScreen(app))
        yield "replays"
        app.pop()
    while not session.state.over:
        _decide(session, rng)
    app.top.sync()
    yield "end"
    if saves is not None and saves.has_replays:
        from game.client.screens.replay import ReplayViewer

        entry = saves.entries()[0]
        app.switch_to(ReplayViewer(app, saves.timeline(entry.path), entry.label))
        app.top.turn = min(3, app.top.timeline.turn_count - 1)
        app.top.refresh()
        yield "replay"


class Tour:
    """Runs ``steps`` inside the app loop and screenshots each state."""

    def __init__(self, app: Any, scenario: Any, seed: int, side: str | None,
                 shot_dir: Path | None) -> None:
        self.app = app
        self.shot_dir = shot_dir
        self.iterator = steps(app, scenario, seed, side)
        self.name: str | None = None
        self.wait = WAIT_FRAMES
        self.count = 0
        self.visited: list[str] = []

    def tick(self) -> None:
        """Called after each drawn frame."""
        if self.wait > 0:
            self.wait -= 1
            self.app.request_redraw()
            return
        if self.name is not None:
            self._shoot(self.name)
        try:
            self.name = next(self.iterator)
        except StopIteration:
            self.app.running = False
            return
        self.visited.append(self.name)
        self.wait = WAIT_FRAMES
        self.app.request_redraw()

    def _shoot(self, name: str) -> None:
        if self.shot_dir is None:
            return
        self.count += 1
        try:
            self.shot_dir.mkdir(parents=True, exist_ok=True)
            pygame.image.save(self.app.window, str(self.shot_dir / f"{self.count:02d}_{name}.png"))
        except (OSError, ValueError, pygame.error) as exc:  # ValueError: a NUL in the path
            print(f"red-schism: could not save a screenshot: {exc}", file=sys.stderr)
