"""Helpers shared by the saves and replay tests."""

from __future__ import annotations

from pathlib import Path

from game.engine import ai, rng
from game.engine.commands import EndTurn
from game.engine.model import Scenario
from game.engine.session import GameSession

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win"
CHANCE = ROOT / "tests" / "fixtures" / "scenarios" / "persist_chance"
GOLDEN = ROOT / "tests" / "golden"
DATA = Path(__file__).resolve().parent / "data"



def play(scenario: Scenario, seed: int, human: str = "prc", difficulty: str = "normal",
         until_turn: int | None = None, extra: int = 0) -> GameSession:
    """A session where the AI also plays the human seat: to the end, or until the
    human's first move of ``until_turn`` and then ``extra`` more of its commands
    (stopping before an EndTurn)."""
    session = GameSession.new(scenario, seed, human, difficulty)
    stream = rng.stream(seed, "tests", "human-seat")
    while not session.state.over:
        if until_turn is not None and session.state.turn >= until_turn:
            break
        session.submit(ai.choose_command(session.state, human, stream))
    for _ in range(extra):
        if session.state.over:
            break
        command = ai.choose_command(session.state, human, stream)
        if isinstance(command, EndTurn):
            break
        session.submit(command)
    return session
