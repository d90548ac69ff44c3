"""The per-character fold of :mod:`truemark.detect.fold_table` over a whole string column, in
numba: one pass over the column's UTF-8 bytes that decodes each character, copies it or writes
its fold from a code-point table, and marks the rows holding a contextual character and the
rows it changes beyond ASCII capitals (:func:`fold_utf8`); and a field's *view*, the same fold
written only where it changes a non-ASCII row (:func:`view_utf8`), both by one row fold.

polars' ``replace_many`` (an Aho-Corasick automaton over 7,000 one-character keys) and a regular
expression for the contextual rows did the same at about three times the cost. Where the tables
fold ASCII as its lower case only (today), eight ASCII bytes are read, lower-cased and written as
one word: 1.17 -> 0.56 ns a byte over ASCII text, 6.2 -> 5.8 ms over a batch's non-ASCII rows.

All numba functions live in this one module (numba's on-disk cache is invalidated by the
module's own file only; the intrinsics of :mod:`~truemark.index.byte_copy` are compiled into
them).
"""

from __future__ import annotations

import numba as nb
import numpy as np

from truemark.index.byte_copy import HIGH_BITS, copy_bytes, load_word, store_word

SELECTOR = 0xFE0F
"""VARIATION SELECTOR-16 (emoji presentation, "❤️"): a mark, folded by what precedes it."""
SELECTOR_DROP, SELECTOR_KEEP = 1, 2
FoldTables = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""The kernels' code-point tables: fold start, fold width, fold bytes, contextual, selector,
and the one-byte folds of ASCII characters (see :func:`fold_utf8`)."""
"""What a VS16 after a given character does in the fold (any other value: the long way)."""


@nb.njit(cache=True)
def fold_utf8(
    offsets: np.ndarray, data: np.ndarray, tables: FoldTables, expansion: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(offsets, bytes, contextual rows, changed rows) of the folded column; a row is changed
    where a character other than an ASCII capital folds to something else, or it is contextual.

    ``offsets``/``data`` are an Arrow large-string column's (valid UTF-8); ``tables`` are
    (``fold_start``, ``fold_width``, ``fold_bytes``, ``contextual``, ``selector``,
    ``ascii_fold``): a character with
    ``fold_start[cp] >= 0`` becomes ``fold_bytes[start : start + fold_width[cp]]``, any other
    stays as it is; ``contextual[cp]`` flags the row for the long way. A VS16 is dropped or
    kept as ``selector`` says for the character before it, else it flags the row too. No fold
    is longer than ``expansion`` times its character's bytes. ``ascii_fold[b]`` (128 entries)
    is the one byte an ASCII character folds to where the tables say so and it is not
    contextual (-1 otherwise): those, most of any text, are written without the lookups."""
    rows = len(offsets) - 1
    out_offsets = np.zeros(rows + 1, dtype=np.int64)
    out = np.empty(max(64, (offsets[rows] - offsets[0]) * 5 // 4), dtype=np.uint8)
    flagged = np.zeros(rows, dtype=np.bool_)
    changed = np.zeros(rows, dtype=np.bool_)
    written = 0
    by_words = _lower_case_only(tables[5])
    for row in range(rows):
        at, end = offsets[row], offsets[row + 1]
        out = _room(out, written, (end - at) * expansion)
        written, flagged[row], changed[row] = _fold_row(
            data, at, end, out, written, tables, by_words
        )
        out_offsets[row + 1] = written
    return out_offsets, out[:written], flagged, changed


@nb.njit(cache=True)
def view_utf8(
    offsets: np.ndarray, data: np.ndarray, wide: np.ndarray, tables: FoldTables, expansion: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(offsets, bytes, contextual rows, changed rows) of the column's *view*: each row folded
    where :func:`fold_utf8` changes it, as written elsewhere (tables as there). Only the
    ``wide`` rows (those with a non-ASCII character) are folded; a row that holds a contextual
    character is flagged and changed, its bytes here the table's fold (the caller puts the long
    way's in their place). Rows written as they are go in runs, one ``memcpy`` a run."""
    rows = len(offsets) - 1
    out_offsets = np.zeros(rows + 1, dtype=np.int64)
    out = np.empty(max(64, (offsets[rows] - offsets[0]) * 5 // 4), dtype=np.uint8)
    flagged = np.zeros(rows, dtype=np.bool_)
    changed = np.zeros(rows, dtype=np.bool_)
    written, run = 0, offsets[0]  # the rows from ``run`` on are not written yet
    by_words = _lower_case_only(tables[5])
    for row in range(rows):
        at, end = offsets[row], offsets[row + 1]
        if wide[row]:
            out = _room(out, written, at - run + (end - at) * expansion)
            copy_bytes(out, written, data, run, at - run)
            written += at - run
            folded, flagged[row], changed[row] = _fold_row(
                data, at, end, out, written, tables, by_words
            )
            if changed[row]:
                written, run = folded, end
            else:
                run = at  # the row stays as written, in the run
        out_offsets[row + 1] = written + end - run
    out = _room(out, written, offsets[rows] - run)
    copy_bytes(out, written, data, run, offsets[rows] - run)
    return out_offsets, out[: out_offsets[rows]], flagged, changed


@nb.njit(cache=True, inline="always")
def _room(out: np.ndarray, written: int, more: int) -> np.ndarray:
    """``out``, or a larger copy of its first ``written`` bytes with room for ``more``."""
    if written + more <= len(out):
        return out
    grown = np.empty(2 * len(out) + more, dtype=np.uint8)
    copy_bytes(grown, 0, out, 0, written)
    return grown


_BELOW_A = np.uint64(0x3F3F3F3F3F3F3F3F)  # 0x80 - ord("A"), in each byte
_BELOW_AFTER_Z = np.uint64(0x2525252525252525)  # 0x80 - ord("Z") - 1, in each byte


@nb.njit(cache=True, inline="always")
def _lower_case_only(ascii_fold: np.ndarray) -> bool:
    """Whether the ASCII folds are each character's lower case, no more (the capitals lower
    case, every other character itself): eight ASCII bytes can then be folded as one word."""
    for byte in range(128):
        lower = byte + 32 if 0x41 <= byte <= 0x5A else byte
        if ascii_fold[byte] != lower:
            return False
    return True


@nb.njit(cache=True, inline="always")
def _lower_case(word: np.uint64) -> np.uint64:
    """Eight ASCII bytes (high bits clear), their capitals in lower case: a byte's high bit
    is set by adding ``0x80 - ord("A")`` where it is "A" or after, by adding
    ``0x80 - ord("Z") - 1`` where it is after "Z" (no sum carries into the next byte), and a
    capital gains 0x20."""
    capital = (word + _BELOW_A) & ~(word + _BELOW_AFTER_Z) & HIGH_BITS
    return word | (capital >> np.uint64(2))


@nb.njit(cache=True, inline="always")
def _fold_row(
    data: np.ndarray,
    at: int,
    end: int,
    out: np.ndarray,
    written: int,
    tables: FoldTables,
    by_words: bool,
) -> tuple[int, bool, bool]:
    """Fold one row, ``data[at:end]``, into ``out`` from ``written`` (room made by the caller):
    where the writing ended, whether the row is contextual, whether it changed."""
    fold_start, fold_width, fold_bytes, contextual, selector, ascii_fold = tables
    flagged = changed = False
    previous = np.int64(-1)  # the code point before, none at the row's start
    while at < end:
        lead = np.int64(data[at])
        if by_words and at + 8 <= end:  # eight ASCII bytes at once, where they are
            word = load_word(data, at)
            if not word & HIGH_BITS:
                store_word(out, written, _lower_case(word))
                written += 8
                at += 8
                previous = np.int64(data[at - 1])
                continue
        if lead < 0x80 and ascii_fold[lead] >= 0:
            out[written] = ascii_fold[lead]
            written += 1
            at += 1
            previous = lead
            continue
        if lead < 0x80:
            point, width = lead, 1
        elif lead < 0xE0:
            point, width = ((lead & 0x1F) << 6) | (np.int64(data[at + 1]) & 0x3F), 2
        elif lead < 0xF0:
            point = ((lead & 0x0F) << 12) | ((np.int64(data[at + 1]) & 0x3F) << 6)
            point, width = point | (np.int64(data[at + 2]) & 0x3F), 3
        else:
            point = ((lead & 0x07) << 18) | ((np.int64(data[at + 1]) & 0x3F) << 12)
            point |= (np.int64(data[at + 2]) & 0x3F) << 6
            point, width = point | (np.int64(data[at + 3]) & 0x3F), 4
        if contextual[point]:
            flagged = changed = True
        if point == SELECTOR:
            rule = selector[previous] if previous >= 0 else 0
            if rule == SELECTOR_DROP:
                changed = True
                at += width
                previous = point
                continue
            if rule != SELECTOR_KEEP:
                flagged = changed = True
        previous = point
        start = np.int64(fold_start[point])
        if start < 0:
            for k in range(width):
                out[written + k] = data[at + k]
            written += width
        else:
            if point < 0x41 or point > 0x5A:
                changed = True
            folded = int(fold_width[point])
            for k in range(folded):
                out[written + k] = fold_bytes[start + k]
            written += folded
        at += width
    return written, flagged, changed
