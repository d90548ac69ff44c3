"""Confirmed fakes from test buys as seller context for the scan and network scoring.

``fakes_per_seller`` is what the scan's seller context joins on ``seller_id``; ``with_test_buys``
raises the risk of every network with a confirmed fake among its accounts.
"""

from __future__ import annotations

import polars as pl

from truemark.store import UnitOfWork

TEST_BUY_FAKES_SCHEMA = {"seller_id": pl.String, "test_buy_fakes": pl.Int64}
# each confirmed fake leaves this share of the distance to certainty: 1 fake -> at least 0.75
RESIDUAL_PER_FAKE = 0.25


def fakes_per_seller(work: UnitOfWork) -> pl.DataFrame:
    """seller_id -> test_buy_fakes (confirmed fakes bought from the seller), one row per seller."""
    rows = work.test_buys.fakes_per_seller()
    return pl.DataFrame(rows, schema=TEST_BUY_FAKES_SCHEMA, orient="row")


def with_test_buys(networks: pl.DataFrame, fakes: pl.DataFrame) -> pl.DataFrame:
    """``networks`` (spec §5) with ``test_buy_fakes`` per seller and per network, and
    ``network_risk`` raised to ``1 - (1 - risk) * 0.25 ** network_fakes``."""
    joined = networks.join(fakes, on="seller_id", how="left", maintain_order="left").with_columns(
        pl.col("test_buy_fakes").fill_null(0)
    )
    per_network = pl.col("test_buy_fakes").sum().over("network_id")
    raised = 1 - (1 - pl.col("network_risk")) * pl.lit(RESIDUAL_PER_FAKE).pow(per_network)
    return joined.with_columns(
        per_network.alias("network_test_buy_fakes"),
        raised.clip(0.0, 1.0).alias("network_risk"),
    )
