"""Columns from parsed JSON objects (JSON Lines slow path), typed like the fast path."""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow as pa

from truemark.io.rows import FieldError
from truemark.io.schema import Kind, RecordSpec

# JSON value types each kind takes before its own parsing; bool is never a number here.
ACCEPTS: dict[Kind, tuple[type, ...]] = {
    Kind.TEXT: (str, int),
    Kind.CURRENCY: (str, int),
    Kind.PRICE: (str, int, float),
    Kind.COUNT: (str, int, float),
    Kind.TIMESTAMP: (str,),
    Kind.TEXT_LIST: (list, str),  # a string may hold the array as JSON text, as in CSV
    Kind.PDQ_LIST: (list, str),
}


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _canonical(
    values: list[Any], kind: Kind, name: str, errors: dict[int, list[FieldError]]
) -> pa.Array:
    """Text for a canonical field; values of a JSON type the field cannot take become errors."""
    accepted = ACCEPTS[kind]
    cells: list[str | None] = []
    for index, value in enumerate(values):
        if value is None:
            cells.append(None)
        elif isinstance(value, bool) or not isinstance(value, accepted):
            errors.setdefault(index, []).append(FieldError(name, f"expected {kind.value}"))
            cells.append(None)
        else:
            cells.append(_as_text(value))
    return pa.array(cells, type=pa.string())


def _extra(values: list[Any]) -> pa.Array:
    """An unknown column typed as pyarrow infers it, or as JSON text when its values are mixed."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None else _as_text(v) for v in values], type=pa.string())


def columns_from_records(
    records: list[dict[str, Any]], spec: RecordSpec
) -> tuple[pa.RecordBatch, dict[int, list[FieldError]]]:
    """A batch of the records' columns, plus per-row errors of values of an impossible type."""
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    kinds = {f.name: f.kind for f in spec.fields}
    errors: dict[int, list[FieldError]] = {}
    arrays = []
    for name in names:
        values = [record.get(name) for record in records]
        kind = kinds.get(name)
        arrays.append(_canonical(values, kind, name, errors) if kind else _extra(values))
    return pa.RecordBatch.from_arrays(arrays, names=list(names)), errors
