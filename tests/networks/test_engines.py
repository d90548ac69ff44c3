"""Contract: the polars and DuckDB engines of ``truemark networks`` write the same files.

On a simulated marketplace (sellers, listings' photos, the catalog, scan results with prices
that do not round-trip through text), and on a hand-made one with bad rows and a racket too
large to be one network (split by Leiden), under a small DuckDB memory limit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from truemark.cli import app
from truemark.errors import ConfigError, TruemarkError
from truemark.networks.duckdb_engine.workspace import DuckDBSettings
from truemark.networks.files import links_path
from truemark.networks.jobs import NetworkJob, NetworkSummary
from truemark.networks.run import Engine, run_networks
from truemark.simulate import simulate_marketplace


def _results(market: Path) -> Path:
    """Scan results for every listing: risk, verdict, and a price in the signals JSON."""
    listings = pl.read_parquet(market / "listings.parquet", columns=["listing_id"])
    rng = np.random.default_rng(4)
    risk = rng.random(listings.height)
    price = np.round(rng.random(listings.height) * 100, 3)  # e.g. 44.895: not exact in binary
    verdict = np.where(risk > 0.7, "counterfeit", np.where(risk > 0.5, "suspect", "clear"))
    results = listings.with_columns(
        pl.Series("risk", risk),
        pl.Series("verdict", verdict),
        pl.concat_str(
            pl.lit('{"price.usd": '), pl.Series(price).cast(pl.String), pl.lit("}")
        ).alias("signals"),
    )
    path = market / "results.parquet"
    results.write_parquet(path)
    return path


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("engines")
    simulate_marketplace(folder, 8000, seed=5, images=0)
    _results(folder)
    return folder


def _read(path: Path) -> pl.DataFrame:
    return pl.read_parquet(path) if path.suffix == ".parquet" else pl.read_ndjson(path)


def _assert_same_files(polars_out: Path, duckdb_out: Path) -> None:
    for read, keys in ((lambda p: p, ["seller_id"]), (links_path, ["seller_a", "seller_b"])):
        expected, found = _read(read(polars_out)), _read(read(duckdb_out))
        assert found.schema == expected.schema
        assert_frame_equal(found.sort(keys), expected.sort(keys), check_exact=True)


def _both(job: NetworkJob, tmp: Path, settings: DuckDBSettings) -> list[NetworkSummary]:
    summaries = []
    for engine in Engine:
        out = tmp / engine.value / job.out.name
        run = NetworkJob(job.sellers, out, job.listings, job.results, job.catalog)
        summaries.append(run_networks(run, engine, settings))
    _assert_same_files(tmp / "polars" / job.out.name, tmp / "duckdb" / job.out.name)
    return summaries


def test_same_files_on_a_simulated_marketplace(market: Path, tmp_path: Path) -> None:
    job = NetworkJob(
        market / "sellers.parquet",
        Path("networks.parquet"),
        market / "listings.parquet",
        market / "results.parquet",
        market / "catalog.yaml",
    )
    in_memory, on_duckdb = _both(job, tmp_path, DuckDBSettings())
    assert on_duckdb.tally == in_memory.tally
    assert on_duckdb.links == in_memory.links
    assert_frame_equal(on_duckdb.common, in_memory.common)
    found = _read(tmp_path / "duckdb" / "networks.parquet")
    assert len(in_memory.tally.networks) >= 5  # the test means something only with rackets
    assert {"image", "phone"} <= set(found["links"].explode().drop_nulls().to_list())
    assert found["network_flagged_sales_usd"].sum() > 0


def _sellers_with_bad_rows(path: Path) -> Path:
    """90 accounts chained by shared phones (one component, over the split size of 60),
    honest accounts, a repeated seller id and a row without one."""
    chain = [(f"c{i:03d}", f"+44 7700 900{i // 2:03d}", f"Chain {i} Ltd", "GB") for i in range(90)]
    honest = [(f"h{i:03d}", f"+33 6 12 34 {i:02d} 99", f"Honest {i}", "FR") for i in range(60)]
    bad = [("c000", "+44 7700 900999", "Repeat", "GB"), ("", "+1 202 555 0100", "No id", "US")]
    rows = chain + honest + bad
    frame = pl.DataFrame(rows, schema=["seller_id", "phone", "store_name", "country"], orient="row")
    frame.write_csv(path)
    return path


def test_same_files_with_bad_rows_and_a_split_racket_under_a_memory_limit(tmp_path: Path) -> None:
    sellers = _sellers_with_bad_rows(tmp_path / "sellers.csv")
    spill = tmp_path / "spill"
    job = NetworkJob(sellers, Path("networks.jsonl"))
    _both(job, tmp_path, DuckDBSettings(memory_limit="64MB", temp_dir=spill))
    found = _read(tmp_path / "duckdb" / "networks.jsonl")
    chain = found.filter(pl.col("seller_id").str.starts_with("c"))
    assert chain["network_id"].n_unique() > 1  # Leiden split the 90 accounts
    assert chain["network_size"].max() <= 60
    for engine in Engine:
        quarantine = tmp_path / engine.value / "networks.sellers.quarantine.jsonl"
        assert len(quarantine.read_text().splitlines()) == 2
    assert list(spill.iterdir()) == []  # the work folder is gone


def test_a_memory_limit_that_is_not_a_size_is_refused(market: Path, tmp_path: Path) -> None:
    args = ["networks", "--sellers", str(market / "sellers.parquet")]
    args += ["--out", str(tmp_path / "n.parquet"), "--engine", "duckdb"]
    result = CliRunner().invoke(app, [*args, "--memory-limit", "lots"])
    assert isinstance(result.exception, ConfigError)
    assert "--memory-limit 'lots'" in result.exception.message
    result = CliRunner().invoke(app, [*args[:-2], "--memory-limit", "1GB"])
    assert isinstance(result.exception, TruemarkError)
    assert "need --engine duckdb" in result.exception.message
