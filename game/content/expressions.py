"""Scenario expressions: checked against a whitelist at load, compiled once.

Conditions (``tension >= 60 and not flag("experts_withdrawn")``) and amounts
(``min(20, prc_leadership / 2)``) are parsed with :mod:`ast`. Every node is
checked against a short whitelist; names must be known meters or built-in
variables; functions must be ours. Nothing from a scenario is ever given to
``eval``: the checked tree is rewritten so that names become slots of the
engine's value vector, and the rewritten tree — built by us, node by node — is
compiled into ordinary Python functions of ``(v, f)``, where ``v`` is the list
of numeric values and ``f`` the set of true facts (``flag:x``, ``fired:x``,
``active:x``).
"""

from __future__ import annotations

import ast
import re
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from game.content.diagnostics import did_you_mean
from game.content.numbers import number_problem
from game.engine.rules import AMOUNT_LIMIT

MAX_LENGTH = 500
MAX_NESTING = 16
MAX_NODES = 160

Kind = Literal["condition", "amount"]
Evaluator = Callable[[list[float], frozenset[str] | set[str]], Any]

NUMERIC_FUNCTIONS = {"min", "max", "abs", "clamp", "round"}
FACT_FUNCTIONS = {"flag": "flag", "fired": "fired", "active": "active"}
ALL_FUNCTIONS = sorted(NUMERIC_FUNCTIONS | set(FACT_FUNCTIONS) | {"controls"})


@dataclass(frozen=True)
class Symbols:
    """What an expression may refer to."""

    values: Mapping[str, int]
    flags: frozenset[str]
    events: frozenset[str]
    modifiers: frozenset[str]
    # party id -> side id -> (own influence slot, rival slots, independence)
    control: Mapping[str, Mapping[str, tuple[int, tuple[int, ...], float]]] = field(
        default_factory=dict
    )


@dataclass(frozen=True)
class ExpressionProblem:
    column: int  # 0-based offset inside the expression text
    line: int  # 0-based line inside the expression text
    message: str


class _Reject(Exception):
    def __init__(self, node: ast.AST | None, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


_NAME_CONSTANTS = {"true": True, "false": False, "True": True, "False": False}
_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
_CMPOPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_FORBIDDEN_HINTS: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access ('.') is not allowed",
    ast.Subscript: "indexing ('[...]') is not allowed",
    ast.Pow: "powers ('**') are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.NamedExpr: "':=' is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Dict: "dictionaries are not allowed",
    ast.Set: "sets are not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    ast.Await: "'await' is not allowed",
    ast.JoinedStr: "f-strings are not allowed",
}


_LOCATION = {"lineno": 1, "col_offset": 0, "end_lineno": 1, "end_col_offset": 0}


def _at(node_type: type[Any], *args: Any, **fields: Any) -> Any:
    """A new AST node with a dummy location, so compiling needs no extra pass."""
    return node_type(*args, **fields, **_LOCATION)


def _nesting_depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest


class _Checker:
    """Checks a parsed expression and rewrites it into engine form."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols
        self.count = 0

    def check(self, node: ast.expr, depth: int = 0) -> tuple[ast.expr, str]:
        """Return (rewritten node, type) where type is 'bool' or 'num'."""
        self.count += 1
        if self.count > MAX_NODES:
            raise _Reject(node, f"expression is too complex (more than {MAX_NODES} parts)")
        if depth > MAX_NESTING:
            raise _Reject(node, f"expression nests deeper than {MAX_NESTING} levels")
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            hint = _FORBIDDEN_HINTS.get(type(node))
            if hint is None:
                for op_type, op_hint in _FORBIDDEN_HINTS.items():
                    if isinstance(getattr(node, "op", None), op_type):
                        hint = op_hint
                hint = hint or f"'{type(node).__name__}' is not allowed in expressions"
            raise _Reject(node, hint)
        result: tuple[ast.expr, str] = method(node, depth + 1)
        return result

    def _num(self, node: ast.expr, depth: int, what: str) -> ast.expr:
        new, kind = self.check(node, depth)
        if kind != "num":
            raise _Reject(node, f"{what} must be a number, not a true/false test")
        return new

    def _bool(self, node: ast.expr, depth: int, what: str) -> ast.expr:
        new, kind = self.check(node, depth)
        if kind != "bool":
            raise _Reject(node, f"{what} must be a true/false test (a comparison or flag), "
                                "not a number")
        return new

    def _Constant(self, node: ast.Constant, depth: int) -> tuple[ast.expr, str]:
        value = node.value
        if isinstance(value, bool):
            return _at(ast.Constant, value), "bool"
        if isinstance(value, (int, float)):
            problem = number_problem(value)
            if problem is not None:
                raise _Reject(node, problem)
            return _at(ast.Constant, value), "num"
        if isinstance(value, str):
            raise _Reject(node, "text is only allowed as the argument of "
                                "flag(), fired(), active() or controls()")
        raise _Reject(node, f"constant {value!r} is not allowed")

    def _Name(self, node: ast.Name, depth: int) -> tuple[ast.expr, str]:
        if node.id in _NAME_CONSTANTS:
            return _at(ast.Constant, _NAME_CONSTANTS[node.id]), "bool"
        slot = self.symbols.values.get(node.id)
        if slot is None:
            if node.id in ALL_FUNCTIONS:
                raise _Reject(node, f"'{node.id}' is a function; call it like {node.id}(...)")
            hint = did_you_mean(node.id, self.symbols.values)
            raise _Reject(node, f"unknown name '{node.id}'{hint}")
        values = _at(ast.Name, "v", ast.Load())
        return _at(ast.Subscript, values, _at(ast.Constant, slot), ast.Load()), "num"

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> tuple[ast.expr, str]:
        if isinstance(node.op, ast.Not):
            operand = self._bool(node.operand, depth, "'not' operand")
            return _at(ast.UnaryOp, ast.Not(), operand), "bool"
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self._num(node.operand, depth, "sign operand")
            return _at(ast.UnaryOp, type(node.op)(), operand), "num"
        raise _Reject(node, "'~' is not allowed")

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> tuple[ast.expr, str]:
        word = "and" if isinstance(node.op, ast.And) else "or"
        values = [self._bool(v, depth, f"each side of '{word}'") for v in node.values]
        return _at(ast.BoolOp, type(node.op)(), values), "bool"

    def _BinOp(self, node: ast.BinOp, depth: int) -> tuple[ast.expr, str]:
        if not isinstance(node.op, _BINOPS):
            hint = _FORBIDDEN_HINTS.get(type(node.op), "this operator is not allowed")
            raise _Reject(node, hint)
        left = self._num(node.left, depth, "arithmetic operand")
        right = self._num(node.right, depth, "arithmetic operand")
        if isinstance(node.op, ast.Mult):
            # Products are taken in floating point: a runaway product becomes infinity
            # (guarded where it is used) instead of an integer too large to convert.
            left = _at(ast.Call, _at(ast.Name, "float", ast.Load()), [left], [])
        op = _at(ast.BinOp, left, type(node.op)(), right)
        if isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod)):
            # Division by zero gives 0 instead of stopping the game.
            return _at(ast.IfExp, right, op, _at(ast.Constant, 0)), "num"
        return op, "num"

    def _Compare(self, node: ast.Compare, depth: int) -> tuple[ast.expr, str]:
        for op in node.ops:
            if not isinstance(op, _CMPOPS):
                raise _Reject(node, "only ==, !=, <, <=, >, >= comparisons are allowed")
        left = self._num(node.left, depth, "compared value")
        rights = [self._num(c, depth, "compared value") for c in node.comparators]
        return _at(ast.Compare, left, [type(op)() for op in node.ops], rights), "bool"

    def _IfExp(self, node: ast.IfExp, depth: int) -> tuple[ast.expr, str]:
        test = self._bool(node.test, depth, "the test of 'if ... else'")
        body, body_kind = self.check(node.body, depth)
        orelse, else_kind = self.check(node.orelse, depth)
        if body_kind != else_kind:
            raise _Reject(node, "both branches of 'if ... else' must be numbers or both tests")
        return _at(ast.IfExp, test, body, orelse), body_kind

    def _text_arg(self, node: ast.Call, index: int, known: frozenset[str] | Mapping[str, Any],
                  what: str) -> str:
        arg = node.args[index]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise _Reject(arg, f"the argument must be a quoted {what} id")
        if arg.value not in known:
            raise _Reject(arg, f"unknown {what} '{arg.value}'{did_you_mean(arg.value, known)}")
        return arg.value

    def _Call(self, node: ast.Call, depth: int) -> tuple[ast.expr, str]:
        if not isinstance(node.func, ast.Name):
            raise _Reject(node, "only plain function calls such as min(a, b) are allowed")
        name = node.func.id
        if node.keywords:
            raise _Reject(node, "keyword arguments are not allowed")
        if name in FACT_FUNCTIONS:
            if len(node.args) != 1:
                raise _Reject(node, f"{name}() takes exactly one id")
            known = {"flag": self.symbols.flags, "fired": self.symbols.events,
                     "active": self.symbols.modifiers}[name]
            what = {"flag": "flag", "fired": "event", "active": "modifier"}[name]
            ident = self._text_arg(node, 0, known, what)
            fact = _at(ast.Constant, f"{name}:{ident}")
            return _at(ast.Compare, fact, [ast.In()], [_at(ast.Name, "f", ast.Load())]), "bool"
        if name == "controls":
            if len(node.args) != 2:
                raise _Reject(node, "controls() takes a third party id and a side id")
            party = self._text_arg(node, 0, self.symbols.control, "third party")
            side = self._text_arg(node, 1, self.symbols.control[party], "side")
            own, rivals, independence = self.symbols.control[party][side]
            v = _at(ast.Name, "v", ast.Load())
            own_node = _at(ast.Subscript, v, _at(ast.Constant, own), ast.Load())
            tests: list[ast.expr] = []
            for rival in rivals:
                rival_node = _at(ast.Subscript, _at(ast.Name, "v", ast.Load()),
                                 _at(ast.Constant, rival), ast.Load())
                diff = _at(ast.BinOp, own_node, ast.Sub(), rival_node)
                bound = _at(ast.Constant, independence)
                tests.append(_at(ast.Compare, diff, [ast.GtE()], [bound]))
            if not tests:
                bound = _at(ast.Constant, independence)
                return _at(ast.Compare, own_node, [ast.GtE()], [bound]), "bool"
            return (tests[0] if len(tests) == 1 else _at(ast.BoolOp, ast.And(), tests)), "bool"
        if name in NUMERIC_FUNCTIONS:
            args = [self._num(a, depth, f"argument of {name}()") for a in node.args]
            if name in {"min", "max"}:
                if len(args) < 2:
                    raise _Reject(node, f"{name}() needs at least two values")
                return _at(ast.Call, _at(ast.Name, name, ast.Load()), args, []), "num"
            if name == "abs":
                if len(args) != 1:
                    raise _Reject(node, "abs() takes one value")
                return _at(ast.Call, _at(ast.Name, "abs", ast.Load()), args, []), "num"
            if name == "round":
                if len(args) != 1:
                    raise _Reject(node, "round() takes one value")
                return _at(ast.Call, _at(ast.Name, "_round", ast.Load()), args, []), "num"
            if len(args) != 3:
                raise _Reject(node, "clamp() takes a value, a lower and an upper bound")
            inner = _at(ast.Call, _at(ast.Name, "max", ast.Load()), [args[0], args[1]], [])
            return _at(ast.Call, _at(ast.Name, "min", ast.Load()), [inner, args[2]], []), "num"
        raise _Reject(node.func, f"unknown function '{name}'{did_you_mean(name, ALL_FUNCTIONS)}")


def check_expression(
    source: object, kind: Kind, symbols: Symbols
) -> tuple[ast.expr | None, ExpressionProblem | None]:
    """Check one expression; return its engine form or the first problem."""
    if isinstance(source, bool):
        if kind == "condition":
            return _at(ast.Constant, source), None
        return None, ExpressionProblem(0, 0, "expected a number or an expression, not true/false")
    if isinstance(source, (int, float)):
        if kind == "amount":
            return _at(ast.Constant, source), None
        return None, ExpressionProblem(0, 0, "a condition must be a true/false test, not a number")
    if not isinstance(source, str):
        return None, ExpressionProblem(0, 0, "expected an expression written as text")
    text = source.strip()
    if not text:
        return None, ExpressionProblem(0, 0, "empty expression")
    if len(source) > MAX_LENGTH:
        return None, ExpressionProblem(0, 0, f"expression is longer than {MAX_LENGTH} characters")
    if _nesting_depth(source) > MAX_NESTING:
        return None, ExpressionProblem(0, 0, f"brackets nest deeper than {MAX_NESTING} levels")
    try:
        tree = ast.parse(text.replace("\n", " "), mode="eval")
    except SyntaxError as exc:
        slip = _operator_slip(text)
        if slip is not None:
            return None, ExpressionProblem(slip[0] + len(source) - len(source.lstrip()), 0,
                                           slip[1])
        column = max(0, (exc.offset or 1) - 1)
        return None, ExpressionProblem(column, 0, f"syntax error: {exc.msg}")
    except (ValueError, RecursionError, MemoryError):
        return None, ExpressionProblem(0, 0, "expression cannot be parsed")
    checker = _Checker(symbols)
    try:
        if kind == "condition":
            node = checker._bool(tree.body, 0, "a condition")
        else:
            node = checker._num(tree.body, 0, "an amount")
    except _Reject as rejection:
        bad = rejection.node
        column = getattr(bad, "col_offset", 0) or 0
        return None, ExpressionProblem(column, 0, rejection.message)
    except RecursionError:
        return None, ExpressionProblem(0, 0, "expression is too deeply nested")
    return node, None


def guarded_round(value: float) -> int:
    """``round()`` in expressions: NaN gives 0, and anything beyond +-AMOUNT_LIMIT
    (infinity included) gives +-AMOUNT_LIMIT, instead of an error mid-game."""
    if value != value:
        return 0
    if value >= AMOUNT_LIMIT:
        return int(AMOUNT_LIMIT)
    if value <= -AMOUNT_LIMIT:
        return -int(AMOUNT_LIMIT)
    return round(value)


_SLIPS = (
    (re.compile(r"&&"), "write 'and' instead of '&&'"),
    (re.compile(r"\|\|"), "write 'or' instead of '||'"),
    (re.compile(r"!(?!=)"), "write 'not' instead of '!' (and '!=' for 'is not equal to')"),
    (re.compile(r"(?<![=!<>])=(?!=)"), "write '==' to compare ('=' alone is not a test)"),
    (re.compile(r"(?<![=!<>])===?(?==)"), "write '==' to compare"),
    (re.compile(r"<>"), "write '!=' instead of '<>'"),
)


def _operator_slip(text: str) -> tuple[int, str] | None:
    """(column, hint) for an operator from another language, such as '=', '&&' or '!'."""
    plain = re.sub(r"(\"[^\"]*\"|'[^']*')", lambda m: " " * len(m.group(0)), text)
    found = [(match.start(), hint) for pattern, hint in _SLIPS
             for match in [pattern.search(plain)] if match is not None]
    return min(found) if found else None


_SAFE_GLOBALS: dict[str, Any] = {"__builtins__": {}, "min": min, "max": max, "abs": abs,
                                 "_round": guarded_round, "float": float}


def _not_yet_compiled(v: list[float], f: set[str]) -> Any:  # pragma: no cover - code is replaced
    raise RuntimeError("expression used before its scenario finished compiling")


class FunctionTable:
    """Checked expressions waiting to be compiled together.

    ``add`` hands out a function at once, so the compiler can build the
    engine's structures in one pass; ``compile`` then compiles every
    expression in a single module and gives each handed-out function its code.
    """

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = dict(_SAFE_GLOBALS)
        self.nodes: list[ast.expr] = []
        self.functions: list[Any] = []

    def add(self, node: ast.expr) -> Evaluator:
        index = len(self.nodes)
        function = types.FunctionType(_not_yet_compiled.__code__, self.namespace, f"e{index}")
        self.nodes.append(node)
        self.functions.append(function)
        return function

    def compile(self) -> None:
        for function, compiled in zip(self.functions, compile_all(self.nodes), strict=True):
            function.__code__ = compiled.__code__


def compile_all(nodes: list[ast.expr]) -> list[Evaluator]:
    """Compile checked expressions into functions of (values, facts), in one pass."""
    body: list[ast.stmt] = []
    for index, node in enumerate(nodes):
        args = ast.arguments(posonlyargs=[], args=[_at(ast.arg, "v"), _at(ast.arg, "f")],
                             vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
        function = _at(ast.FunctionDef, name=f"e{index}", args=args,
                       body=[_at(ast.Return, node)], decorator_list=[], returns=None)
        if sys.version_info >= (3, 12):
            function.type_params = []
        body.append(function)
    module = ast.Module(body=body, type_ignores=[])
    namespace: dict[str, Any] = dict(_SAFE_GLOBALS)
    code = compile(module, "<scenario expressions>", "exec")
    exec(code, namespace)  # runs only the whitelisted tree built above
    return [namespace[f"e{i}"] for i in range(len(nodes))]


def constant_value(node: ast.expr) -> float | bool | None:
    """The value of an expression that is a plain constant, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, bool)):
        return node.value
    if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
            and isinstance(node.operand.value, (int, float))):
        return -node.operand.value
    return None


# -- reading compiled expressions back ---------------------------------------------------


def reads_of(node: ast.expr) -> tuple[frozenset[int], frozenset[str]]:
    """The value slots and facts an engine-form expression reads."""
    slots: set[int] = set()
    facts: set[str] = set()
    for sub in ast.walk(node):
        if (isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name)
                and sub.value.id == "v" and isinstance(sub.slice, ast.Constant)):
            slots.add(int(sub.slice.value))  # type: ignore[arg-type]
        elif (isinstance(sub, ast.Compare) and isinstance(sub.left, ast.Constant)
                and isinstance(sub.left.value, str)):
            facts.add(sub.left.value)
    return frozenset(slots), frozenset(facts)


Linear = tuple[dict[int, float], float]


def _linear(node: ast.expr) -> Linear | None:
    """``node`` as sum(coef * v[slot]) + constant, or None if it is not linear."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return {}, float(node.value)
    if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id == "v" and isinstance(node.slice, ast.Constant)):
        return {int(node.slice.value): 1.0}, 0.0  # type: ignore[arg-type]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _linear(node.operand)
        if inner is None or isinstance(node.op, ast.UAdd):
            return inner
        return {k: -c for k, c in inner[0].items()}, -inner[1]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "float" and len(node.args) == 1):
        return _linear(node.args[0])  # products are taken in floating point (see _BinOp)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
        left, right = _linear(node.left), _linear(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Mult):
            if not left[0]:
                left, right = right, left
            if right[0]:
                return None  # a product of two values is not linear
            scale = right[1]
            return {k: c * scale for k, c in left[0].items()}, left[1] * scale
        sign = 1.0 if isinstance(node.op, ast.Add) else -1.0
        terms = dict(left[0])
        for k, c in right[0].items():
            terms[k] = terms.get(k, 0.0) + sign * c
        return terms, left[1] + sign * right[1]
    # Division is compiled as "(a / b) if b else 0"; by a non-zero constant it stays linear.
    if (isinstance(node, ast.IfExp) and isinstance(node.body, ast.BinOp)
            and isinstance(node.body.op, ast.Div) and isinstance(node.test, ast.Constant)
            and isinstance(node.test.value, (int, float)) and node.test.value):
        inner = _linear(node.body.left)
        if inner is None:
            return None
        divisor = float(node.test.value)
        return {k: c / divisor for k, c in inner[0].items()}, inner[1] / divisor
    return None


SOFT_LIMIT = 1e12
"""A linear term beyond this (a runaway product of constants) is judged exactly instead:
read as a probability it would overflow to infinity, and then to NaN."""


def _sane(linear: Linear) -> bool:
    terms, constant = linear
    return all(abs(c) <= SOFT_LIMIT for c in (*terms.values(), constant))


_OP_TEXT = {ast.GtE: ">=", ast.Gt: ">", ast.LtE: "<=", ast.Lt: "<", ast.Eq: "==",
            ast.NotEq: "!="}


def soft_condition(node: ast.expr, compile_part: Callable[[ast.expr], Any]) -> Any:
    """A condition as a tree of linear comparisons (see engine.model.SoftTest).

    Parts that are not linear comparisons are kept whole, compiled with
    ``compile_part``, and judged as they stand.
    """
    from game.engine import model

    if isinstance(node, ast.BoolOp):
        parts = tuple(soft_condition(v, compile_part) for v in node.values)
        return model.SoftAll(parts) if isinstance(node.op, ast.And) else model.SoftAny(parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return model.SoftNot(soft_condition(node.operand, compile_part))
    if isinstance(node, ast.Compare) and all(type(op) in _OP_TEXT for op in node.ops):
        tests: list[Any] = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            a, b = _linear(left), _linear(right)
            if a is None or b is None or not (_sane(a) and _sane(b)):
                tests.append(model.SoftExact(compile_part(
                    _at(ast.Compare, left, [op], [right]))))
            else:
                terms = dict(a[0])
                for k, c in b[0].items():
                    terms[k] = terms.get(k, 0.0) - c
                tests.append(model.SoftTest(
                    tuple(sorted((k, c) for k, c in terms.items() if c)), a[1] - b[1],
                    _OP_TEXT[type(op)]))
            left = right
        return tests[0] if len(tests) == 1 else model.SoftAll(tuple(tests))
    return model.SoftExact(compile_part(node))
