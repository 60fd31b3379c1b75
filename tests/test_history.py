"""History rules on scenario text: no card tells the future, no date line slips its window."""

from __future__ import annotations

from pathlib import Path
from string import Template

import pytest

from game.content.history_checks import (
    anachronisms,
    date_slips,
    firing_turns,
    months_named,
    years_named,
)
from game.content.loader import load_scenario
from game.engine.model import Scenario


def test_no_card_in_the_campaign_names_a_year_before_it_can_fire(campaign: Scenario) -> None:
    found = anachronisms(campaign)
    assert not found, "\n".join(map(str, found))


def test_every_date_line_in_the_campaign_falls_in_the_turns_its_card_can_fire(
        campaign: Scenario) -> None:
    found = date_slips(campaign)
    assert not found, "\n".join(map(str, found))


def test_no_event_shares_its_title_with_another_event_or_an_ending(campaign: Scenario) -> None:
    titles = [e.title for e in campaign.events] + [e.title for e in campaign.endings]
    assert sorted({t for t in titles if titles.count(t) > 1}) == []


def test_every_follow_up_in_the_campaign_can_fire(campaign: Scenario) -> None:
    turns = firing_turns(campaign)
    assert [e.id for e in campaign.events if e.id not in turns] == []


@pytest.mark.parametrize(("text", "years"), [
    ("the 1950 treaty", [1950]),
    ("the famine of 1959-61", [1959, 1961]),
    ("Winter 1958 - 1959", [1958, 1959]),
    ("Winter 1962-63 (did not happen)", [1962, 1963]),
    ("the 1960s", [1960]),
    ("1,390 experts and 343 contracts", []),
    ("10.7 million tonnes", []),
    ("between 6 and 19 September", []),
])
def test_years_named_reads_years_and_ranges_but_not_counts(text: str, years: list[int]) -> None:
    assert years_named(text) == years


def _month(year: int, month: int) -> int:
    return year * 12 + month - 1


@pytest.mark.parametrize(("date_text", "span"), [
    ("27 July 1953", (_month(1953, 7), _month(1953, 7))),
    ("April - 1 May 1955", (_month(1955, 4), _month(1955, 5))),
    ("December 1953 - February 1954", (_month(1953, 12), _month(1954, 2))),
    ("Late June 1963 (announced 29 June)", (_month(1963, 6), _month(1963, 6))),
    ("Winter 1962-63 (did not happen)", (_month(1962, 12), _month(1963, 2))),
    ("Summer - early autumn 1962", (_month(1962, 6), _month(1962, 11))),
    ("1963-1964", (_month(1963, 1), _month(1964, 12))),
    ("Whenever relations sour", None),
])
def test_months_named_reads_the_span_of_a_date_line(
        date_text: str, span: tuple[int, int] | None) -> None:
    assert months_named(date_text) == span


SMALL = """\
scenario:
  id: small_history
  title: Small history
  calendar: {start: 1955-Q1, end: 1960-Q4, period: quarter}
sides:
  - {id: prc, name: PRC, capital_meter: prc_capital, income: 1}
  - {id: ussr, name: USSR, capital_meter: ussr_capital, income: 1}
meters:
  - {id: prc_capital, name: PRC capital, owner: prc, start: 0}
  - {id: ussr_capital, name: USSR capital, owner: ussr, start: 0}
  - {id: tension, name: Tension, start: 30}
events:
  - id: warm_1955
    title: Talks in $title_year
    side: prc
    from: 1955-Q2
    to: 1955-Q2
    date_text: $date_text
    text: Since the 1950 treaty we have been allies. $text_extra
    history: What really happened came in 1960.
    choices:
      - id: talk
        label: Talk
        effects:
          - chance: {p: 0.5, label: $chance_label, then: [{add: {tension: 1}}]}
        follow_ups: [{event: answer, delay: 1}]
      - {id: wait, label: Wait, effects: [{add: {tension: -1}}]}
  - id: answer
    title: The answer
    side: ussr
    follow_up_only: true
    date_text: $answer_date
    text: The reply, in $answer_year.
    choices:
      - {id: yes, label: Agree, effects: [{add: {tension: -1}}]}
      - {id: no, label: Refuse, effects: [{add: {tension: 1}}]}
endings:
  - {id: done, title: Done, kind: final, epilogue: The end.}
"""


def _small(tmp_path: Path, **values: str) -> Scenario:
    fields = {"title_year": "1955", "date_text": "May 1955", "text_extra": "",
              "chance_label": "a leak", "answer_date": "Autumn 1955", "answer_year": "1955"}
    fields.update(values)
    (tmp_path / "scenario.yaml").write_text(Template(SMALL).substitute(fields),
                                             encoding="utf-8")
    return load_scenario(tmp_path)


def test_the_rules_pass_a_card_that_names_only_its_own_year_and_earlier(tmp_path: Path) -> None:
    small = _small(tmp_path)
    assert anachronisms(small) == []
    assert date_slips(small) == []


def test_a_later_year_anywhere_the_player_reads_before_deciding_is_an_anachronism(
        tmp_path: Path) -> None:
    small = _small(tmp_path, title_year="1957", text_extra="Remember the crisis of 1957-58.",
                   chance_label="a leak before 1956")
    found = {(a.event_id, a.where, a.year) for a in anachronisms(small)}
    assert found == {("warm_1955", "title", 1957), ("warm_1955", "text", 1957),
                     ("warm_1955", "text", 1958),
                     ("warm_1955", "choice talk chance label", 1956)}


def test_a_follow_up_is_judged_from_the_earliest_turn_it_can_be_queued_for(
        tmp_path: Path) -> None:
    # Queued from 1955 Q2 with a delay of 1, the answer fires in 1955 Q4 at the earliest.
    small = _small(tmp_path, answer_year="1956", answer_date="Spring 1955")
    assert [(a.event_id, a.year, a.first_year) for a in anachronisms(small)] == [
        ("answer", 1956, 1955)]
    assert [(d.event_id, d.fires) for d in date_slips(small)] == [("answer", "1955 Q4")]


def test_a_date_line_outside_the_window_is_a_slip(tmp_path: Path) -> None:
    small = _small(tmp_path, date_text="March 1955")
    assert [str(d) for d in date_slips(small)] == [
        "warm_1955: the date line 'March 1955' lies outside the turns in which the event "
        "can fire (1955 Q2)"]
