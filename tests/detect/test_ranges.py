"""Positions as flat arrays: membership."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.ranges import distinct, is_in

_INTEGERS = st.lists(st.integers(-(2**40), 2**40) | st.integers(-3, 3), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_INTEGERS, _INTEGERS)
def test_is_in_is_numpys_isin(values: list[int], among: list[int]) -> None:
    """Repeats, values beyond either end of ``among``, an empty side: as ``numpy.isin``."""
    values_array, among_array = (np.array(v, dtype=np.int64) for v in (values, among))
    assert np.array_equal(is_in(values_array, among_array), np.isin(values_array, among_array))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=60))
def test_distinct_is_numpy_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    assert distinct(array).tolist() == np.unique(array).tolist()
