"""Opening saves in the window: the computer-move check, its progress sheet, refusals,
and the saves list with files that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import click, key, step
from conftest import TINY

from game.client import loading

pytest.importorskip("game.persistence.store")


def foreign_save(seed: int = 4, until_turn: int = 2) -> Path:
    """A save of the tiny scenario made elsewhere: this installation's mark removed."""
    from game.content.loader import load_scenario
    from game.engine import ai, rng
    from game.engine.session import GameSession
    from game.persistence import store
    from game.persistence.save_format import checksum_of

    scenario = load_scenario(TINY)
    session = GameSession.new(scenario, seed, "prc", "normal")
    stream = rng.stream(seed, "tests", "human-seat")
    while session.state.turn < until_turn:
        session.submit(ai.choose_command(session.state, "prc", stream))
    path = Path(store.save_game(session, "From a friend"))
    data = json.loads(path.read_bytes())
    data["computer"].update(marked=0, mark=None)
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def puppet(path: Path) -> None:
    """Have the computer (the USSR) take an action it would not take, then play on."""
    from game.engine import ai
    from game.engine.commands import Act
    from game.engine.rules import apply, legal_commands, new_game
    from game.persistence import read_save, save_game

    save = read_save(path, named=[TINY])
    state = new_game(save.scenario, save.data.seed, "prc", "normal")
    forced = Act("ussr", "polemic")
    for command in save.commands:
        if command.side == "ussr" and command != forced and forced in legal_commands(state):
            apply(state, forced)
            break
        apply(state, command)
    else:
        raise AssertionError("the computer never had a different move to make")
    if state.to_move == "ussr":
        ai.play_until_human(state)
    save_game(state, "From a friend")


def test_a_save_from_elsewhere_is_checked_behind_a_progress_sheet(
        make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.client.screens import checking

    foreign_save()
    monkeypatch.setattr(loading, "FIRST_SLICE", 0.0)   # as slow as a hard computer's check
    monkeypatch.setattr(checking, "SLICE", 0.0)
    app = make_app(command=None, scenario=str(TINY))
    app.first_screen()
    step(app, 2)
    key(app, pygame.K_l)
    assert app.top.name == "load"
    key(app, pygame.K_RETURN)
    assert app.top.name == "checking"
    seen = set()
    for _ in range(200):
        if app.top.name != "checking":
            break
        seen.add(round(app.top.job.progress, 2))
        step(app)
    assert app.top.name == "campaign" and len(seen) > 2
    assert app.session.state.turn == 2


def test_cancelling_the_check_goes_back_with_a_message(make_app: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from game.client.screens import checking

    foreign_save()
    monkeypatch.setattr(loading, "FIRST_SLICE", 0.0)
    monkeypatch.setattr(checking, "SLICE", 0.0)
    app = make_app(command=None, scenario=str(TINY))
    app.first_screen()
    step(app, 2)
    key(app, pygame.K_l)
    key(app, pygame.K_RETURN)
    assert app.top.name == "checking"
    key(app, pygame.K_ESCAPE)
    assert app.top.name == "load" and "cancelled" in app.top.message
    assert app.session is None


def test_an_edited_save_is_refused_with_a_clear_message_and_still_replays(
        make_app: Any) -> None:
    path = foreign_save(seed=6)
    puppet(path)
    app = make_app(command=None, scenario=str(TINY))
    app.first_screen()
    step(app, 2)
    click(app, app.top.focusables[[b.text for b in app.top.focusables].index("Continue")])
    assert app.top.name == "title" and app.session is None
    assert "cannot be continued" in app.top.message and "Replays" in app.top.message
    key(app, pygame.K_r)
    assert app.top.name == "replays"
    key(app, pygame.K_RETURN)
    assert app.top.name == "replay"


def test_the_saves_list_shows_unreadable_files_and_everything_else_works(
        make_app: Any) -> None:
    from game.persistence import saves_dir

    foreign_save(seed=8)
    folder = saves_dir()
    with open(folder / "huge.json", "wb") as handle:
        handle.truncate(3 * 1024**3)
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "nul \u0000 name.json".replace("\u0000", "\u200b")).write_bytes(b"\x00\xff")
    app = make_app(command=None, scenario=str(TINY))
    app.first_screen()
    step(app, 2)
    titles = [b.text for b in app.top.focusables]
    assert {"Continue", "Load", "Replays"} <= set(titles)     # nothing hidden
    key(app, pygame.K_l)
    assert app.top.name == "load"
    reasons = [e.detail for e in app.top.entries if not e.ok]
    assert any("too large" in r for r in reasons) and any("regular file" in r for r in reasons)
    assert any(e.ok for e in app.top.entries)
    key(app, pygame.K_ESCAPE)
    click(app, app.top.focusables[[b.text for b in app.top.focusables].index("Continue")])
    assert app.top.name == "campaign"                          # the newest readable save
    assert app.get_saves().autosave_error(app.session) is None  # autosave stays on
