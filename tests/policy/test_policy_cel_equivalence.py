"""The polars-compiled rules agree with the real CEL implementation (``cel.evaluate``).

Agreement means: same true/false on every row, and polars null exactly where CEL raises an
error (a null signal being an absent key), for the default policy's rules and for random
well-typed expressions over the signal schema.
"""

from __future__ import annotations

from typing import Any

import cel
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truemark.policy import load_policy
from truemark.policy.cel_ast import (
    Binary,
    Call,
    Conditional,
    Ident,
    ListOf,
    Literal,
    Node,
    Select,
    Unary,
    render,
)
from truemark.policy.cel_compile import compile_rule, unknown_names
from truemark.policy.cel_parser import parse
from truemark.policy.signals import SIGNALS, Signal, conform

# ---- random signal rows and the CEL reference ----

STRINGS = ("gucci", "lv", "", "Gucci", "exact", "alias", "fuzzy", "g.u", "abc")


def value_strategy(signal: Signal) -> st.SearchStrategy[Any]:
    """Values of one signal (small ints so CEL's overflow errors stay out of the way)."""
    if signal.kind == "bool":
        return st.booleans()
    if signal.kind == "int":
        return st.integers(-40, 40)
    if signal.kind == "double":
        edges = st.sampled_from([0.0, -0.0, 0.2, 0.5, 1.0, 3.5])
        return edges | st.floats(-100, 100, allow_nan=False, allow_infinity=False)
    return st.sampled_from(STRINGS)


signal_rows = st.lists(
    st.fixed_dictionaries({signal.name: st.none() | value_strategy(signal) for signal in SIGNALS}),
    min_size=1,
    max_size=25,
)


def frame_of(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A conformed signal frame of rows (null meaning the detector did not say)."""
    columns = {signal.name: [row[signal.name] for row in rows] for signal in SIGNALS}
    return conform(pl.DataFrame(columns, strict=False))


def cel_context(row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Signals as CEL sees them: nested maps, a null signal an absent key."""
    context: dict[str, dict[str, Any]] = {signal.namespace: {} for signal in SIGNALS}
    for signal in SIGNALS:
        if row[signal.name] is not None:
            context[signal.namespace][signal.field] = row[signal.name]
    return context


def cel_reference(expression: str, row: dict[str, Any]) -> bool | None:
    """What the real CEL implementation says; None when it raises (an error)."""
    try:
        result = cel.evaluate(expression, cel_context(row))
    except Exception:  # every CEL evaluation error (KeyError, TypeError, ...) means "error"
        return None
    assert isinstance(result, bool), f"{expression} gave {result!r}"
    return result


# ---- random well-typed expressions ----

_STRINGS = ("gucci", "lv", "", "u", "G", "exact")
_PATTERNS = ("^g", "u+", "[a-c]", "^$", "i$")


def _field(kind: str) -> st.SearchStrategy[Node]:
    names = [s for s in SIGNALS if s.kind == kind]
    return st.sampled_from(names).map(lambda s: Select(Ident(s.namespace, 0), s.field, 0))


_any_field = st.sampled_from(SIGNALS).map(lambda s: Select(Ident(s.namespace, 0), s.field, 0))


def _literal(kind: str) -> st.SearchStrategy[Node]:
    values: st.SearchStrategy[object] = {
        "bool": st.booleans(),
        "int": st.integers(-6, 6),
        "double": st.sampled_from([0.0, 0.5, 1.0, -2.5, 3.5, 100.0, 1e-3]),
        "string": st.sampled_from(_STRINGS),
    }[kind]
    return values.map(lambda v: Literal(v, 0))  # type: ignore[arg-type]


def expressions(kind: str, depth: int = 3) -> st.SearchStrategy[Node]:
    """A random expression of CEL type ``kind`` nested at most ``depth`` deep."""
    leaves = _field(kind) | _literal(kind)
    if depth == 0:
        return leaves
    sub = lambda k: expressions(k, depth - 1)  # noqa: E731
    return st.one_of(leaves, leaves, *_composites(kind, sub))


def _composites(kind: str, sub: object) -> list[st.SearchStrategy[Node]]:
    s = sub  # type: ignore[assignment]
    cond = st.builds(lambda c, a, b: Conditional(c, a, b, 0), s("bool"), s(kind), s(kind))
    if kind == "bool":
        numeric = st.sampled_from(["int", "double"])
        return [
            cond,
            s("bool").map(lambda x: Unary("!", x, 0)),
            st.builds(lambda op, a, b: Binary(op, a, b, 0), st.sampled_from(["&&", "||"]), s("bool"), s("bool")),
            numeric.flatmap(lambda k: numeric.flatmap(lambda j: st.builds(
                lambda op, a, b: Binary(op, a, b, 0),
                st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), s(k), s(j)))),
            st.builds(lambda op, a, b: Binary(op, a, b, 0), st.sampled_from(["==", "<", ">="]), s("string"), s("string")),
            st.builds(lambda op, a, b: Binary(op, a, b, 0), st.sampled_from(["==", "!="]), s("bool"), s("bool")),
            _any_field.map(lambda f: Call("has", None, (f,), 0)),
            st.builds(lambda f, a, b: Call(f, a, (b,), 0),
                      st.sampled_from(["contains", "startsWith", "endsWith"]), s("string"), s("string")),
            st.builds(lambda a, p: Call("matches", a, (Literal(p, 0),), 0), s("string"), st.sampled_from(_PATTERNS)),
            numeric.flatmap(lambda k: st.builds(
                lambda a, items: Binary("in", a, ListOf(tuple(items), 0), 0),
                s(k), st.lists(_literal("int") | _literal("double"), max_size=4))),
            st.builds(lambda a, items: Binary("in", a, ListOf(tuple(items), 0), 0),
                      s("string"), st.lists(_literal("string"), max_size=3)),
        ]  # fmt: skip
    if kind == "int":
        return [
            cond,
            s("int").map(lambda x: Unary("-", x, 0)),
            st.builds(lambda op, a, b: Binary(op, a, b, 0), st.sampled_from(["+", "-", "*", "/", "%"]), s("int"), s("int")),
            s("string").map(lambda x: Call("size", None, (x,), 0)),
            s("double").map(lambda x: Call("int", None, (x,), 0)),
        ]  # fmt: skip
    if kind == "double":
        return [
            cond,
            s("double").map(lambda x: Unary("-", x, 0)),
            st.builds(lambda op, a, b: Binary(op, a, b, 0), st.sampled_from(["+", "-", "*", "/"]), s("double"), s("double")),
            s("int").map(lambda x: Call("double", None, (x,), 0)),
        ]  # fmt: skip
    return [cond, st.builds(lambda a, b: Binary("+", a, b, 0), s("string"), s("string"))]


# ---- the tests ----

DEFAULT_RULES = [rule.spec.when for rule in load_policy().rules]
_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _evaluate(tree: Node, rows: list[dict[str, Any]]) -> list[bool | None]:
    frame = frame_of(rows).with_columns(compile_rule(tree).alias("_rule"))  # broadcasts constants
    return frame.get_column("_rule").to_list()


def _assert_agrees(expression: str, rows: list[dict[str, Any]]) -> None:
    tree = parse(expression)
    assert unknown_names(tree) == []
    compiled = _evaluate(tree, rows)
    expected = [cel_reference(expression, row) for row in rows]
    for row, got, want in zip(rows, compiled, expected, strict=True):
        assert got == want, f"{expression}\nrow {row}\npolars {got!r}, CEL {want!r}"


@pytest.mark.parametrize("expression", DEFAULT_RULES)
@_SETTINGS
@given(rows=signal_rows)
def test_default_policy_rules_agree_with_cel(expression: str, rows: list[dict[str, Any]]) -> None:
    _assert_agrees(expression, rows)


@settings(_SETTINGS, max_examples=300)
@given(tree=expressions("bool"), rows=signal_rows)
def test_random_expressions_agree_with_cel(tree: Node, rows: list[dict[str, Any]]) -> None:
    _assert_agrees(render(tree), rows)


@settings(_SETTINGS, max_examples=100)
@given(tree=expressions("bool", depth=2))
def test_render_then_parse_is_stable(tree: Node) -> None:
    once = render(parse(render(tree)))  # parsing folds -(literal) into a negative literal
    assert render(parse(once)) == once
    assert unknown_names(parse(once)) == []


@pytest.mark.parametrize(
    ("expression", "want"),
    [
        ("text.cue_count / 2 == -3", [True, False, None]),  # truncates toward zero, like CEL
        ("text.cue_count % 3 == -1", [True, False, None]),
        ("text.cue_count / 0 == 1 || true", [True, True, True]),  # error || true is true
        ("text.cue_count * 9000000000000000000 > 0", [None, None, None]),  # overflow: error
        ("price.ratio / 0.0 > 1.0", [True, False, None]),  # IEEE: inf, -inf
        ("(price.ratio - price.ratio) / 0.0 != 1.0", [True, True, None]),  # NaN != x is true
    ],
)
def test_edge_semantics(expression: str, want: list[bool | None]) -> None:
    rows = [
        {"text.cue_count": -7, "price.ratio": 0.5},
        {"text.cue_count": 7, "price.ratio": -0.5},
        {"text.cue_count": None, "price.ratio": None},
    ]
    full = [{**dict.fromkeys(_all_names()), **row} for row in rows]
    _assert_agrees(expression, full)
    assert _evaluate(parse(expression), full) == want


def _all_names() -> list[str]:
    return [signal.name for signal in SIGNALS]


@settings(_SETTINGS, max_examples=50)
@given(value=st.integers(-(2**40), 2**40), divisor=st.integers(-9, 9))
def test_integer_division_matches_cel(value: int, divisor: int) -> None:
    rows = [{**dict.fromkeys(_all_names()), "text.cue_count": value, "seller.strikes": divisor}]
    for op in ("/", "%"):
        _assert_agrees(f"text.cue_count {op} seller.strikes >= 0", rows)
