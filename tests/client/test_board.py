"""The board: a real map whose territories, labels, caption and colours come from
the scenario, with no label dropped or overlapping at any supported size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest
from client_helpers import step
from conftest import CAMPAIGN, ROOT

from game.client import identity
from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario
from game.engine.session import GameSession

MISSILES = ROOT / "tests" / "fixtures" / "scenarios" / "missiles_1962"
SUPPORTED = [(1024, 600), (1280, 720), (1920, 1080), (2560, 1440)]


def board_after_start(make_app: Any, scenario: Any, size: tuple[int, int],
                      side: str | None = None) -> Any:
    app = make_app(size=size)
    session = GameSession.new(scenario, 5, side or scenario.side_ids[0], "normal")
    app.start_session(session)
    step(app, 2)
    screen = app.top
    # the board shows once the first cables are answered
    import random

    from game.engine import ai

    rng = random.Random(1)
    while screen.event is not None:
        screen.submit(ai.choose_command(session.state, session.human, rng))
    step(app, 2)
    return app, screen.board


def test_every_third_party_of_the_campaign_has_a_territory_on_the_map() -> None:
    from game.client import mapdata

    scenario = load_scenario(CAMPAIGN)
    world = mapdata.load(scenario.look.map)
    for party in scenario.parties:
        holder = scenario.look.holder(party.id)
        assert holder.territory, f"{party.id} has no territory"
        for state_id in holder.territory:
            assert world.states[state_id].polygons, f"{party.id}: {state_id} has no shape"
        assert holder.capital is not None
    for side in scenario.sides:
        assert scenario.look.holder(side.id).territory


@pytest.mark.parametrize("size", SUPPORTED, ids=lambda s: f"{s[0]}x{s[1]}")
def test_labels_are_all_placed_inside_the_window_without_overlap(make_app: Any,
                                                                 size: tuple[int, int]) -> None:
    scenario = load_scenario(CAMPAIGN)
    app, board = board_after_start(make_app, scenario, size)
    window = pygame.Rect((0, 0), size)
    expected = {"side:" + s.id for s in scenario.sides} | {p.id for p in scenario.parties}
    expected |= {"border:" + b.name for b in scenario.look.borders}
    placed = {p.key: p for p in board.placed}
    assert set(placed) == expected, "a label was dropped"
    rects = []
    for label in board.placed:
        on_screen = label.rect.move(board.map_rect.topleft)
        assert window.contains(on_screen), f"{label.key} sticks out at {on_screen}"
        assert board.map_rect.contains(on_screen), f"{label.key} leaves the map"
        rects.append((label.key, on_screen))
    for i, (key_a, a) in enumerate(rects):
        for key_b, b in rects[i + 1:]:
            assert not a.colliderect(b), f"{key_a} overlaps {key_b} at {size}"
    # no two capitals' markers sit on each other (crowded ones move to the inset)
    markers = [mk for mk in board.markers if not mk.key.startswith("side:")]
    for i, a in enumerate(markers):
        for b in markers[i + 1:]:
            gap = ((a.center[0] - b.center[0]) ** 2 + (a.center[1] - b.center[1]) ** 2) ** 0.5
            assert gap >= a.radius + b.radius - 6, f"{a.key} and {b.key} overlap at {size}"
    if board.inset is not None:
        assert board.map_rect.contains(board.inset.rect.move(board.map_rect.topleft))
        for label in board.placed:
            if label.key not in board.inset.members:
                assert not label.rect.colliderect(board.inset.rect), f"{label.key} on inset"
    # every territory was drawn: its anchor's pixel is no longer plain sea
    picture = board.picture(app.session.state)
    sea = pygame.Color(app.pal.sea)
    for holder in board.holders:
        if holder.polygons:
            assert holder.bounds is not None and holder.bounds.w > 0
    assert picture.get_at(board.holders[0].anchor) != sea


def test_small_windows_enlarge_central_europe_in_an_inset(make_app: Any) -> None:
    scenario = load_scenario(CAMPAIGN)
    _app, board = board_after_start(make_app, scenario, (1024, 600))
    assert board.inset is not None
    assert {"hungary", "yugoslavia", "albania"} <= board.inset.members
    hungary = next(h for h in board.holders if h.ident == "hungary")
    assert board.inset.rect.collidepoint(hungary.anchor)
    assert board.hit(board.marker("hungary").center) == "hungary"


def test_the_caption_shows_the_current_date(make_app: Any) -> None:
    import random

    from game.engine import ai

    scenario = load_scenario(CAMPAIGN)
    app, board = board_after_start(make_app, scenario, (1280, 720))
    state = app.session.state
    caption = board._caption_rect()
    first = pygame.image.tobytes(board.picture(state).subsurface(caption), "RGB")
    assert board.caption_text(state).startswith(state.date_label)
    rng = random.Random(2)
    while state.turn == 0:
        app.top.submit(ai.choose_command(state, app.top.human, rng))
    later = pygame.image.tobytes(board.picture(state).subsurface(caption), "RGB")
    assert board.caption_text(state).startswith(scenario.calendar.label(1))
    assert first != later


def test_hovering_a_territory_or_its_capital_finds_the_party(make_app: Any) -> None:
    scenario = load_scenario(CAMPAIGN)
    _app, board = board_after_start(make_app, scenario, (1920, 1080))
    india = next(h for h in board.holders if h.ident == "india")
    marker = board.marker("india")
    assert marker is not None and board.hit(marker.center) == "india"
    # a point inside India's territory, away from its capital's marker
    assert india.bounds is not None
    inside = None
    for dx in range(india.bounds.w):
        for dy in range(india.bounds.h):
            x, y = india.bounds.x + dx, india.bounds.y + dy
            point = (x + board.map_rect.x, y + board.map_rect.y)
            if abs(point[0] - marker.center[0]) + abs(point[1] - marker.center[1]) > 40 and \
                    board.hit(point) == "india":
                inside = point
                break
        if inside:
            break
    assert inside is not None


def test_a_scenario_with_other_ids_plays_through_the_client_with_its_own_look(
        make_app: Any, tmp_path: Path) -> None:
    """No code path is keyed on the shipped campaign: other side, meter and party ids,
    no colours, caption or region in the data -> defaults, never the campaign's look."""
    scenario = load_scenario(MISSILES)
    assert scenario.look.map == "world"
    app = make_app(autoplay=True, seed=4, side="kremlin", scenario=str(MISSILES),
                   screenshot=str(tmp_path / "shots"))
    app.first_screen()
    board = None
    for _ in range(3000):
        if not app.running:
            break
        app.step()
        top = app.top
        if top is not None and top.name == "campaign" and board is None:
            board = top.board
            caption_owner = top
    assert app.session.state.over and app.finished_ending in {"war", "settled"}
    assert board is not None and caption_owner is not None
    # defaults: the palette's colours by place, the scenario's title as caption
    assert identity.side_colour(scenario, app.pal, "washington") == app.pal.side_a
    assert identity.side_colour(scenario, app.pal, "kremlin") == app.pal.side_b
    assert board.look.caption == ""
    region = board.projection.region
    assert region.west < -82 < 37 < region.east        # Havana to Moscow framed
    assert {h.ident for h in board.holders} == {"washington", "kremlin", "havana", "ankara",
                                                "west_berlin"}
    assert {p.key for p in board.placed} >= {"havana", "ankara", "west_berlin"}


def write_scenario(tmp_path: Path, text: str, replace: tuple[str, str]) -> Path:
    folder = tmp_path / "broken"
    folder.mkdir()
    source = (MISSILES / "scenario.yaml").read_text(encoding="utf-8")
    assert replace[0] in source
    (folder / "scenario.yaml").write_text(source.replace(*replace) + text, encoding="utf-8")
    return folder


def test_an_unknown_map_is_a_load_error_with_a_position_and_a_hint(tmp_path: Path) -> None:
    folder = write_scenario(tmp_path, "", ("  title: Thirteen Days\n",
                                           "  title: Thirteen Days\n  map: wrold\n"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    text = str(caught.value)
    assert "scenario.yaml:6:8: unknown map 'wrold'" in text
    assert "did you mean 'world'" in text
    assert "unknown state" not in text       # territories are not checked against no map


def test_an_unknown_territory_is_a_load_error_with_a_hint(tmp_path: Path) -> None:
    folder = write_scenario(tmp_path, "", ("territory: [cuba]", "territory: [cubaa]"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    text = str(caught.value)
    assert "unknown state on the map 'world' 'cubaa'" in text and "'cuba'" in text


def test_colour_blind_palette_replaces_scenario_colours_and_patterns_stay_distinct() -> None:
    from game.client import palette

    scenario = load_scenario(CAMPAIGN)
    period = [identity.side_colour(scenario, palette.PERIOD, s) for s in scenario.side_ids]
    assert period == [scenario.look.holder(s).color for s in scenario.side_ids]
    safe = [identity.side_colour(scenario, palette.COLOUR_BLIND, s) for s in scenario.side_ids]
    assert safe == list(palette.COLOUR_BLIND.side_colours()[:2])
    patterns = [identity.side_pattern(scenario, s) for s in scenario.side_ids]
    assert len(set(patterns)) == len(patterns)


def test_a_change_of_control_flashes_softly_once(make_app: Any) -> None:
    scenario = load_scenario(CAMPAIGN)
    app, board = board_after_start(make_app, scenario, (1280, 720))
    state = app.session.state
    board.picture(state)
    party = next(p for p in scenario.parties
                 if board.owners(state)[p.id] is None and p.independence < 50)
    slot = party.influence_slots[scenario.side_ids[0]]
    state.values[slot] = 100
    state.values[party.influence_slots[scenario.side_ids[1]]] = 0
    board.picture(state)
    assert party.id in board._flashes
    steps = 0
    while board.update(1 / 30):
        steps += 1
        board.picture(state)
    assert not board._flashes and steps <= 30      # gone within a second, never repeated
    quiet = type(board)(scenario, app.pal, app.metrics, animate=False)
    quiet.set_area(board.area)
    quiet.picture(state)
    state.values[slot] = 0
    quiet.picture(state)
    assert not quiet.update(0.1)


def test_a_plain_board_places_parties_by_position(make_app: Any, tmp_path: Path) -> None:
    from conftest import TINY

    folder = tmp_path / "plain"
    folder.mkdir()
    text = (TINY / "scenario.yaml").read_text(encoding="utf-8")
    text = text.replace("  title: Tiny alliance\n", "  title: Tiny alliance\n  map: plain\n")
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    scenario = load_scenario(folder)
    assert scenario.look.map == "plain"
    app, board = board_after_start(make_app, scenario, (1024, 600))
    assert board.world is None
    albania = next(h for h in board.holders if h.ident == "albania")
    assert albania.anchor == (round(0.2 * board.map_rect.w), round(0.3 * board.map_rect.h))
    assert {p.key for p in board.placed} == {"albania"}
    board.picture(app.session.state)
