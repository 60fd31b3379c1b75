"""The shipped campaign: it loads, follows history when played historically, and is balanced."""

from __future__ import annotations

from collections import Counter

import pytest

from game.analysis import checks
from game.engine import rules
from game.engine.model import Scenario
from game.engine.policies import play_historical
from game.engine.simulation import play_one, summarize


def test_campaign_calendar_sides_and_size(campaign: Scenario) -> None:
    assert campaign.calendar.label(0) == "1953 Q2"
    assert campaign.calendar.label(campaign.calendar.turns - 1) == "1964 Q4"
    assert campaign.calendar.turns == 47
    assert campaign.side_ids == ("prc", "ussr")
    assert len(campaign.parties) >= 14
    assert len(campaign.events) >= 60
    assert all(len(campaign.actions_for(side)) >= 15 for side in campaign.side_ids)
    assert len(campaign.endings) >= 8
    assert any(e.sudden for e in campaign.endings)


def test_every_event_has_text_history_and_a_historical_choice_where_history_chose(
        campaign: Scenario) -> None:
    problems = []
    for event in campaign.events:
        for side in event.sides:
            words = len(event.text_for(side).split())
            if not 80 <= words <= 200:
                problems.append(f"{event.id}: {words} words for {side}")
        if not event.history:
            problems.append(f"{event.id}: no history note")
        if sum(c.historical for c in event.choices) > 1:
            problems.append(f"{event.id}: more than one historical choice")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_historical_path_leads_to_the_historical_ending(campaign: Scenario,
                                                            seed: int) -> None:
    state = play_historical(rules.new_game(campaign, seed=seed))
    historical = [e.id for e in campaign.endings if e.historical]
    assert state.ending in historical, (
        f"ending {state.ending} at {state.date_label}; meters: "
        + ", ".join(f"{m.id}={state.values[m.slot]}" for m in campaign.meters
                    if not m.hidden))


def test_balance_shape_on_a_small_sample(campaign: Scenario) -> None:
    """The issue's spread of endings with the computer on both sides (no ending above
    45%, six at 2% or more, events between 2% and 90% unless rare or anchors), with
    room for a sample of 300 games; the closing tables use 2,000."""
    games = [play_one(campaign, 2024, i, side, "normal")
             for side in ("prc", "ussr") for i in range(150)]
    endings = Counter(g.ending for g in games)
    most, count = endings.most_common(1)[0]
    assert count <= 0.5 * len(games), f"{most} takes {count} of {len(games)} games: {endings}"
    seen = [e for e, n in endings.items() if n >= 0.015 * len(games)]
    assert len(seen) >= 5, endings
    outside = summarize(campaign, games)["events_outside_band"]
    assert isinstance(outside, dict) and len(outside) <= 3, outside


def test_no_choice_is_dominated_and_every_meter_is_read(campaign: Scenario) -> None:
    """Every choice is a trade-off for the side that makes it (unless the scenario says
    why a stance is worse on purpose), and every meter feeds something that scores or
    gates (unless the scenario says it is for display only)."""
    states = checks.sample_states(campaign)
    table = checks.directions(campaign, states)
    dominated = [d for d in checks.dominated_choices(campaign, table, states[0])
                 if not d.silenced]
    assert not dominated, "\n".join(f"{d.event} ({d.side}): {d.choice} is no better than "
                                     f"{d.by}" for d in dominated)
    unread = [meter for meter, why in checks.unread_meters(campaign) if not why]
    assert not unread, unread
