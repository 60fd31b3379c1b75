"""Calendars of weeks and days: dates written 'YYYY-MM-DD', turns that change length in
phases, labels, built-ins, timelines and the compiler's messages for bad dates."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from game.content.diagnostics import ScenarioError
from game.content.history_checks import date_slips
from game.content.loader import load_scenario
from game.engine import days
from game.engine.commands import Choose, EndTurn
from game.engine.model import Scenario
from game.engine.rules import apply, current_event, new_game

BODY = """
sides:
  - {id: usa, name: USA, capital_meter: us_cap, income: 1}
  - {id: ussr, name: USSR, capital_meter: su_cap, income: 1}
meters:
  - {id: us_cap, name: US capital, owner: usa, start: 0}
  - {id: su_cap, name: Soviet capital, owner: ussr, start: 0}
  - {id: late_october, name: Turns in late October, start: 0}
modifiers:
  - id: clock
    name: Clock
    turns: 100
    from_start: true
    each_turn:
      - when: {condition: "month == 10 and day >= 22", then: [{add: {late_october: 1}}]}
events:
  - id: speech
    title: The speech
    side: usa
    from: {from_}
    to: {to}
    date_text: 22 October 1962
    text: The President speaks.
    choices: [{id: a, label: A}, {id: b, label: B}]
endings: [{id: done, title: Done, kind: final, epilogue: done}]
"""


def _scenario(tmp_path: Path, calendar: str, from_: str = '"1962-10-22"',
              to: str = '"1962-10-22"') -> Scenario:
    text = (f"scenario:\n  id: days\n  title: Days\n  calendar: {calendar}\n"
            + BODY.replace("{from_}", from_).replace("{to}", to))
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    return load_scenario(tmp_path)


def _problems(tmp_path: Path, calendar: str, from_: str = '"1962-10-22"') -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        _scenario(tmp_path, calendar, from_, from_)
    return [f"{p.position.line}:{p.position.column}: {p.message}"
            for p in caught.value.problems]


PHASED = ('{start: "1962-08-06", end: "1962-11-20", period: week, phases: '
          '[{from: "1962-10-14", days: 1}, {from: "1962-10-30", days: 7}]}')


def test_day_numbers_agree_with_the_gregorian_calendar() -> None:
    epoch = datetime.date(1970, 1, 1)
    for offset in range(-150_000, 40_000, 17):
        day = epoch + datetime.timedelta(days=offset)
        assert days.day_number(day.year, day.month, day.day) == offset
        assert days.civil(offset) == (day.year, day.month, day.day)
    assert days.is_date(1960, 2, 29) and not days.is_date(1962, 2, 29)
    assert not days.is_date(1900, 2, 29) and days.is_date(2000, 2, 29)
    assert days.label(days.day_number(1962, 10, 16)) == "16 Oct 1962"


def test_a_week_calendar_counts_seven_days_a_turn_to_the_turn_that_holds_the_end(
        tmp_path: Path) -> None:
    cal = _scenario(tmp_path, '{start: "1962-07-16", end: "1962-12-20", period: week}').calendar
    labels = [cal.label(t) for t in range(cal.turns)]
    assert labels[:3] == ["16 Jul 1962", "23 Jul 1962", "30 Jul 1962"]
    assert labels[-1] == "17 Dec 1962" and cal.turns == 23
    assert cal.parts(0) == (1962, 3, 7, 16)


def test_phases_change_the_length_of_turns_and_cut_the_turn_before_them(
        tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, PHASED)
    cal = scenario.calendar
    labels = [cal.label(t) for t in range(cal.turns)]
    # weekly to 8 October (that turn is cut to six days by the daily phase) ...
    assert labels[:10] == ["6 Aug 1962", "13 Aug 1962", "20 Aug 1962", "27 Aug 1962",
                           "3 Sep 1962", "10 Sep 1962", "17 Sep 1962", "24 Sep 1962",
                           "1 Oct 1962", "8 Oct 1962"]
    assert days.civil(cal.last_day(9)) == (1962, 10, 13)
    # ... daily through 29 October, weekly again to 20 November
    assert labels[10:27] == [f"{d} Oct 1962" for d in range(14, 31)]
    assert labels[27:] == ["6 Nov 1962", "13 Nov 1962", "20 Nov 1962"]
    # a date inside a turn belongs to that turn
    speech = scenario.events[0]
    assert cal.label(speech.first_turn) == "22 Oct 1962"


def test_built_ins_year_quarter_month_and_day_follow_the_turns(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, PHASED)
    state = new_game(scenario, seed=1, human="usa")
    seen = []
    while not state.over:
        side = state.to_move or "usa"
        event = current_event(state, side)
        if event is not None:
            apply(state, Choose(side, event.id, event.choices[0].id))
            continue
        values = {name: state.values[slot] for name, slot in scenario.builtin_slots.items()}
        if side == "usa":
            seen.append((values["year"], values["quarter"], values["month"], values["day"]))
        apply(state, EndTurn(side))
    assert seen[0] == (1962, 3, 8, 6)
    assert (1962, 4, 10, 22) in seen and seen[-1] == (1962, 4, 11, 20)
    # the timed effect counted the daily turns from 22 October to 30 October
    assert state.value("late_october") == 9


def test_timelines_tick_each_month_and_recent_changes_reach_back_a_week_of_days(
        tmp_path: Path) -> None:
    cal = _scenario(tmp_path, PHASED).calendar
    assert cal.ticks() == [(0, "Aug 1962"), (4, "Sep"), (8, "Oct"), (27, "Nov")]
    # a week calendar looks back 30 days: from 24 October to the turn of 24 September
    assert cal.recent(20) == (13, "month")
    daily = _scenario(tmp_path, '{start: "1962-10-14", end: "1962-10-30", period: day}').calendar
    assert daily.recent(10) == (7, "week")
    assert daily.recent(2) == (2, "week")
    quarterly = load_scenario(Path(__file__).parent / "fixtures" / "scenarios" / "tiny_win")
    assert quarterly.calendar.recent(5)[1] == "year"


def test_date_lines_are_checked_against_the_days_a_card_can_fire(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, PHASED, '"1962-11-06"', '"1962-11-13"')
    slips = date_slips(scenario)
    assert [s.event_id for s in slips] == ["speech"]
    assert slips[0].fires == "6 Nov 1962 - 13 Nov 1962"
    assert date_slips(_scenario(tmp_path, PHASED)) == []


@pytest.mark.parametrize(("calendar", "from_", "expected"), [
    ('{start: "1962-10-14", end: "1962-10-30", period: day}', '"1962-10"',
     "'1962-10' is not a day date (write it like '1962-10-16')"),
    ('{start: "1962-10-14", end: "1962-10-30", period: day}', '"1962-10-32"',
     "'1962-10-32' is not a date: write '1956-Q1' (quarters), '1956-03' (months), '1956' "
     "(years) or '1962-10-16' (weeks and days)"),
    ('{start: "1962-10-14", end: "1962-10-30", period: day}', '"1962-11-31"',
     "'1962-11-31' is not a day of the calendar"),
    ('{start: "1962-10-14", end: "1962-10-30", period: day}', '"1962-11-02"',
     "date '1962-11-02' is outside the calendar (14 Oct 1962 to 30 Oct 1962)"),
    ('{start: "1962-02-29", end: "1962-10-30", period: week}', '"1962-10-22"',
     "'1962-02-29' is not a day of the calendar"),
    ('{start: "1962-10-14", end: "1962-10-01", period: day}', '"1962-10-22"',
     "the calendar ends before it starts"),
    ('{start: 1962-Q3, end: 1962-Q4, phases: [{from: 1962-Q4, days: 1}]}', "1962-Q4",
     "phases change the length of turns in days: they need a week or day calendar"),
    ('{start: "1962-10-01", end: "1962-10-30", period: week, phases: '
     '[{from: "1962-11-02", days: 1}]}', '"1962-10-22"',
     "phase starts on '1962-11-02', outside the calendar"),
    ('{start: "1962-10-01", end: "1962-10-30", period: week, phases: '
     '[{from: "1962-10-20", days: 1}, {from: "1962-10-10", days: 2}]}', '"1962-10-22"',
     "phases must be listed in date order"),
    ('{start: "1962-10-01", end: "1970-10-30", period: day}', '"1962-10-22"',
     "the calendar has over 2,000 turns"),
])
def test_bad_dates_get_a_message_with_an_example(tmp_path: Path, calendar: str, from_: str,
                                                 expected: str) -> None:
    messages = _problems(tmp_path, calendar, from_)
    assert any(expected in m for m in messages), messages


def test_a_phase_needs_a_whole_number_of_days(tmp_path: Path) -> None:
    messages = _problems(tmp_path, '{start: "1962-10-01", end: "1962-10-30", period: week, '
                                   'phases: [{from: "1962-10-20", days: 0}]}')
    assert any(m.startswith("4:") or "days" in m for m in messages), messages
