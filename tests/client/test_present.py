"""What the screens say, computed from the public state (no window needed)."""

from __future__ import annotations

from typing import Any

from game.client import present
from game.engine.commands import Act, Choose, EndTurn
from game.engine.session import GameSession


def test_cause_lines_name_the_decision_and_date(tiny: Any) -> None:
    session = GameSession.new(tiny, 1, "prc")
    session.submit(Choose("prc", "aid_deal", "accept"))
    slot = tiny.meter("tension").slot
    lines = present.meter_causes(session.state, slot)
    assert lines[0] == "Tension \u22125 \u2014 your answer to 'Aid deal', 1953 Q2"


def test_cause_lines_for_the_other_side_and_actions(tiny: Any) -> None:
    session = GameSession.new(tiny, 1, "ussr")
    state = session.state
    slot = tiny.meter("tension").slot
    assert any("PRC's answer to 'Aid deal'" in line for line in present.meter_causes(state, slot))
    session.submit(Act("ussr", "polemic"))
    lines = present.meter_causes(session.state, slot)
    assert lines[0].startswith("Tension +4 \u2014 your action 'Polemic'")


def test_preview_detail_levels(tiny: Any) -> None:
    session = GameSession.new(tiny, 1, "prc")
    choice = tiny.event("aid_deal").choices[1]
    preview = present.choice_preview(session.state, choice)
    exact = present.preview_text(session.state, preview, "exact")
    assert exact == "Tension +10"
    direction = present.preview_text(session.state, preview, "direction")
    assert direction == "Tension \u25b2"
    assert "hidden" in present.preview_text(session.state, preview, "hidden").lower()


def _choice(campaign: Any, predicate: Any) -> Any:
    for event in campaign.events:
        for choice in event.choices:
            if predicate(choice):
                return event, choice
    raise AssertionError("no such choice")


def test_preview_words_timed_modifiers_with_turns_and_total(campaign: Any) -> None:
    from game.engine import outcome

    session = GameSession.new(campaign, 3, "prc")
    state = session.state
    _event, choice = _choice(campaign, lambda c: any(
        isinstance(i, outcome.TimedModifier) and i.modifier_id == "great_leap_forward"
        for i, _p in outcome.of_choice(state, c).items()))
    text = present.preview_text(state, present.choice_preview(state, choice), "exact")
    assert "The Great Leap Forward" in text and "each turn for 6 turns" in text
    assert "in all" in text


def test_preview_words_chances_as_odds(campaign: Any) -> None:
    from game.engine import outcome

    session = GameSession.new(campaign, 3, "prc")
    state = session.state
    _event, choice = _choice(campaign, lambda c: any(
        isinstance(i, outcome.Chance) and 0 < i.p < 1
        for i, _p in outcome.of_choice(state, c).items()))
    text = present.preview_text(state, present.choice_preview(state, choice), "exact")
    assert "%" in text


def test_lock_words(tiny: Any) -> None:
    from game.engine import outcome

    assert present.lock_text(tiny, outcome.Cooldown(2)) == "Recovering: ready in 2 turns"
    assert present.lock_badge(outcome.TooExpensive(3, 1), 3) == "3 PC"
    assert "you have 1" in present.lock_text(tiny, outcome.TooExpensive(3, 1))


def test_signed_uses_a_real_minus_and_decimals() -> None:
    assert present.signed(-3) == "\u22123"
    assert present.signed(0) == "\u00b10"
    assert present.signed(0.4, decimals=True) == "+0.4"


def test_meter_groups_put_shared_then_player_first(campaign: Any) -> None:
    groups = present.meter_groups(campaign, "ussr")
    keys = [g.key for g in groups]
    assert keys.index("ussr") < keys.index("prc")
    assert all(not m.hidden for g in groups for m in g.meters)


def test_compare_with_history_and_chronicle(tiny: Any) -> None:
    session = GameSession.new(tiny, 1, "prc")
    session.submit(Choose("prc", "aid_deal", "refuse"))
    session.submit(EndTurn("prc"))
    rows = present.compare_with_history(session.state, "prc")
    assert rows[0].yours == "Refuse" and rows[0].historical == "Accept" and not rows[0].same
    chronicle = present.chronicle_lines(session.state)
    assert chronicle[-1][2] == "Aid deal: Refuse"


def test_party_lines_state_control(tiny: Any) -> None:
    session = GameSession.new(tiny, 1, "prc")
    party = tiny.parties[0]
    lines = present.party_lines(session.state, party)
    assert "Controlled by: USSR" in lines


def test_replays_show_the_preview_each_decision_had(tiny: Any) -> None:
    from game.engine import outcome
    from game.persistence.replay import Timeline

    session = GameSession.new(tiny, 1, "prc")
    choice = tiny.event("aid_deal").choices[1]
    said = present.preview_text(session.state, outcome.of_choice(session.state, choice),
                                "exact")
    session.submit(Choose("prc", "aid_deal", choice.id))
    session.submit(EndTurn("prc"))
    timeline = Timeline.from_state(session.state)
    previews = present.decision_previews(timeline.state_at_start(0), timeline.turn_commands(0),
                                         "exact")
    assert previews[0] == said
    assert len(previews) == len(timeline.decisions(0))
