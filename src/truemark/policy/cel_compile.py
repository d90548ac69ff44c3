"""Compile a CEL rule (the :mod:`cel_parser` subset) to one vectorized polars expression.

Semantics follow the CEL reference implementation (``cel.evaluate``) with a signal that is
null treated as an absent map key: anything that reads it is an error, and errors map to
null. Polars' Kleene logic then matches CEL's ``&&``/``||`` error absorption (``error || true``
is true), and a rule fires only where its expression is true.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from rapidfuzz import fuzz, process

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
)
from truemark.policy.cel_functions import FUNCTIONS, compile_call, unsupported_function
from truemark.policy.cel_ops import arithmetic, compare, is_in
from truemark.policy.cel_types import CompileError, Typed, require
from truemark.policy.signals import POLARS_TYPES, Signal, SignalKind, namespaces

_SCHEMA: Mapping[str, Mapping[str, Signal]] = namespaces()
_ALL_SIGNALS = [f"{ns}.{field}" for ns, fields in _SCHEMA.items() for field in fields]


def did_you_mean(name: str) -> str | None:
    """A hint naming the closest known signal, or None."""
    best = process.extractOne(name, _ALL_SIGNALS, scorer=fuzz.ratio, score_cutoff=60)
    return f"did you mean '{best[0]}'?" if best else None


def unknown_names(node: Node) -> list[CompileError]:
    """Every unknown variable, signal or function of a rule (all of them, not only the first)."""
    problems: list[CompileError] = []
    selected: set[int] = set()
    for child in _walk(node):
        if isinstance(child, Call) and child.function not in FUNCTIONS:
            problems.append(unsupported_function(child))
        elif isinstance(child, Select) and isinstance(child.operand, Ident):
            selected.add(id(child.operand))
            name = f"{child.operand.name}.{child.field}"
            if child.field not in _SCHEMA.get(child.operand.name, {}):
                problems.append(
                    CompileError(f"unknown signal '{name}'", child.operand.pos, did_you_mean(name))
                )
        elif isinstance(child, Ident) and id(child) not in selected and child.name not in _SCHEMA:
            hint = did_you_mean(child.name) or f"variables are {', '.join(sorted(_SCHEMA))}"
            problems.append(CompileError(f"unknown variable '{child.name}'", child.pos, hint))
    return problems


def _walk(node: Node) -> list[Node]:
    children: list[Node] = [node]
    match node:
        case Select(operand=operand) | Unary(operand=operand):
            children += _walk(operand)
        case Call(function=function, target=target, args=args) if function in FUNCTIONS:
            for arg in (target, *args) if target is not None else args:
                children += _walk(arg)
        case Binary(left=left, right=right):
            children += _walk(left) + _walk(right)
        case Conditional(cond=cond, then=then, otherwise=otherwise):
            children += _walk(cond) + _walk(then) + _walk(otherwise)
        case ListOf(items=items):
            for item in items:
                children += _walk(item)
    return children


def compile_rule(node: Node) -> pl.Expr:
    """The boolean polars expression of a rule; :class:`CompileError` when it does not check."""
    typed = _compile(node)
    if typed.kind != "bool":
        raise CompileError(f"a rule must be a condition (bool), this is {typed.kind}", node.pos)
    return typed.expr


def _compile(node: Node) -> Typed:
    match node:
        case Literal():
            return _literal(node)
        case Select(operand=Ident(name=ns), field=field):
            signal = _SCHEMA[ns][field]
            return Typed(pl.col(signal.name), signal.kind)
        case Select() | Ident():
            raise CompileError("select a signal as variable.field (e.g. price.ratio)", node.pos)
        case Unary():
            return _unary(node)
        case Binary(op="&&" | "||"):
            return _logic(node)
        case Binary(op="in"):
            return is_in(_compile(node.left), _compile(node.right), node.pos)
        case Binary(op="==" | "!=" | "<" | "<=" | ">" | ">="):
            return _comparison(node)
        case Binary():
            return arithmetic(node.op, _compile(node.left), _compile(node.right), node.pos)
        case Conditional():
            return _conditional(node)
        case ListOf():
            return _list(node)
        case Call():
            return _call(node)
    raise CompileError("unsupported expression", node.pos)


def _literal(node: Literal) -> Typed:
    value = node.value
    if value is None:
        raise CompileError("null is not supported", node.pos, "test presence with has(x.y)")
    kind: SignalKind = (
        "bool" if isinstance(value, bool)
        else "int" if isinstance(value, int)
        else "double" if isinstance(value, float)
        else "string"
    )  # fmt: skip
    return Typed(pl.lit(value, dtype=POLARS_TYPES[kind]), kind)


def _unary(node: Unary) -> Typed:
    operand = _compile(node.operand)
    if node.op == "!":
        require(operand, ("bool",), node.pos, "'!'")
        return Typed(~operand.expr, "bool")
    require(operand, ("int", "double"), node.pos, "unary '-'")
    return Typed(-operand.expr, operand.kind, maybe_nan=operand.maybe_nan)


def _logic(node: Binary) -> Typed:
    left, right = _compile(node.left), _compile(node.right)
    require(left, ("bool",), node.pos, f"'{node.op}'")
    require(right, ("bool",), node.pos, f"'{node.op}'")
    return Typed(left.expr & right.expr if node.op == "&&" else left.expr | right.expr, "bool")


def _comparison(node: Binary) -> Typed:
    if (isinstance(node.left, Literal) and node.left.value is None) or (
        isinstance(node.right, Literal) and node.right.value is None
    ):
        raise CompileError("comparing with null is not supported", node.pos, "use has(x.y)")
    return compare(node.op, _compile(node.left), _compile(node.right), node.pos)


def _conditional(node: Conditional) -> Typed:
    cond, then, otherwise = _compile(node.cond), _compile(node.then), _compile(node.otherwise)
    require(cond, ("bool",), node.pos, "the condition of '?:'")
    if then.kind != otherwise.kind or then.kind.startswith("list"):
        raise CompileError(
            f"both branches of '?:' must have one type, not {then.kind} and {otherwise.kind}",
            node.pos,
            "convert with double(...) or int(...)",
        )
    expr = pl.when(cond.expr).then(then.expr).when(~cond.expr).then(otherwise.expr)
    return Typed(expr, then.kind, maybe_nan=then.maybe_nan or otherwise.maybe_nan)


def _list(node: ListOf) -> Typed:
    if not all(isinstance(item, Literal) and item.value is not None for item in node.items):
        raise CompileError("list elements must be literals (numbers, strings, booleans)", node.pos)
    values = tuple(item.value for item in node.items if isinstance(item, Literal))
    kinds = {_literal(item).kind for item in node.items if isinstance(item, Literal)}
    numeric = kinds <= {"int", "double"}
    if len(kinds) > 1 and not numeric:
        raise CompileError("list elements must all have one type", node.pos)
    kind = "list:" + ("double" if "double" in kinds else kinds.pop() if kinds else "any")
    return Typed(pl.lit(None), kind, items=values)


def _call(node: Call) -> Typed:
    return compile_call(node, _compile)
