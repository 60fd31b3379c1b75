"""A scenario that validates always plays to an end: the crasher corpus, number limits,
run-time guards on expressions, structural hazards, and a side that can always move.

``tests/fixtures/crashers/`` keeps one minimised scenario for every class of crash or
hang found by attacking the loader and the engine (by hand, and by the fuzzer in
tests/fuzz/). Each says on its second line what must happen to it now: ``refused: ...``
(a load error with a position, containing that text) or ``plays`` (it loads and three
AI-vs-AI games reach an ending).
"""

from __future__ import annotations

import math
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.diagnostics import ScenarioError
from game.content.loader import load_scenario
from game.content.numbers import amount_warning
from game.engine import ai, rules
from game.engine.commands import Choose
from game.engine.model import Scenario
from game.engine.simulation import play_many

ROOT = Path(__file__).resolve().parent.parent
CRASHERS = sorted((ROOT / "tests" / "fixtures" / "crashers").glob("*.yaml"))
TINY = ROOT / "tests" / "fixtures" / "scenarios" / "tiny_win" / "scenario.yaml"


def expectation(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines()[:5]:
        if line.startswith("# expect: "):
            return line.removeprefix("# expect: ")
    raise AssertionError(f"{path.name} has no '# expect:' line")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (rather than hang the suite) if the block runs longer than ``seconds``."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def play_three(scenario: Scenario) -> None:
    """What ``simulate --games 3`` does, in-process, with the invariants checked."""
    games = play_many(scenario, 1, [0, 1, 2], "both", "normal")
    assert all(game.ending != "unfinished" for game in games)
    for game in games:
        for meter in scenario.meters:
            assert meter.lo <= game.final_values[meter.slot] <= meter.hi
        assert all(math.isfinite(score) for _side, score in game.scores)


@pytest.mark.parametrize("path", CRASHERS, ids=lambda p: p.stem)
def test_every_crasher_is_refused_with_a_position_or_plays_to_an_end(path: Path) -> None:
    expected = expectation(path)
    with time_limit(20):
        if expected.startswith("refused: "):
            with pytest.raises(ScenarioError) as caught:
                load_scenario(path)
            problems = caught.value.problems
            assert any(expected.removeprefix("refused: ") in p.message for p in problems), \
                [str(p) for p in problems]
            assert all(p.position.line > 1 or p.position.column > 1 for p in problems)
        else:
            assert expected == "plays", expected
            play_three(load_scenario(path))


def _scenario_with(tmp_path: Path, old: str, new: str) -> Path:
    text = TINY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "scenario.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("start: 30,", "start: 30, min: -1e999,", "'min': minus infinity is out of range"),
    ("start: 30,", "start: 30, max: 10000000,", "'max': 10000000 is out of range"),
    ("cost: 2", "cost: -2000000", "'cost': -2000000 is out of range"),
    ("x: 0.2", "x: .inf", "'x': infinity is out of range"),
    ("independence: 10", "independence: 1e300", "'independence': 1e+300 is out of range"),
    ("ai_weight: 5", "ai_weight: 5e6", "'ai_weight': 5e+06 is out of range"),
    ("add: {tension: -5}", 'add: {tension: "tension * 2000000"}', "2000000 is out of range"),
    ("add: {tension: -5}", 'add: {tension: "1.5e7 - tension"}', "1.5e+07 is out of range"),
    ("score: 0", "score: -.inf", "'score': minus infinity is out of range"),
    ("{prc: 10, ussr: 30}", "{prc: 10, ussr: 1" + "0" * 30 + "}",
     "'ussr': a 31-digit number is out of range"),
])
def test_numbers_beyond_the_documented_range_are_load_errors(tmp_path: Path, old: str,
                                                             new: str, message: str) -> None:
    path = _scenario_with(tmp_path, old, new)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problems = caught.value.problems
    assert any(message in p.message for p in problems), [str(p) for p in problems]
    assert all(p.position.line > 1 for p in problems)


def test_validate_reports_a_huge_number_and_never_raises(tmp_path: Path) -> None:
    from game.cli.main import main

    path = _scenario_with(tmp_path, "add: {tension: -5}", "add: {tension: " + "9" * 6000 + "}")
    assert main(["validate", str(path)]) == 1


def test_a_cycle_of_repeatable_events_with_no_delay_is_a_load_error(tmp_path: Path) -> None:
    path = _scenario_with(
        tmp_path, "    follow_up_only: true\n",
        "    follow_up_only: true\n    repeatable: true\n")
    text = path.read_text(encoding="utf-8").replace(
        "    from: 1953-Q2\n    to: 1953-Q3\n", "    repeatable: true\n").replace(
        "{id: ok, label: Good, effects: [{add: {tension: -2}}]}",
        "{id: ok, label: Good, follow_ups: [{event: aid_deal, delay: 0}]}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    [problem] = caught.value.problems
    assert "'aid_deal' \u2192 'thanks' \u2192 'aid_deal' queue each other with no delay" \
        in problem.message
    # With a delay somewhere in the ring, it is a legitimate recurring chain.
    path.write_text(text.replace("{event: aid_deal, delay: 0}", "{event: aid_deal, delay: 2}"),
                    encoding="utf-8")
    play_three(load_scenario(path))


def test_an_event_fires_at_most_once_a_turn_however_often_it_is_queued() -> None:
    scenario = load_scenario(ROOT / "tests" / "fixtures" / "crashers" /
                             "queues_itself_twice.yaml")
    state = rules.new_game(scenario, 5, None)
    stream = ai.decision_stream(state)
    while not state.over:
        side = state.to_move
        assert side is not None
        assert len(state.pending[side]) <= 1
        assert len(state.queued) <= 4
        ai.play_side_turn(state, side, stream)
    fired_per_turn: dict[int, int] = {}
    for turn, _index in state.fired_log:
        fired_per_turn[turn] = fired_per_turn.get(turn, 0) + 1
    assert max(fired_per_turn.values()) == 1
    assert state.over and state.turn > 20


def test_when_every_choice_has_closed_the_first_is_offered() -> None:
    scenario = load_scenario(ROOT / "tests" / "fixtures" / "crashers" /
                             "choices_all_closed.yaml")
    state = rules.new_game(scenario, 1, "ussr")
    # The PRC answers first and signs, which closes both choices for the USSR.
    rules.apply(state, Choose("prc", "talks", "warm"))
    rules.apply(state, rules.legal_commands(state)[-1])  # the PRC ends its turn
    assert state.to_move == "ussr"
    event = rules.current_event(state, "ussr")
    assert event is not None and event.id == "talks"
    assert all(c.condition is not None and not c.condition(state.values, state.facts)
               for c in event.choices)
    assert rules.legal_commands(state) == [Choose("ussr", "talks", "warm")]
    with pytest.raises(Exception, match="not available"):
        rules.apply(state.copy(), Choose("ussr", "talks", "cold"))
    rules.apply(state, Choose("ussr", "talks", "warm"))


def test_an_event_whose_choices_are_closed_as_it_fires_does_not_wait_for_an_answer(
        tmp_path: Path) -> None:
    path = _scenario_with(tmp_path, "      - id: refuse\n        label: Refuse\n",
                          "      - id: refuse\n        label: Refuse\n"
                          "        condition: tension > 99\n")
    text = path.read_text(encoding="utf-8").replace(
        "      - id: accept\n        label: Accept\n",
        "      - id: accept\n        label: Accept\n        condition: tension > 99\n")
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    state = rules.new_game(scenario, 1, "prc")
    assert state.fired_log and rules.current_event(state, "prc") is None


# -- the engine never stalls --------------------------------------------------------------

PROFILE = settings(max_examples=30, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
SCENARIOS = {
    "tiny": TINY.parent,
    "campaign": ROOT / "scenarios" / "sino_soviet_split",
    "choices_all_closed": ROOT / "tests" / "fixtures" / "crashers" / "choices_all_closed.yaml",
    "queues_itself_twice": ROOT / "tests" / "fixtures" / "crashers" / "queues_itself_twice.yaml",
}
_LOADED: dict[str, Scenario] = {}


def _load(name: str) -> Scenario:
    if name not in _LOADED:
        _LOADED[name] = load_scenario(SCENARIOS[name])
    return _LOADED[name]


@PROFILE
@given(name=st.sampled_from(sorted(SCENARIOS)), seed=st.integers(0, 2**40),
       picks=st.lists(st.integers(0, 1000), min_size=1, max_size=40),
       computer=st.floats(0, 1), human=st.sampled_from([None, "prc", "ussr"]),
       difficulty=st.sampled_from(["easy", "normal", "hard"]))
def test_the_side_to_move_always_has_a_legal_command_and_the_computer_plays_one(
        name: str, seed: int, picks: list[int], computer: float, human: str | None,
        difficulty: str) -> None:
    """Random legal play mixed with the computer's own moves: until the game is over, the
    side to move always has a legal command, and the computer's choice is one of them."""
    scenario = _load(name)
    state = rules.new_game(scenario, seed, human, difficulty)
    stream = ai.decision_stream(state)
    steps = 0
    while not state.over:
        legal = rules.legal_commands(state)
        assert legal, f"{state.to_move} has no legal command at {state.date_label}"
        side = state.to_move
        assert side is not None
        if picks[steps % len(picks)] / 1000 < computer:
            command = ai.choose_command(state, side, stream)
            assert command in legal, (command, legal)
        else:
            command = legal[picks[steps % len(picks)] % len(legal)]
        rules.apply(state, command)
        steps += 1
        assert steps < 20_000


# -- the authors' warning for amounts the guard will change ---------------------------------


def _balanced_product(leaves: int, leaf: str) -> str:
    if leaves == 1:
        return leaf
    half = leaves // 2
    return f"({_balanced_product(half, leaf)}*{_balanced_product(leaves - half, leaf)})"


def test_amount_warning_names_what_the_run_time_guard_will_do(tmp_path: Path) -> None:
    path = _scenario_with(tmp_path, "meters:\n",
                          "meters:\n  - {id: y, name: Y, min: 1, max: 1000000, start: 5}\n")
    scenario = load_scenario(path)
    assert amount_warning("tension * 2 - 5", scenario) is None
    assert amount_warning("y / 3 + tension / (tension - 30)", scenario) is None
    assert amount_warning(5, scenario) is None
    assert "exceed" in (amount_warning("y * y", scenario) or "")
    huge = _balanced_product(56, "y")
    assert "infinity" in (amount_warning(huge, scenario) or "")
    assert "NaN" in (amount_warning(f"{huge} * 0", scenario) or "")
    assert "NaN" in (amount_warning(f"{huge} % 7", scenario) or "")
    assert "round()" in (amount_warning(f"round({huge}) // 2", scenario) or "")
    assert amount_warning("no_such_meter + 1", scenario) is None


# -- the hidden bad-file classes stay refused, with nothing executed ---------------------------


@pytest.mark.parametrize("body", [
    'scenario: !!python/object/apply:os.system ["touch {marker}"]\n',
    'scenario: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n',
    'a: &a ["{marker}"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n'
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n'
    'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n',
    "scenario: {{id: x}}\nscenario: {{id: y}}\n",
    "[" * 20_000 + "]" * 20_000,
    "- just\n- a list\n",
    "",
    "\x00\x01\x02 {marker}",
    'events:\n  - id: e\n    condition: "__import__(\'os\').system(\'touch {marker}\')"\n',
    'events:\n  - id: e\n    condition: "open(\'{marker}\', \'w\')"\n',
    "scenario: {{title: <<: *x}}\n",
], ids=["os_system_tag", "popen_tag", "alias_bomb", "duplicate_key", "deep_nesting", "a_list",
        "empty", "binary", "import_in_expression", "open_in_expression", "merge_key"])
def test_hostile_files_are_refused_and_nothing_runs(tmp_path: Path, body: str) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "scenario.yaml"
    path.write_bytes(body.format(marker=marker).encode("utf-8", "surrogatepass"))
    with time_limit(10), pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.problems and all(p.message for p in caught.value.problems)
    assert not marker.exists()


def test_products_stay_linear_for_the_computers_judgement() -> None:
    """Products are taken in floating point (float(a) * b); the computer's soft reading of
    conditions still sees 'half the tension' as a linear term, not an opaque test."""
    from game.content.expressions import Symbols, check_expression, soft_condition
    from game.engine import model

    symbols = Symbols(values={"tension": 0, "x": 1}, flags=frozenset(), events=frozenset(),
                      modifiers=frozenset())
    node, problem = check_expression("0.5 * tension + x * 2 >= 20", "condition", symbols)
    assert problem is None and node is not None
    soft = soft_condition(node, lambda part: part)
    assert isinstance(soft, model.SoftTest)
    assert dict(soft.terms) == {0: 0.5, 1: 2.0} and soft.constant == -20


def test_round_in_expressions_is_guarded() -> None:
    from game.content.expressions import guarded_round
    from game.engine.rules import AMOUNT_LIMIT

    assert guarded_round(2.5) == round(2.5) and guarded_round(-7.4) == -7
    assert guarded_round(float("nan")) == 0
    assert guarded_round(float("inf")) == AMOUNT_LIMIT
    assert guarded_round(-1e300) == -AMOUNT_LIMIT


def test_the_computer_still_answers_when_every_judgement_is_nan(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """However the computer's judgement breaks down (NaN everywhere), it answers with a
    legal choice rather than stopping (found by the fuzzer: ending_condition_nan)."""
    scenario = load_scenario(TINY.parent)
    state = rules.new_game(scenario, 1, None)
    nan = float("nan")
    monkeypatch.setattr(ai, "one_step_value", lambda *args, **kwargs: nan)
    monkeypatch.setattr(ai, "rollout_values", lambda *args, **kwargs: [nan] * 6)
    monkeypatch.setattr(ai.evaluation, "linear_value", lambda *args, **kwargs: nan)
    assert rules.current_event(state, "prc") is not None
    command = ai.choose_command(state, "prc", ai.decision_stream(state))
    assert command in rules.legal_commands(state)
