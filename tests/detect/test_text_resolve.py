"""The text detector's resolution steps over marks as arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.text_resolve import _first_of_each


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 60),
    st.integers(1, 5),
    st.integers(1, 4),
    st.integers(0, 2**32 - 1),
)
def test_first_of_each_set_of_equal_rows_is_numpy_uniques(
    rows: int, columns: int, spread: int, seed: int
) -> None:
    """The same positions as ``numpy.unique`` over the rows of the stacked columns (its first
    index of each distinct row), in ascending order."""
    rng = np.random.default_rng(seed)
    data = [rng.integers(-spread, spread, rows).astype(np.int64) for _ in range(columns)]
    first = _first_of_each(data)
    if rows:
        expected = np.sort(np.unique(np.stack(data, axis=1), axis=0, return_index=True)[1])
    else:
        expected = np.zeros(0, dtype=np.int64)
    assert np.array_equal(first, expected)
