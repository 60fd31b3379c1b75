"""The published JSON Schema is as strict as the game: an independent validator
(``jsonschema``) and the game give the same verdict on a corpus of one-mistake files,
errors point at the bad key, and every shipped scenario file passes both."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario
from game.content.schema import json_schema
from game.content.yaml_reader import read_yaml

from .schema_corpus import Case, cases

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = jsonschema.Draft202012Validator(json_schema())
SCHEMA_LINE = "# yaml-language-server: $schema="


def _game_accepts(case: Case, folder: Path) -> bool:
    text = yaml.safe_dump(case.data, sort_keys=False, allow_unicode=True)
    doc, problems = read_yaml(text, "case")
    assert not problems and doc.data == case.data, f"{case.name} does not round-trip"
    path = folder / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_scenario(path)
    except ScenarioError:
        return False
    return True


def test_game_and_json_schema_agree_on_every_one_mistake_file(tmp_path: Path) -> None:
    verdicts: Counter[str] = Counter()
    disagreements = []
    for index, case in enumerate(cases()):
        folder = tmp_path / str(index)
        folder.mkdir()
        game = _game_accepts(case, folder)
        errors = list(VALIDATOR.iter_errors(case.data))
        schema = not errors
        if case.valid:
            if not (game and schema):
                disagreements.append(f"{case.name}: game {game}, schema {schema} (valid)")
            verdicts["valid, both accept"] += 1
            continue
        if not case.expressible:
            # Cross-references and expressions: the game must reject; the schema cannot.
            assert not game, f"{case.name}: the game accepts a mistake"
            verdicts["validator-only mistakes, game rejects"] += 1
            continue
        if game != schema:
            disagreements.append(f"{case.name}: game {'accepts' if game else 'rejects'}, "
                                 f"schema {'accepts' if schema else 'rejects'}: "
                                 + "; ".join(e.message[:80] for e in errors[:2]))
        verdicts["schema-expressible mistakes, same verdict"] += 1 - (game != schema)
        verdicts["schema-expressible mistakes"] += 1
        # Errors are reported at the bad key (or, for a key added or left out, at the
        # mapping that holds it) — never further up, as anyOf wrappers used to.
        for error in errors:
            path = tuple(error.absolute_path)
            assert path[:len(case.where) - 1] == case.where[:-1] and \
                len(path) >= len(case.where) - 1, (case.name, path, error.message)
    print("\nschema agreement:", json.dumps(dict(verdicts)))
    assert not disagreements, "\n".join(disagreements)
    assert verdicts["schema-expressible mistakes"] >= 100


def _shipped_files() -> list[Path]:
    return sorted((ROOT / "scenarios").rglob("*.yaml"))


@pytest.mark.parametrize("path", [*_shipped_files(),
                                  *sorted((ROOT / "tests" / "fixtures" / "scenarios")
                                          .rglob("*.yaml"))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_valid_scenario_file_passes_the_json_schema(path: Path) -> None:
    doc, problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
    assert not problems
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(doc.data)]
    assert errors == []


def test_shipped_yaml_files_name_the_schema_for_editors() -> None:
    schema_file = ROOT / "scenarios" / "scenario.schema.json"
    assert json.loads(schema_file.read_text(encoding="utf-8")) == json_schema(), (
        "scenarios/scenario.schema.json is out of date: python -m game schema --out "
        "scenarios/scenario.schema.json")
    for path in _shipped_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        relative = Path(first.removeprefix(SCHEMA_LINE))
        assert first.startswith(SCHEMA_LINE), f"{path.name} does not start with the schema line"
        assert (path.parent / relative).resolve() == schema_file.resolve(), first


def test_the_schema_has_no_null_branches_or_parent_level_unions() -> None:
    text = json.dumps(json_schema())
    assert '"null"' not in text
    assert '"anyOf"' not in text
