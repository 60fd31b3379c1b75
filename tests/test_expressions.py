"""Scenario expressions: hostile input is rejected at load with a position; valid ones work."""

from __future__ import annotations

import pytest

from game.content.expressions import Symbols, check_expression, compile_all, constant_value

SYMBOLS = Symbols(
    values={"tension": 0, "prestige": 1, "year": 2},
    flags=frozenset({"experts_withdrawn"}),
    events=frozenset({"secret_speech"}),
    modifiers=frozenset({"famine"}),
    control={"albania": {"prc": (3, (4,), 20.0), "ussr": (4, (3,), 20.0)}},
)

HOSTILE = [
    ("__import__('os').system('ls')", "only plain function calls"),
    ("__import__('os')", "unknown function '__import__'"),
    ("().__class__.__bases__[0]", "indexing"),
    ("().__class__", "attribute access"),
    ("tension.real", "attribute access"),
    ("9**9**9**9", "powers"),
    ("tension ** 2", "powers"),
    ("'x' * 10000000", "text is only allowed"),
    ("(" * 10000 + "1" + ")" * 10000, "longer than 500"),
    ("(" * 20 + "1" + ")" * 20 + " > 0", "brackets nest deeper"),
    ("1 + " * 400 + "1", "longer than 500"),
    ("lambda: 1", "lambdas"),
    ("[x for x in (1, 2)]", "comprehensions"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("eval('1')", "unknown function 'eval'"),
    ("globals()", "unknown function 'globals'"),
    ("tension[0]", "indexing"),
    ("(x := 5)", "':='"),
    ("min(*tension)", "'*' unpacking"),
    ("max(tension, key=1)", "keyword arguments"),
    ("f'{tension}'", "f-strings"),
    ("flag(prestige)", "quoted flag id"),
    ("flag('nope')", "unknown flag 'nope'"),
    ("tension is 1", "comparisons"),
    ("tension in (1, 2)", "comparisons"),
    ("~tension", "'~' is not allowed"),
    ("tension >>= 1", "syntax error"),
    ("import os", "syntax error"),
    ("", "empty expression"),
    ("1j", "not allowed"),
    ("not " * 30 + "true", "nests deeper"),
    ("tensoin > 5", "did you mean 'tension'"),
    ("tension and year", "must be a true/false test"),
    ("tension > 5 + flag('experts_withdrawn')", "must be a number"),
]


@pytest.mark.parametrize(("source", "message"), HOSTILE)
def test_hostile_expressions_are_rejected_at_load(source: str, message: str) -> None:
    kind = "amount" if source.startswith(("'x'", "9**")) else "condition"
    node, problem = check_expression(source, kind, SYMBOLS)
    assert node is None and problem is not None
    assert message in problem.message, problem.message
    assert problem.column >= 0


def test_problem_positions_point_at_the_offending_part() -> None:
    _, problem = check_expression("year > 1958 and tensoin >= 60", "condition", SYMBOLS)
    assert problem is not None and problem.column == 16


def _evaluate(source: str, kind: str, values: list[float], facts: set[str]) -> object:
    node, problem = check_expression(source, kind, SYMBOLS)  # type: ignore[arg-type]
    assert problem is None, problem
    assert node is not None
    constant = constant_value(node)
    if constant is not None:
        return constant
    return compile_all([node])[0](values, facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(("source", "expected"), [
    ("tension >= 60 and year >= 1958 and not flag('experts_withdrawn')", True),
    ("tension >= 60 and flag(\"experts_withdrawn\")", False),
    ("fired('secret_speech') or active('famine')", True),
    ("controls('albania', 'prc')", True),
    ("controls('albania', 'ussr')", False),
    ("50 < tension < 70", True),
    ("true", True),
])
def test_conditions_evaluate_like_python(source: str, expected: bool) -> None:
    values = [65.0, 40.0, 1959.0, 45.0, 20.0]
    facts = {"fired:secret_speech"}
    assert _evaluate(source, "condition", values, facts) is expected


@pytest.mark.parametrize(("source", "expected"), [
    ("min(20, prestige / 2)", 20),
    ("max(1, tension - 70)", 1),
    ("clamp(tension, 0, 50)", 50),
    ("abs(-tension)", 65),
    ("round(prestige / 3)", 13),
    ("10 if tension > 60 else -10", 10),
    ("tension / (prestige - 40)", 0),
    ("tension % 0", 0),
    ("-5", -5),
])
def test_amounts_evaluate_like_python(source: str, expected: float) -> None:
    assert _evaluate(source, "amount", [65.0, 40.0, 1959.0, 45.0, 20.0], set()) == expected
