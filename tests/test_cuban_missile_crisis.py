"""The second shipped scenario, the Cuban missile crisis: it loads by id, keeps its own
calendar of weeks and days, plays to an end from either seat, follows history when played
historically, and keeps its cards to the house rules."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from game.content import discovery
from game.content.history_checks import anachronisms, date_slips
from game.content.loader import load_scenario
from game.engine import ai, rng, rules
from game.engine.model import Scenario
from game.engine.policies import play_historical
from game.engine.simulation import play_one

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_ID = "cuban_missile_crisis"


@pytest.fixture(scope="module")
def crisis() -> Scenario:
    return load_scenario(ROOT / "scenarios" / SCENARIO_ID)


def test_it_is_a_built_in_scenario_found_by_id() -> None:
    found = {e.id: e for e in discovery.available_scenarios()}
    assert SCENARIO_ID in found and found[SCENARIO_ID].builtin


def test_sides_calendar_and_size(crisis: Scenario) -> None:
    assert crisis.side_ids == ("usa", "ussr")
    cal = crisis.calendar
    assert cal.period == "week" and cal.turns == 30
    labels = [cal.label(t) for t in range(cal.turns)]
    assert labels[0] == "6 Aug 1962" and labels[-1] == "20 Nov 1962"
    # the thirteen days are played a day at a time
    assert [f"{d} Oct 1962" for d in range(14, 30)] == labels[10:26]
    assert 25 <= len(crisis.events) <= 40
    assert all(4 <= len(crisis.actions_for(side)) <= 8 for side in crisis.side_ids)
    assert {p.id for p in crisis.parties} >= {"cuba", "turkey", "west_berlin", "nato", "oas",
                                             "united_nations"}
    assert all(p.importance >= 1 and p.region for p in crisis.parties)
    assert crisis.scoring is not None and len(crisis.scoring.moments) >= 4
    assert sum(e.sudden for e in crisis.endings) >= 3
    assert [e.id for e in crisis.endings if e.historical] == ["thirteen_days"]


def test_every_card_has_text_a_note_and_at_most_one_historical_choice(
        crisis: Scenario) -> None:
    problems = []
    for event in crisis.events:
        for side in event.sides:
            words = len(event.text_for(side).split())
            if not 100 <= words <= 150:
                problems.append(f"{event.id}: {words} words for {side}")
        if not event.history:
            problems.append(f"{event.id}: no history note")
        if not 2 <= len(event.choices) <= 4:
            problems.append(f"{event.id}: {len(event.choices)} choices")
        if sum(c.historical for c in event.choices) > 1:
            problems.append(f"{event.id}: more than one historical choice")
    assert not problems, "\n".join(problems)


def test_no_card_names_the_future_or_misdates_itself(crisis: Scenario) -> None:
    assert anachronisms(crisis) == []
    assert date_slips(crisis) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_historical_path_leads_to_the_historical_ending(crisis: Scenario,
                                                            seed: int) -> None:
    state = play_historical(rules.new_game(crisis, seed=seed))
    assert state.ending == "thirteen_days", (
        f"ending {state.ending} at {state.date_label}; meters: "
        + ", ".join(f"{m.id}={state.values[m.slot]}" for m in crisis.meters))
    assert state.turn == crisis.calendar.turns - 1
    for flag in ("missiles_withdrawn", "no_invasion_pledge", "jupiters_secret",
                 "quarantine_lifted"):
        assert "flag:" + flag in state.facts


@pytest.mark.parametrize("seat", ["usa", "ussr"])
def test_the_computer_plays_either_seat_to_an_ending(crisis: Scenario, seat: str) -> None:
    endings = Counter()
    for index in range(12):
        state = rules.new_game(crisis, seed=100 + index, human=seat)
        ai.play_out(state, rng.stream(7, "crisis-test", seat, index))
        assert state.over and state.ending in {e.id for e in crisis.endings}
        endings[state.ending] += 1
    assert len(endings) >= 2, endings


def test_ai_games_reach_several_endings_and_fire_most_events(crisis: Scenario) -> None:
    games = [play_one(crisis, 2024, i, side, "normal")
             for side in ("usa", "ussr") for i in range(60)]
    endings = Counter(g.ending for g in games)
    most, count = endings.most_common(1)[0]
    assert count <= 0.6 * len(games), f"{most} takes {count} of {len(games)}: {endings}"
    assert len(endings) >= 4, endings
    fired = Counter(index for g in games for index in g.fired)
    common = [e for e in crisis.events if not e.rare]
    often = [e for e in common if fired[e.index] >= 0.02 * len(games)]
    assert len(often) >= 0.8 * len(common), sorted(
        e.id for e in common if fired[e.index] < 0.02 * len(games))
