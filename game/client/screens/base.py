"""The screen base class: widgets built once per layout, keyboard focus, hooks.

A screen creates its pygame_gui elements in ``build()`` (called again only when
the window size, UI scale or palette changes) and updates them in place when
the game changes. ``Tab`` moves a focus ring over its focusable buttons and
``Enter`` presses the focused one, so every button has a key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryLine

from game.client import draw, text_safety
from game.client.layout import Metrics

if TYPE_CHECKING:
    from game.client.app import App

Handler = Callable[[], None]


class Screen:
    """One screen of the game window."""

    name = "screen"
    modal = False
    """A modal screen is drawn over a dimmed picture of the screen below it."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.elements: list[Any] = []
        self.handlers: dict[Any, Handler] = {}
        self.focusables: list[Any] = []
        self.focus_index = -1
        self.built = False
        self.generation = 0
        self._under: pygame.Surface | None = None
        self._under_key: Any = None

    # -- properties ------------------------------------------------------------

    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def m(self) -> Metrics:
        return self.app.metrics

    @property
    def size(self) -> tuple[int, int]:
        return self.app.size

    @property
    def pal(self):  # type: ignore[no-untyped-def]
        return self.app.pal

    # -- building ----------------------------------------------------------------

    def build(self) -> None:
        """Create the widgets for the current layout."""

    def teardown(self) -> None:
        for element in self.elements:
            element.kill()
        self.elements.clear()
        self.handlers.clear()
        self.focusables.clear()
        self.built = False

    def rebuild(self) -> None:
        focused = self.focus_index
        self.teardown()
        self.build()
        self.built = True
        self.generation += 1
        # pygame_gui refreshes its list of sprites to draw in update()
        self.manager.update(0.0)
        if 0 <= focused < len(self.focusables):
            self.focus_index = focused
        elif self.focus_index >= len(self.focusables):
            self.focus_index = -1

    def button(self, rect: pygame.Rect, label: str, handler: Handler | None = None,
               object_id: str | None = None, tooltip: str | None = None,
               focusable: bool = True) -> UIButton:
        element = text_safety.SafeButton(
            rect, text_safety.label(label), manager=self.manager,
            tool_tip_text=text_safety.box_html(tooltip) if tooltip else None,
            object_id=ObjectID(object_id=object_id) if object_id else None)
        self.elements.append(element)
        if handler is not None:
            self.handlers[element] = handler
        if focusable:
            self.focusables.append(element)
        return element

    def textbox(self, rect: pygame.Rect, html: str, object_id: str | None = None) -> UITextBox:
        element = text_safety.SafeTextBox(
            text_safety.box_html(html), rect, manager=self.manager,
            object_id=ObjectID(object_id=object_id) if object_id else None)
        self.elements.append(element)
        return element

    def label(self, rect: pygame.Rect, content: str, object_id: str | None = None) -> UILabel:
        element = text_safety.SafeLabel(
            rect, text_safety.label(content), manager=self.manager,
            object_id=ObjectID(object_id=object_id) if object_id else None)
        self.elements.append(element)
        return element

    def entry(self, rect: pygame.Rect, initial: str = "", placeholder: str = "",
              focusable: bool = True) -> UITextEntryLine:
        element = UITextEntryLine(rect, manager=self.manager,
                                  initial_text=text_safety.label(initial) or None,
                                  placeholder_text=text_safety.label(placeholder) or None)
        element.blink_cursor_time = 1e9   # nothing blinks for attention
        element.set_forbidden_characters(text_safety.untypable())  # typed and pasted alike
        self.elements.append(element)
        if focusable:
            self.focusables.append(element)
        return element

    # -- events ----------------------------------------------------------------------

    def on_button(self, element: Any) -> bool:
        handler = self.handlers.get(element)
        if handler is None:
            return False
        if element in self.focusables:
            self.focus_index = self.focusables.index(element)
        handler()
        return True

    def on_key(self, event: pygame.event.Event) -> bool:
        """Keys the screen understands beyond Tab/Enter; True when used."""
        return False

    def on_mouse(self, event: pygame.event.Event) -> bool:
        return False

    def on_ui_event(self, event: pygame.event.Event) -> bool:
        return False

    def handle_key(self, event: pygame.event.Event) -> bool:
        if self.on_key(event):
            return True
        if event.key == pygame.K_TAB:
            self.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.activate_focused()
        if event.key in (pygame.K_DOWN, pygame.K_RIGHT) and self.arrow_focus():
            self.move_focus(1)
            return True
        if event.key in (pygame.K_UP, pygame.K_LEFT) and self.arrow_focus():
            self.move_focus(-1)
            return True
        return False

    def arrow_focus(self) -> bool:
        """Whether arrow keys move the focus on this screen (menus)."""
        return False

    # -- focus -----------------------------------------------------------------------

    def usable(self, element: Any) -> bool:
        alive = element.alive()
        return bool(element.visible) and bool(element.is_enabled) and bool(alive)

    def move_focus(self, step: int) -> None:
        count = len(self.focusables)
        if not count:
            return
        index = self.focus_index
        for _ in range(count):
            index = (index + step) % count if index >= 0 else (0 if step > 0 else count - 1)
            if self.usable(self.focusables[index]):
                self.focus_index = index
                self._sync_text_focus()
                self.app.request_redraw()
                return

    def set_focus(self, element: Any) -> None:
        self.focus_index = self.focusables.index(element) if element in self.focusables else -1
        self._sync_text_focus()
        self.app.request_redraw()

    def _sync_text_focus(self) -> None:
        """Typing goes to a focused text field; leaving it takes the keyboard back."""
        element = self.focused
        if isinstance(element, UITextEntryLine):
            self.manager.set_focus_set(element)
        elif self.app._typing():
            self.manager.set_focus_set(None)

    @property
    def focused(self) -> Any:
        if 0 <= self.focus_index < len(self.focusables):
            element = self.focusables[self.focus_index]
            if self.usable(element):
                return element
        return None

    def activate_focused(self) -> bool:
        element = self.focused
        if element is None:
            return False
        return self.on_button(element)

    # -- per frame ---------------------------------------------------------------------

    def update(self, dt: float) -> bool:
        """Advance animations; True while something is moving (keeps frames coming)."""
        return False

    def under_key(self) -> Any:
        """What the layer beneath the widgets depends on; it is redrawn when this changes."""
        return ()

    def render_under(self, surface: pygame.Surface) -> None:
        """Custom drawing beneath the widgets (into a cached surface)."""
        surface.fill(draw.rgb(self.pal.desk))

    def draw_under(self, surface: pygame.Surface) -> None:
        """Blit the cached layer beneath the widgets, redrawing it only when it changed."""
        key = (self.size, self.generation, self.pal.name, id(self.app.backdrop),
               self.under_key())
        if self._under is None or self._under.get_size() != self.size:
            self._under = pygame.Surface(self.size)
            self._under_key = None
        if key != self._under_key:
            if self.modal and self.app.backdrop is not None:
                self._under.blit(self.app.backdrop, (0, 0))
            else:
                self._under.fill(draw.rgb(self.pal.desk))
            self.render_under(self._under)
            self._under_key = key
        surface.blit(self._under, (0, 0))

    def draw_over(self, surface: pygame.Surface) -> None:
        """Custom drawing above the widgets: the focus ring, tooltips."""
        element = self.focused
        if element is not None and self.app.show_focus:
            draw.focus_ring(surface, pygame.Rect(element.get_abs_rect()), self.pal,
                            max(2, self.m.px(2)))

    # -- automation --------------------------------------------------------------------

    def autoplay(self, pilot: Any) -> None:
        """Post the input a player would give on this screen (see autoplay.py)."""

    def on_show(self) -> None:
        """Called when the screen becomes the top screen."""
