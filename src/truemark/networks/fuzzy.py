"""Fuzzy identity evidence with splink (DuckDB backend): store names, addresses, mailbox names.

Exact keys miss "12 Long Stret" against "12 Long Street". Splink compares the fuzzy attributes of
sellers that already share a rare IP range, address prefix or mailbox prefix (blocking), learns
u-probabilities by random sampling and m-probabilities by expectation maximisation on this very
data, and scores each pair in bits (the log2 Bayes factor, without the prior). Those bits join
the exact evidence, capped so that fuzzy similarity alone rarely links two accounts.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.splink_dataframe import SplinkDataFrame

from truemark.networks.links import EDGE_SCHEMA

BLOCKS = ("ip", "address_block", "email_block")
# Before EM has enough pairs to learn from: how often the same operation's two accounts agree
# exactly, closely, loosely or not at all on an attribute (exact, high, low similarity, else).
M_PRIOR = [0.55, 0.25, 0.1, 0.1]


@dataclass(frozen=True)
class FuzzyPolicy:
    """When to run splink, which pairs to keep, and how many bits they may carry."""

    min_bits: float = 4.0
    max_bits: float = 6.0
    block_limit: int = 20
    min_sellers: int = 50
    min_training_pairs: int = 200


def fuzzy_columns(keys: pl.DataFrame) -> pl.DataFrame:
    """The comparison and blocking columns of each seller (row by row, from the normal keys)."""
    return keys.select(
        "seller_id",
        "store_name",
        pl.col("address_text").alias("address"),
        pl.col("email").str.extract(r"^([^@]+)@", 1).alias("email_local"),
        "ip",
        pl.col("address").str.slice(0, 8).alias("address_block"),
        pl.col("email").str.slice(0, 5).alias("email_block"),
    )


def _fuzzy_frame(keys: pl.DataFrame, block_limit: int) -> pl.DataFrame:
    """The comparison columns, with blocking keys blanked where a value is too common."""
    frame = fuzzy_columns(keys)
    for column in BLOCKS:
        common = pl.col(column).count().over(column) > block_limit
        frame = frame.with_columns(
            pl.when(common).then(None).otherwise(pl.col(column)).alias(column)
        )
    return frame


def _blocked_pairs(frame: pl.DataFrame, column: str) -> int:
    """How many pairs blocking on ``column`` compares (EM needs a few hundred at least)."""
    sizes = frame[column].drop_nulls().value_counts()["count"].cast(pl.Int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _settings(prior: float) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="seller_id",
        blocking_rules_to_generate_predictions=[block_on(column) for column in BLOCKS],
        comparisons=[
            cl.JaroWinklerAtThresholds("store_name", [0.95, 0.88]).configure(
                m_probabilities=M_PRIOR
            ),
            cl.JaroWinklerAtThresholds("address", [0.97, 0.92]).configure(m_probabilities=M_PRIOR),
            cl.JaroWinklerAtThresholds("email_local", [0.95, 0.88]).configure(
                m_probabilities=M_PRIOR
            ),
        ],
        probability_two_random_records_match=prior,
    )


def fuzzy_evidence(keys: pl.DataFrame, policy: FuzzyPolicy | None = None) -> pl.DataFrame:
    """Pairs of sellers with fuzzy evidence (attribute ``fuzzy``), as exact evidence has it."""
    policy = policy or FuzzyPolicy()
    if keys.height < policy.min_sellers:
        return pl.DataFrame(schema=EDGE_SCHEMA)  # too few accounts to estimate m and u from
    frame = _fuzzy_frame(keys, policy.block_limit)
    blocked = {column: _blocked_pairs(frame, column) for column in BLOCKS}
    db_api = DuckDBAPI()
    return fuzzy_pairs(db_api, db_api.register(frame.to_arrow()), keys.height, blocked, policy)


def fuzzy_pairs(
    db_api: DuckDBAPI,
    sellers: SplinkDataFrame,
    seller_count: int,
    blocked: Mapping[str, int],
    policy: FuzzyPolicy,
) -> pl.DataFrame:
    """Train splink on the fuzzy columns of ``sellers`` and keep the pairs with enough bits.

    ``sellers`` has the columns of :func:`fuzzy_columns` with too common blocking keys blanked;
    ``blocked`` says how many pairs each blocking column compares.
    """
    prior = 1.0 / seller_count
    linker = Linker(sellers, _settings(prior), log_level=logging.ERROR)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=7)
    for column in BLOCKS:
        if blocked[column] >= policy.min_training_pairs:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(column), estimate_without_term_frequencies=True
            )
    prior_bits = math.log2(prior / (1 - prior))
    predictions = linker.inference.predict(threshold_match_weight=prior_bits + policy.min_bits)
    pairs = predictions.as_duckdbpyrelation().pl()
    if pairs.height == 0:
        return pl.DataFrame(schema=EDGE_SCHEMA)
    bits = (pl.col("match_weight") - prior_bits).clip(upper_bound=policy.max_bits)
    described = pl.concat_str(
        pl.col("store_name_l"), pl.col("store_name_r"), pl.col("address_l"), pl.col("address_r"),
        separator=" ~ ", ignore_nulls=True,
    )  # fmt: skip
    return pairs.select(
        pl.min_horizontal("seller_id_l", "seller_id_r").alias("seller_a"),
        pl.max_horizontal("seller_id_l", "seller_id_r").alias("seller_b"),
        pl.lit("fuzzy").alias("attribute"),
        described.alias("value"),
        bits.alias("bits"),
    ).cast(EDGE_SCHEMA)
