"""Seller detector: is the seller authorized for the brand, how old and how struck is the account,
and how risky is the network of accounts it belongs to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.base import Reason, reason_table

REASONS: Mapping[str, Reason] = reason_table(
    Reason("seller.network_risk", "the seller is linked to a network of accounts judged risky"),
    Reason("seller.new_account", "the seller account is only days old"),
    Reason("seller.prior_strikes", "the seller has strikes for earlier infringements"),
    Reason("seller.unauthorized", "the seller is not an authorized seller of the brand"),
)

SELLER_CONTEXT_SCHEMA: dict[str, pl.DataType] = {
    "seller_id": pl.String(),
    "registered_at": pl.Datetime("us", "UTC"),
    "strikes": pl.Int64(),
    "network_id": pl.String(),
    "network_size": pl.Int64(),
    "network_risk": pl.Float64(),
}


@dataclass(frozen=True)
class SellerContext:
    """What is known of sellers beyond the listing: accounts, strikes, networks (one row each)."""

    table: pl.DataFrame

    @classmethod
    def empty(cls) -> SellerContext:
        return cls(pl.DataFrame(schema=SELLER_CONTEXT_SCHEMA))

    @classmethod
    def from_frames(
        cls, sellers: pl.DataFrame | None = None, networks: pl.DataFrame | None = None
    ) -> SellerContext:
        """Combine a sellers table (spec §3) and a networks table (spec §5) by seller_id."""
        table = cls.empty().table.select("seller_id")
        if sellers is not None:
            table = sellers.select("seller_id").unique(maintain_order=True)
        if networks is not None:
            table = pl.concat([table, networks.select("seller_id")]).unique(maintain_order=True)
        for extra in (sellers, networks):
            if extra is None:
                continue
            wanted = [c for c in SELLER_CONTEXT_SCHEMA if c in extra.columns and c != "seller_id"]
            table = table.join(
                extra.select("seller_id", *wanted).unique("seller_id", keep="first"),
                on="seller_id",
                how="left",
            )
        for column, dtype in SELLER_CONTEXT_SCHEMA.items():
            if column not in table.columns:
                table = table.with_columns(pl.lit(None, dtype=dtype).alias(column))
        return cls(table.select(*(pl.col(c).cast(t) for c, t in SELLER_CONTEXT_SCHEMA.items())))


class SellerDetector:
    """Signals ``seller.*``: authorized, known, account_age_days, strikes, network_*."""

    name = "seller"
    needs = ("seller_id", "created_at", "text.brand_id")
    reasons = REASONS

    def __init__(self, catalog: Catalog, context: SellerContext, as_of: datetime) -> None:
        pairs = [(b.id, s) for b in catalog.brands for s in sorted(b.authorized_sellers)]
        self._authorized = pl.DataFrame(
            pairs, schema={"brand_id": pl.String, "seller_id": pl.String}, orient="row"
        ).with_columns(pl.lit(True).alias("authorized"))
        self._authorized_sellers = self._authorized.get_column("seller_id").unique().implode()
        self._context = context.table.with_columns(pl.lit(True).alias("known"))
        self._as_of = as_of

    def _authorized_pairs(self, frame: pl.DataFrame) -> pl.Series:
        """Whether each (brand_id, seller_id) is an authorized pair: the rows of the few
        authorized sellers are joined to the pairs, not every row (a join of the whole batch
        on both strings cost five times more)."""
        authorized = np.zeros(frame.height, dtype=bool)
        sellers = frame.get_column("seller_id")
        maybe = sellers.is_in(self._authorized_sellers).fill_null(False).to_numpy()
        rows = np.flatnonzero(maybe)
        if rows.size:
            pairs = frame.select("brand_id", "seller_id")[rows].join(
                self._authorized, on=["brand_id", "seller_id"], how="left", maintain_order="left"
            )
            authorized[rows] = pairs.get_column("authorized").fill_null(False).to_numpy()
        return pl.Series("authorized", authorized)

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Seller signals for every listing, in input order."""
        frame = batch.select(
            pl.col("seller_id").cast(pl.String),
            pl.col("text.brand_id").alias("brand_id"),
            pl.col("created_at")
            .cast(pl.Datetime("us", "UTC"))
            .fill_null(self._as_of)
            .alias("seen"),
        )
        frame = frame.with_columns(authorized=self._authorized_pairs(frame))
        frame = frame.join(self._context, on="seller_id", how="left", maintain_order="left")
        age = (pl.col("seen") - pl.col("registered_at")).dt.total_hours() / 24.0
        has_brand = pl.col("brand_id").is_not_null()
        return frame.select(
            pl.when(has_brand)
            .then(pl.col("authorized").fill_null(False))
            .alias("seller.authorized"),
            pl.col("known").fill_null(False).alias("seller.known"),
            age.clip(lower_bound=0.0).alias("seller.account_age_days"),
            pl.col("strikes").fill_null(0).alias("seller.strikes"),
            pl.col("network_id").alias("seller.network_id"),
            pl.col("network_size").fill_null(1).alias("seller.network_size"),
            pl.col("network_risk").fill_null(0.0).alias("seller.network_risk"),
        )
