"""Price detector: USD conversion, product matching by name words, reference fallbacks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from truemark.catalog import catalog_from_dict, load_catalog
from truemark.detect.code_points import every_character
from truemark.detect.price import PriceDetector
from truemark.detect.price_products import _LOWERS_TO_ASCII

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


def _one_brand(products: list[tuple[str, str, str]]) -> PriceDetector:
    """A detector for a catalog of brand "acme" with these (sku, name, category) products."""
    brand = {
        "id": "acme",
        "name": "Acme",
        "owner": "Acme Inc.",
        "trademarks": [{"number": "1", "office": "USPTO", "classes": [14]}],
        "products": [
            {"sku": sku, "name": name, "category": category, "msrp": 900, "currency": "USD"}
            for sku, name, category in products
        ],
    }
    return PriceDetector(catalog_from_dict({"version": 1, "brands": [brand]}))


def _catalog_with_overlapping_words() -> PriceDetector:
    names = ["Solaris Chrono", "Larissa Ring", "Aris Band", "Chronos Dial", "Kestrel Pilot"]
    return _one_brand([(f"A-{i}", name, "watches") for i, name in enumerate(names, 1)])


def test_words_named_in_titles_are_those_extract_many_reads() -> None:
    """Hyperscan finds every occurrence; where words overlap ("solarissa": solaris, larissa,
    aris) titles are read as polars' extract_many reads them (left to right, no overlaps),
    and a caseless match on a non-ASCII letter ("\u212aestrel" with a Kelvin sign) is not
    the word."""
    detector = _catalog_with_overlapping_words()
    words = detector._names.words.to_list()
    assert {"solaris", "larissa", "aris", "chrono", "chronos"} <= set(words)
    rng = np.random.default_rng(2)
    pieces = [*words, "so", "lar", "issa", "ſ", "ſolaris", "\u212aestrel", " ", " ", "-", "x"]
    titles = [
        "solarissa",
        "chronosolaris",
        "\u212aestrel ſolaris",
        *("".join(rng.choice(pieces, rng.integers(1, 8))) for _ in range(3000)),
    ]
    titles_column = pl.Series(titles, dtype=pl.String)

    row, word = detector._names.named_words(titles_column)

    named = pl.DataFrame({"row": row, "keyword": detector._names.words.gather(word)})
    expected = pl.DataFrame(
        {"row": np.arange(len(titles)), "keyword": titles_column.str.extract_many(words)}
    ).explode("keyword")
    key = ["row", "keyword"]
    assert named.sort(key).equals(expected.drop_nulls("keyword").sort(key))
    assert named.filter(pl.col("row") == 0)["keyword"].to_list() == ["solaris"]
    assert named.filter(pl.col("row") == 2)["keyword"].to_list() == ["aris"]  # no "kestrel"


def test_only_two_characters_lower_case_to_ascii_letters() -> None:
    """What :meth:`ProductNames._scannable` rests on, over every code point in polars' own
    Unicode data: beyond ASCII, only "İ" and the Kelvin sign lower-case to a text holding an
    ASCII letter or digit."""
    every = every_character()
    lowered = every.str.to_lowercase()
    to_ascii = ~every.str.contains(r"^[\x00-\x7f]$") & lowered.str.contains(r"[a-zA-Z0-9]")
    assert sorted(every.filter(to_ascii).to_list()) == ["\u0130", "\u212a"]
    assert pl.Series(["\u0130", "\u212a", "K", "ſ"]).str.contains(_LOWERS_TO_ASCII).to_list() == [
        True,
        True,
        False,
        False,
    ]


def test_titles_are_matched_as_if_lower_cased_whole() -> None:
    """The caseless scan reads titles as they are, lower-casing only the rows with a character
    whose lower case is ASCII (the Kelvin sign, "İ"): the products matched equal those of
    the titles lower-cased whole, in any case, beside letters whose case changes their length
    ("ẞ", "Ⱥ"), with words that overlap ("solarissa") and quoted references."""
    detector = _one_brand(
        [
            ("KS-20931", "Kestrel Pilot", "watches"),
            ("IR-55107", "Istanbul Solaris", "watches"),
            ("LR-70311", "Larissa Chrono", "watches"),
            ("TX-88123", "Taxi Rover", "watches"),  # "TAXİ" lower-cased holds "taxi"
        ]
    )
    names = detector._names
    assert not names._lower_all
    rng = np.random.default_rng(5)
    pieces = [
        *names.words.to_list(), "solarissa", "ks-20931", "ir-55107", "lr-70311", "\u212a",
        "\u212aestrel", "\u0130stanbul", "\u0130", "tax\u0130", "ẞ", "Ⱥ", "ſ", " ", " ", "-",
        "x", "9",
    ]  # fmt: skip
    titles = []
    for _ in range(4000):
        words = rng.choice(pieces, rng.integers(1, 7))
        titles.append("".join(w.upper() if rng.random() < 0.3 else w for w in words))
    column = pl.Series(titles, dtype=pl.String)
    brand = np.zeros(len(titles), dtype=np.int64)

    rows, products = names.match(column, brand)
    names._lower_all = True
    whole_rows, whole_products = names.match(column, brand)

    assert len(rows) > 1000
    assert np.array_equal(rows, whole_rows)
    assert np.array_equal(products, whole_products)


def test_a_catalog_without_distinctive_product_words_falls_back_to_medians() -> None:
    detector = _one_brand([("A", "Bag", "bags")])
    signals = detector.signals(_batch([("acme bag", 10.0, "USD", "bags", "acme")]))
    assert signals["price.ref_kind"].to_list() == ["category"]
    assert signals["price.sku"].to_list() == [None]


def test_the_product_named_most_often_wins_and_a_tie_goes_to_the_first_sku() -> None:
    detector = _one_brand([("B-2", "Aster Nova", "bags"), ("B-1", "Aster Lumen", "bags")])
    titles = ["acme aster nova", "acme aster", "acme lumen nova", "nova nova aster lumen", "acme"]
    batch = _batch([(title, 10.0, "USD", "bags", "acme") for title in titles])
    signals = detector.signals(batch)
    assert signals["price.sku"].to_list() == ["B-2", "B-1", "B-1", "B-2", None]
    assert signals["price.ref_kind"].to_list() == ["product"] * 4 + ["category"]


def test_currency_and_category_are_read_in_any_case(detector: PriceDetector) -> None:
    batch = _batch(
        [
            ("northpeak jacket", 50.0, "eur", "OUTERWEAR", "northpeak"),
            ("northpeak jacket", 50.0, "EUR", "outerwear", "northpeak"),
            ("northpeak jacket", 50.0, None, None, "northpeak"),
        ]
    )
    signals = detector.signals(batch)
    assert signals["price.usd"].to_list()[:2] == pytest.approx([50 * 1.08] * 2)
    assert signals["price.ref_kind"].to_list() == ["category", "category", "brand"]
    assert signals["price.currency_known"].to_list() == [True, True, False]


def test_a_quoted_reference_decides_the_product(detector: PriceDetector) -> None:
    """The reference wins over name words that point elsewhere; another brand's reference, or
    one inside a longer code, names nothing."""
    batch = _batch(
        [
            ("Northpeak Summit jacket ref NP-7002", 50.0, "USD", "outerwear", "northpeak"),
            ("Summit down jacket np-1200", 50.0, "USD", "outerwear", "northpeak"),
            ("Northpeak Summit jacket AUR-100", 50.0, "USD", "outerwear", "northpeak"),
            ("Northpeak jacket NP-70021", 50.0, "USD", "outerwear", "northpeak"),
            ("Aurelia scarf AUR-220 and AUR-100", 50.0, "USD", "accessories", "aurelia"),
        ]
    )
    signals = detector.signals(batch)
    assert signals["price.sku"].to_list() == ["NP-7002", "NP-1200", "NP-7001", None, "AUR-220"]
    assert signals["price.ref_kind"].to_list()[:2] == ["product", "product"]
    assert signals["price.ref_msrp_usd"][0] == pytest.approx(129.0)


def test_signals_are_the_column_formulas_with_nulls_kept(detector: PriceDetector) -> None:
    """The signals computed with numpy are, bit for bit, polars' formulas over the references
    (the product's MSRP, else the category's, else the brand's): nulls where a price, a rate
    or a reference is missing, a free item's log clipped."""
    batch = _batch(
        [
            ("Aurelia Lune bag", 40.0, "USD", "handbags", "aurelia"),
            ("Aurelia Lune bag", None, "USD", "handbags", "aurelia"),  # type: ignore[list-item]
            ("Aurelia Lune bag", 40.0, "XXX", "handbags", "aurelia"),
            ("northpeak jacket", 0.0, "EUR", "Outerwear", "northpeak"),
            ("northpeak thing", 5000.0, "JPY", "toys", "northpeak"),
            ("plain mug", 5.0, "USD", "kitchen", None),
            ("plain mug", None, "XXX", None, None),  # type: ignore[list-item]
        ]
    )
    signals = detector.signals(batch)
    product, category = 1890.0 * 1.08, (329.99 + 129.0) / 2
    brand = signals["price.ref_msrp_usd"][4]  # the brand's median: checked apart below
    references = pl.DataFrame(
        {
            "price": batch["price"],
            "rate": [1.0, 1.0, None, 1.08, 0.0067, 1.0, None],
            "product": [product, product, product, None, None, None, None],
            "category": [None, None, None, category, None, None, None],
            "brand": [None, None, None, None, brand, None, None],
        }
    )
    usd = pl.col("price") * pl.col("rate")
    reference = pl.coalesce("product", "category", "brand")
    expected = references.select(
        usd.alias("price.usd"),
        reference.alias("price.ref_msrp_usd"),
        (usd / reference).alias("price.ratio"),
        (-((usd / reference).clip(lower_bound=1e-6).log(2)))
        .clip(lower_bound=0.0)
        .alias("price.log2_below"),
        pl.col("rate").is_not_null().alias("price.currency_known"),
    )
    assert_frame_equal(signals.select(expected.columns), expected, check_exact=True)
    assert signals["price.ref_kind"].to_list() == [
        *["product"] * 3, "category", "brand", "none", "none"
    ]  # fmt: skip
    assert brand > 0
