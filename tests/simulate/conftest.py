"""A small simulated marketplace shared by the simulator tests (generated once per session)."""

from __future__ import annotations

import polars as pl
import pytest

from truemark.simulate import SimulationSummary, simulate_marketplace

LISTINGS = 3000


@pytest.fixture(scope="session")
def market(tmp_path_factory: pytest.TempPathFactory) -> SimulationSummary:
    return simulate_marketplace(tmp_path_factory.mktemp("market"), LISTINGS, seed=11, images=40)


@pytest.fixture(scope="session")
def listings(market: SimulationSummary) -> pl.DataFrame:
    return pl.read_parquet(market.out_dir / "listings.parquet")


@pytest.fixture(scope="session")
def labelled(market: SimulationSummary, listings: pl.DataFrame) -> pl.DataFrame:
    labels = pl.read_csv(market.out_dir / "labels.csv")
    return listings.join(labels, on="listing_id", how="left")


@pytest.fixture(scope="session")
def tactics(market: SimulationSummary) -> pl.DataFrame:
    return pl.read_csv(market.out_dir / "tactics.csv")
