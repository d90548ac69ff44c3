"""A product's reference (SKU) quoted in a listing names its brand, and hides no disguised name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from truemark.catalog import Catalog, catalog_from_dict
from truemark.detect.text import TextDetector
from truemark.index import MarkIndex, MarkKind


def _brand(brand_id: str, name: str, category: str, skus: list[str]) -> dict[str, Any]:
    products = [
        {
            "sku": sku,
            "name": f"{name} item {number}",
            "category": category,
            "msrp": 900.0,
            "currency": "USD",
        }
        for number, sku in enumerate(skus)
    ]
    return {"id": brand_id, "name": name, "owner": name, "products": products}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    brands = [
        _brand("gucci", "Gucci", "handbags", ["625573-0XAAG-8161", "SPEEDY", "A12"]),
        _brand("rolex", "Rolex", "watches", ["126610LN"]),
        _brand("omega", "Omega", "watches", ["310.30.42.50.01.001"]),
        _brand("apple", "Apple", "phones", ["MQKJ3FD/A"]),
    ]
    return catalog_from_dict({"version": 1, "brands": brands})


@pytest.fixture(scope="module")
def detector(catalog: Catalog) -> TextDetector:
    return TextDetector(catalog)


def scan(detector: TextDetector, title: str, description: str | None = None) -> dict[str, Any]:
    schema = {"title": pl.String, "description": pl.String}
    batch = pl.DataFrame({"title": [title], "description": [description]}, schema=schema)
    row = detector.signals(batch).row(0, named=True)
    return {key.removeprefix("text."): value for key, value in row.items()}


@pytest.mark.parametrize(
    ("title", "brand"),
    [
        ("2024 new bifold wallet slim #625573-0XAAG-8161", "gucci"),
        ("Model 310.30.42.50.01.001 automatic", "omega"),
        ("dive watch ref.126610ln box papers", "rolex"),  # any case
        ("NEW PINK PAD 256GB #MQKJ3FD/A", "apple"),
    ],
)
def test_a_reference_quoted_alone_names_its_brand(
    detector: TextDetector, title: str, brand: str
) -> None:
    signals = scan(detector, title)
    assert (signals["brand_id"], signals["mark_kind"], signals["obfuscated"]) == (
        brand,
        "reference",
        False,
    )


@pytest.mark.parametrize(
    "title",
    [
        "wallet #625573-0XAAG-81612",  # a longer code that starts like the reference
        "watch 1126610LN",
        "310.30.42.50.01.0015 spare part",
        "speedy delivery bag",  # a SKU without a digit is no reference
        "size A12 shirt",  # nor is one under five characters
    ],
)
def test_a_reference_counts_only_whole_and_distinctive(detector: TextDetector, title: str) -> None:
    assert scan(detector, title)["brand_id"] is None


@pytest.mark.parametrize(
    "title",
    [
        "Gucсі wallet 625573-0XAAG-8161",  # Cyrillic letters in the name
        "r0lex 126610LN",  # leetspeak
        "G U C C I wallet 625573-0XAAG-8161",  # spaced out
    ],
)
def test_a_disguised_name_beside_its_reference_is_still_obfuscated(
    detector: TextDetector, title: str
) -> None:
    signals = scan(detector, title)
    assert signals["mark_kind"] == "obfuscated"
    assert signals["obfuscated"] is True


def test_a_reference_is_context_for_a_common_word_brand(detector: TextDetector) -> None:
    """ "Omega" and "apple" need context; their own product's reference gives it."""
    assert scan(detector, "omega 机械表")["brand_id"] is None
    signals = scan(detector, "omega 机械表 Model 310.30.42.50.01.001")
    assert (signals["brand_id"], signals["mark_kind"]) == ("omega", "exact")


def test_a_reference_in_the_description(detector: TextDetector) -> None:
    signals = scan(detector, "slim bifold wallet", "style number 625573-0XAAG-8161, dust bag")
    assert (signals["brand_id"], signals["mark_in"]) == ("gucci", "description")


def test_references_survive_saving_the_index(detector: TextDetector, tmp_path: Path) -> None:
    detector.index.save(tmp_path / "marks.json")
    loaded = MarkIndex.load(tmp_path / "marks.json")
    references = [p.term for p in loaded.patterns if p.kind is MarkKind.REFERENCE]
    assert references == ["625573-0xaag-8161", "126610ln", "310.30.42.50.01.001", "mqkj3fd/a"]
