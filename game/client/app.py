"""The game window: ``run(args)`` opens it and runs the screens until the player quits.

The loop waits on events while nothing changes (so an idle window costs next
to no CPU), runs at up to 60 frames a second for a moment after input or while
numbers animate, and redraws only then. ``--autoplay`` lets the computer play
the human side through the real UI by posting the input a player would give;
``--screenshot DIR`` saves a PNG of each new screen; ``--exit-after-frames N``
stops after N drawn frames.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pygame_gui

from game.client import palette as palettes
from game.client import text_safety
from game.client import theme as themes
from game.client.layout import MIN_SIZE, Metrics, effective_scale
from game.client.settings import Settings, load_settings, save_settings
from game.client.sound import Cues, Sound

FPS_ACTIVE = 60
IDLE_WAIT_MS = 500
ACTIVE_AFTER_INPUT_S = 1.2
INPUT_EVENTS = {
    pygame.KEYDOWN, pygame.KEYUP, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP,
    pygame.MOUSEMOTION, pygame.MOUSEWHEEL, pygame.TEXTINPUT,
}


def at_least_minimum(size: tuple[int, int]) -> tuple[int, int]:
    """A window size raised, where needed, to the smallest the screens are laid out for."""
    return max(int(size[0]), MIN_SIZE[0]), max(int(size[1]), MIN_SIZE[1])


class App:
    """The window, the widget manager, the screen stack and the game session."""

    def __init__(self, args: Any, *, strict: bool = False) -> None:
        self.args = args
        self.strict = strict
        self.settings, self.notice = load_settings()
        size = getattr(args, "size", None)
        pygame.display.init()
        pygame.font.init()
        self.fullscreen = bool(self.settings.fullscreen and not size)
        width, height = size or self.settings.window_size
        requested = (int(width), int(height))
        self.size: tuple[int, int] = at_least_minimum(requested)
        if self.size != requested:
            message = (f"The window needs at least {MIN_SIZE[0]}x{MIN_SIZE[1]} pixels, so it "
                       f"opens at {self.size[0]}x{self.size[1]} instead of "
                       f"{requested[0]}x{requested[1]}.")
            print(f"red-schism: {message}", file=sys.stderr)
            self.notice = " ".join(part for part in (self.notice, message) if part)
        self.window = self._open_window()
        pygame.display.set_caption("Red Schism")
        pygame.key.set_repeat(400, 40)
        self.pal = palettes.get(self.settings.palette)
        self.scale = effective_scale(self.size, self.settings.ui_scale)
        self.metrics = Metrics(self.scale)
        self.sound = Sound(self.settings)
        self.cues = Cues(self.sound)
        self._manager_key: tuple[str, float] | None = None
        self.manager: pygame_gui.UIManager = self._make_manager()
        self.stack: list[Any] = []
        self.backdrop: pygame.Surface | None = None
        self.session: Any = None
        self.scenario: Any = None
        self.running = True
        self.exit_code = 0
        self.frames = 0
        self.clock = pygame.time.Clock()
        self.frame_cap = FPS_ACTIVE
        self._polling_driver = pygame.display.get_driver() in ("dummy", "offscreen")
        """frames per second while active (0: as fast as possible, for tests)"""
        self.show_focus = True
        self._dirty = True
        self._active_until = 0.0
        self._pending_size: tuple[int, int] | None = None
        self._last_tick = time.perf_counter()
        self.shot_dir = Path(args.screenshot) if getattr(args, "screenshot", None) else None
        self._shots_taken = 0
        self._shot_names: set[str] = set()
        self._shot_queue: list[tuple[str, Any]] = []
        self._shot_wait = 0
        self.exit_after = getattr(args, "exit_after_frames", None)
        self.stopped_by_frames = False
        self.pilot: Any = None
        self.tour: Any = None
        if getattr(args, "autoplay", False):
            from game.client.autoplay import Autopilot

            self.pilot = Autopilot(self, getattr(args, "seed", None) or 1)
        self.author: Any = None
        if getattr(args, "watch", False):
            from game.client.author_watch import AuthorWatch

            self.author = AuthorWatch(self)
        self.finished_ending: str | None = None
        self.saves: Any = None
        self._saves_probed = False

    # -- window and theme ------------------------------------------------------------

    def _open_window(self) -> pygame.Surface:
        flags = pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE
        size = (0, 0) if self.fullscreen else self.size
        try:
            window = pygame.display.set_mode(size, flags)
        except pygame.error:
            self.fullscreen = False
            window = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        # Should the system give a smaller window, the screens are still laid out at the
        # minimum (and drawn cut off) rather than squeezed into sizes they cannot take.
        self.size = at_least_minimum(window.get_size())
        return window

    def _make_manager(self) -> pygame_gui.UIManager:
        key = (self.pal.name, self.scale)
        theme = themes.build_theme(self.pal, self.scale)
        manager = pygame_gui.UIManager(self.size, theme_path=theme,
                                       enable_live_theme_updates=False)
        # the theme loads the faces its blocks name; preload the other sizes and styles
        # that text boxes switch to, so no frame stalls on a font load
        font_dict = manager.get_theme().get_font_dictionary()
        wanted = [font for font in themes.theme_fonts(self.scale)
                  if not font_dict.check_font_preloaded(font_dict.create_font_id(
                      int(font["point_size"]), str(font["name"]), "bold" in str(font["style"]),
                      "italic" in str(font["style"])))]
        manager.preload_fonts(wanted)
        self._manager_key = key
        return manager

    # -- screens ---------------------------------------------------------------------

    @property
    def top(self) -> Any:
        return self.stack[-1] if self.stack else None

    def switch_to(self, screen: Any) -> None:
        """Replace every screen with this one."""
        for old in self.stack:
            old.teardown()
        self.stack = [screen]
        self.backdrop = None
        screen.rebuild()
        self._shown(screen)

    def push(self, screen: Any) -> None:
        """Open a screen over the current one (which is dimmed behind it)."""
        below = self.top
        if below is not None:
            self.backdrop = self._snapshot(below)
            below.teardown()
        self.stack.append(screen)
        screen.rebuild()
        self._shown(screen)

    def pop(self) -> None:
        """Close the top screen and go back to the one below."""
        if len(self.stack) <= 1:
            return
        self.stack.pop().teardown()
        screen = self.top
        screen.rebuild()
        if len(self.stack) > 1:
            below = self.stack[-2]
            screen.teardown()
            below.rebuild()
            self.backdrop = self._snapshot(below)
            below.teardown()
            screen.rebuild()
        else:
            self.backdrop = None
        self._shown(screen)

    def _snapshot(self, screen: Any) -> pygame.Surface:
        if not screen.built:
            screen.rebuild()
        surface = pygame.Surface(self.size)
        screen.draw_under(surface)
        self.manager.draw_ui(surface)
        veil = pygame.Surface(self.size, pygame.SRCALPHA)
        veil.fill((20, 16, 14, 170))
        surface.blit(veil, (0, 0))
        return surface

    def _shown(self, screen: Any) -> None:
        screen.on_show()
        # Named after what it shows (the campaign screen: an event card or the actions).
        self.screen_shown(getattr(screen, "shot_name", screen.name))
        self.request_redraw()

    def screen_shown(self, name: str, owner: Any = None) -> None:
        """Note that a screen (or a dialog) is on show, for --screenshot."""
        if self.shot_dir is not None and name not in self._shot_names:
            self._shot_names.add(name)
            if not self._shot_queue:
                self._shot_wait = 2
            self._shot_queue.append((name, owner if owner is not None else self.top))

    @property
    def screenshot_pending(self) -> bool:
        return bool(self._shot_queue)

    def request_redraw(self) -> None:
        self._dirty = True

    def stay_active(self, seconds: float) -> None:
        """Keep drawing frames for a moment even without input."""
        self._active_until = max(self._active_until, time.perf_counter() + seconds)

    def relayout(self) -> None:
        """Rebuild every widget for the current size, scale and palette."""
        self.pal = palettes.get(self.settings.palette)
        self.scale = effective_scale(self.size, self.settings.ui_scale)
        self.metrics = Metrics(self.scale)
        for screen in self.stack:
            screen.teardown()
        if self._manager_key != (self.pal.name, self.scale):
            self.manager = self._make_manager()
        else:
            self.manager.set_window_resolution(self.size)
        if len(self.stack) > 1:
            below = self.stack[-2]
            below.rebuild()
            self.backdrop = self._snapshot(below)
            below.teardown()
        if self.top is not None:
            self.top.rebuild()
        self.request_redraw()

    def apply_settings(self, settings: Settings) -> str | None:
        """Use new settings now (window, palette, scale) and save them."""
        old = self.settings
        self.settings = settings
        self.sound.configure(settings)
        if getattr(self.args, "size", None) is None and (
                settings.window_size != old.window_size or settings.fullscreen != old.fullscreen):
            self.fullscreen = settings.fullscreen
            self.size = settings.window_size
            self.window = self._open_window()
        self.relayout()
        return save_settings(settings)

    # -- game ------------------------------------------------------------------------

    def start_session(self, session: Any, notice: str = "") -> None:
        from game.client.screens.campaign import CampaignScreen

        self.session = session
        self.scenario = session.scenario
        saves = self.get_saves()
        if saves is not None:
            saves.enable_autosave(session)
        if session.state.over:
            self.game_over()
            return
        self.switch_to(CampaignScreen(self, notice=notice))

    def game_over(self) -> None:
        from game.client.screens.end import EndScreen

        self.finished_ending = self.session.state.ending
        self.switch_to(EndScreen(self))

    def to_title(self) -> None:
        from game.client.screens.title import TitleScreen

        self.switch_to(TitleScreen(self))

    def get_saves(self) -> Any:
        """The saves package, once it exists and works; otherwise None."""
        if not self._saves_probed:
            from game.client.saves import probe

            self.saves = probe()
            self._saves_probed = True
            named = getattr(self.args, "scenario", None)
            if self.saves is not None and named:
                try:
                    if Path(named).exists():
                        self.saves.named = [Path(named)]
                except (OSError, ValueError):
                    pass
        return self.saves

    def quit(self) -> None:
        self.running = False

    # -- the loop --------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return (self.pilot is not None or self.tour is not None
                or self.exit_after is not None or self._dirty
                or bool(self._shot_queue)
                or time.perf_counter() < self._active_until or self._pending_size is not None)

    def _gather(self) -> list[pygame.event.Event]:
        if self.busy:
            if self.pilot is None and self.tour is None and self.exit_after is None \
                    and self.frame_cap:
                self.clock.tick(self.frame_cap)
            return pygame.event.get()
        if self._polling_driver:
            # SDL's dummy and offscreen drivers cannot block on events (their wait
            # polls every millisecond), so sleep in short slices instead.
            deadline = time.perf_counter() + IDLE_WAIT_MS / 1000
            while time.perf_counter() < deadline:
                events = pygame.event.get()
                if events:
                    return events
                time.sleep(0.02)
            return []
        first = pygame.event.wait(IDLE_WAIT_MS)
        if first.type == pygame.NOEVENT:
            return []
        return [first, *pygame.event.get()]

    def step(self) -> None:
        """One turn of the loop: events, updates and (if anything changed) a frame."""
        events = self._gather()
        now = time.perf_counter()
        dt = min(0.25, now - self._last_tick)
        self._last_tick = now
        for event in events:
            self._guarded(self.dispatch, event)
            if not self.running:
                return
        if self.author is not None and self._guarded(self.author.poll):
            self.request_redraw()
        if self._pending_size is not None:
            self.size = self._pending_size
            self._pending_size = None
            surface = pygame.display.get_surface()
            if surface is None or surface.get_size() != self.size:
                surface = pygame.display.set_mode(self.size, pygame.RESIZABLE)
            self.window = surface
            self.size = at_least_minimum(self.window.get_size())
            self.relayout()
        if not (events or self.busy):
            return
        self.manager.update(dt)
        top = self.top
        if top is not None and self._guarded(top.update, dt):
            self._active_until = max(self._active_until, now + 0.05)
        self.render()
        self.frames += 1
        self._dirty = False
        self._take_screenshot()
        if self.pilot is not None:
            self._guarded(self.pilot.tick)
        if self.tour is not None:
            self._guarded(self.tour.tick)
        if self.exit_after is not None and self.frames >= self.exit_after:
            self.stopped_by_frames = True
            self.running = False

    def _guarded(self, func: Any, *args: Any) -> Any:
        if self.strict:
            return func(*args)
        try:
            return func(*args)
        except Exception:
            print("red-schism: error in the game window (ignored):", file=sys.stderr)
            traceback.print_exc()
            self.request_redraw()
            return None

    def dispatch(self, event: pygame.event.Event) -> None:
        kind = event.type
        if kind == pygame.QUIT:
            self.quit()
            return
        if kind == pygame.VIDEORESIZE:
            # Smaller than the minimum: the window is set back to the minimum.
            self._pending_size = at_least_minimum((event.w, event.h))
            return
        if kind in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWFOCUSGAINED):
            self.request_redraw()
        if kind in INPUT_EVENTS:
            self._active_until = time.perf_counter() + ACTIVE_AFTER_INPUT_S
        top = self.top
        if top is None:
            return
        if kind == pygame.TEXTINPUT:
            # Only printable characters are typed: an invisible one alone in a field breaks
            # pygame_gui's layout ("Text has zero width").
            text = text_safety.typed(getattr(event, "text", ""))
            if not text:
                return
            if text != event.text:
                event = pygame.event.Event(pygame.TEXTINPUT, text=text)
        consumed = self.manager.process_events(event)
        if kind == pygame_gui.UI_BUTTON_PRESSED:
            if top.on_button(event.ui_element):
                self.request_redraw()
            return
        if kind >= pygame.USEREVENT and top.on_ui_event(event):
            self.request_redraw()
            return
        if kind == pygame.KEYDOWN:
            if consumed or self._typing():
                if event.key not in (pygame.K_TAB, pygame.K_ESCAPE):
                    return
                self.manager.set_focus_set(None)
                if event.key == pygame.K_ESCAPE:
                    return
            if event.key == pygame.K_F1 and top.name not in ("help",):
                from game.client.screens.help import HelpScreen

                self.push(HelpScreen(self))
                return
            if event.key in (pygame.K_TAB, pygame.K_UP, pygame.K_DOWN):
                self.show_focus = True
            if top.handle_key(event):
                self.request_redraw()
            return
        if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION,
                    pygame.MOUSEWHEEL) and top.on_mouse(event):
            self.request_redraw()

    def _typing(self) -> bool:
        from pygame_gui.elements import UITextEntryLine

        focus = self.manager.get_focus_set()  # type: ignore[no-untyped-call]
        return bool(focus) and any(isinstance(e, UITextEntryLine) for e in focus)

    def render(self) -> None:
        top = self.top
        if top is None:
            self.window.fill(palettes.rgb(self.pal.desk))
        else:
            top.draw_under(self.window)
            self.manager.draw_ui(self.window)
            top.draw_over(self.window)
        if self.author is not None:
            self.author.draw(self.window)
        pygame.display.flip()

    def _take_screenshot(self) -> None:
        if not self._shot_queue or self.shot_dir is None:
            return
        if self._shot_wait > 1:
            self._shot_wait -= 1
            return
        name, owner = self._shot_queue.pop(0)
        self._shot_wait = 2
        if owner is not None and owner is not self.top:
            self._shot_names.discard(name)      # replaced before it was ever drawn
            return
        self._shots_taken += 1
        try:
            self.shot_dir.mkdir(parents=True, exist_ok=True)
            path = self.shot_dir / f"{self._shots_taken:03d}_{name}.png"
            pygame.image.save(self.window, str(path))
        except (OSError, ValueError, pygame.error) as exc:  # ValueError: a NUL in the path
            print(f"red-schism: could not save a screenshot: {exc}", file=sys.stderr)

    def first_screen(self) -> None:
        """The title, or straight into a game when the command line asks for one."""
        from game.client.screens.title import TitleScreen

        args = self.args
        if getattr(args, "tour", False):
            self._start_tour()
            return
        if not getattr(args, "autoplay", False):
            if getattr(args, "load", None):
                from game.client.screens.title import load_from_path

                if load_from_path(self, args.load):
                    return
            elif getattr(args, "command", None) == "play" and any(
                    getattr(args, name, None) is not None
                    for name in ("scenario", "side", "difficulty", "seed")):
                from game.client.screens.new_campaign import start_from_args

                if start_from_args(self):
                    return
        if self.top is None or self.top.name != "title":
            self.switch_to(TitleScreen(self))

    def _start_tour(self) -> None:
        from game.client.tour import Tour
        from game.content.discovery import load as load_scenario

        try:
            scenario = load_scenario(getattr(self.args, "scenario", None))
        except Exception as exc:
            print(f"red-schism: cannot tour that scenario: {exc}", file=sys.stderr)
            self.exit_code = 1
            self.running = False
            return
        self.tour = Tour(self, scenario, getattr(self.args, "seed", None) or 7,
                         getattr(self.args, "side", None), self.shot_dir)
        self.shot_dir = None   # the tour names its own screenshots
        self.to_title()

    def main(self) -> int:
        self.first_screen()
        while self.running:
            self.step()
        return self.exit_code

    def close(self) -> None:
        for screen in self.stack:
            screen.teardown()
        self.sound.close()
        pygame.display.quit()


def run(args: Any) -> int:
    """Open the game window (``python -m game play`` and ``red-schism``)."""
    scratch = None
    if (getattr(args, "autoplay", False) or getattr(args, "tour", False)) \
            and not os.environ.get("RED_SCHISM_HOME"):
        # Test tools never touch the player's real settings and saves.
        scratch = tempfile.mkdtemp(prefix="red-schism-scratch-")
        os.environ["RED_SCHISM_HOME"] = scratch
    try:
        return _run(args)
    finally:
        if scratch is not None:
            os.environ.pop("RED_SCHISM_HOME", None)
            shutil.rmtree(scratch, ignore_errors=True)


class Terminated(SystemExit):
    """SIGTERM arrived: the game ends at once (saves are written atomically, so no
    save is harmed), with the conventional status 128 + 15."""


def _on_terminate(signum: int, frame: Any) -> None:
    raise Terminated(128 + signal.SIGTERM)


def _run(args: Any) -> int:
    try:
        app = App(args)
    except pygame.error as exc:
        print(f"red-schism: cannot open the game window: {exc}", file=sys.stderr)
        return 2
    # SDL turns SIGTERM into a quit event, which waits for the next frame; this ends the
    # game even in the middle of one (a long computation must never make it ignore SIGTERM).
    previous = signal.signal(signal.SIGTERM, _on_terminate)
    try:
        code = app.main()
    finally:
        signal.signal(signal.SIGTERM, previous)
        app.close()
    if app.tour is not None:
        print(f"red-schism: tour visited {len(app.tour.visited)} states: "
              + ", ".join(app.tour.visited))
        return code
    if app.pilot is not None:
        if app.finished_ending is None and app.stopped_by_frames:
            return code  # --exit-after-frames asked for the stop: not a failure
        if app.finished_ending is None:
            print("red-schism: autoplay stopped before the campaign ended", file=sys.stderr)
            return code or 1
        sys.stdout.flush()
        print(app.finished_ending)
    return code
