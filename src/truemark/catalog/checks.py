"""Typed reads of catalog fields that record a located problem, with a hint, instead of failing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from truemark.catalog.locations import FieldPath, Locations, render_path
from truemark.errors import Problem

Record = Mapping[Any, Any]


def describe(value: Any) -> str:
    """How a value reads to a person: ``a number (12)``, ``text ('x')``, ``a list``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text ({shown!r})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def is_number(value: Any) -> bool:
    """A real int or float (booleans are not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class Checker:
    """Collects every problem of one catalog, located by field path and, when known, line."""

    def __init__(self, file: str, locations: Locations | None = None) -> None:
        self.file = file
        self.locations = locations or Locations()
        self.problems: list[Problem] = []
        self._lines: list[int] = []  # line of each problem, for reading order

    def report(self, path: FieldPath, message: str, hint: str | None = None) -> None:
        """Record one problem at ``path``."""
        where = self.locations.where(path)
        field = render_path(path) or None
        self.problems.append(Problem(self.file, message, where, field, hint))
        self._lines.append(self.locations.line(path) or 0)

    def in_line_order(self) -> list[Problem]:
        """The problems top to bottom in the file (found order where lines are equal or unknown)."""
        order = sorted(range(len(self.problems)), key=self._lines.__getitem__)
        return [self.problems[index] for index in order]

    def place(self, path: FieldPath) -> str:
        """``"line 12"`` when the document has lines, else the field path itself."""
        return self.locations.where(path) or render_path(path)

    def mapping(self, value: Any, path: FieldPath, what: str) -> Record | None:
        """``value`` when it is a mapping, else None and a problem naming ``what`` it should be."""
        if isinstance(value, Mapping):
            return value
        hint = "write it as `field: value` lines, or {field: value, ...}"
        self.report(path, f"{what} must be a mapping of fields, got {describe(value)}", hint)
        return None

    def text(self, record: Record, key: str, path: FieldPath, required: bool = True) -> str | None:
        """The non-empty text at ``record[key]`` (stripped), or None and a problem.

        An optional field that is absent or null is simply None.
        """
        here = (*path, key)
        if not required and record.get(key) is None:
            return None
        if key not in record:
            self.report(here, f"missing required field '{key}'", f"add `{key}: ...`")
            return None
        value = record[key]
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str) or value is None:
            self.report(here, f"'{key}' must not be empty", f"give `{key}` a value")
        else:
            self.report(here, f"'{key}' must be text, got {describe(value)}", _quote_hint(key))
        return None

    def number(self, record: Record, key: str, path: FieldPath) -> float | None:
        """The positive, finite number at ``record[key]``, or None and a problem."""
        here = (*path, key)
        if key not in record:
            self.report(here, f"missing required field '{key}'", f"add `{key}: <number>`")
            return None
        value = record[key]
        if not is_number(value):
            hint = "write a plain number such as 129.99, without quotes or a currency sign"
            self.report(here, f"'{key}' must be a number, got {describe(value)}", hint)
            return None
        if not math.isfinite(value) or value <= 0:
            self.report(here, f"'{key}' must be a positive number, got {value}", "use a price > 0")
            return None
        return float(value)

    def texts(self, record: Record, key: str, path: FieldPath) -> tuple[str, ...]:
        """The optional list of non-empty texts at ``record[key]``; problems for bad entries."""
        return tuple(text for _index, text in self.indexed_texts(record, key, path))

    def indexed_texts(self, record: Record, key: str, path: FieldPath) -> list[tuple[int, str]]:
        """Like :meth:`texts`, each text with its index in the list."""
        here = (*path, key)
        value = record.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            hint = f'write a list: `{key}: ["..."]`'
            self.report(here, f"'{key}' must be a list of text, got {describe(value)}", hint)
            return []
        found: list[tuple[int, str]] = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                found.append((index, item.strip()))
            else:
                message = f"'{key}' entries must be non-empty text, got {describe(item)}"
                self.report((*here, index), message, _quote_hint(key))
        return found

    def items(self, record: Record, key: str, path: FieldPath) -> list[Any]:
        """The optional list at ``record[key]`` (empty when absent or null), or [] and a problem."""
        value = record.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.report((*path, key), f"'{key}' must be a list, got {describe(value)}", "use `- ...`")
        return []


def _quote_hint(key: str) -> str:
    return f"put the value of `{key}` in quotes so it is read as text"
