"""List fields (image paths, PDQ hashes): from Arrow lists or from JSON arrays in a CSV cell."""

from __future__ import annotations

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from truemark.io.checks import (
    Coerced,
    blank_to_null,
    is_list,
    is_text,
    longer_than,
    plain,
    scalar,
    wrong_type,
)
from truemark.io.schema import STRING_LIST, FieldSpec, Kind
from truemark.io.text import arrow_offsets

CELL_KEY = "truemark_cell_5f1e"
PDQ_LENGTH = 64
LOWER_HEX = b"0123456789abcdef"
PDQ = r"^[0-9a-f]{64}$"
NOT_ARRAY = f"expected {Kind.TEXT_LIST.value}"


def _json_array(cell: str) -> list[str | None] | None:
    """The cell's JSON array of strings (null items kept for the item check), else None."""
    try:
        value = orjson.loads(cell)
    except orjson.JSONDecodeError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) or v is None for v in value):
        return value
    return None


def _cells_one_by_one(cells: pa.Array) -> Coerced:
    """Slow path: parse each cell with orjson; anything but an array of strings fails."""
    lists: list[list[str | None] | None] = []
    bad = np.zeros(len(cells), dtype=bool)
    for index, cell in enumerate(cells.to_pylist()):
        value = _json_array(cell) if cell is not None else None
        bad[index] = cell is not None and value is None
        lists.append(value)
    return Coerced(pa.array(lists, type=STRING_LIST), [(bad, NOT_ARRAY)])


def parse_json_cells(cells: pa.Array) -> Coerced:
    """Cells holding JSON arrays (CSV), parsed in one pass by pyarrow's JSON reader.

    Each cell is wrapped as one JSON Lines object; when any cell is not a clean array the
    batch is parsed again cell by cell so that only the bad cells fail.
    """
    text = blank_to_null(cells.cast(pa.string()))
    if len(text) == 0:
        return _cells_one_by_one(text)
    lines = pc.binary_join_element_wise(
        scalar(f'{{"{CELL_KEY}":', pa.string()),
        pc.fill_null(text, scalar("null", pa.string())),
        scalar("}\n", pa.string()),
        scalar("", pa.string()),
    )
    offsets = arrow_offsets(lines)
    start, end = int(offsets[0]), int(offsets[-1])
    payload = lines.buffers()[2].slice(start, end - start).to_pybytes()
    # a cell holding a line break or the wrapper's key could pose as several cells
    wrapped = payload.count(b"\n") == len(text) == payload.count(CELL_KEY.encode())
    if not wrapped or b"\r" in payload:
        return _cells_one_by_one(text)
    schema = pa.schema([(CELL_KEY, STRING_LIST)])
    options = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    try:
        table = pj.read_json(pa.BufferReader(payload), parse_options=options)
    except pa.ArrowInvalid:
        return _cells_one_by_one(text)
    if table.num_rows != len(text):
        return _cells_one_by_one(text)
    return Coerced(table.column(0).combine_chunks())


def _as_string_lists(column: pa.Array) -> Coerced:
    column = plain(column)
    t = column.type
    if is_text(t):
        return parse_json_cells(column)
    if is_list(t) and (is_text(t.value_type) or pa.types.is_null(t.value_type)):
        return Coerced(column.cast(STRING_LIST))
    if pa.types.is_null(t):
        return Coerced(pa.nulls(len(column), STRING_LIST))
    return wrong_type(column, STRING_LIST, Kind.TEXT_LIST.value)


def _item_failures(
    values: pa.Array, failed_items: pa.Array, message: str
) -> list[tuple[np.ndarray, str]]:
    parents = pc.list_parent_indices(values)
    rows = pc.filter(parents, pc.fill_null(failed_items, scalar(False, pa.bool_())))
    bad = np.zeros(len(values), dtype=bool)
    bad[rows.to_numpy(zero_copy_only=False)] = True
    return [(bad, message)]


def _clean_pdq(items: pa.Array) -> bool:
    """True when every item is already 64 lower-case hex digits, checked on the raw bytes."""
    if items.null_count or len(items) == 0:
        return len(items) == 0
    lengths = pc.min_max(pc.binary_length(items)).as_py()
    if lengths != {"min": PDQ_LENGTH, "max": PDQ_LENGTH}:
        return False
    offsets = arrow_offsets(items)
    start, end = int(offsets[0]), int(offsets[-1])
    digits = items.buffers()[2].slice(start, end - start).to_pybytes()
    return not digits.translate(None, LOWER_HEX)  # nothing left once hex digits are deleted


def _pdq_failures(result: Coerced, items: pa.Array) -> None:
    """Malformed hashes fail their row; good ones are trimmed and lower-cased in place."""
    values = result.values
    hashes = pc.utf8_lower(pc.utf8_trim_whitespace(items))
    malformed = pc.invert(pc.match_substring_regex(hashes, PDQ))
    result.failures += _item_failures(values, malformed, "PDQ hashes must be 64 hex digits")
    whole = pc.utf8_lower(pc.utf8_trim_whitespace(values.values))
    result.values = pa.ListArray.from_arrays(
        values.offsets, whole, type=STRING_LIST, mask=pc.is_null(values)
    )


def coerce_list(column: pa.Array, spec: FieldSpec) -> Coerced:
    """A list of strings; items must be present and short; PDQ hashes must be 64 hex digits."""
    result = _as_string_lists(column)
    values = result.values
    if len(values) == 0 or values.null_count == len(values):
        return result
    items = pc.list_flatten(values)
    if items.null_count:
        nulls = pc.is_null(items)
        result.failures += _item_failures(values, nulls, "list items must not be null")
    if spec.kind is Kind.PDQ_LIST:
        if not _clean_pdq(items):
            _pdq_failures(result, items)
        return _null_failed(result)
    too_long = longer_than(items, spec.max_length)
    if too_long.any():
        message = f"list items longer than {spec.max_length:,} characters"
        result.failures += _item_failures(values, pa.array(too_long), message)
    return _null_failed(result)


def _null_failed(result: Coerced) -> Coerced:
    """The list values with every failed row set to null."""
    failed = np.zeros(len(result.values), dtype=bool)
    for rows, _ in result.failures:
        failed |= rows
    if failed.any():
        result.values = pc.if_else(pa.array(failed), scalar(None, STRING_LIST), result.values)
    return result
