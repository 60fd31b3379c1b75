"""The rules casebook: one test per rule, the rule stated in the docstring.

Each case builds a tiny scenario inline, plays commands and checks what a
player would notice.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.content.loader import load_scenario
from game.engine import rules
from game.engine.commands import Act, Choose, EndTurn, IllegalCommandError
from game.engine.model import Scenario
from game.engine.state import GameState

BASE = """
scenario:
  id: case
  title: Case
  calendar: {start: 1953-Q2, end: 1954-Q4, period: quarter}
sides:
  - {id: prc, name: PRC, capital_meter: prc_capital, income: %(income)s}
  - {id: ussr, name: USSR, capital_meter: ussr_capital, income: 2}
meters:
  - {id: prc_capital, name: PRC capital, owner: prc, start: 0, max: 30}
  - {id: ussr_capital, name: USSR capital, owner: ussr, start: 0, max: 30}
  - {id: tension, name: Tension, start: 50}
  - {id: economy, name: Economy, start: 80}
flags:
  - {id: signed}
endings:
  - {id: fallback, title: Fallback, kind: final, epilogue: done}
"""


def build(tmp_path: Path, extra: str = "", income: str = "3") -> Scenario:
    """The base scenario plus ``extra`` as a second file of the same folder."""
    folder = tmp_path / "case"
    folder.mkdir(exist_ok=True)
    (folder / "base.yaml").write_text(BASE % {"income": income}, encoding="utf-8")
    (folder / "extra.yaml").write_text(textwrap.dedent(extra) or "flags: []\n", encoding="utf-8")
    return load_scenario(folder)


def end_turn(state: GameState) -> None:
    """Both sides end their turn (answering any event with its first choice)."""
    while not state.over:
        side = state.to_move
        assert side is not None
        event = rules.current_event(state, side)
        if event is not None:
            rules.apply(state, Choose(side, event.id, event.choices[0].id))
            continue
        rules.apply(state, EndTurn(side))
        if state.mover == 0 or state.over:
            return


def two_choices(effects_a: str = "[]", effects_b: str = "[]") -> str:
    return (f"[{{id: a, label: A, effects: {effects_a}}}, "
            f"{{id: b, label: B, effects: {effects_b}}}]")


def test_income_is_earned_at_the_start_of_every_turn(tmp_path: Path) -> None:
    """Each side gains its income in political capital when a turn starts."""
    state = rules.new_game(build(tmp_path, income="3 + economy / 40"), seed=1)
    assert state.value("prc_capital") == 5  # 3 + 80/40
    assert state.value("ussr_capital") == 2
    end_turn(state)
    assert state.value("prc_capital") == 10


def test_hard_difficulty_gives_the_computer_one_more_capital(tmp_path: Path) -> None:
    """On hard the computer's side earns +1 capital a turn; the player's side does not."""
    scenario = build(tmp_path)
    normal = rules.new_game(scenario, seed=1, human="prc", difficulty="normal")
    hard = rules.new_game(scenario, seed=1, human="prc", difficulty="hard")
    assert hard.value("ussr_capital") == normal.value("ussr_capital") + 1
    assert hard.value("prc_capital") == normal.value("prc_capital")


def test_meters_are_clamped_to_their_bounds(tmp_path: Path) -> None:
    """No effect can push a meter outside its bounds; the ledger shows the real change."""
    extra = """
    actions:
      - {id: provoke, name: Provoke, side: prc, cost: 0, effects: [{add: {tension: 500}}]}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Act("prc", "provoke"))
    assert state.value("tension") == 100
    assert state.ledger[-1].delta == 50


def test_fair_math_gives_diminishing_returns(tmp_path: Path) -> None:
    """'fair: +20' moves 20% of the remaining distance: 80 gains 4, 20 would gain 16."""
    extra = """
    actions:
      - {id: boost, name: Boost, side: prc, cost: 0, effects: [{fair: {economy: 20}}]}
      - {id: cut, name: Cut, side: prc, cost: 0, effects: [{fair: {tension: -50}}]}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Act("prc", "boost"))
    rules.apply(state, Act("prc", "cut"))
    assert state.value("economy") == 84
    assert state.value("tension") == 25


def test_scheduled_event_fires_in_its_window_once(tmp_path: Path) -> None:
    """A scheduled event fires at the first turn of its window where its condition holds."""
    extra = f"""
    events:
      - id: summit
        title: Summit
        side: prc
        from: 1953-Q3
        to: 1954-Q1
        condition: tension >= 50
        text: hi
        choices: {two_choices()}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    assert rules.current_event(state, "prc") is None  # 1953 Q2: before the window
    end_turn(state)
    assert rules.current_event(state, "prc").id == "summit"  # type: ignore[union-attr]
    end_turn(state)
    end_turn(state)
    assert [i for _, i in state.fired_log] == [0]


def test_event_waits_for_its_condition_and_is_missed_after_its_window(tmp_path: Path) -> None:
    """If the condition never holds inside the window, the event never fires."""
    extra = f"""
    events:
      - id: never
        title: Never
        side: prc
        to: 1953-Q4
        condition: tension >= 90
        text: hi
        choices: {two_choices()}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    for _ in range(7):
        end_turn(state)
    assert state.fired_log == []


def test_repeatable_event_respects_its_cooldown(tmp_path: Path) -> None:
    """A repeatable event fires again only after its cooldown has passed."""
    extra = f"""
    events:
      - id: talks
        title: Talks
        side: prc
        repeatable: true
        cooldown: 2
        text: hi
        choices: {two_choices()}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    for _ in range(6):
        end_turn(state)
    assert [turn for turn, _ in state.fired_log] == [0, 3, 6]


def test_follow_up_fires_after_its_delay_whatever_its_window(tmp_path: Path) -> None:
    """A choice's follow-up fires at the start of turn +1+delay, even outside its window."""
    extra = """
    events:
      - id: offer
        title: Offer
        side: prc
        to: 1953-Q2
        text: hi
        choices:
          - {id: accept, label: Accept, follow_ups: [{event: reply, delay: 1}]}
          - {id: refuse, label: Refuse}
      - id: reply
        title: Reply
        side: ussr
        follow_up_only: true
        to: 1953-Q2
        text: hi
        choices: [{id: a, label: A}, {id: b, label: B}]
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Choose("prc", "offer", "accept"))
    end_turn(state)
    assert rules.current_event(state, "ussr") is None
    end_turn(state)
    assert rules.current_event(state, "ussr").id == "reply"  # type: ignore[union-attr]
    assert state.turn == 2


def test_chance_events_use_factors_and_are_capped_per_turn(tmp_path: Path) -> None:
    """Triggered events roll their chance times every factor that holds; at most N per turn."""
    events = "\n".join(f"""
      - id: crisis_{i}
        title: Crisis {i}
        side: prc
        chance: 0.5
        repeatable: true
        factors: [{{when: "tension >= 50", factor: 2, reason: tension is high}}]
        text: hi
        choices: {two_choices()}""" for i in range(5))
    scenario = build(tmp_path, "events:" + events)
    state = rules.new_game(scenario, seed=3)
    p, reasons = rules.event_chance(state, scenario.events[0])
    assert p == 1.0 and reasons == ["×2 tension is high"]
    assert len(state.fired_log) == scenario.triggered_events_per_turn == 2


def test_unavailable_choices_are_not_legal(tmp_path: Path) -> None:
    """A choice whose condition fails is not offered and cannot be chosen."""
    extra = """
    events:
      - id: e
        title: E
        side: prc
        text: hi
        choices:
          - {id: open, label: Open}
          - {id: locked, label: Locked, condition: "tension > 90", requirement: War fever}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    assert rules.legal_commands(state) == [Choose("prc", "e", "open")]
    with pytest.raises(IllegalCommandError):
        rules.apply(state, Choose("prc", "e", "locked"))


def test_actions_cost_capital_and_respect_cooldown_and_once(tmp_path: Path) -> None:
    """Actions spend capital, wait out their cooldown, and 'once' actions never return."""
    extra = """
    actions:
      - {id: speech, name: Speech, side: prc, cost: 2, cooldown: 1, effects: [{add: {tension: 1}}]}
      - {id: treaty, name: Treaty, side: prc, cost: 1, once: true}
      - {id: bomb, name: Bomb, side: prc, cost: 99}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Act("prc", "speech"))
    rules.apply(state, Act("prc", "treaty"))
    assert state.value("prc_capital") == 0
    speech, treaty, bomb = state.scenario.actions
    assert rules.action_lock_reason(state, speech) == "cooldown: 2 more turns"
    assert rules.action_lock_reason(state, bomb) == "costs 99 political capital; you have 0"
    end_turn(state)
    assert rules.action_lock_reason(state, speech) == "cooldown: 1 more turn"
    end_turn(state)
    assert rules.action_lock_reason(state, speech) is None
    assert rules.action_lock_reason(state, treaty) == "already taken (once per campaign)"


def test_illegal_commands_change_nothing(tmp_path: Path) -> None:
    """An illegal command raises IllegalCommandError and leaves the state exactly as it was."""
    extra = f"""
    events:
      - {{id: e, title: E, side: prc, text: hi, choices: {two_choices()}}}
    actions:
      - {{id: speech, name: Speech, side: prc, cost: 1}}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    before = state.compute_hash()
    for command in (EndTurn("prc"), Act("prc", "speech"), EndTurn("ussr"), Act("prc", "nope"),
                    Choose("prc", "e", "zzz"), Choose("prc", "other", "a")):
        with pytest.raises(IllegalCommandError):
            rules.apply(state, command)
    assert state.compute_hash() == before and state.log == []


def test_modifiers_apply_every_turn_and_expire(tmp_path: Path) -> None:
    """A modifier applies its effects at each turn start for its length, then ends."""
    extra = """
    modifiers:
      - {id: boom, name: Boom, turns: 2, each_turn: [{add: {economy: -5}}]}
    actions:
      - {id: start, name: Start, side: prc, cost: 0, effects: [{start_modifier: boom}]}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Act("prc", "start"))
    assert "active:boom" in state.facts
    for _ in range(3):
        end_turn(state)
    assert state.value("economy") == 70
    assert "active:boom" not in state.facts
    causes = [c.cause.source for c in state.ledger if c.cause.kind == "modifier"]
    assert causes == ["boom", "boom"]


def test_meters_drift_toward_their_resting_value(tmp_path: Path) -> None:
    """A meter with drift moves 'rate' points toward its target at each turn's end."""
    extra = """
    meters:
      - {id: mood, name: Mood, start: 10, drift: {toward: 14, rate: 3}}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    end_turn(state)
    assert state.value("mood") == 13
    end_turn(state)
    assert state.value("mood") == 14


def test_control_by_margin_and_neglected_influence_drifts(tmp_path: Path) -> None:
    """A side controls a third party only when it leads by the party's independence."""
    extra = """
    third_parties:
      - {id: albania, name: Albania, position: {x: 0.5, y: 0.5}, independence: 20,
         influence: {prc: 30, ussr: 15}, drift: 2}
    actions:
      - {id: aid, name: Aid, side: prc, cost: 0, effects: [{add: {albania_prc: 10}}]}
    """
    scenario = build(tmp_path, extra)
    state = rules.new_game(scenario, seed=1)
    assert rules.controller(state, "albania") is None
    rules.apply(state, Act("prc", "aid"))
    assert rules.controller(state, "albania") == "prc"
    end_turn(state)
    assert state.values[scenario.builtin_slots["allies_prc"]] == 1
    assert state.value("albania_prc") == 38  # drifted 2 back toward its start of 30


def test_sudden_endings_end_the_game_at_the_end_of_the_turn(tmp_path: Path) -> None:
    """Sudden endings are checked when every side has ended the turn."""
    extra = """
    actions:
      - {id: war, name: War, side: prc, cost: 0, effects: [{set: {tension: 100}}]}
    endings:
      - {id: war, title: War, kind: sudden, condition: tension >= 100, score: {prc: 1, ussr: 2},
         epilogue: boom}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Act("prc", "war"))
    assert not state.over
    end_turn(state)
    assert state.over and state.ending == "war" and state.scores == {"prc": 1.0, "ussr": 2.0}
    assert rules.legal_commands(state) == []


def test_first_matching_final_ending_wins_with_a_fallback(tmp_path: Path) -> None:
    """At the last turn the first final ending whose condition holds is chosen."""
    text = (BASE % {"income": "3"}).replace(
        "  - {id: fallback,",
        "  - {id: friends, title: Friends, kind: final, condition: tension < 20, epilogue: yes}\n"
        "  - {id: rivals, title: Rivals, kind: final, condition: tension < 60, epilogue: meh}\n"
        "  - {id: fallback,")
    path = tmp_path / "ordered.yaml"
    path.write_text(text, encoding="utf-8")
    state = rules.new_game(load_scenario(path), seed=1)
    while not state.over:
        end_turn(state)
    assert state.ending == "rivals"
    assert len(state.hashes) == state.scenario.calendar.turns == 7


def test_every_meter_change_records_its_cause(tmp_path: Path) -> None:
    """Every change in the ledger names its kind, turn, side and source."""
    extra = f"""
    events:
      - id: offer
        title: Offer
        side: prc
        text: hi
        choices: {two_choices("[{add: {tension: -5}}]")}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Choose("prc", "offer", "a"))
    change = state.ledger[-1]
    assert (change.delta, change.cause.kind, change.cause.turn, change.cause.side,
            change.cause.source, change.cause.detail) == (-5, "choice", 0, "prc", "offer", "a")
    total = {m.slot: m.start for m in state.scenario.meters}
    for entry in state.ledger:
        total[entry.slot] += entry.delta
    assert all(total[m.slot] == state.values[m.slot] for m in state.scenario.meters)


def test_chance_effects_are_fixed_by_the_seed(tmp_path: Path) -> None:
    """A chance effect's roll depends only on the seed and what is rolled, never on order."""
    extra = """
    actions:
      - id: gamble
        name: Gamble
        side: prc
        cost: 0
        effects:
          - chance: {p: 0.5, then: [{add: {tension: 10}}], otherwise: [{add: {tension: -10}}]}
    """
    scenario = build(tmp_path, extra)
    outcomes = set()
    for seed in range(20):
        first = rules.new_game(scenario, seed=seed)
        second = rules.new_game(scenario, seed=seed)
        rules.apply(first, Act("prc", "gamble"))
        rules.apply(second, Act("prc", "gamble"))
        assert first.value("tension") == second.value("tension")
        outcomes.add(first.value("tension"))
    assert outcomes == {40, 60}


def test_events_for_both_sides_ask_each_side(tmp_path: Path) -> None:
    """An event addressed to both sides waits for a choice from each."""
    extra = f"""
    events:
      - id: summit
        title: Summit
        side: both
        text: {{prc: China's view, ussr: Moscow's view}}
        choices: {two_choices()}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    event = rules.current_event(state, "prc")
    assert event is not None and event.text_for("ussr") == "Moscow's view"
    assert rules.current_event(state, "ussr") is event


def test_dividing_by_zero_gives_zero(tmp_path: Path) -> None:
    """Amount expressions never crash the game: x / 0 counts as 0."""
    extra = """
    actions:
      - {id: odd, name: Odd, side: prc, cost: 0, effects: [{add: {tension: "10 / (economy - 80)"}}]}
    """
    state = rules.new_game(build(tmp_path, extra), seed=1)
    rules.apply(state, Act("prc", "odd"))
    assert state.value("tension") == 50


def test_same_seed_and_commands_give_the_same_hashes(tiny: Scenario) -> None:
    """Replaying a game's command log reproduces every turn's hash."""
    from game.engine import ai

    state = rules.new_game(tiny, seed=11, human="prc")
    ai.play_out(state)
    again = rules.replay(tiny, 11, "prc", "normal", list(state.log))
    assert again.hashes == state.hashes and again.ending == state.ending
