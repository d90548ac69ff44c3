"""The syntax tree of the CEL subset truemark compiles to polars, and its rendering back to text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

LiteralValue: TypeAlias = bool | int | float | str | None


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant: ``true``, ``3``, ``0.5``, ``"gucci"``, ``null``."""

    value: LiteralValue
    pos: int


@dataclass(frozen=True, slots=True)
class Ident:
    """A bare name: a CEL variable such as ``price``."""

    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Select:
    """Field selection ``operand.field``."""

    operand: Node
    field: str
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    """A function ``f(args)`` or a method ``target.f(args)``."""

    function: str
    target: Node | None
    args: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Unary:
    """``!x`` or ``-x``."""

    op: str
    operand: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Binary:
    """``a op b`` for logic, comparison, ``in`` and arithmetic operators."""

    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Conditional:
    """``cond ? then : otherwise``."""

    cond: Node
    then: Node
    otherwise: Node
    pos: int


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list literal ``[a, b, c]``."""

    items: tuple[Node, ...]
    pos: int


Node: TypeAlias = Literal | Ident | Select | Call | Unary | Binary | Conditional | ListOf


def render(node: Node) -> str:
    """CEL source text for a tree, fully parenthesized (used by tests and messages)."""
    match node:
        case Literal(value=value):
            return _render_literal(value)
        case Ident(name=name):
            return name
        case Select(operand=operand, field=field):
            return f"{render(operand)}.{field}"
        case Call(function=function, target=None, args=args):
            return f"{function}({', '.join(render(a) for a in args)})"
        case Call(function=function, target=target, args=args) if target is not None:
            return f"{render(target)}.{function}({', '.join(render(a) for a in args)})"
        case Unary(op=op, operand=operand):
            return f"{op}({render(operand)})"
        case Binary(op=op, left=left, right=right):
            return f"({render(left)} {op} {render(right)})"
        case Conditional(cond=cond, then=then, otherwise=otherwise):
            return f"({render(cond)} ? {render(then)} : {render(otherwise)})"
        case ListOf(items=items):
            return f"[{', '.join(render(i) for i in items)}]"
    raise TypeError(f"not a CEL node: {node!r}")


def _render_literal(value: LiteralValue) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, float):
        text = repr(value)
        return text if ("." in text or "e" in text) else text + ".0"
    return str(value)
