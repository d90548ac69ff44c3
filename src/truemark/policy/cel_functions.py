"""The CEL functions of the subset, each compiled to a polars expression.

``has``, ``size``, ``contains``, ``startsWith``, ``endsWith``, ``matches``, ``int``, ``double``;
anything else (including the list macros) is reported with the list of what is supported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl

from truemark.policy.cel_ast import Call, Literal, Node, Select
from truemark.policy.cel_ops import regex_problem
from truemark.policy.cel_types import CompileError, Typed, require

CompileNode = Callable[[Node], Typed]
Handler = Callable[[Call, tuple[Node, ...], CompileNode], Typed]
_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})


def compile_call(node: Call, compile_node: CompileNode) -> Typed:
    """The typed polars expression of a function or method call."""
    handler = FUNCTIONS.get(node.function)
    if handler is None:
        raise unsupported_function(node)
    args = (node.target, *node.args) if node.target is not None else node.args
    return handler(node, args, compile_node)


def unsupported_function(node: Call) -> CompileError:
    """The error for a function or macro outside the subset, with what is supported."""
    if node.function in _MACROS:
        hint = "macros over lists are not supported; test each signal directly"
        return CompileError(f"macro '{node.function}' is not supported", node.pos, hint)
    supported = ", ".join(sorted(FUNCTIONS))
    message = f"function '{node.function}' is not supported"
    return CompileError(message, node.pos, f"supported: {supported}")


def _has(node: Call, args: tuple[Node, ...], compile_node: CompileNode) -> Typed:
    if node.target is not None or len(args) != 1 or not isinstance(args[0], Select):
        raise CompileError("has() takes one field selection: has(price.ratio)", node.pos)
    return Typed(compile_node(args[0]).expr.is_not_null(), "bool")


def _size(node: Call, args: tuple[Node, ...], compile_node: CompileNode) -> Typed:
    (value,) = _arity(node, args, 1, compile_node)
    if value.items is not None:
        return Typed(pl.lit(len(value.items), dtype=pl.Int64), "int")
    require(value, ("string",), node.pos, "size()")
    return Typed(value.expr.str.len_chars().cast(pl.Int64), "int")


def _string_test(node: Call, args: tuple[Node, ...], compile_node: CompileNode) -> Typed:
    text, part = _arity(node, args, 2, compile_node)
    require(text, ("string",), node.pos, f"{node.function}()")
    require(part, ("string",), node.pos, f"the argument of {node.function}()")
    if node.function == "contains":
        return Typed(text.expr.str.contains(part.expr, literal=True), "bool")
    if node.function == "startsWith":
        return Typed(text.expr.str.starts_with(part.expr), "bool")
    return Typed(text.expr.str.ends_with(part.expr), "bool")


def _matches(node: Call, args: tuple[Node, ...], compile_node: CompileNode) -> Typed:
    text, _ = _arity(node, args, 2, compile_node)
    pattern = args[1]
    require(text, ("string",), node.pos, "matches()")
    if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
        raise CompileError("matches() needs a string literal pattern", node.pos)
    problem = regex_problem(pattern.value)
    if problem:
        raise CompileError(f"bad regular expression: {problem}", pattern.pos)
    return Typed(text.expr.str.contains(pattern.value), "bool")


def _convert(node: Call, args: tuple[Node, ...], compile_node: CompileNode) -> Typed:
    (value,) = _arity(node, args, 1, compile_node)
    require(value, ("int", "double"), node.pos, f"{node.function}()")
    if node.function == "double":
        return Typed(value.expr.cast(pl.Float64), "double", maybe_nan=value.maybe_nan)
    return Typed(value.expr.cast(pl.Int64, strict=False), "int")


def _arity(
    node: Call, args: tuple[Node, ...], count: int, compile_node: CompileNode
) -> list[Typed]:
    if len(args) != count:
        raise CompileError(
            f"{node.function}() takes {count - (node.target is not None)} argument(s)", node.pos
        )
    return [compile_node(arg) for arg in args]


FUNCTIONS: Mapping[str, Handler] = {
    "has": _has,
    "size": _size,
    "contains": _string_test,
    "startsWith": _string_test,
    "endsWith": _string_test,
    "matches": _matches,
    "int": _convert,
    "double": _convert,
}
