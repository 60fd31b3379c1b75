"""The running score: scoring moments, board importance, forecast, verdicts and the judge.

Each case builds a tiny scenario and checks what a player (or the computer) would
notice: points paid when a moment comes, with its cause; 'once' and cooldowns;
the board built-ins; the forecast of the ending if the game ended now and what
would change it; win/draw/loss; the expected score and its gradient.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario
from game.engine import ai, evaluation, rules, scoring
from game.engine.commands import Choose, Command, EndTurn
from game.engine.model import Scenario
from game.engine.policies import HistoricalPolicy
from game.engine.state import GameState

SCENARIO = """
scenario:
  id: scored
  title: Scored
  calendar: {start: 1953-Q2, end: 1955-Q4, period: quarter}
sides:
  - {id: prc, name: PRC, capital_meter: prc_capital, income: 0}
  - {id: ussr, name: USSR, capital_meter: ussr_capital, income: 0}
meters:
  - {id: prc_capital, name: PRC capital, owner: prc, start: 0, max: 30}
  - {id: ussr_capital, name: USSR capital, owner: ussr, start: 0, max: 30}
  - {id: prc_vp, name: PRC points, owner: prc, start: 0, min: -100, max: 100}
  - {id: ussr_vp, name: USSR points, owner: ussr, start: 0, min: -100, max: 100}
  - {id: standing, name: Standing, owner: prc, start: 40}
  - {id: tension, name: Tension, start: 30, display: {higher_is: bad}}
third_parties:
  - {id: korea, name: Korea, position: {x: 0.5, y: 0.5}, independence: 10,
     influence: {prc: 40, ussr: 20}, importance: 3, region: asia, drift: 0}
  - {id: poland, name: Poland, position: {x: 0.2, y: 0.2}, independence: 10,
     influence: {prc: 10, ussr: 60}, importance: 2, region: europe, drift: 0}
  - {id: cuba, name: Cuba, position: {x: 0.1, y: 0.6}, independence: 10,
     influence: {prc: 10, ussr: 15}, importance: 5, drift: 0}
flags:
  - {id: bomb}
scoring:
  points: {prc: prc_vp, ussr: ussr_vp}
  draw_margin: 5
  moments:
    - id: year_end
      name: Year-end review
      when: quarter == 4
      awards:
        - {side: prc, label: Standing, points: "(standing - 40) / 5"}
        - {side: prc, label: Asia, points: board_prc_asia}
        - {side: ussr, label: Europe, points: board_ussr_europe}
    - id: bomb_test
      name: The bomb
      when: flag("bomb")
      once: true
      awards:
        - {side: prc, label: A bomb, points: 7}
endings:
  - {id: war, title: War, kind: sudden, condition: tension >= 90, score: 0, epilogue: war}
  - id: china_wins
    title: China wins
    kind: final
    condition: standing >= 60 and tension >= 50
    score: {prc: "clamp(70 + (prc_vp - ussr_vp) / 2, 0, 100)",
            ussr: "clamp(30 + (ussr_vp - prc_vp) / 2, 0, 100)"}
    epilogue: east wind
  - id: even
    title: Even
    kind: final
    score: {prc: "clamp(50 + (prc_vp - ussr_vp) / 2, 0, 100)",
            ussr: "clamp(50 + (ussr_vp - prc_vp) / 2, 0, 100)"}
    epilogue: even
"""


def build(tmp_path: Path, text: str = SCENARIO) -> Scenario:
    folder = tmp_path / "scored"
    folder.mkdir(exist_ok=True)
    (folder / "scenario.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_scenario(folder)


def pass_turn(state: GameState) -> None:
    for side in state.scenario.side_ids:
        rules.apply(state, EndTurn(side))


def test_board_builtins_sum_the_importance_of_controlled_parties(tmp_path: Path) -> None:
    scenario = build(tmp_path)
    state = rules.new_game(scenario, 1, "prc")
    value = {name: state.values[slot] for name, slot in scenario.builtin_slots.items()}
    assert value["board_prc"] == 3 and value["board_prc_asia"] == 3
    assert value["board_ussr"] == 2 and value["board_ussr_europe"] == 2
    assert value["board_prc_europe"] == 0 and value["board_ussr_asia"] == 0
    assert value["allies_prc"] == 1 and value["allies_ussr"] == 1  # Cuba: nobody by 10


def test_a_scoring_moment_pays_its_awards_with_their_cause(tmp_path: Path) -> None:
    """Year-end comes in Q4: 1953 Q2 is turn 0, so Q4 is turn 2."""
    scenario = build(tmp_path)
    state = rules.new_game(scenario, 1, "prc")
    standing = scenario.meter_index["standing"]
    state.values[standing] = 55
    for _ in range(2):
        pass_turn(state)
    assert scoring.victory_points(state) == {"prc": 0, "ussr": 0}
    pass_turn(state)  # the end of 1953 Q4
    assert scoring.victory_points(state) == {"prc": 3 + 3, "ussr": 2}
    sources = scoring.score_sources(state, "prc")
    assert {(s.moment, s.label, s.points) for s in sources} == {
        ("Year-end review", "Standing", 3), ("Year-end review", "Asia", 3)}
    assert all(s.date == "1953 Q4" for s in sources)


def test_a_once_moment_pays_only_once(tmp_path: Path) -> None:
    scenario = build(tmp_path)
    state = rules.new_game(scenario, 1, "prc")
    state.facts.add("flag:bomb")
    for _ in range(2):
        pass_turn(state)
    labels = [s.label for s in scoring.score_sources(state, "prc")]
    assert labels.count("A bomb") == 1


def test_cooldowns_space_out_a_repeating_moment(tmp_path: Path) -> None:
    text = SCENARIO.replace("      when: quarter == 4\n", "      cooldown: 3\n")
    scenario = build(tmp_path, text)
    state = rules.new_game(scenario, 1, "prc")
    for _ in range(8):
        pass_turn(state)
    turns = [turn for turn, index in state.scoring_log if index == 0]
    assert turns == [0, 4]


def test_forecast_names_the_ending_if_the_game_ended_now_and_what_would_change_it(
        tmp_path: Path) -> None:
    scenario = build(tmp_path)
    state = rules.new_game(scenario, 1, "prc")
    state.values[scenario.meter_index["standing"]] = 58
    state.values[scenario.meter_index["tension"]] = 55
    forecast = scoring.forecast(state)
    assert forecast.ending == "even"
    assert forecast.scores == {"prc": 50.0, "ussr": 50.0}
    assert forecast.verdicts == {"prc": "draw", "ussr": "draw"}
    nearest = forecast.thresholds[0]
    assert (nearest.name, nearest.now, nearest.to, nearest.ending) == (
        "standing", 58, 60, "china_wins")
    assert nearest.scores["prc"] == 70


def test_verdicts_use_the_draw_margin(tmp_path: Path) -> None:
    scenario = build(tmp_path)
    assert scoring.verdict(scenario, {"prc": 60, "ussr": 54}, "prc") == "win"
    assert scoring.verdict(scenario, {"prc": 58, "ussr": 54}, "prc") == "draw"
    assert scoring.verdict(scenario, {"prc": 40, "ussr": 54}, "prc") == "loss"


def test_ending_table_ranks_each_sides_endings(tmp_path: Path) -> None:
    scenario = build(tmp_path)
    table = {row.ending: row for row in scoring.ending_table(scenario, "prc")}
    assert table["china_wins"].rank == 1 and table["china_wins"].score == 70
    assert table["even"].rank == 2 and table["war"].rank == 3
    assert scoring.best_endings(scenario, "ussr") == ["even"]


def test_next_scoring_shows_what_each_side_would_earn_now(tmp_path: Path) -> None:
    scenario = build(tmp_path)
    state = rules.new_game(scenario, 1, "prc")
    upcoming = {u.moment.id: u for u in scoring.next_scoring(state)}
    assert not upcoming["year_end"].due_now
    assert dict(upcoming["year_end"].awards["prc"]) == {"Standing": 0.0, "Asia": 3.0}


def test_a_scoring_section_must_name_a_points_meter_for_every_side(tmp_path: Path) -> None:
    text = SCENARIO.replace("points: {prc: prc_vp, ussr: ussr_vp}", "points: {prc: prc_vp}")
    with pytest.raises(ScenarioError, match="side 'ussr' has no victory-point meter"):
        build(tmp_path, text)


def test_the_judge_sees_a_threshold_coming_and_its_gradient_is_right(tmp_path: Path) -> None:
    scenario = build(tmp_path)
    state = rules.new_game(scenario, 1, "prc")
    standing = scenario.meter_index["standing"]
    state.values[standing] = 57
    state.values[scenario.meter_index["tension"]] = 60
    near = evaluation.value(state, "prc")
    state.values[standing] = 30
    far = evaluation.value(state, "prc")
    assert near > far  # closer to China's win is worth more to China
    state.values[standing] = 57
    grad = evaluation.gradient(state, "prc")
    values = list(state.values)
    values[standing] += 1
    up = evaluation.judge(state, values=values).expected["prc"]
    values[standing] -= 2
    down = evaluation.judge(state, values=values).expected["prc"]
    assert grad[standing] == pytest.approx((up - down) / 2, rel=0.05, abs=1e-3)
    assert grad[standing] > 0


def test_the_judge_is_exact_on_the_last_turn(tmp_path: Path) -> None:
    scenario = build(tmp_path)
    state = rules.new_game(scenario, 1, "prc")
    while state.turn < scenario.calendar.turns - 1:
        pass_turn(state)
    state.values[scenario.meter_index["standing"]] = 70
    state.values[scenario.meter_index["tension"]] = 60
    judgement = evaluation.judge(state)
    china = [e.id for e in scenario.endings].index("china_wins")
    assert judgement.chances[china] > 0.99


def test_temperaments_are_drawn_from_the_seed(campaign: Scenario) -> None:
    seen = {}
    for seed in range(40):
        state = rules.new_game(campaign, seed, "prc")
        temperament = ai.temperament_for(state, "ussr")
        assert temperament is not None
        assert ai.temperament_for(rules.new_game(campaign, seed, "prc"), "ussr") is temperament
        seen[temperament.id] = seen.get(temperament.id, 0) + 1
    assert len(seen) == len(campaign.side("ussr").temperaments)


def _position_with_a_choice(campaign: Scenario) -> tuple[GameState, str]:
    """A hard game where the computer's side must answer an event with several choices."""
    state = rules.new_game(campaign, 5, "prc", difficulty="hard")
    while True:
        side = state.to_move
        assert side is not None and not state.over
        event = rules.current_event(state, side)
        if side == "ussr" and event is not None and sum(
                rules.choice_available(state, c) for c in event.choices) >= 2:
            return state, side
        player = ai.choose_command if side == "ussr" else HistoricalPolicy().decide
        rules.apply(state, player(state, side, ai.decision_stream(state)))


@pytest.mark.parametrize("steady", [True, False])
def test_hard_takes_another_choice_only_when_its_play_outs_clearly_win(
        campaign: Scenario, monkeypatch: pytest.MonkeyPatch, steady: bool) -> None:
    """On hard the computer checks its one-move pick by play-outs: a choice whose paired
    play-outs win steadily replaces it; one that only wins on a lucky scatter does not."""
    state, side = _position_with_a_choice(campaign)
    event = rules.current_event(state, side)
    assert event is not None
    open_choices = [c for c in event.choices if rules.choice_available(state, c)]
    normal_pick = ai._one_move_choice(  # what one move ahead (with hard's noise) picks
        state, side, event, open_choices, ai.decision_stream(state),
        ai.DIFFICULTIES["hard"], None, ai.temperament_for(state, side))
    gains = [3.0, 2.5, 3.5, 3.0, 2.8, 3.2] if steady else [40.0, -35.0, 38.0, -37.0, 36.0, -30.0]

    def fake(state: GameState, side_id: str, first: Command, rollouts: int, depth: int,
             temperament: object = None) -> list[float]:
        assert isinstance(first, Choose) and rollouts == ai.DIFFICULTIES["hard"].rollouts
        return [0.0] * rollouts if first.choice == normal_pick.id else gains

    monkeypatch.setattr(ai, "rollout_values", fake)
    command = ai.choose_command(state, side, ai.decision_stream(state))
    assert isinstance(command, Choose)
    assert (command.choice != normal_pick.id) is steady
