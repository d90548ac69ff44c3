"""From Hyperscan's matches over a column to row hits, in numba: one pass over the matches.

Each match's row is found from its last byte, then its start (see :func:`row_hits`), and a
match that runs past its row, or that misses a word boundary its pattern asks for, is dropped (see
:meth:`truemark.index.scanner.Scanner.scan` for why the boundaries are checked here). The numpy
form of the same steps (a ``searchsorted`` and a dozen array operations over every match) cost
more than Hyperscan's own scan for most pattern sets. All numba functions live in this one
module (numba's on-disk cache is invalidated by the module's own file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True, nogil=True)
def _walk_back(data: np.ndarray, stop: int, width: int) -> int:
    """Where the ``width`` UTF-8 characters that end at ``stop`` start (a byte that is no
    continuation byte starts one)."""
    first, characters = stop, width
    while characters > 0:
        first -= 1
        characters -= (data[first] & 0xC0) != 0x80
    return first


@nb.njit(cache=True, nogil=True)
def row_hits(
    table: np.ndarray,
    data: np.ndarray,
    offsets: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    word_byte: np.ndarray,
    width: np.ndarray,
    ascii_rows: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The kept matches of ``table`` ((n, 3): pattern, start, end, offsets from ``offsets[0]``)
    as (pattern, row, start, end within the row, end within ``data``), in ``table``'s order.
    Hyperscan reports matches by end offset, so each match's row is found by walking on from
    the last match's row (a binary search per match cost more than the rest of this pass).
    ``left[p]`` / ``right[p]``: pattern p must start / end a word (``word_byte``: which bytes
    are word characters). ``width[p]`` is how many characters every match of pattern p has, or
    -1 where that varies: a match's start is then ``table``'s (in a set scanned without
    start of match every pattern has a width, and ``table``'s starts are 0, unread); else it
    is that many bytes before its end in a row of ``ascii_rows`` (rows known to hold ASCII
    only: a match that starts in an earlier row has more characters than its part in this
    one, so it still starts before the row), and found by walking back that many characters
    elsewhere (the walk cost more than the rest of this pass where every match took it).

    A match starts a word where its first byte is a word character and the byte before it (in
    its row) is not; it ends one likewise at its other edge. Hyperscan's ``\\b`` is the change
    alone, so it let a match whose first letter is a non-ASCII look-alike ("K", the Kelvin
    sign, matching a caseless "k") pass after a word character. Such a match never counts
    here: a look-alike is folded away, and its mark is found in the folded text as
    obfuscated."""
    count = table.shape[0]
    pattern = np.empty(count, dtype=np.int32)
    row = np.empty(count, dtype=np.int64)
    start = np.empty(count, dtype=np.int64)
    end = np.empty(count, dtype=np.int64)
    absolute_end = np.empty(count, dtype=np.int64)
    base, last = offsets[0], len(data) - 1
    kept = r = 0
    for match in range(count):
        p = table[match, 0]
        stop = table[match, 2] + base
        characters = width[p]  # a pattern of one width matches one character or more
        first = table[match, 1] + base if characters < 0 else stop - 1
        final = max(stop - 1, first)  # the match's last byte
        if final < offsets[r]:  # matches come by end offset: this is a fallback
            r = np.searchsorted(offsets, final, side="right") - 1
        while offsets[r + 1] <= final:  # the row of the last byte, walking on from the last
            r += 1
        row_start, row_end = offsets[r], offsets[r + 1]
        if characters >= 0:
            first = stop - characters if ascii_rows[r] else _walk_back(data, stop, characters)
        if first < row_start:  # it runs past its row
            continue
        if left[p]:
            before = first > row_start and word_byte[data[max(first - 1, 0)]]
            if before or not word_byte[data[first]]:
                continue
        if right[p]:
            after = stop < row_end and word_byte[data[min(stop, last)]]
            if after or not word_byte[data[stop - 1]]:
                continue
        pattern[kept], row[kept] = p, r
        start[kept], end[kept], absolute_end[kept] = first - row_start, stop - row_start, stop
        kept += 1
    return pattern[:kept], row[:kept], start[:kept], end[:kept], absolute_end[:kept]


IN_ORDER, TIES_ORDERED, NOT_BY_END = 0, 1, 2
"""What :func:`end_then_pattern` found."""


@nb.njit(cache=True, nogil=True)
def end_then_pattern(end: np.ndarray, pattern: np.ndarray) -> tuple[np.ndarray, int]:
    """The order of hits that come by ``end`` (as Hyperscan reports them) by end, then
    pattern, stably: each run of hits that end together put in pattern order by an insertion
    sort (runs are short), no sort of the whole. Returns (order, what it found): ``IN_ORDER``
    (no run needed it; order unread), ``TIES_ORDERED`` (the order), or ``NOT_BY_END`` (hits
    not by end, such as a set's hits and its rows scanned again, joined: sort them; order
    unread, part made)."""
    count = len(end)
    order = np.arange(count)
    found, run = IN_ORDER, 0
    for hit in range(1, count):
        if end[hit] < end[hit - 1]:
            return order, NOT_BY_END
        if end[hit] != end[hit - 1]:
            run = hit
            continue
        place, this = hit, pattern[hit]  # order[hit] is still hit: the run before it is sorted
        while place > run and pattern[order[place - 1]] > this:
            order[place] = order[place - 1]
            place -= 1
        if place != hit:
            order[place], found = hit, TIES_ORDERED
    return order, found
