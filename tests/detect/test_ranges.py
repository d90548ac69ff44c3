"""Positions as flat arrays: membership."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.ranges import Positions, distinct, enum_codes, is_in

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


_NAMES = st.lists(st.text(max_size=6), max_size=30, unique=True)
_VALUES = st.lists(st.none() | st.text(max_size=6), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_NAMES, _VALUES, st.data())
def test_positions_by_enum_and_by_table_are_the_names_positions(
    names: list[str], values: list[str | None], data: st.DataObject
) -> None:
    """Both lookups (an enum cast, a hash table of many names) give each value's position
    among the names, -1 for null and for a value that is no name: empty strings, a value that
    differs from a name by one byte or by its length, values drawn from the names; the column
    a slice of a longer one, or in several chunks."""
    if names:
        values += data.draw(st.lists(st.sampled_from(names), max_size=20))
    position = {name: i for i, name in enumerate(names)}
    column = pl.concat(  # a slice of two chunks, the first cut
        [pl.Series(["x", "y"], dtype=pl.String), pl.Series(values, dtype=pl.String)],
        rechunk=False,
    ).slice(1)
    assert column.n_chunks() == 2 or not values
    for texts in (column, pl.Series(values, dtype=pl.String)):
        expected = [-1 if v is None else position.get(v, -1) for v in texts.to_list()]
        for many in (1, 10**9):
            assert _positions(names, many)(texts).tolist() == expected


def _positions(names: list[str], many: int) -> Positions:
    """A :class:`Positions` that takes the table from ``many`` names on."""
    return type("Positions", (Positions,), {"MANY": many})(names)


def test_positions_of_many_names_use_the_table() -> None:
    names = [f"S{i:07d}" for i in range(Positions.MANY)]
    lookup = Positions(names)
    assert lookup._table is not None
    values = pl.Series([names[-1], None, "S", names[0], "S00000000"])
    assert lookup(values).tolist() == [len(names) - 1, -1, -1, 0, -1]
    assert Positions(names[:-1])._table is None


def test_enum_codes_read_the_buffers() -> None:
    """Codes of a sliced enum column with nulls, codes wider than a byte: as polars' own."""
    kind = pl.Enum([f"n{i}" for i in range(300)])  # codes wider than a byte
    values = [None if i % 7 == 0 else f"n{(i * 37) % 300}" for i in range(200)]
    column = pl.concat([pl.Series(values[:50]), pl.Series(values[50:])], rechunk=False)
    found = column.cast(kind).slice(3, 150)
    codes, missing = enum_codes(found)
    assert missing is not None
    assert missing.tolist() == found.is_null().to_list()
    assert codes.tolist() == found.to_physical().fill_null(0).to_list()
    codes, missing = enum_codes(found.drop_nulls())
    assert missing is None
    assert codes.tolist() == found.drop_nulls().to_physical().to_list()
