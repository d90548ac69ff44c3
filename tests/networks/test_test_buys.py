"""Confirmed fakes from test buys raise the risk of their networks, on both engines."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from truemark.cli import main
from truemark.errors import ValidationError
from truemark.networks.jobs import NetworkJob
from truemark.networks.run import Engine, run_networks
from truemark.networks.test_buys import load_test_buy_fakes
from truemark.simulate import simulate_marketplace


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("test-buys")
    simulate_marketplace(folder, 3000, seed=11, images=0)
    return folder


def test_rows_are_checked_and_repeated_sellers_summed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("seller_id,test_buy_fakes\ns-1,1\n,2\ns-2,-1\ns-3,two\n")
    good = tmp_path / "fakes.csv"
    good.write_text("seller_id,test_buy_fakes\ns-2,1\ns-1,1\ns-2, 2\n")

    with pytest.raises(ValidationError) as refused:
        load_test_buy_fakes(bad)
    found = load_test_buy_fakes(good)

    problems = [(p.where, p.field) for p in refused.value.problems]
    assert problems == [("row 2", "seller_id"), ("row 3", "test_buy_fakes"),
                        ("row 4", "test_buy_fakes")]  # fmt: skip
    assert all(p.file == str(bad) for p in refused.value.problems)
    assert found.rows() == [("s-1", 1), ("s-2", 3)]


def _networks(market: Path, out: Path, engine: Engine, fakes: Path | None) -> pl.DataFrame:
    job = NetworkJob(market / "sellers.parquet", out, market / "listings.parquet")
    run_networks(replace(job, test_buys=fakes), engine)
    return pl.read_parquet(out).sort("seller_id")


def test_a_confirmed_fake_raises_its_network_alike_on_both_engines(
    market: Path, tmp_path: Path
) -> None:
    before = _networks(market, tmp_path / "before.parquet", Engine.POLARS, None)
    racket = before.filter(pl.col("network_size") > 2).row(0, named=True)
    alone = before.filter(pl.col("network_size") == 1).row(0, named=True)
    fakes = tmp_path / "fakes.csv"
    pl.DataFrame({"seller_id": [racket["seller_id"], alone["seller_id"]],
                  "test_buy_fakes": [1, 2]}).write_csv(fakes)  # fmt: skip

    after = _networks(market, tmp_path / "polars.parquet", Engine.POLARS, fakes)
    on_duckdb = _networks(market, tmp_path / "duckdb.parquet", Engine.DUCKDB, fakes)

    assert_frame_equal(on_duckdb, after, check_exact=True)
    raised = after.join(before.select("seller_id", pl.col("network_risk").alias("was")),
                        on="seller_id")  # fmt: skip
    in_racket = raised.filter(pl.col("network_id") == racket["network_id"])
    assert in_racket.height == racket["network_size"]
    assert in_racket["network_test_buy_fakes"].unique().to_list() == [1]
    assert (in_racket["network_risk"] >= 0.75).all()
    assert (in_racket["network_risk"] > in_racket["was"]).all()
    assert in_racket.filter(pl.col("test_buy_fakes") > 0)["seller_id"].to_list() == [
        racket["seller_id"]
    ]
    lone = raised.filter(pl.col("seller_id") == alone["seller_id"]).row(0, named=True)
    assert lone["network_risk"] == pytest.approx(1 - (1 - lone["was"]) * 0.25**2)
    untouched = raised.filter(pl.col("network_test_buy_fakes") == 0)
    assert untouched.height == after.height - in_racket.height - 1
    assert_frame_equal(untouched.select("network_risk"), untouched.select(pl.col("was").alias(
        "network_risk")))  # fmt: skip


def test_a_bad_file_is_one_located_error_without_traceback(
    market: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "fakes.csv"
    bad.write_text("seller_id,test_buy_fakes\ns-1,many\n")
    monkeypatch.setattr(sys, "argv", ["truemark", "networks",
                                      "--sellers", str(market / "sellers.parquet"),
                                      "--out", str(tmp_path / "n.parquet"),
                                      "--test-buys", str(bad)])  # fmt: skip

    with pytest.raises(SystemExit) as exit_:
        main()

    printed = " ".join(capsys.readouterr().err.split())
    assert exit_.value.code == 2
    assert f"{bad}, row 1, field 'test_buy_fakes'" in printed
    assert "Traceback" not in printed
    assert not (tmp_path / "n.parquet").exists()
