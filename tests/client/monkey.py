"""A UI monkey: random clicks, keys, typing, wheel, resizes and quits on every screen.

``run(app, screen, seed, events)`` opens one screen and throws ``events`` random
input events at the real window (a third of the clicks aimed at widgets, so that
buttons are really pressed), going back to that screen whenever the monkey has
wandered off for a while, quit the game, or after every few hundred events. After
every frame it checks the invariants a player relies on (``check``):

* the window always shows a built screen, at least the minimum size;
* a game in play is legal: meters inside their bounds, the side to move has a
  legal command, and its command log replays to exactly the same state;
* every save the game wrote can be read back (saves are never damaged).

The game runs strictly (any exception in a screen fails at once), so "no
exception" is checked on every event.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

import pygame

from game.client.layout import MIN_SIZE

SCREENS = ("title", "new_campaign", "settings", "help", "glossary", "campaign", "actions",
           "pause", "objectives", "load", "replays", "replay", "end")
SIZES = [(1024, 600), (1280, 720), (1920, 1080), (2560, 1440), (1100, 1400)]
TEXTS = ["a", "7", "\u00e9", " ", "Save name", "\x00", "\u200b", "\ufeff", "\u202e",
         "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\ufe0f", "\u034f", "\u3164",
         "\u0301", "Z" * 500, "-12",
         "99999999999999999999", "\n", "\t", "<b>", "&amp;"]
KEYS = [*(getattr(pygame, f"K_{c}") for c in "abcdefghijklmnopqrstuvwxyz0123456789"),
        pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_TAB, pygame.K_ESCAPE,
        pygame.K_BACKSPACE, pygame.K_DELETE, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT,
        pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END,
        pygame.K_F1, pygame.K_F5, pygame.K_F9, pygame.K_F11, pygame.K_KP1, pygame.K_KP4,
        pygame.K_PLUS, pygame.K_MINUS, pygame.K_COMMA, pygame.K_PERIOD]
MODS = [0, 0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_ALT,
        pygame.KMOD_CTRL | pygame.KMOD_SHIFT]


def random_event(rng: random.Random, app: Any) -> pygame.event.Event | None:
    """One random input event (or None after handling a quit or a focus change itself)."""
    w, h = app.size
    roll = rng.random()
    if roll < 0.25:
        return pygame.event.Event(pygame.KEYDOWN, key=rng.choice(KEYS), mod=rng.choice(MODS),
                                  unicode=rng.choice(["", "x", "7"]), scancode=0)
    if roll < 0.3:
        return pygame.event.Event(pygame.KEYUP, key=rng.choice(KEYS), mod=0, unicode="",
                                  scancode=0)
    if roll < 0.37:
        return pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(TEXTS))
    if roll < 0.62:
        widgets = [s for s in app.manager.ui_group.sprites()
                   if getattr(s, "visible", False) and s is not app.manager.root_container]
        if widgets and rng.random() < 0.4:
            pos = rng.choice(widgets).get_abs_rect().center
        else:
            pos = (rng.randrange(-10, w + 10), rng.randrange(-10, h + 10))
        kind = rng.choice([pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION])
        if kind == pygame.MOUSEMOTION:
            return pygame.event.Event(kind, pos=pos, rel=(rng.randint(-9, 9), 0),
                                      buttons=rng.choice([(0, 0, 0), (1, 0, 0)]), touch=False)
        return pygame.event.Event(kind, pos=pos, button=rng.choice([1, 1, 1, 2, 3, 4, 5]),
                                  touch=False)
    if roll < 0.72:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=rng.choice([0, 0, 1]),
                                  y=rng.choice([-5, -1, 1, 3]), flipped=False,
                                  precise_x=0.0, precise_y=1.0, touch=False)
    if roll < 0.75:
        size = rng.choice([*SIZES, (400, 300), (1, 1), (800, 2000), (3000, 500)])
        return pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)
    if roll < 0.77:
        return pygame.event.Event(rng.choice([pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED,
                                              pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED,
                                              pygame.WINDOWMINIMIZED, pygame.WINDOWLEAVE]))
    if roll < 0.775:
        return pygame.event.Event(pygame.QUIT)
    if roll < 0.8:
        # A click exactly on a focusable (buttons deep in a screen are reached this way).
        top = app.top
        focusables = [e for e in getattr(top, "focusables", []) if e.visible and e.alive()]
        if focusables:
            centre = rng.choice(focusables).get_abs_rect().center
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=1,
                                                 touch=False))
            return pygame.event.Event(pygame.MOUSEBUTTONUP, pos=centre, button=1, touch=False)
        return None
    return pygame.event.Event(pygame.MOUSEMOTION, pos=(rng.randrange(w), rng.randrange(h)),
                              rel=(0, 0), buttons=(0, 0, 0), touch=False)


def open_screen(app: Any, name: str, scenario: Any, seed: int) -> None:
    """Show screen ``name`` (with a game in play where it needs one)."""
    from game.client.screens.help import GlossaryScreen, HelpScreen
    from game.client.screens.new_campaign import NewCampaignScreen
    from game.client.screens.pause import ObjectivesScreen, PauseScreen
    from game.client.screens.replay import ReplayViewer
    from game.client.screens.saves import LoadScreen, ReplaysScreen
    from game.client.screens.settings_screen import SettingsScreen
    from game.engine import ai
    from game.engine.session import GameSession

    app.running = True
    if name == "title":
        app.to_title()
    elif name == "new_campaign":
        app.switch_to(NewCampaignScreen(app))
    elif name in ("settings", "help"):
        app.to_title()
        app.push(SettingsScreen(app) if name == "settings" else HelpScreen(app))
    elif name == "replay":
        saves = app.get_saves()
        entries = [e for e in saves.entries() if e.ok] if saves is not None else []
        if not entries:
            open_screen(app, "campaign", scenario, seed)
            saves.quicksave(app.session)
            entries = [e for e in saves.entries() if e.ok]
        app.switch_to(ReplayViewer(app, saves.timeline(entries[0].path), entries[0].label))
    else:
        session = GameSession.new(scenario, seed, scenario.side_ids[seed % 2], "normal")
        rng = random.Random(seed)
        if name == "end":
            while not session.state.over:
                session.submit(ai.choose_command(session.state, session.human, rng))
        elif name == "actions":
            while not session.state.over and rules_event(session) is not None:
                session.submit(ai.choose_command(session.state, session.human, rng))
        app.start_session(session)
        if name in ("pause", "objectives", "load", "replays", "glossary"):
            app.push(PauseScreen(app))
        if name == "objectives":
            app.push(ObjectivesScreen(app))
        elif name == "glossary":
            app.push(GlossaryScreen(app))
        elif name == "load":
            app.get_saves().quicksave(session)
            app.push(LoadScreen(app))
        elif name == "replays":
            app.push(ReplaysScreen(app))


def rules_event(session: Any) -> Any:
    from game.engine import rules

    return rules.current_event(session.state, session.human)


def check(app: Any, replay: bool) -> None:
    """The invariants (see the module docstring); ``replay`` also re-runs the game's log."""
    from game.engine import rules

    assert app.stack and app.top is not None and app.top.built, "no screen on show"
    assert app.size[0] >= MIN_SIZE[0] and app.size[1] >= MIN_SIZE[1], app.size
    session = app.session
    if session is None:
        return
    state = session.state
    for meter in state.scenario.meters:
        assert meter.lo <= state.values[meter.slot] <= meter.hi, meter.id
    if not state.over:
        assert rules.legal_commands(state), f"{state.to_move} has no legal command"
    if replay:
        again = rules.replay(state.scenario, state.seed, state.human, state.difficulty,
                             list(state.log))
        assert again.compute_hash() == state.compute_hash(), "the log does not replay"


def check_saves(folder: Path) -> None:
    from game.persistence import list_saves

    for entry in list_saves(folder):
        assert entry.ok, f"{entry.path.name} was damaged: {entry.error}"


def run(app: Any, screen: str, scenario: Any, seed: int, events: int) -> Counter[str]:
    """Throw ``events`` random events at ``screen``; returns how many landed on each screen."""
    from game.persistence import saves_dir

    rng = random.Random(f"{screen}:{seed}")
    open_screen(app, screen, scenario, seed)
    landed: Counter[str] = Counter()
    away = 0
    for index in range(events):
        event = random_event(rng, app)
        if event is not None:
            pygame.event.post(event)
        if rng.random() < 0.5:
            continue  # several events in one frame, as when a player is quick
        app.request_redraw()
        app.step()
        if not app.running:  # a quit (the window's close button, Quit, Esc on the title)
            open_screen(app, screen, scenario, seed + index)
            continue
        name = app.top.name
        landed[name] += 1
        away = 0 if name == screen_name(screen) else away + 1
        check(app, replay=index % 97 == 0)
        if away > 60 or index % 500 == 499:
            open_screen(app, screen, scenario, seed + index)
    app.request_redraw()
    app.step()
    check(app, replay=True)
    check_saves(saves_dir())
    return landed


def screen_name(screen: str) -> str:
    """The name the app gives the screen opened as ``screen``."""
    return "campaign" if screen == "actions" else screen
