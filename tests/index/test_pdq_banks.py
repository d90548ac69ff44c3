"""The banks the image detector searches: known fakes as given, both banks merged and tagged."""

from __future__ import annotations

import pytest

from truemark.index.pdq import PdqIndex
from truemark.index.pdq_banks import BANK_COLUMNS, known_fake_bank, merge_banks


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
