"""The written files follow spec/DATA.md and the catalog loads with truemark.catalog."""

from __future__ import annotations

import re

import polars as pl

from truemark.catalog import load_catalog
from truemark.simulate import SimulationSummary

LISTING_COLUMNS = [
    "listing_id",
    "seller_id",
    "title",
    "description",
    "price",
    "currency",
    "category",
    "images",
    "image_pdq",
    "ship_from",
    "quantity_sold",
    "created_at",
]


def test_every_file_is_written(market: SimulationSummary) -> None:
    names = {p.name for p in market.files}
    assert {
        "catalog.yaml",
        "listings.parquet",
        "sellers.parquet",
        "labels.csv",
        "networks_truth.csv",
        "tactics.csv",
    } <= names
    assert all(p.exists() for p in market.files)


def test_catalog_loads_with_enough_brands_and_photos(market: SimulationSummary) -> None:
    catalog = load_catalog(market.out_dir / "catalog.yaml")
    assert len(catalog.brands) >= 12
    assert {"handbags", "watches", "jewellery", "phones", "sneakers"} <= {
        p.category for b in catalog.brands for p in b.products
    }
    assert len({p.currency for b in catalog.brands for p in b.products}) >= 4
    for brand in catalog.brands:
        assert brand.authorized_sellers
        assert brand.aliases
        for product in brand.products:
            assert product.images
            assert all(path.exists() for path in product.images)


def test_listings_follow_the_spec(listings: pl.DataFrame, market: SimulationSummary) -> None:
    assert listings.columns == LISTING_COLUMNS
    assert listings.height == market.listings
    assert listings["listing_id"].is_unique().all()
    assert listings["title"].null_count() == 0
    assert (listings["title"].str.len_chars() > 0).all()
    assert (listings["price"] >= 0).all()
    assert (listings["quantity_sold"] >= 0).all()
    assert listings["currency"].str.contains(r"^[A-Z]{3}$").all()
    catalog = load_catalog(market.out_dir / "catalog.yaml")
    assert all(catalog.knows_currency(c) for c in listings["currency"].unique())
    pdq = listings["image_pdq"].explode().drop_nulls()
    assert pdq.str.contains(r"^[0-9a-f]{64}$").all()
    assert listings["ship_from"].str.contains(r"^[A-Z]{2}(-[A-Z0-9]+-[^-]+)?$").all()


def test_sellers_and_truth_cover_the_same_accounts(
    market: SimulationSummary, listings: pl.DataFrame
) -> None:
    sellers = pl.read_parquet(market.out_dir / "sellers.parquet")
    truth = pl.read_csv(market.out_dir / "networks_truth.csv")
    assert sellers["seller_id"].is_unique().all()
    assert set(truth["seller_id"]) == set(sellers["seller_id"])
    assert set(listings["seller_id"]) <= set(sellers["seller_id"])
    assert {"store_name", "email", "phone", "payment_account", "address", "device_id", "ip"} <= set(
        sellers.columns
    )


def test_ids_are_uniform(listings: pl.DataFrame, market: SimulationSummary) -> None:
    sellers = pl.read_parquet(market.out_dir / "sellers.parquet")
    assert listings["listing_id"].str.contains(r"^l-\d{10}$").all()
    assert sellers["seller_id"].str.contains(r"^s-\d{7}$").all()
    assert not any(
        re.search("fake|racket|role|label|tactic", c) for c in listings.columns + sellers.columns
    )


def test_io_reader_accepts_every_row(market: SimulationSummary) -> None:
    from truemark.io import read_listings, read_sellers

    for read, name in ((read_listings, "listings.parquet"), (read_sellers, "sellers.parquet")):
        summary = read(market.out_dir / name, quarantine=market.out_dir / f"bad-{name}").validate()
        assert summary.rows_quarantined == 0, summary.problems[:3]
        assert summary.rows_read > 0
