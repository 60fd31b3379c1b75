"""Scripted players for tests and balance reports (pure).

``play_historical`` answers every event with its historical choice (or, for a
counterfactual event with none, the choice the AI prefers) and takes no
actions: it shows where the scenario's own history leads.
"""

from __future__ import annotations

from game.engine import ai
from game.engine.commands import Choose, EndTurn
from game.engine.rules import apply, choice_available, current_event
from game.engine.state import GameState


def play_historical(state: GameState) -> GameState:
    """Play every side historically until the game ends."""
    stream = ai.decision_stream(state)
    while not state.over:
        side = state.to_move
        assert side is not None
        event = current_event(state, side)
        if event is None:
            apply(state, EndTurn(side))
            continue
        historical = next((c for c in event.choices
                           if c.historical and choice_available(state, c)), None)
        if historical is not None:
            apply(state, Choose(side, event.id, historical.id))
        else:
            apply(state, ai.choose_command(state, side, stream))
    return state
