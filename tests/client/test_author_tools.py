"""Authors' tools in the window: play --watch reloads an edited scenario under a running
game, replays the moves and says where the game now differs (or what is broken, keeping
the game); a command line that cannot start its campaign says why on the title screen."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pygame
from client_helpers import step
from conftest import TINY

from game.engine.commands import Choose, EndTurn


def _play_two_turns(app: Any) -> None:
    screen = app.top
    assert screen.name == "campaign" and screen.event.id == "aid_deal"
    screen.choose("accept")
    step(app, 2)
    screen = app.top
    while app.session.state.turn < 2:
        screen.end_turn()
        step(app, 2)
        screen = app.top
        if screen.event is not None:
            screen.choose(screen.event.choices[0].id)
            step(app, 2)


def test_watch_reloads_an_edited_scenario_and_names_where_the_game_differs(
        make_app: Any, tmp_path: Path) -> None:
    folder = tmp_path / "tiny_copy"
    shutil.copytree(TINY, folder)
    path = folder / "scenario.yaml"
    original = path.read_text(encoding="utf-8")
    app = make_app(scenario=str(folder), side="prc", seed=1, watch=True)
    app.author.poll_seconds = 0
    app.first_screen()
    step(app, 3)
    _play_two_turns(app)
    before = app.session
    moves = list(before.state.log)
    assert isinstance(moves[0], Choose) and any(isinstance(c, EndTurn) for c in moves)

    path.write_text(original.replace("- add: {tension: -5}", "- add: {tension: -15}"),
                    encoding="utf-8")
    step(app, 3)
    assert app.author.reloads == 1
    assert app.session is not before and app.top.name == "campaign"
    assert list(app.session.state.log)[:len(moves)] == moves     # the game goes on
    assert app.session.state.turn == before.state.turn
    notice = " ".join(app.author.lines)
    assert "now differs in turn 1 (1953 Q2)" in notice and "tension" in notice
    assert f"{len(moves)} of {len(moves)} moves replayed" in app.author.title
    pygame.image.save(app.window, str(tmp_path / "reloaded.png"))

    kept = app.session
    path.write_text("scenario: [\n", encoding="utf-8")
    step(app, 3)
    assert app.author.error and app.session is kept
    assert any("scenario.yaml:" in line and "YAML syntax error" in line
               for line in app.author.lines)
    assert "the game goes on with the last version that loaded" in app.author.title

    path.write_text(original.replace("Moscow offers plants.", "Moscow offers factories."),
                    encoding="utf-8")
    step(app, 3)
    assert app.author.reloads == 2 and not app.author.error
    assert app.session.state.turn == kept.state.turn


def test_a_move_the_new_version_refuses_ends_the_replay_there(make_app: Any,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "tiny_copy"
    shutil.copytree(TINY, folder)
    path = folder / "scenario.yaml"
    original = path.read_text(encoding="utf-8")
    app = make_app(scenario=str(folder), side="prc", seed=1, watch=True)
    app.author.poll_seconds = 0
    app.first_screen()
    step(app, 3)
    _play_two_turns(app)
    path.write_text(original.replace("id: accept", "id: agree"), encoding="utf-8")
    step(app, 3)
    notice = " ".join(app.author.lines)
    assert "Move 1 (prc answering 'aid_deal' with 'accept') is no longer possible" in notice
    assert app.session.state.log == [] and app.top.name == "campaign"
    assert app.top.event.id == "aid_deal"


def test_the_title_screen_says_why_the_command_line_campaign_cannot_start(
        make_app: Any, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(TINY, folder)
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    (folder / "scenario.yaml").write_text(text.replace("start: 30,", "start: 300,"),
                                          encoding="utf-8")
    app = make_app(scenario=str(folder), side="prc")
    app.first_screen()
    step(app, 2)
    assert app.top.name == "title"
    assert "start 300 is outside the bounds 0..100" in app.top.message
    assert "python -m game validate" in app.top.message


def test_lint_card_measure_agrees_with_the_real_card(make_app: Any, tmp_path: Path) -> None:
    from game.authoring.cardfit import overflows
    from game.content.loader import load_scenario

    text = (TINY / "scenario.yaml").read_text(encoding="utf-8")
    fits, too_long = ("Accept, with thanks for the help",
                      "Take the plants and seek Western trade too, as the planners wish")
    long_title = ("Aid deal, with every term and every annex of the agreement between the two "
                  "parties spelt out in full in the title")
    text = text.replace("title: Aid deal", f"title: {long_title}")
    text = text.replace("        label: Accept\n", f"        label: {fits}\n")
    text = text.replace("        label: Refuse\n", f"        label: {too_long}\n")
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    found = {o.where for o in overflows(load_scenario(folder)) if o.event_id == "aid_deal"}
    app = make_app(scenario=str(folder), side="prc", seed=1, size=(1024, 600))
    app.first_screen()
    step(app, 3)
    screen = app.top
    assert screen.event.id == "aid_deal"
    for button, choice in zip(screen.choice_buttons, screen.event.choices, strict=True):
        cut = button.text.endswith("\u2026")
        assert cut == (f"choice {choice.id}" in found), (button.text, found)
    titles = [t for kind, _font, t, _pos in screen.card_items if kind == "title"]
    assert " ".join(titles) != long_title and "title" in found
    assert "choice refuse" in found and "choice accept" not in found
