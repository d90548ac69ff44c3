"""A small simulated marketplace for the scale tests, and a partitioned copy with bad rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from truemark.simulate import SimulationSummary, simulate_marketplace


@pytest.fixture(scope="session")
def scale_market(tmp_path_factory: pytest.TempPathFactory) -> SimulationSummary:
    return simulate_marketplace(tmp_path_factory.mktemp("scale-market"), 6000, seed=11, images=40)


def _spoil(listings: pl.DataFrame) -> pl.DataFrame:
    """Every few hundred rows a bad one: no title, negative price, unknown currency, bad hash."""
    row = pl.int_range(pl.len())
    return listings.with_columns(
        pl.when(row % 401 == 7).then(None).otherwise(pl.col("title")).alias("title"),
        pl.when(row % 503 == 11).then(-1.0).otherwise(pl.col("price")).alias("price"),
        pl.when(row % 607 == 13)
        .then(pl.lit("XXX"))
        .otherwise(pl.col("currency"))
        .alias("currency"),
        pl.when(row % 709 == 17)
        .then(pl.lit(["not-a-hash"]))
        .otherwise(pl.col("image_pdq"))
        .alias("image_pdq"),
    )


@pytest.fixture(scope="session")
def partitioned_listings(
    scale_market: SimulationSummary, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Three Parquet parts of several row groups; some bad rows; one id repeated across parts."""
    listings = _spoil(pl.read_parquet(scale_market.out_dir / "listings.parquet"))
    repeat = listings.slice(10, 1)  # a listing of part 0 that shows up again in part 2
    folder = tmp_path_factory.mktemp("partitioned") / "listings"
    folder.mkdir()
    thirds = [
        listings.slice(0, 2000),
        listings.slice(2000, 2000),
        pl.concat([listings.slice(4000, 2000), repeat]),
    ]
    for number, part in enumerate(thirds):
        part.write_parquet(folder / f"part-{number}.parquet", row_group_size=700)
    return folder
