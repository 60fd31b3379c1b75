"""Numbers in scenarios: the range every written number must lie in, checked at load,
and the range of values an expression can reach (for authors' warnings).

Every number a scenario writes — amounts, costs, AI weights, goal weights,
meter bounds, factors, positions — is finite and lies within
±:data:`NUMBER_LIMIT`. That keeps every value the engine meets far inside what
its integer tables and the state hash can hold, and means a typo such as
``1e400`` or a 400-digit integer is a load error with a position rather than
an overflow in the middle of a game.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.engine.model import Scenario
from game.engine.rules import AMOUNT_LIMIT as AMOUNT_GUARD

if TYPE_CHECKING:
    from game.content.expressions import Symbols

NUMBER_LIMIT = 1_000_000
"""Every number written in a scenario lies within -NUMBER_LIMIT..NUMBER_LIMIT."""

_LIMIT_TEXT = "-1,000,000 and 1,000,000"


def describe_number(value: int | float) -> str:
    """A short description of a number for a message (never a 400-digit string)."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "infinity" if value > 0 else "minus infinity"
        return f"{value:g}"
    if abs(value) >= 10**15:
        # str() of a huge int is slow and, past 4,300 digits, an error.
        digits = int(math.log10(abs(value))) + 1
        return f"a {'negative ' if value < 0 else ''}{digits:,}-digit number"
    return str(value)


def number_problem(value: object) -> str | None:
    """Why a written number cannot be used, or None (anything that is not a number passes)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and math.isnan(value):
        return "NaN is not a number a scenario can use"
    if not -NUMBER_LIMIT <= value <= NUMBER_LIMIT:  # infinities included
        return (f"{describe_number(value)} is out of range: numbers must lie between "
                f"{_LIMIT_TEXT}")
    return None


def check_number(value: Any) -> Any:
    """A pydantic before-validator: refuse non-finite and out-of-range numbers."""
    problem = number_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


# -- what an expression can evaluate to (for authors' warnings) ----------------------------


@dataclass(frozen=True)
class Span:
    """The values an expression can take: ``lo..hi`` (possibly infinite), whether it can be
    NaN, and whether it is always a whole number (meters and constants are)."""

    lo: float
    hi: float
    nan: bool = False
    whole: bool = False

    def has(self, value: float) -> bool:
        return self.lo <= value <= self.hi


_ANY = Span(-math.inf, math.inf, True)
_TRUTH = Span(0, 1, whole=True)


def _products(a: Span, b: Span) -> Span:
    values = []
    nan = a.nan or b.nan
    for x in (a.lo, a.hi):
        for y in (b.lo, b.hi):
            product = float(x) * float(y)
            if product != product:  # 0 * infinity
                nan = True
            else:
                values.append(product)
    if (a.has(0) and (math.isinf(b.lo) or math.isinf(b.hi))) or (
            b.has(0) and (math.isinf(a.lo) or math.isinf(a.hi))):
        nan = True
    if not values:
        return _ANY
    return Span(min(values), max(values), nan, a.whole and b.whole)


def _quotient(a: Span, b: Span) -> Span:
    """``a / b`` where dividing by exactly zero gives 0."""
    nan = a.nan or b.nan or ((math.isinf(a.lo) or math.isinf(a.hi))
                             and (math.isinf(b.lo) or math.isinf(b.hi)))
    if b.lo > 0 or b.hi < 0:
        ends = [1 / end if end else math.copysign(math.inf, end) for end in (b.lo, b.hi)]
        result = _products(a, Span(min(ends), max(ends)))
        return Span(result.lo, result.hi, nan or result.nan)
    if b.whole:
        # A whole divisor that is not zero is at least 1 in size (and zero gives 0).
        bound = max(abs(a.lo), abs(a.hi))
        return Span(-bound, bound, nan)
    return Span(-math.inf, math.inf, nan)


def span_of(node: ast.expr, slots: Mapping[int, tuple[float, float]],
            notes: list[str] | None = None) -> Span:
    """The values an engine-form expression (as ``check_expression`` returns it) can take,
    given each value slot's bounds. Conservative: the real range lies inside. Guards met
    on the way (``round()`` of a runaway value) add a sentence to ``notes``."""
    notes = [] if notes is None else notes
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _TRUTH
        return Span(float(value), float(value),
                    whole=isinstance(value, int) or float(value).is_integer())
    if isinstance(node, ast.Subscript):
        slot = node.slice.value if isinstance(node.slice, ast.Constant) else None
        lo, hi = slots.get(slot, (-math.inf, math.inf)) if isinstance(slot, int) else (
            -math.inf, math.inf)
        return Span(float(lo), float(hi), whole=True)
    if isinstance(node, ast.UnaryOp):
        inner = span_of(node.operand, slots, notes)
        if isinstance(node.op, ast.USub):
            return Span(-inner.hi, -inner.lo, inner.nan, inner.whole)
        return inner if isinstance(node.op, ast.UAdd) else _TRUTH
    if isinstance(node, ast.BinOp):
        a, b = span_of(node.left, slots, notes), span_of(node.right, slots, notes)
        op = node.op
        if isinstance(op, ast.Add | ast.Sub):
            if isinstance(op, ast.Sub):
                b = Span(-b.hi, -b.lo, b.nan, b.whole)
            nan = a.nan or b.nan or (a.hi == math.inf and b.lo == -math.inf) or (
                a.lo == -math.inf and b.hi == math.inf)
            return Span(a.lo + b.lo if not nan else -math.inf,
                        a.hi + b.hi if not nan else math.inf, nan, a.whole and b.whole)
        if isinstance(op, ast.Mult):
            return _products(a, b)
        if isinstance(op, ast.Div):
            return _quotient(a, b)
        if isinstance(op, ast.FloorDiv):
            q = _quotient(a, b)
            nan = q.nan or math.isinf(a.lo) or math.isinf(a.hi)
            return Span(math.floor(q.lo) if math.isfinite(q.lo) else q.lo,
                        math.ceil(q.hi) if math.isfinite(q.hi) else q.hi, nan, True)
        # a % b lies between 0 and b (sign of b); an infinite a gives NaN, an infinite b
        # can return a itself, or infinity.
        bound = max(abs(b.lo), abs(b.hi))
        nan = a.nan or b.nan or math.isinf(a.lo) or math.isinf(a.hi)
        return Span(-bound, bound, nan, a.whole and b.whole)
    if isinstance(node, ast.IfExp):
        body, other = span_of(node.body, slots, notes), span_of(node.orelse, slots, notes)
        return Span(min(body.lo, other.lo), max(body.hi, other.hi), body.nan or other.nan,
                    body.whole and other.whole)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [span_of(arg, slots, notes) for arg in node.args]
        name = node.func.id
        if name == "float" and args:
            return Span(args[0].lo, args[0].hi, args[0].nan, args[0].whole)
        if name in ("min", "max") and args:
            pick = min if name == "min" else max
            return Span(pick(a.lo for a in args), pick(a.hi for a in args),
                        any(a.nan for a in args), all(a.whole for a in args))
        if name == "abs" and args:
            a = args[0]
            lo = 0.0 if a.has(0) else min(abs(a.lo), abs(a.hi))
            return Span(lo, max(abs(a.lo), abs(a.hi)), a.nan, a.whole)
        if name == "_round" and args:
            a = args[0]
            inside = span_warning(a)
            if inside is not None:
                notes.append("round() of a value that " + inside)
            lo = max(-AMOUNT_GUARD, min(a.lo, AMOUNT_GUARD))
            hi = max(-AMOUNT_GUARD, min(a.hi, AMOUNT_GUARD))
            return Span(min(lo, 0) if a.nan else lo, max(hi, 0) if a.nan else hi, False, True)
        return _ANY
    return _TRUTH  # comparisons, and/or/not, flag tests


def span_warning(span: Span) -> str | None:
    """What the engine's run-time guard will have to do with such a value, or None."""
    if span.nan:
        return "can be NaN (not a number), which the game treats as 0"
    if math.isinf(span.lo) or math.isinf(span.hi):
        return (f"can overflow to infinity, which the game caps at "
                f"\u00b1{AMOUNT_GUARD:,.0f}")
    if span.lo < -AMOUNT_GUARD or span.hi > AMOUNT_GUARD:
        return f"can exceed \u00b1{AMOUNT_GUARD:,.0f}, where the game caps amounts"
    return None


def amount_warning(source: str | float, scenario: Scenario) -> str | None:
    """For ``lint``: whether an amount expression of ``scenario`` can reach a value the
    engine's run-time guard must replace (NaN → 0; beyond ±1e9, infinity included → ±1e9).

    Returns a sentence such as "can be NaN (not a number), which the game treats as 0",
    or None when every value it can take is used as written (or it does not check).
    """
    from game.content.expressions import check_expression  # expressions imports this module

    node, problem = check_expression(source, "amount", symbols_of(scenario))
    if node is None or problem is not None:
        return None
    notes: list[str] = []
    whole = span_warning(span_of(node, slot_bounds_of(scenario), notes))
    return whole if whole is not None else (notes[0] if notes else None)


def slot_bounds_of(scenario: Scenario) -> dict[int, tuple[float, float]]:
    """The bounds of every value slot: meters' own, and the built-in variables' ranges."""
    bounds: dict[int, tuple[float, float]] = {m.slot: (m.lo, m.hi) for m in scenario.meters}
    cal = scenario.calendar
    first_year = cal.date_of(0)[0]
    last_year = cal.date_of(cal.turns - 1)[0]
    builtin = {"turn": (1, cal.turns), "year": (first_year, last_year), "quarter": (1, 4),
               "month": (1, 12), "day": (1, 31), "turns_left": (0, cal.turns - 1)}
    # allies_<side> count parties; board_* sum the importance of the parties controlled.
    board = sum(max(1, getattr(p, "importance", 1)) for p in scenario.parties)
    for name, slot in scenario.builtin_slots.items():
        bounds[slot] = builtin.get(name, (0, max(len(scenario.parties), board)))
    return bounds


def symbols_of(scenario: Scenario) -> Symbols:
    """What expressions of a compiled scenario may refer to (as when it was loaded)."""
    from game.content.expressions import Symbols  # expressions imports this module

    values = {**scenario.meter_index, **scenario.builtin_slots}
    control: dict[str, dict[str, tuple[int, tuple[int, ...], float]]] = {}
    for party in scenario.parties:
        control[party.id] = {}
        for side in scenario.side_ids:
            rivals = tuple(party.influence_slots[s] for s in scenario.side_ids if s != side)
            control[party.id][side] = (party.influence_slots[side], rivals, party.independence)
    return Symbols(values=values, flags=frozenset(scenario.flags),
                   events=frozenset(e.id for e in scenario.events),
                   modifiers=frozenset(m.id for m in scenario.modifiers), control=control)
