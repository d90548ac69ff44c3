"""Confirmed fakes from test buys as evidence in the networks' scores.

``truemark testbuys fakes --out FILE`` writes ``seller_id, test_buy_fakes`` (how many test buys
from the seller received a fake); ``truemark networks --test-buys FILE`` reads it. A test buy
that received a fake is the strongest evidence an operation leaves: each one leaves only
``RESIDUAL_PER_FAKE`` of the distance between the network's risk and certainty, so one fake
lifts a network to at least 0.75 and two to at least 0.94. The scan reads the raised risk
through ``--networks`` (``seller.network_risk``), for the seller and every account linked to it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from truemark.errors import ValidationError
from truemark.io.bank_files import blank, read_bank_file, row_problems
from truemark.networks.jobs import NetworkJob

RESIDUAL_PER_FAKE = 0.25
TEST_BUY_FAKES_SCHEMA = pl.Schema({"seller_id": pl.String, "test_buy_fakes": pl.Int64})
_HINT = "test_buy_fakes must be a whole number, 0 or more"


def load_test_buy_fakes(path: Path) -> pl.DataFrame:
    """``seller_id, test_buy_fakes`` of a file, one row per seller (repeated sellers summed);
    ValidationError naming every malformed row."""
    table = read_bank_file(path, "test-buy fakes", list(TEST_BUY_FAKES_SCHEMA))
    fakes = table["test_buy_fakes"].str.strip_chars().cast(pl.Int64, strict=False)
    count_ok = (fakes >= 0).fill_null(False).to_numpy()
    ValidationError.raise_if_any(
        row_problems(path, blank(table["seller_id"]), "no seller_id", "seller_id")
        + row_problems(path, ~count_ok, _HINT, "test_buy_fakes")
    )
    sellers = table["seller_id"].str.strip_chars()
    found = pl.DataFrame({"seller_id": sellers, "test_buy_fakes": fakes})
    return found.group_by("seller_id").agg(pl.col("test_buy_fakes").sum()).sort("seller_id")


def test_buys_of(job: NetworkJob) -> pl.DataFrame | None:
    """The confirmed fakes per seller of the job's test-buys file, when it has one."""
    return load_test_buy_fakes(job.test_buys) if job.test_buys is not None else None


def test_buy_factor(network_fakes: pl.Expr) -> pl.Expr:
    """``1 - test_buy_risk`` of a network with ``network_fakes`` confirmed fakes among its
    accounts: the share of the distance to certainty that is left."""
    return pl.lit(RESIDUAL_PER_FAKE).pow(network_fakes)
