"""``play --watch``: the window side of hot reload for scenario authors.

Twice a second it looks at the files of the scenario being played; when one
changes it reloads the scenario, replays the game's moves on the new version
(``game.authoring.watch``) and carries on with the replayed game, then shows a
notice over the screen saying what happened: where the game now differs, or
— when the files are broken — the problems, with positions, while the game
goes on with the last version that loaded. Nothing a player saved is touched:
the replayed game autosaves like any other.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pygame

from game.client import draw, fonts

POLL_SECONDS = 0.5
SHOW_SECONDS = 20.0
MAX_PROBLEMS = 6


class AuthorWatch:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.poll_seconds = POLL_SECONDS
        self.root: Path | None = None
        self.scenario: Any = None
        self.watch: Any = None
        self.title = ""
        self.lines: list[str] = []
        self.error = False
        self.until = 0.0
        self._next = 0.0
        self.reloads = 0

    # -- the loop ----------------------------------------------------------------------

    def poll(self) -> bool:
        """Look for changes (at most every ``poll_seconds``); True when the window must be
        redrawn (a reload, or a notice that has run its time)."""
        now = time.perf_counter()
        if self.lines and not self.error and now >= self.until:
            self.lines = []
            return True
        if now < self._next:
            return False
        self._next = now + self.poll_seconds
        session = self.app.session
        if session is None:
            return False
        if session.scenario is not self.scenario:
            self._follow(session.scenario)
            return False
        if self.watch is None or not self.watch.changed():
            return False
        if not self._playing():
            return False   # the change is taken up when the campaign is back on screen
        self.reload()
        return True

    def _follow(self, scenario: Any) -> None:
        from game.authoring.watch import FileWatch, scenario_root

        self.scenario = scenario
        root = scenario_root(scenario)
        if root != self.root or self.watch is None:
            self.root = root
            self.watch = FileWatch(root) if root is not None else None

    def _playing(self) -> bool:
        names = {screen.name for screen in self.app.stack}
        return bool(names & {"campaign", "end"})

    # -- reloading ----------------------------------------------------------------------

    def reload(self) -> None:
        from game.authoring.watch import replay_on
        from game.content.diagnostics import ScenarioError
        from game.content.loader import load_scenario
        from game.engine.session import GameSession

        app = self.app
        session = app.session
        assert self.root is not None
        stamp = time.strftime("%H:%M:%S")
        try:
            scenario = load_scenario(self.root)
        except ScenarioError as error:
            problems = [str(p) for p in error.problems]
            more = len(problems) - MAX_PROBLEMS
            self.show(f"{self.root} has {len(problems)} problem"
                      f"{'s' if len(problems) != 1 else ''} ({stamp}); the game goes on with "
                      "the last version that loaded:",
                      problems[:MAX_PROBLEMS] + ([f"... and {more} more"] if more > 0 else []),
                      error=True)
            return
        replay = replay_on(scenario, session.state)
        state = session.state
        try:
            new = GameSession.from_commands(scenario, state.seed, state.human,
                                            state.difficulty, replay.commands)
        except Exception as exc:  # the new rules break while the computer catches up
            self.show(f"{self.root} loads, but its rules fail on this game ({stamp}); the "
                      "game goes on with the last version that loaded:",
                      [f"{type(exc).__name__}: {exc}"], error=True)
            return
        self.reloads += 1
        self.scenario = scenario
        app.start_session(new)
        self.show(f"Scenario reloaded ({stamp}): {len(replay.commands)} of {replay.moves} "
                  "moves replayed.", [replay.message(scenario)])

    def show(self, title: str, lines: list[str], error: bool = False) -> None:
        self.title = title
        self.lines = lines or [""]
        self.error = error
        self.until = time.perf_counter() + SHOW_SECONDS
        print(f"red-schism: {title}", file=sys.stderr)
        for line in lines:
            print(f"    {line}", file=sys.stderr)
        self.app.request_redraw()

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        if not self.lines:
            return
        app = self.app
        m, pal = app.metrics, app.pal
        width = min(m.px(760), surface.get_width() - 2 * m.pad)
        inner = width - 2 * m.px(12)
        bold, body = fonts.get("bold", m.small), fonts.get("body", m.small)
        wrapped = [(bold, line) for line in fonts.wrap(self.title, bold, inner)]
        for line in self.lines:
            wrapped += [(body, part) for part in fonts.wrap(line, body, inner)]
        step = int(body.get_linesize() * 1.15)
        most = max(3, (surface.get_height() // 2) // step)
        if len(wrapped) > most:
            wrapped = [*wrapped[:most - 1], (body, "...")]
        height = len(wrapped) * step + 2 * m.px(10)
        rect = pygame.Rect((surface.get_width() - width) // 2, m.px(60), width, height)
        pygame.draw.rect(surface, draw.rgb(pal.paper_light), rect)
        edge = pal.bad if self.error else pal.accent
        pygame.draw.rect(surface, draw.rgb(edge), rect, max(2, m.px(3)))
        y = rect.y + m.px(10)
        for font, line in wrapped:
            colour = pal.bad if (self.error and font is bold) else pal.ink
            draw.text(surface, line, font, colour, (rect.x + m.px(12), y))
            y += step
