"""The mark index: exact, alias, abbreviation and obfuscated patterns; save / load; bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truemark.catalog import Catalog, catalog_from_dict
from truemark.errors import InputError
from truemark.index import MarkIndex, MarkKind


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    brands = [
        {"id": "gucci", "name": "Gucci", "owner": "Kering", "aliases": ["GG", "Guccio Gucci"]},
        {"id": "louis-vuitton", "name": "Louis Vuitton", "owner": "LVMH", "aliases": ["LV"]},
        {"id": "apple", "name": "Apple", "owner": "Apple Inc."},
        {"id": "gucci-cn", "name": "古驰", "owner": "Kering"},
    ]
    return catalog_from_dict({"version": 1, "brands": brands})


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> MarkIndex:
    return MarkIndex.build(catalog, common_words={"apple"})


def found(index: MarkIndex, texts: list[str | None]) -> list[tuple[int, str, str, int, int]]:
    matches = index.query(pl.Series(texts, dtype=pl.String))
    return sorted(
        (int(r), index.brand_ids[b], MarkKind(k).name.lower(), int(s), int(e))
        for r, b, k, s, e in zip(
            matches.row, matches.brand, matches.kind, matches.start, matches.end, strict=True
        )
    )


def test_exact_alias_and_abbreviation_with_offsets(index: MarkIndex) -> None:
    texts = ["New GUCCI bag", "Guccio  Gucci vintage", "LV speedy"]
    assert found(index, texts) == [
        (0, "gucci", "exact", 4, 9),
        (1, "gucci", "alias", 0, 13),
        (1, "gucci", "exact", 8, 13),
        (2, "louis-vuitton", "abbreviation", 0, 2),
    ]


def test_query_frame_names_brands_and_kinds(index: MarkIndex) -> None:
    frame = index.query_frame(pa.array(["x", "gucci and LV"]))
    assert frame.select("row", "brand_id", "kind").rows() == [
        (1, "gucci", "exact"),
        (1, "louis-vuitton", "abbreviation"),
    ]


def test_word_boundaries_and_row_edges(index: MarkIndex) -> None:
    # "apple" inside "pineapple", "gucci" glued to a word, a mark split across two rows
    assert found(index, ["pineapple", "guccibag", "guc", "ci", "bag gucci", "gucci!"]) == [
        (4, "gucci", "exact", 4, 9),
        (5, "gucci", "exact", 0, 5),
    ]


def test_cjk_terms_need_no_boundaries(index: MarkIndex) -> None:
    assert found(index, ["高仿古驰包"]) == [(0, "gucci-cn", "exact", 6, 12)]


def test_index_holds_literal_terms_only(index: MarkIndex) -> None:
    # leetspeak and spacing are the detector's job, on normalized variants of the text
    assert found(index, ["g.u.c.c.i", "gucc1", "G U C C I"]) == []
    assert {p.kind for p in index.patterns} <= {
        MarkKind.EXACT,
        MarkKind.ALIAS,
        MarkKind.ABBREVIATION,
    }


def test_context_needs(index: MarkIndex) -> None:
    matches = index.query(pl.Series(["apple", "gucci", "gg"]))
    assert dict(zip(matches.row.tolist(), matches.needs_context.tolist(), strict=True)) == {
        0: True,
        1: False,
        2: True,
    }


def test_arrow_input_sliced_and_chunked(index: MarkIndex) -> None:
    array = pa.chunked_array([["x", "gucci"], ["lv", "Gucci bag"]])
    assert index.query(array).row.tolist() == [1, 2, 3]
    sliced = pa.array(["gucci", "x", "a gucci"]).slice(1)
    assert index.query(sliced).row.tolist() == [1]
    assert index.query(pl.Series([], dtype=pl.String)).row.size == 0


def test_save_load_round_trip(index: MarkIndex, tmp_path: Path) -> None:
    path = tmp_path / "marks.json"
    index.save(path)
    loaded = MarkIndex.load(path)
    texts = ["Gucci", "Guccio Gucci", "LV", "古驰"]
    assert loaded.brand_ids == index.brand_ids
    assert found(loaded, texts) == found(index, texts)
    assert b"\x80" not in path.read_bytes()[:2]


def test_load_rejects_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        MarkIndex.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 99}')
    with pytest.raises(InputError, match="not a truemark mark index"):
        MarkIndex.load(bad)
    bad.write_text("not json")
    with pytest.raises(InputError, match="not a truemark mark index"):
        MarkIndex.load(bad)


def test_empty_catalog_matches_nothing() -> None:
    index = MarkIndex.build(catalog_from_dict({"version": 1, "brands": []}))
    assert np.size(index.query(pl.Series(["gucci"])).row) == 0


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.none() | st.text(alphabet=st.sampled_from("gucilvGUCIL0 .-古驰éx")), max_size=10)
)
def test_hits_lie_inside_their_rows(index: MarkIndex, texts: list[str | None]) -> None:
    matches = index.query(pl.Series(texts, dtype=pl.String))
    lengths = np.array([len((text or "").encode()) for text in texts] or [0])
    assert ((matches.start >= 0) & (matches.start < matches.end)).all()
    assert (matches.end <= lengths[matches.row]).all()
    for row, start, end, kind in zip(
        matches.row, matches.start, matches.end, matches.kind, strict=True
    ):
        written = (texts[row] or "").encode()[start:end].decode().lower()
        if kind == MarkKind.EXACT:
            assert written in {"gucci", "louis vuitton", "古驰"}
