"""The numba kernels of :mod:`truemark.scan.json_rows`: rows of typed columns written as JSON
objects, byte for byte as polars' ``struct.json_encode`` writes them.

Two passes over the rows: :func:`row_lengths` (each row's length, so the caller allocates the
buffer once), then :func:`write_rows`. Every column is one of five kinds, each held in flat
arrays (numba takes no list of differently typed columns): booleans (0, 1, 2 for null),
integers (int64, and a null mask), strings (UTF-8 bytes, offsets, a valid mask, and whether
to escape them), lists of strings (each row's items, which are strings) and floats (whole
values as int64, the others as the texts polars wrote, see :data:`WHOLE_FLOAT`); see
:class:`Columns`. Whether a column holds anything to escape is known beforehand
(:func:`needs_escape`, over its whole buffer): only such a column is read byte by byte.
Strings are escaped as JSON requires and as polars does: ``"`` and ``\\``, the control
characters below U+0020 (``\\n``, ``\\t`` and the like by name, the others as ``\\u00xx``);
everything else, non-ASCII included, is copied as it is.

Most of a row's bytes are its keys and texts copied as they are: they are copied in blocks of
32 bytes by LLVM's ``memcpy`` of a constant size (:func:`_copy`, through
:func:`~truemark.index.byte_copy.copy_bytes` with a constant count), several times faster than
a loop over bytes or a ``memcpy`` call per copy; every array read or written has 32 bytes to
spare at its end for it (``SLACK``).

All numba functions live in this one module (numba's on-disk cache is invalidated by the
module's own file only; the copy intrinsic is compiled into them).
"""

from __future__ import annotations

from typing import NamedTuple

import numba as nb
import numpy as np

from truemark.index.byte_copy import copy_bytes

BOOLEAN, INTEGER, TEXT, STRINGS, FLOAT = 0, 1, 2, 3, 4
"""The kinds of column, as ``plan_kind`` gives them."""
NULL_FLOAT, WHOLE_FLOAT, FLOAT_TEXT = 0, 1, 2
"""How a float value is written (``float_state``): ``null``; a whole number below 10^15 as its
digits and ``.0`` (what polars writes for it); the text polars wrote for it (the column's next
one of ``float_starts``/``float_ends``)."""
NULL_BOOLEAN = 2
QUOTED, ESCAPED = 1, 2
"""How a string column is written (``text_mode``, ``item_mode``): quoted (nothing in it to
escape, the usual case), quoted and escaped."""

_ESCAPE = np.zeros(256, dtype=np.uint8)
"""Per byte: 0 copied as it is, 1 escaped by name (the byte after the backslash in
``_NAMED``), 2 escaped as ``\\u00xx``."""
_NAMED = np.zeros(256, dtype=np.uint8)
_ESCAPE[:0x20] = 2
for _byte, _name in ((0x08, "b"), (0x09, "t"), (0x0A, "n"), (0x0C, "f"), (0x0D, "r")):
    _ESCAPE[_byte], _NAMED[_byte] = 1, ord(_name)
for _byte in (ord('"'), ord("\\")):
    _ESCAPE[_byte], _NAMED[_byte] = 1, _byte
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8).copy()
_WORDS = np.frombuffer(b"falsetruenull" + bytes(32), dtype=np.uint8).copy()
"""``false`` at 0, ``true`` at 5, ``null`` at 9."""
_FALSE, _TRUE, _NULL = 0, 5, 9
_WORD_AT = np.array([_FALSE, _TRUE, _NULL], dtype=np.int64)
"""Where a boolean's word starts, by its code (0, 1, 2)."""


SLACK = 32
"""Bytes every source array has beyond its last byte, and the output beyond its last row:
:func:`_copy` moves whole blocks of this size."""


class Columns(NamedTuple):
    """A frame's columns in flat arrays, kind by kind (numba takes a named tuple of arrays as one
    argument). Per column of a kind, in the order of the kind's ``plan_index``: ``booleans``
    (rows of 0, 1 or ``NULL_BOOLEAN``), ``integers`` and ``integer_null``; strings
    ``text_offsets`` (into ``data``), ``text_valid`` and ``text_mode``; lists of strings
    ``list_offsets`` (into the items), ``list_valid`` and ``item_mode``, their items
    ``item_starts``, ``item_ends`` (into ``data``) and ``item_valid``; floats ``float_state``,
    ``float_whole``, and ``float_first`` (where the column's texts start among
    ``float_starts``, ``float_ends``, into ``data``). Two-dimensional arrays are (columns x
    rows), ``text_offsets`` and ``list_offsets`` (columns x rows + 1). ``data`` has ``SLACK``
    bytes to spare at its end."""

    booleans: np.ndarray
    integers: np.ndarray
    integer_null: np.ndarray
    data: np.ndarray
    text_offsets: np.ndarray
    text_valid: np.ndarray
    text_mode: np.ndarray
    list_offsets: np.ndarray
    list_valid: np.ndarray
    item_starts: np.ndarray
    item_ends: np.ndarray
    item_valid: np.ndarray
    item_mode: np.ndarray
    float_state: np.ndarray
    float_whole: np.ndarray
    float_starts: np.ndarray
    float_ends: np.ndarray
    float_first: np.ndarray


@nb.njit(cache=True, inline="always")
def _copy(target: np.ndarray, at: int, source: np.ndarray, start: int, count: int) -> None:
    """``target[at:at + count] = source[start:start + count]`` in blocks of ``SLACK`` bytes: the
    bytes copied past ``count`` are written over by what comes next (or are the slack)."""
    while count > 0:
        copy_bytes(target, at, source, start, SLACK)  # a constant size: a few vector moves
        at += SLACK
        start += SLACK
        count -= SLACK


@nb.njit(cache=True)
def needs_escape(data: np.ndarray) -> bool:
    """Whether any of these bytes is escaped in a JSON string (see ``_ESCAPE``)."""
    escape = _ESCAPE
    for byte in data:  # noqa: SIM110  # a loop that stops at the first: numba has no any() of it
        if escape[byte]:
            return True
    return False


@nb.njit(cache=True, inline="always")
def _magnitude(value: int) -> np.uint64:
    """|value| as uint64 (int64's least value included)."""
    if value < 0:
        return np.uint64(-(value + 1)) + np.uint64(1)
    return np.uint64(value)


@nb.njit(cache=True, inline="always")
def _digits(value: int) -> int:
    """How many characters an int64 takes in decimal, its sign included."""
    count = 1
    magnitude = _magnitude(value)
    ten = np.uint64(10)
    while magnitude >= ten:
        magnitude //= ten
        count += 1
    return count + (1 if value < 0 else 0)


@nb.njit(cache=True, inline="always")
def _escaped_length(data: np.ndarray, start: int, end: int, escape: np.ndarray) -> int:
    length = end - start
    for at in range(start, end):
        kind = escape[data[at]]
        if kind == 1:
            length += 1
        elif kind == 2:
            length += 5
    return length


@nb.njit(cache=True, inline="always")
def _span(offsets: np.ndarray, column: int, row: int) -> tuple[int, int]:
    """Where row ``row`` of column ``column`` starts and ends in ``offsets`` (columns x rows+1)."""
    return offsets[column, row], offsets[column, row + 1]


@nb.njit(cache=True, inline="always")
def _text_length(data: np.ndarray, start: int, end: int, mode: int, escape: np.ndarray) -> int:
    if mode == QUOTED:
        return end - start + 2
    return 2 + _escaped_length(data, start, end, escape)


@nb.njit(cache=True)
def row_lengths(
    rows: int,
    plan_kind: np.ndarray,
    plan_index: np.ndarray,
    key_offsets: np.ndarray,
    columns: Columns,
) -> np.ndarray:
    """Arrow offsets of the rows' JSON objects (see :func:`write_rows` for the arguments)."""
    escape = _ESCAPE
    fields = len(plan_kind)
    offsets = np.zeros(rows + 1, dtype=np.int64)
    next_text = columns.float_first.copy()
    for row in range(rows):
        length = 1 + key_offsets[fields] - key_offsets[0]  # the keys and the closing brace
        for field in range(fields):
            kind, column = plan_kind[field], plan_index[field]
            if kind == BOOLEAN:
                length += 5 if columns.booleans[column, row] == 0 else 4
            elif kind == INTEGER:
                length += (
                    4
                    if columns.integer_null[column, row]
                    else _digits(columns.integers[column, row])
                )
            elif kind == FLOAT:
                state = columns.float_state[column, row]
                if state == WHOLE_FLOAT:
                    length += _digits(columns.float_whole[column, row]) + 2
                elif state == FLOAT_TEXT:
                    text = next_text[column]
                    length += columns.float_ends[text] - columns.float_starts[text]
                    next_text[column] = text + 1
                else:
                    length += 4
            elif kind == TEXT:
                if columns.text_valid[column, row]:
                    start, end = _span(columns.text_offsets, column, row)
                    length += _text_length(
                        columns.data, start, end, columns.text_mode[column], escape
                    )
                else:
                    length += 4
            elif columns.list_valid[column, row]:
                first, last = _span(columns.list_offsets, column, row)
                length += 2 + max(last - first - 1, 0)  # brackets, commas
                for item in range(first, last):
                    if columns.item_valid[item]:
                        start, end = columns.item_starts[item], columns.item_ends[item]
                        length += _text_length(
                            columns.data, start, end, columns.item_mode[column], escape
                        )
                    else:
                        length += 4
            else:
                length += 4
        offsets[row + 1] = offsets[row] + length
    return offsets


@nb.njit(cache=True, inline="always")
def _put_text(
    out: np.ndarray, written: int, data: np.ndarray, start: int, end: int, mode: int
) -> int:
    """A string at ``written``, quoted and escaped as ``mode`` says; where it ends."""
    length = _text_length(data, start, end, mode, _ESCAPE)
    out[written] = 34  # "
    if length == end - start + 2:  # nothing to escape
        _copy(out, written + 1, data, start, end - start)
    else:
        escape, named, hex_digits = _ESCAPE, _NAMED, _HEX
        at = written + 1
        for place in range(start, end):
            byte = data[place]
            kind = escape[byte]
            if kind == 0:
                out[at] = byte
                at += 1
            elif kind == 1:
                out[at] = 92  # backslash
                out[at + 1] = named[byte]
                at += 2
            else:  # \u00xx
                out[at] = 92
                out[at + 1] = 117
                out[at + 2] = 48
                out[at + 3] = 48
                out[at + 4] = hex_digits[byte >> 4]
                out[at + 5] = hex_digits[byte & 15]
                at += 6
    out[written + length - 1] = 34
    return written + length


@nb.njit(cache=True, inline="always")
def _put_null(out: np.ndarray, written: int) -> int:
    _copy(out, written, _WORDS, _NULL, 4)
    return written + 4


@nb.njit(cache=True, inline="always")
def _put_integer(out: np.ndarray, written: int, value: int) -> int:
    width = _digits(value)
    if value < 0:
        out[written] = 45  # -
    magnitude = _magnitude(value)
    ten = np.uint64(10)
    at = written + width - 1
    while True:
        out[at] = np.uint8(48 + magnitude % ten)
        magnitude //= ten
        at -= 1
        if magnitude == 0:
            break
    return written + width


@nb.njit(cache=True)
def write_rows(
    out: np.ndarray,
    offsets: np.ndarray,
    plan_kind: np.ndarray,
    plan_index: np.ndarray,
    keys: np.ndarray,
    key_offsets: np.ndarray,
    columns: Columns,
) -> None:
    """Every row's JSON object into ``out``, at ``offsets`` (from :func:`row_lengths`).

    Field ``f`` is column ``plan_index[f]`` of kind ``plan_kind[f]`` (see :class:`Columns`);
    ``keys[key_offsets[f]:key_offsets[f + 1]]`` is what goes before its value (``{"name":``
    for the first, ``,"name":`` for the others). A float column's texts are read in row
    order, one for each of its values that ``float_state`` marks ``FLOAT_TEXT``."""
    words, word_at = _WORDS, _WORD_AT
    fields = len(plan_kind)
    next_text = columns.float_first.copy()
    for row in range(len(offsets) - 1):
        written = offsets[row]
        for field in range(fields):
            key_start = key_offsets[field]
            _copy(out, written, keys, key_start, key_offsets[field + 1] - key_start)
            written += key_offsets[field + 1] - key_start
            kind, column = plan_kind[field], plan_index[field]
            if kind == BOOLEAN:
                code = columns.booleans[column, row]
                width = 5 if code == 0 else 4
                _copy(out, written, words, word_at[code], width)
                written += width
            elif kind == INTEGER:
                if columns.integer_null[column, row]:
                    written = _put_null(out, written)
                else:
                    written = _put_integer(out, written, columns.integers[column, row])
            elif kind == FLOAT:
                state = columns.float_state[column, row]
                if state == WHOLE_FLOAT:
                    written = _put_integer(out, written, columns.float_whole[column, row])
                    out[written] = 46  # .
                    out[written + 1] = 48  # 0
                    written += 2
                elif state == FLOAT_TEXT:
                    text = next_text[column]
                    start, end = columns.float_starts[text], columns.float_ends[text]
                    _copy(out, written, columns.data, start, end - start)
                    written += end - start
                    next_text[column] = text + 1
                else:
                    written = _put_null(out, written)
            elif kind == TEXT:
                if columns.text_valid[column, row]:
                    start, end = _span(columns.text_offsets, column, row)
                    mode = columns.text_mode[column]
                    written = _put_text(out, written, columns.data, start, end, mode)
                else:
                    written = _put_null(out, written)
            elif columns.list_valid[column, row]:
                out[written] = 91  # [
                written += 1
                first, last = _span(columns.list_offsets, column, row)
                for item in range(first, last):
                    if item > first:
                        out[written] = 44  # ,
                        written += 1
                    if columns.item_valid[item]:
                        start, end = columns.item_starts[item], columns.item_ends[item]
                        mode = columns.item_mode[column]
                        written = _put_text(out, written, columns.data, start, end, mode)
                    else:
                        written = _put_null(out, written)
                out[written] = 93  # ]
                written += 1
            else:
                written = _put_null(out, written)
        out[written] = 125  # }
