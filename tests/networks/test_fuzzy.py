"""Fuzzy evidence with splink: typo'd addresses and near-identical store names link accounts."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.networks.fuzzy import FuzzyPolicy, fuzzy_evidence
from truemark.networks.identifiers import normalize_sellers
from truemark.networks.pipeline import find_networks

STREETS = ["oak", "pine", "maple", "cedar", "birch", "elm", "ash", "willow", "spruce", "alder"]
CITIES = ["leeds", "york", "bath", "hull", "derby", "ely", "wells", "ripon"]


def _marketplace() -> pl.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for i in range(300):
        street = f"{rng.integers(1, 999)} {STREETS[i % 10]} road {CITIES[i % 8]} {i}"
        rows.append(
            (
                f"h{i:03d}",
                f"Fashion Store {i}",
                f"{street}",
                f"10.{i}.{i % 7}.9",
                f"owner{i}@mail.com",
            )
        )
    # a racket whose accounts share an IP range and write one address with typos
    rows += [
        (
            "r1",
            "Lucky Star Trading",
            "88 Baiyun Road Guangzhou Tower 5",
            "203.0.113.5",
            "luckystar1@qq.com",
        ),
        (
            "r2",
            "Lucky Star Tradng",
            "88 Baiyun Raod Guangzhou Tower 5",
            "203.0.113.77",
            "luckystar2@qq.com",
        ),
    ]
    return pl.DataFrame(
        rows, schema=["seller_id", "store_name", "address", "ip", "email"], orient="row"
    )


def test_typos_under_a_shared_ip_range_link() -> None:
    pieces = fuzzy_evidence(normalize_sellers(_marketplace()))
    pair = pieces.filter((pl.col("seller_a") == "r1") & (pl.col("seller_b") == "r2"))
    assert pair.height == 1
    assert pair["bits"].item() > 4
    assert pair["bits"].item() <= FuzzyPolicy().max_bits


def test_fuzzy_and_exact_evidence_together_make_the_network() -> None:
    members = find_networks(_marketplace()).members
    racket = members.filter(pl.col("seller_id").is_in(["r1", "r2"]))
    assert racket["network_size"].to_list() == [2, 2]
    assert "fuzzy" in racket["links"].to_list()[0]
    honest = members.filter(pl.col("seller_id").str.starts_with("h"))
    assert honest["network_size"].max() == 1


def test_too_few_sellers_to_learn_from_gives_no_fuzzy_evidence() -> None:
    assert fuzzy_evidence(normalize_sellers(_marketplace().head(10))).height == 0
