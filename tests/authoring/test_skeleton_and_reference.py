"""'new' writes a scenario that validates, lints clean and plays to an end; FORMAT.md's
reference tables are the schema's; the check vocabulary is one list everywhere."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from game.authoring.lint import lint_path
from game.authoring.reference import current_tables, reference_tables
from game.authoring.skeleton import SkeletonError, write_skeleton
from game.content import schema, silencing
from game.content.loader import load_scenario
from game.engine.simulation import play_many

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("period", ["quarter", "month"])
def test_the_skeleton_validates_lints_clean_and_plays_to_an_end(tmp_path: Path,
                                                                period: str) -> None:
    folder = write_skeleton(tmp_path, "my_crisis", ["usa", "ussr"], period)
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert (folder / "scenario.schema.json").is_file()
    scenario = load_scenario(folder)
    assert scenario.id == "my_crisis" and scenario.side_ids == ("usa", "ussr")
    assert scenario.calendar.period == period and scenario.calendar.turns == 12
    assert scenario.scoring is not None and len(scenario.events) >= 3
    assert len(scenario.actions) >= 4 and len(scenario.endings) >= 3
    report = lint_path(folder, games=200)
    assert [str(w) for w in report.warnings] == []
    games = play_many(scenario, 3, list(range(60)), "both", "normal")
    assert all(g.ending != "unfinished" for g in games)
    assert len({g.ending for g in games}) >= 3


def test_new_refuses_bad_ids_and_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(SkeletonError) as caught:
        write_skeleton(tmp_path, "My Crisis", ["a", "b"], "quarter")
    assert caught.value.usage
    with pytest.raises(SkeletonError):
        write_skeleton(tmp_path, "ok", ["a", "a"], "quarter")
    write_skeleton(tmp_path, "ok", ["a", "b"], "quarter")
    with pytest.raises(SkeletonError) as caught:
        write_skeleton(tmp_path, "ok", ["a", "b"], "quarter")
    assert "already exists" in str(caught.value) and not caught.value.usage


def test_format_md_reference_tables_are_generated_from_the_schema() -> None:
    assert current_tables(ROOT / "scenarios" / "FORMAT.md") == reference_tables(), (
        "scenarios/FORMAT.md's reference tables are out of date; regenerate them with "
        "python -m game schema --reference --out scenarios/FORMAT.md")


def test_every_item_s_silence_accepts_exactly_the_checks_of_its_kind() -> None:
    for kind in silencing.KIND_CHECKS:
        assert silencing.KIND_CHECKS[kind] == silencing.checks_for(kind), kind
    models = {"flag": schema.Flag, "meter": schema.Meter, "third_party": schema.ThirdParty,
              "event": schema.Event, "choice": schema.Choice, "action": schema.Action,
              "ending": schema.Ending}
    assert set(models) == set(silencing.KIND_CHECKS)
    for kind, model in models.items():
        annotation = model.model_fields["silence"].annotation
        key_type = typing.get_args(annotation)[0]
        assert set(typing.get_args(key_type)) == set(silencing.checks_for(kind)), kind
    every = set(typing.get_args(silencing.CheckName))
    assert every == {c.name for c in silencing.CHECKS}
