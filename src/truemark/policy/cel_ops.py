"""CEL operators as polars expressions with CEL's exact semantics.

Integer division and remainder truncate toward zero, integer overflow and division by zero are
errors (null), ``int`` and ``double`` do not mix in arithmetic, and comparisons involving NaN
follow IEEE (false, ``!=`` true) rather than polars' NaN-is-largest ordering.
"""

from __future__ import annotations

import polars as pl

from truemark.policy.cel_types import NUMERIC, CompileError, Typed

_INT64_LIMIT = 9.2e18
_MIX_HINT = "CEL does not mix int and double in arithmetic; convert with double(...) or int(...)"


def arithmetic(op: str, left: Typed, right: Typed, pos: int) -> Typed:
    """``+ - * / %`` on two ints, two doubles, or ``+`` on two strings."""
    if left.kind == right.kind == "string" and op == "+":
        return Typed(left.expr + right.expr, "string")
    if left.kind not in NUMERIC or right.kind not in NUMERIC:
        raise CompileError(f"'{op}' needs numbers, not {left.kind} and {right.kind}", pos)
    if left.kind != right.kind:
        raise CompileError(f"'{op}' on {left.kind} and {right.kind}", pos, _MIX_HINT)
    if left.kind == "double":
        if op == "%":
            raise CompileError("'%' is not defined for double", pos, "use int(...) operands")
        return Typed(_float_op(op, left.expr, right.expr), "double", maybe_nan=True)
    return Typed(_int_op(op, left.expr, right.expr), "int")


def _float_op(op: str, a: pl.Expr, b: pl.Expr) -> pl.Expr:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b


def _int_op(op: str, a: pl.Expr, b: pl.Expr) -> pl.Expr:
    if op in ("/", "%"):
        floor = a // b
        truncated = floor + ((a % b != 0) & ((a < 0) != (b < 0))).cast(pl.Int64)
        result = truncated if op == "/" else a - b * truncated
        return pl.when(b != 0).then(result)
    exact = _float_op(op, a, b)
    approx = _float_op(op, a.cast(pl.Float64), b.cast(pl.Float64))
    return pl.when(approx.abs() < _INT64_LIMIT).then(exact)


def compare(op: str, left: Typed, right: Typed, pos: int) -> Typed:
    """``== != < <= > >=`` on numbers (int and double mix), strings, or (for ==, !=) bools."""
    numeric = left.kind in NUMERIC and right.kind in NUMERIC
    strings = left.kind == right.kind == "string"
    bools = left.kind == right.kind == "bool" and op in ("==", "!=")
    if not (numeric or strings or bools):
        raise CompileError(f"cannot compare {left.kind} with {right.kind} using '{op}'", pos)
    result = {
        "==": left.expr == right.expr,
        "!=": left.expr != right.expr,
        "<": left.expr < right.expr,
        "<=": left.expr <= right.expr,
        ">": left.expr > right.expr,
        ">=": left.expr >= right.expr,
    }[op]
    if not (left.maybe_nan or right.maybe_nan):
        return Typed(result, "bool")
    either_null = left.expr.is_null() | right.expr.is_null()
    either_nan = _nan(left) | _nan(right)
    ieee = pl.when(either_null).then(None).when(either_nan).then(pl.lit(op == "!="))
    return Typed(ieee.otherwise(result), "bool")


def _nan(value: Typed) -> pl.Expr:
    return value.expr.is_nan() if value.maybe_nan else pl.lit(False)


def is_in(needle: Typed, haystack: Typed, pos: int) -> Typed:
    """``x in [literals]``: membership in a list literal of the same (or numeric) type."""
    if haystack.items is None:
        raise CompileError("'in' needs a list literal on its right: x in [1, 2]", pos)
    element = haystack.kind.removeprefix("list:")
    numeric = needle.kind in NUMERIC and element in (*NUMERIC, "any")
    if not numeric and element not in (needle.kind, "any"):
        raise CompileError(f"cannot look for {needle.kind} in a list of {element}", pos)
    if numeric and (needle.kind == "double" or element == "double"):
        values = pl.Series([float(v) for v in haystack.items], dtype=pl.Float64)  # type: ignore[arg-type]
        return Typed(needle.expr.cast(pl.Float64).is_in(pl.lit(values).implode()), "bool")
    values = pl.Series(list(haystack.items), dtype=_DTYPES[needle.kind])
    return Typed(needle.expr.is_in(pl.lit(values).implode()), "bool")


_DTYPES = {"int": pl.Int64, "double": pl.Float64, "string": pl.String, "bool": pl.Boolean}


def regex_problem(pattern: str) -> str | None:
    """Why polars' regex engine rejects ``pattern``, or None when it compiles."""
    try:
        pl.select(pl.lit("").str.contains(pattern))
    except pl.exceptions.ComputeError as exc:
        return " ".join(str(exc).split())
    return None
