"""Playing named policies against the computer, from each seat and difficulty.

Every policy plays the same game seeds (common random numbers), so differences
between policies come from their play, not their luck. A game's record keeps
what the lab reports: the ending, the seat's score and the rival's, the verdict,
and the actions the policy took.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from game.engine import rng
from game.engine.commands import Act
from game.engine.model import Scenario
from game.engine.policies import make_policy, play
from game.engine.rules import new_game
from game.engine.scoring import best_endings, verdict
from game.engine.simulation import game_seed


@dataclass(frozen=True, slots=True)
class LabGame:
    policy: str
    seat: str
    difficulty: str
    index: int
    ending: str
    score: float
    rival: float
    verdict: str
    turns: int
    actions: tuple[str, ...]
    """actions the policy's side took, in order"""


@dataclass(frozen=True, slots=True)
class Cell:
    """One policy from one seat at one difficulty."""

    policy: str
    seat: str
    difficulty: str


def play_lab_game(scenario: Scenario, cell: Cell, seed: int, index: int) -> LabGame:
    """Game ``index`` of a lab run: ``cell.policy`` in ``cell.seat``, the computer elsewhere."""
    state = new_game(scenario, game_seed(seed, index), cell.seat, cell.difficulty, lean=True)
    policy = make_policy(scenario, cell.policy)
    play(state, {cell.seat: policy}, rng.stream(seed, "lab", cell.policy, cell.seat, index))
    scores = state.scores
    rival = max((s for side, s in scores.items() if side != cell.seat), default=0.0)
    taken = tuple(c.action for c in state.log if isinstance(c, Act) and c.side == cell.seat)
    return LabGame(policy=cell.policy, seat=cell.seat, difficulty=cell.difficulty, index=index,
                   ending=state.ending or "unfinished", score=scores.get(cell.seat, 0.0),
                   rival=rival, verdict=verdict(scenario, scores, cell.seat),
                   turns=state.turn + 1, actions=taken)


def play_cell(scenario: Scenario, cell: Cell, seed: int, indices: list[int]) -> list[LabGame]:
    return [play_lab_game(scenario, cell, seed, i) for i in indices]


@dataclass(frozen=True)
class CellReport:
    cell: Cell
    games: int
    mean: float
    half_width: float
    """95% confidence half-width of the mean score"""
    rival_mean: float
    wins: float
    draws: float
    losses: float
    endings: dict[str, int]
    best_share: float
    """share of games ending in one of the seat's best endings"""

    def to_json(self) -> dict[str, object]:
        return {"policy": self.cell.policy, "seat": self.cell.seat,
                "difficulty": self.cell.difficulty, "games": self.games,
                "mean_score": round(self.mean, 2), "ci95": round(self.half_width, 2),
                "rival_mean": round(self.rival_mean, 2), "win": round(self.wins, 3),
                "draw": round(self.draws, 3), "loss": round(self.losses, 3),
                "best_ending_share": round(self.best_share, 3),
                "endings": dict(sorted(self.endings.items(), key=lambda kv: -kv[1]))}


def summarize_cell(scenario: Scenario, cell: Cell, games: list[LabGame]) -> CellReport:
    n = len(games)
    scores = [g.score for g in games]
    mean = sum(scores) / n if n else 0.0
    var = sum((s - mean) ** 2 for s in scores) / (n - 1) if n > 1 else 0.0
    best = set(best_endings(scenario, cell.seat))
    verdicts = Counter(g.verdict for g in games)
    return CellReport(
        cell=cell, games=n, mean=mean, half_width=1.96 * math.sqrt(var / n) if n else 0.0,
        rival_mean=sum(g.rival for g in games) / n if n else 0.0,
        wins=verdicts["win"] / n if n else 0.0, draws=verdicts["draw"] / n if n else 0.0,
        losses=verdicts["loss"] / n if n else 0.0,
        endings=dict(Counter(g.ending for g in games)),
        best_share=sum(1 for g in games if g.ending in best) / n if n else 0.0)
