"""The score a player sees: the panel on the campaign screen, its ticking numbers,
the score sheet, the objectives page, the ending lines on the meters, the dice
notice and the end screen, read from any scenario's data (one with a scoring
section written here, the fixture scenarios without one, and the campaign)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import click, key, step
from conftest import CAMPAIGN, ROOT, TINY

SCORING = """
scoring:
  points: {prc: prc_vp, ussr: ussr_vp}
  draw_margin: 3
  moments:
    - id: tally
      name: The quarterly tally
      description: Both sides count their gains.
      awards:
        - {side: prc, label: Calm in the alliance, points: "(60 - tension) / 10"}
        - {side: ussr, label: Patience, points: 1}
    - id: party_count
      name: The party count
      from: 1953-Q3
      chance: 0.5
      cooldown: 2
      awards:
        - {side: prc, label: Friends abroad, points: "allies_prc * 2"}
"""
POINTS_METERS = """meters:
  - {id: prc_vp, name: PRC points, owner: prc, start: 0, min: -50, max: 50,
     display: {group: score, short: Points}}
  - {id: ussr_vp, name: USSR points, owner: ussr, start: 0, min: -50, max: 50,
     display: {group: score, short: Points}}
"""


def scored_tiny(tmp_path: Path) -> Path:
    """The tiny fixture with victory points, two scoring moments and endings that add half
    the points lead: nothing in it is the campaign's."""
    text = (TINY / "scenario.yaml").read_text(encoding="utf-8")
    text = text.replace("meters:\n", POINTS_METERS, 1)
    text = text.replace("score: {prc: 80, ussr: 70}",
                        'score: {prc: "clamp(80 + (prc_vp - ussr_vp) / 2, 0, 100)", '
                        'ussr: "clamp(70 + (ussr_vp - prc_vp) / 2, 0, 100)"}')
    folder = tmp_path / "scored_tiny"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(text + SCORING, encoding="utf-8")
    return folder


def campaign_screen(make_app: Any, scenario: Path, **overrides: Any) -> Any:
    app = make_app(scenario=str(scenario), side="prc", seed=5, **overrides)
    app.first_screen()
    step(app, 2)
    assert app.top.name == "campaign"
    return app


def drawn_texts(screen: Any) -> list[str]:
    return [text for text, _rect in screen.score.drawn]


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))


def test_without_a_scoring_section_the_panel_shows_the_forecast(make_app: Any) -> None:
    app = campaign_screen(make_app, TINY)
    screen = app.top
    texts = drawn_texts(screen)
    state = app.session.state
    from game.engine import scoring

    forecast = scoring.forecast(state)
    assert forecast.title in texts
    assert str(round(forecast.scores["prc"])) in texts
    assert not any("Victory points" in t or "Next scoring" in t for t in texts)
    assert any(t.startswith("Nearest change:") for t in texts)   # tension to 90: War
    key(app, pygame.K_s)
    assert app.top.name == "score"
    sheet = plain(app.top.box.html_text)
    assert "IF THE GAME ENDED NOW" in sheet and "VICTORY POINTS" not in sheet
    assert "If Tension rises to 90 (now" in sheet
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_o)
    objectives = plain(app.top.box.html_text)
    assert "Your final score is the score of the ending the campaign reaches" in objectives
    assert "SCORING MOMENTS" not in objectives
    assert "Friends \u2014 you 80, USSR 70 (the best of 3 for you)" in objectives


def test_the_panel_reads_any_scenarios_scoring(make_app: Any, tmp_path: Path) -> None:
    app = campaign_screen(make_app, scored_tiny(tmp_path))
    screen = app.top
    assert "Victory points" in drawn_texts(screen)
    # the scoring meters live in the panel, not in the meter list
    slots = app.session.scenario.scoring.points.values()
    assert not set(slots) & set(screen.meters.slots)
    next_line = " ".join(t for t in drawn_texts(screen) if not t.startswith("Nearest"))
    assert "Next scoring: The quarterly tally, this quarter: you +3, USSR +1" in next_line
    title, lines = screen.score.tooltip(app.session.state)
    assert title == "The score" and any(line.startswith("If it ended now:") for line in lines)
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_e)                       # the tally pays at the end of the turn
    screen.score.update(1.0)
    state = app.session.state
    assert state.values[state.scenario.scoring.points["prc"]] > 0
    assert screen.score.ticks["points:prc"].shown == state.values[
        state.scenario.scoring.points["prc"]]
    from game.client import present

    paid = [c for c in state.ledger if c.cause.kind == "scoring" and c.cause.side == "prc"]
    assert present.cause_text(state.scenario, paid[0].cause, "prc") == \
        "The quarterly tally (Calm in the alliance)"
    albania = state.scenario.parties[0]
    assert present.party_lines(state, albania)[-1] == (
        "Importance 1. Whoever controls it scores at The party count (as an ally).")
    click(app, type("Anchor", (), {"get_abs_rect": lambda self: screen.score.area})())
    assert app.top.name == "score"
    sheet = plain(app.top.box.html_text)
    assert "The quarterly tally \u2014 Calm in the alliance: +" in sheet
    assert "The party count — 50% this quarter" in sheet
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_o)
    objectives = plain(app.top.box.html_text)
    assert ("Your final score is, for some endings (listed on the objectives page), the "
            "ending's base score plus half your lead in victory points") in objectives
    assert "more than 3 above USSR's is a win" in objectives
    assert ("The party count \u2014 A 50% chance each quarter, never within 2 turns of the "
            "last, from 1953 Q3.") in objectives
    assert "You: Friends abroad (now \u00b10)" in objectives
    assert "USSR: Patience (now +1)" in objectives


@pytest.mark.parametrize("animations", [True, False])
def test_the_score_ticks_to_a_new_value_unless_animations_are_off(
        make_app: Any, tmp_path: Path, animations: bool) -> None:
    from game.client.settings import Settings, save_settings

    save_settings(Settings(animations=animations))
    app = campaign_screen(make_app, scored_tiny(tmp_path))
    screen = app.top
    assert app.settings.animations is animations
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, mod=0, unicode="",
                                         scancode=0))
    app.step()
    target = app.session.state.values[app.session.scenario.scoring.points["prc"]]
    tick = screen.score.ticks["points:prc"]
    assert target > 0 and tick.target == target
    if animations:
        assert tick.shown < target and tick.moving   # it counts up over a short moment
        screen.score.update(0.2)
        assert 0 < tick.shown < target
        screen.score.update(1.0)
    assert tick.shown == target and not tick.moving


def test_meter_bars_mark_the_lines_endings_draw(make_app: Any) -> None:
    from game.client import scoretext

    app = campaign_screen(make_app, TINY)
    scenario = app.session.scenario
    tension = scenario.meter_index["tension"]
    lines = scoretext.ending_lines(scenario)[tension]
    assert [(line.value, line.op, line.title) for line in lines] == [
        (40.0, "<", "Friends"), (90.0, ">=", "War")]
    _title, tip = app.top.meters.tooltip(app.session.state, tension)
    assert ("Ending lines: below 40, with more conditions \u2014 Friends; 90 or more \u2014 "
            "War.") in tip
    # the nearest change to the forecast is the one the panel names, marked on its bar
    assert app.top.meters.nearest == app.top.score.nearest_mark() == (tension, 90)


def test_moving_lines_follow_the_other_meter() -> None:
    from game.client import scoretext
    from game.content.loader import load_scenario

    scenario = load_scenario(CAMPAIGN)
    values = [0] * scenario.slot_count
    for meter in scenario.meters:
        values[meter.slot] = meter.start
    moved = scoretext.moving_lines(scenario, values)
    both = [scenario.meter_index[m] for m in ("prc_leadership", "ussr_leadership")]
    ending = next(e for e in scenario.endings
                  if e.soft is not None and "prc_leadership" in e.condition_source
                  and "ussr_leadership" in e.condition_source)
    for slot in both:
        found = [line for line in moved.get(slot, []) if line.ending == ending.id]
        assert found and all(line.moving for line in found)
    # moving one standing moves the line on the other
    values[both[1]] += 10
    again = scoretext.moving_lines(scenario, values)
    first = [line.value for line in moved[both[0]] if line.ending == ending.id]
    second = [line.value for line in again[both[0]] if line.ending == ending.id]
    assert [b - a for a, b in zip(first, second, strict=True)] == [10.0] * len(first)


def test_a_roll_makes_the_command_final_and_says_so(make_app: Any) -> None:
    from game.client.screens.campaign import DICE_CAST

    app = campaign_screen(make_app, ROOT / "tests" / "fixtures" / "scenarios" /
                          "persist_chance")
    screen = app.top
    assert "50%" in " ".join(text for _k, _f, text, _p in screen.card_items)  # odds shown
    key(app, pygame.K_1)
    key(app, pygame.K_RETURN)
    assert app.session.last_rolled
    assert screen.notice == DICE_CAST
    assert not screen.undo_button.is_enabled
    key(app, pygame.K_u)
    assert "Undo stops at the last roll of the dice" in screen.notice


def test_help_states_scoring_control_and_the_dice_rule(make_app: Any, tmp_path: Path) -> None:
    app = campaign_screen(make_app, scored_tiny(tmp_path))
    key(app, pygame.K_F1)
    assert app.top.name == "help"
    text = plain(app.top.box.html_text)
    for words in ("scoring moments", "victory points", "regional balances",
                  "by its importance", "never past a roll of the dice", "draw margin",
                  "plus half your lead in victory points (your points minus USSR's"):
        assert words in text, words


def test_end_screen_verdict_place_points_and_the_temperament_revealed(make_app: Any) -> None:
    import random

    from game.client import scoretext
    from game.engine import ai, scoring

    app = campaign_screen(make_app, CAMPAIGN)
    session = app.session
    rival = "ussr"
    temperament = ai.temperament_for(session.state, rival)
    assert temperament is not None
    # never before the end: not on the panel, its tooltip, the score sheet or objectives
    screen = app.top
    seen = " ".join(drawn_texts(screen)) + " ".join(screen.score.tooltip(session.state)[1])
    key(app, pygame.K_s)
    seen += app.top.box.html_text
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_o)
    seen += app.top.box.html_text
    key(app, pygame.K_ESCAPE)
    assert temperament.description[:40] not in seen
    rng = random.Random(3)
    while not session.state.over:
        session.submit(ai.choose_command(session.state, session.human, rng))
    screen.sync()
    step(app, 3)
    end = app.top
    assert end.name == "end"
    state = session.state
    verdict = scoring.verdict(state.scenario, state.scores, "prc")
    assert end.verdict_rect.w > 0
    words = " ".join(run.text for paragraph in end.compare.paragraphs for run in paragraph)
    assert "WHAT DECIDED IT" in words
    assert scoretext.points_verdict(state, "prc") in words
    assert "USSR, AS THE COMPUTER PLAYED IT" in words
    assert temperament.name in words and temperament.description in words
    place = scoretext.place_among_endings(state.scenario, "prc", state.ending)
    table = scoring.ending_table(state.scenario, "prc")
    better = {row.score for row in table if row.score > next(
        r.score for r in table if r.ending == state.ending)}
    assert place == 1 + sum(1 for row in table if row.score in better)
    assert verdict in scoretext.VERDICT_WORDS
