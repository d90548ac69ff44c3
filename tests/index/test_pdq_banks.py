"""The banks the image detector searches: known fakes as given, both banks merged and tagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from truemark.errors import InputError, ValidationError
from truemark.index.pdq import PdqIndex
from truemark.index.pdq_banks import BANK_COLUMNS, known_fake_bank, load_known_fakes, merge_banks


def test_known_fake_bank_keeps_provenance_and_brand() -> None:
    bank = known_fake_bank(["ab" * 32, "cd" * 32], ["case-1", "feed-7"], ["acme", None])
    assert bank.metadata.select("brand_id", "source", "provenance").rows() == [
        ("acme", "known_fake", "case-1"),
        (None, "known_fake", "feed-7"),
    ]


def test_known_fake_bank_needs_one_provenance_per_hash() -> None:
    with pytest.raises(ValueError, match="one provenance"):
        known_fake_bank(["ab" * 32], [])


def test_merged_banks_tag_each_hash_and_fill_missing_columns() -> None:
    reference = PdqIndex.build(["00" * 32], {"brand_id": ["acme"]}, ids=[4])
    merged = merge_banks(reference, known_fake_bank(["ff" * 32], ["case-1"]))

    frame = merged.query_frame(["00" * 32, "ff" * 32], 0)

    assert frame.columns == ["query", "id", "distance", *BANK_COLUMNS, "bank"]
    assert frame.select("query", "id", "brand_id", "provenance", "bank").rows() == [
        (0, 4, "acme", None, "reference"),
        (1, 0, None, "case-1", "known_fake"),
    ]


def test_load_known_fakes_from_a_table_or_a_saved_index(tmp_path: Path) -> None:
    table = tmp_path / "fakes.csv"
    table.write_text(f"pdq,provenance,brand_id\n{'ab' * 32},case-1,acme\n{'cd' * 32},feed-7,\n")
    from_table = load_known_fakes(table)
    from_table.save(tmp_path / "fakes.npz")

    assert from_table.metadata.select("provenance", "brand_id").rows() == [
        ("case-1", "acme"),
        ("feed-7", None),
    ]
    assert load_known_fakes(tmp_path / "fakes.npz").metadata.equals(from_table.metadata)


def test_load_known_fakes_names_each_bad_row_and_missing_column(tmp_path: Path) -> None:
    table = tmp_path / "fakes.csv"
    table.write_text(f"pdq,provenance\n{'ab' * 32},case-1\nxyz,case-2\n,case-3\n")
    with pytest.raises(ValidationError) as caught:
        load_known_fakes(table)
    assert [problem.where for problem in caught.value.problems] == ["row 2", "row 3"]
    table.write_text(f"hash\n{'ab' * 32}\n")
    with pytest.raises(InputError, match="lacks column pdq"):
        load_known_fakes(table)
    table.write_text(f"pdq,brand_id\n{'ab' * 32},acme\n")
    assert load_known_fakes(table).metadata["provenance"].to_list() == ["fakes.csv row 1"]
    with pytest.raises(InputError, match="no known-fakes file"):
        load_known_fakes(tmp_path / "absent.parquet")
