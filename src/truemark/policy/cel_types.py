"""Types shared by the CEL compiler: a typed polars expression and the located compile error."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


class CompileError(ValueError):
    """A rule that does not type-check against the signal schema, at a 0-based position."""

    def __init__(self, message: str, pos: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Typed:
    """A compiled sub-expression: its polars expression and CEL type.

    ``kind`` is ``bool``, ``int``, ``double``, ``string`` or ``list:<element kind>``;
    ``items`` holds the values of a list literal; ``maybe_nan`` marks double arithmetic whose
    result can be NaN (comparisons then follow IEEE rules, not polars' NaN ordering).
    """

    expr: pl.Expr
    kind: str
    items: tuple[object, ...] | None = None
    maybe_nan: bool = False


NUMERIC = ("int", "double")


def require(value: Typed, kinds: tuple[str, ...], pos: int, what: str) -> None:
    """Raise a located :class:`CompileError` unless ``value`` has one of ``kinds``."""
    if value.kind not in kinds:
        raise CompileError(f"{what} needs {' or '.join(kinds)}, not {value.kind}", pos)
