"""Properties that hold for any legal play: no crash, meters in bounds, exact replays."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import rules
from game.engine.model import Scenario
from game.engine.state import GameState

PROFILE = settings(max_examples=40, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])


def _play_randomly(scenario: Scenario, seed: int, picks: list[int], human: str | None,
                   difficulty: str) -> GameState:
    state = rules.new_game(scenario, seed, human, difficulty)
    for steps, pick in enumerate(picks * 50):
        if state.over or steps > 3000:
            break
        legal = rules.legal_commands(state)
        rules.apply(state, legal[pick % len(legal)])
        for meter in scenario.meters:
            assert meter.lo <= state.values[meter.slot] <= meter.hi, meter.id
    return state


def _check(scenario: Scenario, seed: int, picks: list[int], human: str | None,
           difficulty: str) -> None:
    state = _play_randomly(scenario, seed, picks, human, difficulty)
    again = rules.replay(scenario, seed, human, difficulty, list(state.log))
    assert again.hashes == state.hashes
    assert again.compute_hash() == state.compute_hash()
    assert len(state.hashes) == state.turn + (1 if state.over else 0)


choices = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=60)
sides = st.sampled_from([None, "prc", "ussr"])
levels = st.sampled_from(["easy", "normal", "hard"])


@PROFILE
@given(seed=st.integers(min_value=0, max_value=2**40), picks=choices, human=sides,
       difficulty=levels)
def test_random_legal_play_on_the_fixture(tiny: Scenario, seed: int, picks: list[int],
                                          human: str | None, difficulty: str) -> None:
    _check(tiny, seed, picks, human, difficulty)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**40), picks=choices, human=sides,
       difficulty=levels)
def test_random_legal_play_on_the_campaign(campaign: Scenario, seed: int, picks: list[int],
                                           human: str | None, difficulty: str) -> None:
    _check(campaign, seed, picks, human, difficulty)
