"""Seller detector: is the seller authorized for the brand, how old and how struck is the account,
and how risky is the network of accounts it belongs to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.authorized import AuthorizedSellers
from truemark.detect.base import Reason, reason_table
from truemark.detect.ranges import Positions, nullable_positions

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
        groups = {brand.id: brand.authorized_sellers for brand in catalog.brands}
        self._authorized = AuthorizedSellers(groups)
        self._authorized_sellers = pl.Series(self._authorized.sellers, dtype=pl.String).implode()
        self._known = _KnownSellers.of(context.table)
        self._as_of = as_of

    def _authorized_pairs(self, sellers: pl.Series, brands: pl.Series) -> np.ndarray:
        """Whether each (brand_id, seller_id) is an authorized pair: only the rows of the few
        authorized sellers are looked up by brand and seller (the pairs of the whole batch cost
        twice as much, a join of them five times)."""
        authorized = np.zeros(len(sellers), dtype=bool)
        maybe = sellers.is_in(self._authorized_sellers).fill_null(False).to_numpy()
        rows = np.flatnonzero(maybe)
        if rows.size:
            lookup = self._authorized
            authorized[rows] = lookup.authorized(
                lookup.brands(brands.gather(rows)), sellers.gather(rows)
            )
        return authorized

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Seller signals for every listing, in input order."""
        sellers = batch.get_column("seller_id").cast(pl.String)
        brands = batch.get_column("text.brand_id")
        seen = batch.get_column("created_at").cast(pl.Datetime("us", "UTC"))
        if seen.null_count():
            seen = seen.fill_null(self._as_of)
        authorized = pl.Series("seller.authorized", self._authorized_pairs(sellers, brands))
        if brands.null_count():
            authorized = authorized.set(brands.is_null(), None)
        return self._known.signals(sellers, seen).insert_column(0, authorized)


_MICROSECONDS_A_HOUR = 3_600_000_000


@dataclass(frozen=True)
class _KnownSellers:
    """The seller context as arrays, found by each seller's position in it (a join cost a
    hash table of the batch and a frame of it). Each array has one more element, at position
    -1, for a seller not known: its defaults (no account date, no strikes, a network of one)."""

    positions: Positions
    registered: np.ndarray
    """Microseconds since the epoch of each account's registration."""
    has_registered: np.ndarray
    strikes: np.ndarray
    network_id: pl.Series
    network_size: np.ndarray
    network_risk: np.ndarray

    @classmethod
    def of(cls, table: pl.DataFrame) -> _KnownSellers:
        """From a :class:`SellerContext`'s table (a null seller id is no seller, as it matched
        none in a join; of a seller id given twice, the first row counts)."""
        table = table.filter(pl.col("seller_id").is_not_null())
        table = table.unique("seller_id", keep="first", maintain_order=True)
        unknown = pl.DataFrame(
            {"seller_id": [None], "strikes": [0], "network_size": [1], "network_risk": [0.0]},
            schema={
                name: table.schema[name]
                for name in ("seller_id", "strikes", "network_size", "network_risk")
            },
        )
        table = pl.concat([table, unknown], how="diagonal_relaxed").with_columns(
            pl.col("strikes").fill_null(0),
            pl.col("network_size").fill_null(1),
            pl.col("network_risk").fill_null(0.0),
        )
        registered = table.get_column("registered_at")
        return cls(
            Positions(table.get_column("seller_id").head(-1).to_list()),
            registered.dt.epoch("us").fill_null(0).to_numpy(),
            registered.is_not_null().to_numpy(),
            table.get_column("strikes").to_numpy(),
            table.get_column("network_id"),
            table.get_column("network_size").to_numpy(),
            table.get_column("network_risk").to_numpy(),
        )

    def signals(self, sellers: pl.Series, seen: pl.Series) -> pl.DataFrame:
        """Every seller signal but ``seller.authorized``, of each seller seen at each time."""
        position = self.positions(sellers)
        known = position >= 0
        hours = (seen.dt.epoch("us").to_numpy() - self.registered[position]) // _MICROSECONDS_A_HOUR
        age = np.maximum(hours, 0) * (1 / 24.0)  # as polars divides by a constant
        age[~self.has_registered[position]] = np.nan
        network_id = (
            self.network_id.gather(nullable_positions(position))
            if known.any()
            else pl.repeat(None, len(sellers), dtype=pl.String, eager=True)
        )
        return pl.DataFrame(
            {
                "seller.known": known,
                "seller.account_age_days": pl.Series(age, nan_to_null=True),
                "seller.strikes": self.strikes[position],
                "seller.network_id": network_id,
                "seller.network_size": self.network_size[position],
                "seller.network_risk": self.network_risk[position],
            }
        )
