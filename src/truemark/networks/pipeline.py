"""Find the networks: normalize identities, gather evidence, link, cluster, score."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from truemark.catalog import load_catalog
from truemark.index.pdq import PdqIndex
from truemark.index.pdq_banks import reference_bank
from truemark.networks.clusters import cluster
from truemark.networks.fuzzy import FuzzyPolicy, fuzzy_evidence
from truemark.networks.identifiers import IDENTITY_COLUMNS, normalize_sellers
from truemark.networks.links import (
    LinkPolicy,
    common_values,
    evidence,
    identity_values,
    pair_links,
)
from truemark.networks.scoring import score_networks, seller_activity, with_price
from truemark.networks.shared_photos import photo_values

LINKED_ATTRIBUTES = ["payment_account", "phone", "email", "device_id", "address", "ip"]
MEMBER_COLUMNS = (
    "seller_id",
    "network_id",
    "network_size",
    "network_risk",
    "links",
    "network_flagged_listings",
    "network_flagged_sales_usd",
    "intel_matches",
    "network_intel",
    "test_buy_fakes",
    "network_test_buy_fakes",
)


@dataclass(frozen=True)
class NetworkFindings:
    """The networks (spec §5 plus totals and alliance intel), the links with their evidence, the
    common values."""

    members: pl.DataFrame
    links: pl.DataFrame
    common: pl.DataFrame

    @property
    def networks(self) -> int:
        return self.members.filter(pl.col("network_size") > 1)["network_id"].n_unique()


@dataclass(frozen=True)
class NetworkOptions:
    """Knobs of the racket finder."""

    policy: LinkPolicy = field(default_factory=LinkPolicy)
    split_above: int = 60
    reference_photos: PdqIndex | None = None
    fuzzy: FuzzyPolicy | None = field(default_factory=FuzzyPolicy)
    intel: pl.DataFrame | None = None
    """Sellers matched by alliance intel (seller_id, attribute, provenance; see
    :func:`truemark.networks.intel.intel_matches`): evidence in the networks' scores."""
    test_buys: pl.DataFrame | None = None
    """Confirmed fakes from test buys (seller_id, test_buy_fakes; see
    :mod:`truemark.networks.test_buys`): evidence in the networks' scores."""


def _not_double_counted(fuzzy: pl.DataFrame, exact: pl.DataFrame) -> pl.DataFrame:
    """Fuzzy evidence of pairs whose addresses already match exactly says nothing new."""
    same_address = exact.filter(pl.col("attribute") == "address").select("seller_a", "seller_b")
    return fuzzy.join(same_address, on=["seller_a", "seller_b"], how="anti")


def seller_links(members: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Per seller, the sorted attributes of the links that tied it in."""
    ends = pl.concat(
        [
            links.select(pl.col("seller_a").alias("seller_id"), "attributes"),
            links.select(pl.col("seller_b").alias("seller_id"), "attributes"),
        ]
    )
    per_seller = (
        ends.explode("attributes")
        .group_by("seller_id")
        .agg(pl.col("attributes").unique().sort().alias("links"))
    )
    return members.join(per_seller, on="seller_id", how="left").with_columns(
        pl.col("links").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def find_networks(
    sellers: pl.DataFrame,
    listings: pl.DataFrame | None = None,
    results: pl.DataFrame | None = None,
    options: NetworkOptions | None = None,
) -> NetworkFindings:
    """Link the sellers into networks and score them; listings add shared photos, results risk."""
    options = options or NetworkOptions()
    keys = normalize_sellers(sellers)
    values = identity_values(keys, LINKED_ATTRIBUTES)
    if listings is not None:
        values = pl.concat([values, photo_values(listings, options.reference_photos)])
    pieces = evidence(values, options.policy)
    if options.fuzzy is not None:
        pieces = pl.concat(
            [pieces, _not_double_counted(fuzzy_evidence(keys, options.fuzzy), pieces)]
        )
    links = pair_links(pieces, options.policy)
    membership = cluster(keys["seller_id"], links, options.split_above)
    activity = None
    if listings is not None and results is not None:
        activity = seller_activity(listings, with_price(results))
    scored = score_networks(membership, activity, options.intel, options.test_buys)
    members = seller_links(scored, links).sort("seller_id")
    return NetworkFindings(
        members=members.select(MEMBER_COLUMNS),
        links=links_with_networks(links, membership),
        common=common_values(values, options.policy),
    )


def links_with_networks(links: pl.DataFrame, membership: pl.DataFrame) -> pl.DataFrame:
    """The links with the network_id of the network they fall in."""
    network_of = membership.select(pl.col("seller_id").alias("seller_a"), "network_id")
    return links.join(network_of, on="seller_a", how="left", maintain_order="left")


def reference_photos(catalog: Path) -> PdqIndex:
    """The catalog's product photos (and their mirrors and rotations) as a PDQ index."""
    return reference_bank(load_catalog(catalog))


__all__ = ["IDENTITY_COLUMNS", "NetworkFindings", "NetworkOptions", "find_networks"]
