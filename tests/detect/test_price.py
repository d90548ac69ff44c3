"""Price detector: USD conversion, product matching by name words, reference fallbacks."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from truemark.catalog import load_catalog
from truemark.detect.price import PriceDetector

CATALOG = Path(__file__).parents[1] / "data" / "catalog" / "catalog.yaml"


@pytest.fixture(scope="module")
def detector() -> PriceDetector:
    return PriceDetector(load_catalog(CATALOG))


def _batch(rows: list[tuple[str, float, str, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema=["title", "price", "currency", "category", "text.brand_id"],
        orient="row",
    )


def test_matched_product_gives_its_msrp(detector: PriceDetector) -> None:
    batch = _batch([("Aurelia Lune bag mirror quality", 40.0, "USD", "handbags", "aurelia")])
    signals = detector.signals(batch).row(0, named=True)
    assert signals["price.sku"] == "AUR-100"
    assert signals["price.ref_kind"] == "product"
    assert signals["price.ref_msrp_usd"] == pytest.approx(1890.0 * 1.08)
    assert signals["price.ratio"] == pytest.approx(40.0 / (1890.0 * 1.08))
    assert signals["price.log2_below"] > 5


def test_currency_is_converted_before_the_ratio(detector: PriceDetector) -> None:
    batch = _batch([("Kiyomi Solar Chrono", 68000.0, "JPY", "watches", "kiyomi")])
    signals = detector.signals(batch).row(0, named=True)
    assert signals["price.usd"] == pytest.approx(68000 * 0.0067)
    assert signals["price.ratio"] == pytest.approx(1.0)
    assert signals["price.log2_below"] == 0.0


def test_fallbacks_category_then_brand_then_none(detector: PriceDetector) -> None:
    batch = _batch(
        [
            ("northpeak jacket", 50.0, "USD", "Outerwear", "northpeak"),
            ("northpeak thing", 50.0, "USD", "toys", "northpeak"),
            ("plain mug", 5.0, "USD", "kitchen", None),
        ]
    )
    signals = detector.signals(batch)
    assert signals["price.ref_kind"].to_list() == ["category", "brand", "none"]
    assert signals["price.ref_msrp_usd"][0] == pytest.approx((329.99 + 129.0) / 2)
    assert signals["price.ratio"][2] is None


def test_product_words_only_match_the_detected_brand(detector: PriceDetector) -> None:
    batch = _batch([("Summit down jacket", 50.0, "USD", None, "aurelia")])
    assert detector.signals(batch)["price.sku"][0] is None


def test_unknown_currency_is_flagged_not_converted(detector: PriceDetector) -> None:
    batch = _batch([("Aurelia Lune", 10.0, "XXX", None, "aurelia")])
    signals = detector.signals(batch).row(0, named=True)
    assert signals["price.currency_known"] is False
    assert signals["price.usd"] is None


def test_order_and_length_follow_the_input(detector: PriceDetector) -> None:
    rows = [("Aurelia Lune", float(i), "EUR", "handbags", "aurelia") for i in range(1, 500)]
    signals = detector.signals(_batch(rows))
    assert signals.height == 499
    assert signals["price.usd"].to_list() == pytest.approx([i * 1.08 for i in range(1, 500)])
