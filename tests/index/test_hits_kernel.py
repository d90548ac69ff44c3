"""Hyperscan's matches to row hits: each match's row, and matches that run past their row
dropped, for matches in any order (Hyperscan gives them by end offset; the kernel walks on
from the last row and falls back to a search when one comes earlier)."""

from __future__ import annotations

import bisect

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.index.hits_kernel import (
    IN_ORDER,
    NOT_BY_END,
    TIES_ORDERED,
    end_then_pattern,
    row_hits,
)

_NO_WORDS = np.zeros(256, dtype=bool)
_NEVER = np.zeros(3, dtype=bool)  # no pattern asks for word boundaries
_STARTS_GIVEN = np.full(3, -1)  # no pattern has one width: the table's starts are used


def _by_search(table: np.ndarray, offsets: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(pattern, row, start, end) by a binary search of each match's start."""
    kept = []
    for pattern, start, end in table.tolist():
        first, stop = start + offsets[0], end + offsets[0]
        row = bisect.bisect_right(offsets.tolist(), first) - 1
        if stop <= offsets[row + 1]:
            kept.append((pattern, row, first - offsets[row], stop - offsets[row]))
    return kept


@st.composite
def columns_and_matches(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lengths = draw(st.lists(st.integers(1, 12), min_size=1, max_size=30))
    before = draw(st.integers(0, 5))  # a column that starts past its buffer's first byte
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64) + before
    size = int(offsets[-1] - offsets[0])
    spans = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 14)), max_size=60))
    table = np.array(
        [(i % 3, start, min(start + length, size)) for i, (start, length) in enumerate(spans)],
        dtype=np.int64,
    ).reshape(-1, 3)
    if draw(st.booleans()):  # by end offset, as Hyperscan reports them
        table = table[np.argsort(table[:, 2], kind="stable")]
    return table, np.zeros(int(offsets[-1]) + 1, dtype=np.uint8), offsets


@settings(max_examples=500, deadline=None)
@given(columns_and_matches())
def test_rows_of_matches_in_any_order(case: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    table, data, offsets = case
    pattern, row, start, end, absolute_end = row_hits(
        table,
        data,
        offsets,
        _NEVER,
        _NEVER,
        _NO_WORDS,
        _STARTS_GIVEN,
        np.ones(len(offsets) - 1, bool),
    )
    got = list(zip(pattern.tolist(), row.tolist(), start.tolist(), end.tolist(), strict=True))
    assert got == _by_search(table, offsets)
    assert (absolute_end == end + offsets[row]).all()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["a", "ſ", "é", "K", "高", "😀", " "]), max_size=8),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
    st.data(),
)
def test_starts_from_widths(rows: list[list[str]], known: bool, data: st.DataObject) -> None:
    """A set scanned without start of match: a match's start is its end less its pattern's
    width in characters, whatever their UTF-8 lengths (a caseless "s" matches "ſ"), whether or
    not the column knows its ASCII rows; a match that starts in an earlier row is dropped (in
    an ASCII row too, where the start is not walked back)."""
    characters = [(number, c.encode()) for number, row in enumerate(rows) for c in row]
    sizes = [len(encoded) for _, encoded in characters]
    edges = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)  # each character's start
    lengths = [sum(len(c.encode()) for c in row) for row in rows]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    values = np.frombuffer(b"".join(encoded for _, encoded in characters), dtype=np.uint8)
    ascii_rows = np.array([all(c.isascii() for c in row) for row in rows])
    matches, expected = [], []
    for last in range(1, len(characters) + 1):  # matches of every width ending at each one
        for width in range(1, min(last, 8) + 1):
            if not data.draw(st.booleans()):
                continue
            first, row = last - width, characters[last - 1][0]
            matches.append((width - 1, 0, int(edges[last])))  # pattern w - 1: w characters
            if characters[first][0] == row:
                start, end = edges[first] - offsets[row], edges[last] - offsets[row]
                expected.append((width - 1, row, int(start), int(end)))
    table = np.array(matches, dtype=np.int64).reshape(-1, 3)
    never = np.zeros(8, dtype=bool)
    pattern, row, start, end, _ = row_hits(
        table,
        values,
        offsets,
        never,
        never,
        _NO_WORDS,
        np.arange(1, 9),
        ascii_rows if known else np.zeros(len(rows), dtype=bool),
    )
    got = list(zip(pattern.tolist(), row.tolist(), start.tolist(), end.tolist(), strict=True))
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 4)), max_size=40),
    st.booleans(),
)
def test_hits_by_end_then_pattern_as_a_stable_sort(
    drawn: list[tuple[int, int]], by_end: bool
) -> None:
    """Hits that come by end (runs of ties of any length, patterns repeated in a run) get the
    order of a stable sort by (end, pattern); hits that do not come by end are said to, and
    those in order already are said to be."""
    if by_end:
        drawn.sort(key=lambda hit: hit[0])
    end = np.array([hit[0] for hit in drawn], dtype=np.int64)
    pattern = np.array([hit[1] for hit in drawn], dtype=np.int32)
    expected = np.argsort(end * 5 + pattern, kind="stable")
    order, found = end_then_pattern(end, pattern)
    if not by_end and bool((end[1:] < end[:-1]).any()):
        assert found == NOT_BY_END
    elif found == IN_ORDER:
        assert expected.tolist() == list(range(len(drawn)))
    else:
        assert found == TIES_ORDERED
        assert order.tolist() == expected.tolist() != list(range(len(drawn)))
