"""Hyperscan's matches to row hits: each match's row, and matches that run past their row
dropped, for matches in any order (Hyperscan gives them by end offset; the kernel walks on
from the last row and falls back to a search when one comes earlier)."""

from __future__ import annotations

import bisect

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.index.hits_kernel import row_hits

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
        table, data, offsets, _NEVER, _NEVER, _NO_WORDS, _STARTS_GIVEN
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
    st.data(),
)
def test_starts_from_widths_walk_back_characters(
    rows: list[list[str]], data: st.DataObject
) -> None:
    """A set scanned without start of match: a match's start is its end less its pattern's
    width in characters, whatever their UTF-8 lengths (a caseless "s" matches "ſ")."""
    encoded = [[character.encode() for character in row] for row in rows]
    lengths = [sum(len(character) for character in row) for row in encoded]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    values = np.frombuffer(b"".join(b"".join(row) for row in encoded), dtype=np.uint8)
    matches, expected = [], []
    for number, row in enumerate(encoded):
        edges = np.cumsum([0, *(len(character) for character in row)]).tolist()
        for width in range(1, len(row) + 1):  # a match of every width ending at every character
            for last in range(width, len(row) + 1):
                if data.draw(st.booleans()):
                    end = offsets[number] + edges[last]
                    matches.append((width - 1, 0, int(end)))  # pattern width-1: width characters
                    start = edges[last - width]
                    expected.append((width - 1, number, start, edges[last]))
    order = sorted(range(len(matches)), key=lambda i: matches[i][2])
    table = np.array([matches[i] for i in order], dtype=np.int64).reshape(-1, 3)
    widths = np.arange(1, 9)
    never = np.zeros(8, dtype=bool)
    pattern, row, start, end, _ = row_hits(table, values, offsets, never, never, _NO_WORDS, widths)
    got = list(zip(pattern.tolist(), row.tolist(), start.tolist(), end.tolist(), strict=True))
    assert got == [expected[i] for i in order]
