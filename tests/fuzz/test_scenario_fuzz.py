"""The scenario fuzzer's short run: every mutant gets diagnostics or plays to an end.

A few hundred seeded mutants of the shipped campaign and the fixtures (about a
minute). Set RED_SCHISM_FUZZ_MUTANTS (and RED_SCHISM_FUZZ_SEED) for a longer run
inside the suite, or use run_scenario_fuzz.py for long runs with worker processes,
memory limits and shrinking of escapes. An escape names its (seed, index), which
reproduces it exactly:

    .venv/bin/python tests/fuzz/run_scenario_fuzz.py --seed S --start I --mutants 1
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
import scenario_fuzz

MUTANTS = int(os.environ.get("RED_SCHISM_FUZZ_MUTANTS", "500"))
SEED = int(os.environ.get("RED_SCHISM_FUZZ_SEED", "1953"))


def test_every_mutant_gets_diagnostics_or_plays_to_an_end(tmp_path: Path) -> None:
    bases = scenario_fuzz.load_bases()
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    escapes = []
    for index in range(MUTANTS):
        outcome = scenario_fuzz.run_mutant(bases, SEED, index, tmp_path)
        counts[outcome.kind] += 1
        kinds.update(m.split(":")[0] for m in outcome.mutations)
        if outcome.escaped:
            escapes.append(f"mutant {index} of seed {SEED} ({outcome.base}/{outcome.file}, "
                           f"{outcome.mutations}): {outcome.detail}")
    assert not escapes, "\n\n".join(escapes)
    # The run reached both outcomes and every kind of mutation: it tests something.
    assert counts["diagnostics"] >= MUTANTS // 5 and counts["played"] >= MUTANTS // 10, counts
    assert set(kinds) >= {*scenario_fuzz.STRUCTURED, "raw"}, kinds


def test_a_mutant_is_the_same_for_the_same_seed_and_index() -> None:
    bases = scenario_fuzz.load_bases(["tiny_win", "campaign"])
    for name in bases:
        first = scenario_fuzz.make_mutant(bases[name], 7, 42)
        again = scenario_fuzz.make_mutant(bases[name], 7, 42)
        assert first.files == again.files and first.mutations == again.mutations
        assert first.files != bases[name].files


def test_the_judge_catches_what_escapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness itself: a crash, a hang and a game without an ending are escapes."""
    path = scenario_fuzz.BASES["tiny_win"]
    assert scenario_fuzz.judge(path)[0] == "played"

    def crash(*args: object, **kwargs: object) -> object:
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(scenario_fuzz, "play_many", crash)
    kind, detail = scenario_fuzz.judge(path)
    assert kind == "escape" and detail.startswith("OverflowError")

    def hang(*args: object, **kwargs: object) -> object:
        while True:
            pass

    monkeypatch.setattr(scenario_fuzz, "play_many", hang)
    kind, detail = scenario_fuzz.judge(path, seconds=0.3)
    assert kind == "escape" and detail.startswith("hang")


def test_minimise_shrinks_an_escape_to_a_small_single_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine that breaks on one action: the shrunk scenario keeps that action only."""
    from game.engine import rules

    original = rules.apply

    def breaks_on_polemic(state, command):  # type: ignore[no-untyped-def]
        if getattr(command, "action", None) == "polemic":
            raise ZeroDivisionError("polemic")
        return original(state, command)

    base = scenario_fuzz.Base.load("tiny_win")
    mutant = scenario_fuzz.Mutant("tiny_win", "scenario.yaml", [], dict(base.files))
    with monkeypatch.context() as patch:
        patch.setattr(rules, "apply", breaks_on_polemic)
        patch.setattr("game.engine.ai.apply", breaks_on_polemic)
        shrunk = scenario_fuzz.minimise(mutant, tmp_path, "ZeroDivisionError", seconds=5)
    text = shrunk.decode()
    assert "polemic" in text and "praise" not in text and "aid_deal" not in text
    assert len(text) < len(base.files["scenario.yaml"]) / 2
    # Fixed: the same mutant no longer escapes, and minimise says so.
    with pytest.raises(scenario_fuzz.CannotShrink, match="no longer escapes"):
        scenario_fuzz.minimise(mutant, tmp_path, "ZeroDivisionError", seconds=5)
