"""The leading-mark kernel picks what a sort by (priority, field, start, brand) and a group-by
would pick."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.resolve_kernel import leading_marks

MARKS = st.lists(
    st.tuples(
        st.integers(0, 7),  # row
        st.integers(0, 4),  # priority
        st.integers(0, 1),  # field
        st.integers(-1, 6),  # start
        st.integers(0, 5),  # brand
        st.booleans(),  # obfuscated
        st.booleans(),  # legit
    ),
    max_size=40,
)
COLUMNS = {
    "row": pl.Int64,
    "priority": pl.Int8,
    "field": pl.Int8,
    "start": pl.Int64,
    "brand": pl.Int32,
    "obfuscated": pl.Boolean,
    "legit": pl.Boolean,
}


@settings(max_examples=300, deadline=None)
@given(MARKS)
def test_leading_marks_are_those_a_sort_and_group_by_give(marks: list[tuple]) -> None:
    frame = pl.DataFrame(marks, schema=COLUMNS, orient="row")
    height = 8
    best, obfuscated, legit, brands = leading_marks(
        height, *(frame.get_column(c).to_numpy() for c in COLUMNS)
    )
    expected = (
        frame.sort("row", "priority", "field", "start", "brand")
        .group_by("row", maintain_order=True)
        .agg(
            pl.col("priority", "field", "start", "brand").first(),
            pl.col("obfuscated").any(),
            pl.col("legit").any(),
            brand_count=pl.col("brand").n_unique(),
        )
    )
    rows = expected.get_column("row").to_numpy()
    assert np.flatnonzero(best >= 0).tolist() == rows.tolist()
    leader = frame[best[rows]]
    for name in ("priority", "field", "start", "brand"):
        assert leader.get_column(name).to_list() == expected.get_column(name).to_list()
    assert obfuscated[rows].tolist() == expected.get_column("obfuscated").to_list()
    assert legit[rows].tolist() == expected.get_column("legit").to_list()
    assert brands[rows].tolist() == expected.get_column("brand_count").to_list()
    assert not obfuscated[best < 0].any()
    assert not legit[best < 0].any()
    assert (brands[best < 0] == 0).all()
