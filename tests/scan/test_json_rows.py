"""The signals JSON writer gives polars' ``struct.json_encode`` bytes, on any frame."""

from __future__ import annotations

import json
import math

import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truemark.scan import json_rows
from truemark.scan.json_rows import json_objects

_INTEGER_TYPES = {
    pl.Int8: 8,
    pl.Int16: 16,
    pl.Int32: 32,
    pl.Int64: 64,
    pl.UInt8: 8,
    pl.UInt16: 16,
    pl.UInt32: 32,
}
_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F),  # controls, quotes and backslashes among them
        st.characters(codec="utf-8"),  # any other character
    ),
    max_size=12,
)


def _polars(frame: pl.DataFrame) -> list[str]:
    return frame.select(pl.struct(pl.all()).struct.json_encode()).to_series().to_list()


def _written(frame: pl.DataFrame) -> list[str]:
    return json_objects(frame).to_pylist()


@st.composite
def _column(draw: st.DrawFn, rows: int) -> pl.Series:
    """A column of one of the types the writer reads itself, with nulls."""
    kind = draw(st.sampled_from(["bool", "int", "float", "str", "list"]))
    if kind == "bool":
        return pl.Series(draw(st.lists(st.none() | st.booleans(), min_size=rows, max_size=rows)))
    if kind == "int":
        dtype = draw(st.sampled_from(list(_INTEGER_TYPES)))
        bits = _INTEGER_TYPES[dtype]
        signed = dtype in (pl.Int8, pl.Int16, pl.Int32, pl.Int64)
        low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
        values = st.none() | st.integers(low, high)
        return pl.Series(draw(st.lists(values, min_size=rows, max_size=rows)), dtype=dtype)
    if kind == "float":
        whole = st.integers(-(10**17), 10**17).map(float)  # written by the kernel below 1e15
        values = st.none() | st.floats(allow_nan=True, allow_infinity=True) | whole
        return pl.Series(draw(st.lists(values, min_size=rows, max_size=rows)), dtype=pl.Float64)
    if kind == "str":
        values = st.none() | _TEXT
        return pl.Series(draw(st.lists(values, min_size=rows, max_size=rows)), dtype=pl.String)
    lists = st.none() | st.lists(st.none() | _TEXT, max_size=3)
    values = draw(st.lists(lists, min_size=rows, max_size=rows))
    return pl.Series(values, dtype=pl.List(pl.String))


@st.composite
def _frames(draw: st.DrawFn) -> pl.DataFrame:
    rows = draw(st.integers(0, 6))
    name = _TEXT.filter(lambda text: "\x00" not in text)  # polars panics on a NUL in a name
    names = draw(st.lists(name, min_size=1, max_size=6, unique=True))
    frame = pl.DataFrame([draw(_column(rows)).alias(name) for name in names])
    if rows and draw(st.booleans()):  # a slice: buffers that start past their first byte
        start = draw(st.integers(0, rows - 1))
        frame = frame.slice(start, draw(st.integers(0, rows - start)))
    if draw(st.booleans()):  # two chunks
        frame = pl.concat([frame, frame.reverse()], rechunk=False)
    return frame


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_frames())
def test_json_objects_are_polars_json_encode_byte_for_byte(frame: pl.DataFrame) -> None:
    assert _written(frame) == _polars(frame)


def test_every_ascii_character_and_the_float_edges_are_written_as_polars_does() -> None:
    texts = [chr(code) for code in range(128)] + ["\u2028", "é", "😀", 'a"b\\c']
    floats = [0.0, -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, math.nan, -math.inf]
    floats += [0.1, 2848.5, 18.666666666666664, 1e22, 123456789012345678.0, 3085.0, -5.0]
    floats += [1e15, -1e15, 999999999999999.0, -999999999999999.0, 1e16, 4503599627370497.0]
    frame = pl.DataFrame(
        {
            "text": texts,
            "items": [[text, None] for text in texts],
            "number": (floats * 20)[: len(texts)],
            "count": [(-1) ** i * 7 ** (i % 23) for i in range(len(texts))],
            "least": [-(2**63)] * len(texts),
        },
        schema_overrides={"count": pl.Int64, "least": pl.Int64},
    )
    written = _written(frame)
    assert written == _polars(frame)
    assert [json.loads(row)["text"] for row in written] == texts


@pytest.mark.parametrize(
    "column",
    [
        pl.Series("f32", [1.5, None], dtype=pl.Float32),
        pl.Series("date", [None, 1], dtype=pl.Date),
        pl.Series("ints", [[1], None], dtype=pl.List(pl.Int64)),
    ],
    ids=["float32", "date", "list-of-ints"],
)
def test_a_frame_with_another_type_is_written_by_polars(column: pl.Series) -> None:
    frame = pl.DataFrame([pl.Series("flag", [True, None]), column])
    assert _written(frame) == _polars(frame)


def test_an_empty_frame_has_no_rows() -> None:
    frame = pl.DataFrame(schema={"flag": pl.Boolean, "name": pl.String})
    assert _written(frame) == []


def test_rows_past_a_string_arrays_size_come_as_a_large_string_array(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = pl.DataFrame({"name": ["a", "b\n"], "count": [1, None]})
    monkeypatch.setattr(json_rows, "_SMALL", 8)  # 2 GiB in a test's size
    written = json_objects(frame)
    assert written.type == pa.large_string()
    assert written.to_pylist() == _polars(frame)
