"""Regenerate the golden replay saves in this folder — deliberately.

    python tests/golden/regenerate.py            # all of them
    python tests/golden/regenerate.py --only tiny_win_seed1

The golden saves are complete AI-vs-AI campaigns. tests/persistence/test_golden.py
replays them on every test run and fails if any turn's state hash changes, so
that a rules change which alters games is never an accident. When you change
the rules (or the fixture scenario) on purpose, run this script and commit the
new files together with the change, saying why the games changed.

The campaign golden (sino_soviet_split) is only checked while the campaign's
content is the same as when it was recorded; after content edits the test
skips it until it is regenerated here.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.content.loader import load_scenario  # noqa: E402
from game.engine import ai, rng  # noqa: E402
from game.engine.model import Scenario  # noqa: E402
from game.engine.session import GameSession  # noqa: E402
from game.persistence.save_format import build_save, dump_save  # noqa: E402
from game.persistence.store import atomic_write  # noqa: E402

SAVED_AT = "2000-01-01T00:00:00+00:00"
"""A fixed time, so that regenerating unchanged games gives identical files."""


@dataclass(frozen=True)
class Golden:
    name: str
    scenario: str
    """path relative to the repository root"""
    seed: int
    human: str
    difficulty: str
    fixture: bool
    """True: a test fixture (must never drift); False: the campaign (content may change)"""

    @property
    def path(self) -> Path:
        return HERE / f"{self.name}.json"

    @property
    def scenario_dir(self) -> Path:
        return ROOT / self.scenario


GOLDENS = (
    Golden("tiny_win_seed1", "tests/fixtures/scenarios/tiny_win", 1, "prc", "normal", True),
    Golden("tiny_win_seed2", "tests/fixtures/scenarios/tiny_win", 2, "ussr", "hard", True),
    Golden("tiny_win_seed3", "tests/fixtures/scenarios/tiny_win", 3, "prc", "easy", True),
    Golden("sino_soviet_split_seed7", "scenarios/sino_soviet_split", 7, "prc", "normal", False),
)


def play_ai_game(scenario: Scenario, seed: int, human: str, difficulty: str) -> GameSession:
    """A complete campaign with the AI also playing the human's seat, through GameSession."""
    session = GameSession.new(scenario, seed, human, difficulty)
    stream = rng.stream(seed, "golden", "human-seat")
    while not session.state.over:
        session.submit(ai.choose_command(session.state, human, stream))
    return session


def generate(golden: Golden) -> bytes:
    scenario = load_scenario(golden.scenario_dir)
    session = play_ai_game(scenario, golden.seed, golden.human, golden.difficulty)
    relative = Path("..") / ".." / golden.scenario  # from tests/golden/ to the scenario
    save = build_save(session.state, name=f"Golden: {golden.name}", kind="named",
                      scenario_path=relative.as_posix(), saved_at=SAVED_AT)
    return dump_save(save)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="regenerate only goldens whose name contains this")
    args = parser.parse_args(argv)
    for golden in GOLDENS:
        if args.only and args.only not in golden.name:
            continue
        try:
            data = generate(golden)
        except Exception as exc:  # a broken campaign must not stop the fixture goldens
            print(f"skipped {golden.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        old = golden.path.read_bytes() if golden.path.exists() else None
        if old != data:
            atomic_write(golden.path, data)
        state = "unchanged" if old == data else ("written" if old is None else "CHANGED")
        print(f"{state:<9} {golden.path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
