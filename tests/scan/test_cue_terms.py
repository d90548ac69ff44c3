"""Cue terms from alliance intel in the scan: part of the scan's configuration (checkpoints of a
scan with other terms are not reused), and the same results in one process, a pool and Dask."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from truemark.errors import InputError, Interrupted
from truemark.scan.dask_runner import run_scan_dask
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import run_scan

SOURCE = "intel:brand-a:0123456789abcdef"


def _cues(folder: Path, term: str) -> Path:
    path = folder / "cues.csv"
    pl.DataFrame({"term": [term], "provenance": [SOURCE]}).write_csv(path)
    return path


def _spec(market_dir: Path, cues: Path) -> ScanSpec:
    return ScanSpec(
        catalog=market_dir / "catalog.yaml",
        sellers=market_dir / "sellers.parquet",
        cue_terms=cues,
        batch_size=500,
    )


def _sources(out: Path) -> pl.Series:
    signals = pl.read_parquet(out)["signals"].to_list()
    return pl.Series([json.loads(row)["text.cue_source"] for row in signals])


@pytest.mark.slow
def test_intel_cues_reach_every_runner_alike(market_dir: Path, tmp_path: Path) -> None:
    spec = _spec(market_dir, _cues(tmp_path, "WeChat"))
    listings = market_dir / "listings.parquet"
    one, two, dask = (tmp_path / f"{name}.parquet" for name in ("one", "two", "dask"))
    run_scan(spec, listings, one)
    run_scan(spec, listings, two, workers=2)
    run_scan_dask(spec, listings, dask, address="local:1")

    sources = _sources(one)
    assert sources.drop_nulls().unique().to_list() == [SOURCE]
    texts = pl.read_parquet(listings).select(
        (pl.col("title") + " " + pl.col("description").fill_null("")).str.to_lowercase()
    )
    mentions = texts.to_series().str.contains(r"\bwechat\b")
    assert sources.is_not_null().to_list() == mentions.to_list()
    assert pl.read_parquet(one).equals(pl.read_parquet(two))
    assert pl.read_parquet(one).equals(pl.read_parquet(dask))


def test_checkpoints_of_other_cue_terms_are_not_resumed(market_dir: Path, tmp_path: Path) -> None:
    cues = _cues(tmp_path, "WeChat")
    spec, out = _spec(market_dir, cues), tmp_path / "results.parquet"
    before = spec.fingerprint()
    with pytest.raises(Interrupted):
        run_scan(
            spec,
            market_dir / "listings.parquet",
            out,
            on_rows=lambda _: (_ for _ in ()).throw(KeyboardInterrupt),
        )
    _cues(tmp_path, "factory direct")  # the bank changed: an item was retracted, another shared

    assert spec.fingerprint()["cue_terms"] != before["cue_terms"]
    with pytest.raises(InputError, match="another input or configuration"):
        run_scan(spec, market_dir / "listings.parquet", out, resume=True)
