"""A game in play: the human's commands, the computer's replies, and undo.

``GameSession`` is what a front end (the pygame client, a test, a script)
holds. It submits the human's commands to the rules, lets the computer move
for the other side until the human must act again, and keeps what undo needs.
Undo rewinds to the state at which the human took over this turn and
re-applies the remaining commands: since every random roll is keyed by seed,
turn and cause rather than by draw order, undo can never re-roll luck. Nor can
it be used to peek at luck: a command whose effects rolled a chance is final,
and undo stops there (the preview shows the odds before the player commits).
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine import ai
from game.engine.commands import Command, EndTurn, IllegalCommandError, RulesError
from game.engine.model import Scenario
from game.engine.rules import apply, new_game
from game.engine.state import GameState

TurnListener = Callable[["GameSession"], None]


def _rules_error(state: GameState, exc: Exception) -> RulesError:
    return RulesError(f"the scenario's rules failed at {state.date_label} "
                      f"({type(exc).__name__}: {exc}); the game is as it was before")


class GameSession:
    def __init__(self, state: GameState) -> None:
        self.state = state
        self._turn_start: GameState | None = None
        self._turn_commands: list[Command] = []
        self.turn_listeners: list[TurnListener] = []
        self.last_rolled = False
        """the last command resolved a chance, so undo cannot reach back past it"""

    @classmethod
    def new(cls, scenario: Scenario, seed: int, human: str | None,
            difficulty: str = "normal",
            listeners: tuple[TurnListener, ...] = ()) -> GameSession:
        """Start a campaign; ``listeners`` hear every human turn start, the first included."""
        session = cls(new_game(scenario, seed, human, difficulty))
        session.turn_listeners.extend(listeners)
        session.advance()
        return session

    @classmethod
    def from_commands(cls, scenario: Scenario, seed: int, human: str | None, difficulty: str,
                      commands: list[Command]) -> GameSession:
        """Rebuild a session by replaying a command log, then let the AI catch up."""
        state = new_game(scenario, seed, human, difficulty)
        for command in commands:
            apply(state, command)
        session = cls(state)
        session.advance(notify=False)
        return session

    @property
    def scenario(self) -> Scenario:
        return self.state.scenario

    @property
    def human(self) -> str | None:
        return self.state.human

    @property
    def can_undo(self) -> bool:
        return bool(self._turn_commands)

    def advance(self, notify: bool = True) -> list[Command]:
        """Let the computer play until the human must act; returns what it played."""
        played = ai.play_until_human(self.state)
        self._mark_turn_start(notify)
        return played

    def _mark_turn_start(self, notify: bool) -> None:
        self._turn_start = self.state.copy()
        self._turn_commands = []
        if notify:
            for listener in self.turn_listeners:
                listener(self)

    def submit(self, command: Command) -> list[Command]:
        """Apply the human's command (and, after an end of turn, the computer's replies).

        Raises IllegalCommandError if the command is illegal, and RulesError if the
        scenario's rules fail while applying it; either way the game is left exactly
        as it was, so nothing that breaks ever reaches the log or a save.
        """
        if self.state.over:
            raise IllegalCommandError("the game is over")
        if command.side != self.human:
            raise IllegalCommandError(f"you play {self.human}, not {command.side}")
        before = self.state.copy()
        try:
            apply(self.state, command)
        except IllegalCommandError:
            self.state = before
            raise
        except Exception as exc:  # a broken scenario: keep the game as it was
            self.state = before
            raise _rules_error(before, exc) from exc
        played: list[Command] = []
        if isinstance(command, EndTurn):
            try:
                played = ai.play_until_human(self.state)
            except Exception as exc:  # the computer's reply broke: the whole turn is undone
                self.state = before
                raise _rules_error(before, exc) from exc
        self.last_rolled = self.state.rolls > before.rolls
        if isinstance(command, EndTurn):
            self._mark_turn_start(notify=True)
            return played
        if self.last_rolled:
            # The roll is seen: what came before it can no longer be taken back.
            self._turn_start = self.state.copy()
            self._turn_commands = []
            return []
        self._turn_commands.append(command)
        return []

    def undo(self) -> bool:
        """Take back the human's last command of this turn. Returns False if none."""
        if not self._turn_commands or self._turn_start is None:
            return False
        remaining = self._turn_commands[:-1]
        state = self._turn_start.copy()
        for command in remaining:
            apply(state, command)
        self.state = state
        self._turn_commands = remaining
        self.last_rolled = False
        return True
