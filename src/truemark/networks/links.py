"""Evidence between seller accounts: shared identifiers, weighted by how rare the shared value is.

Each shared value gives ``base_bits - log2(sellers sharing it)`` bits of evidence (a
Fellegi-Sunter weight with a term-frequency adjustment): a payout account shared by two accounts
is strong, an IP range shared by twenty is weak. A value shared by more accounts than the
attribute's limit (a fulfilment centre, a co-working space, a marketplace-wide default) is
common, not evidence, and is reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

VALUE_SCHEMA = {"seller_id": pl.String, "attribute": pl.String, "value": pl.String}
EDGE_SCHEMA = {
    "seller_a": pl.String,
    "seller_b": pl.String,
    "attribute": pl.String,
    "value": pl.String,
    "bits": pl.Float64,
}


@dataclass(frozen=True)
class EvidenceRule:
    """How much one shared value of an attribute says, and past how many sharers it says nothing."""

    base_bits: float
    common_limit: int


@dataclass(frozen=True)
class LinkPolicy:
    """Evidence rules per attribute and the bits a pair needs to be linked."""

    rules: dict[str, EvidenceRule] = field(
        default_factory=lambda: {
            "payment_account": EvidenceRule(17.0, 60),
            "phone": EvidenceRule(16.0, 60),
            "email": EvidenceRule(16.0, 60),
            "device_id": EvidenceRule(14.0, 60),
            "image": EvidenceRule(8.5, 60),
            "address": EvidenceRule(7.0, 20),
            "ip": EvidenceRule(5.0, 20),
        }
    )
    link_bits: float = 8.0


def identity_values(keys: pl.DataFrame, attributes: list[str]) -> pl.DataFrame:
    """Wide keys (one column per attribute) to long rows: seller_id, attribute, value."""
    present = [a for a in attributes if a in keys.columns]
    if not present:
        return pl.DataFrame(
            schema={"seller_id": pl.String, "attribute": pl.String, "value": pl.String}
        )
    return (
        keys.select("seller_id", *(pl.col(a).cast(pl.String) for a in present))
        .unpivot(index="seller_id", variable_name="attribute", value_name="value")
        .drop_nulls("value")
    )


def rule_table(policy: LinkPolicy) -> pl.DataFrame:
    """The evidence rules as a table: attribute, base_bits, common_limit."""
    return pl.DataFrame(
        {
            "attribute": list(policy.rules),
            "base_bits": [r.base_bits for r in policy.rules.values()],
            "common_limit": [r.common_limit for r in policy.rules.values()],
        },
        schema={"attribute": pl.String, "base_bits": pl.Float64, "common_limit": pl.Int64},
    )


def piece_bits() -> pl.Expr:
    """The bits of one shared value: ``base_bits - log2(sharers)``."""
    return pl.col("base_bits") - pl.col("sharers").cast(pl.Float64).log(2)


def _sharing(values: pl.DataFrame, policy: LinkPolicy) -> pl.DataFrame:
    """Each distinct (attribute, value) with its sorted sharers, its count and its limit."""
    return (
        values.unique()
        .group_by("attribute", "value")
        .agg(pl.col("seller_id").sort().alias("members"))
        .with_columns(pl.col("members").list.len().alias("sharers"))
        .join(rule_table(policy), on="attribute")
    )


def evidence(values: pl.DataFrame, policy: LinkPolicy) -> pl.DataFrame:
    """Every pair of sellers sharing a value (seller_a < seller_b), with its bits of evidence."""
    groups = _sharing(values, policy).filter(
        (pl.col("sharers") >= 2) & (pl.col("sharers") <= pl.col("common_limit"))
    )
    pairs = (
        groups.with_columns(pl.col("members").alias("seller_a"))
        .explode("seller_a")
        .with_columns(pl.col("members").alias("seller_b"))
        .explode("seller_b")
        .filter(pl.col("seller_a") < pl.col("seller_b"))
    )
    return pl.concat(
        [
            pl.DataFrame(schema=EDGE_SCHEMA),
            pairs.select("seller_a", "seller_b", "attribute", "value", piece_bits().alias("bits")),
        ]
    )


def common_values(values: pl.DataFrame, policy: LinkPolicy) -> pl.DataFrame:
    """Values too common to be evidence: attribute, value, how many sellers share it."""
    return (
        _sharing(values, policy)
        .filter(pl.col("sharers") > pl.col("common_limit"))
        .select("attribute", "value", "sharers")
        .sort("sharers", "attribute", "value", descending=[True, False, False])
    )


def pair_links(pieces: pl.DataFrame, policy: LinkPolicy) -> pl.DataFrame:
    """Sum the evidence of each pair; keep the pairs with enough bits to be linked.

    A pair's pieces are taken in (attribute, value) order and summed as one list, so its bits do
    not depend on the order the pieces came in nor on what else the table holds: every engine
    that finds the same pieces finds the same links to the last bit.
    """
    return (
        pieces.sort("seller_a", "seller_b", "attribute", "value")
        .group_by("seller_a", "seller_b", maintain_order=True)
        .agg(
            pl.col("bits").alias("bits"),
            pl.col("attribute").alias("attributes"),
            pl.col("value").alias("values"),
        )
        .with_columns(pl.col("bits").list.sum())
        .filter(pl.col("bits") >= policy.link_bits)
    )
