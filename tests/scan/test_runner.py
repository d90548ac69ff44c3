"""The scan end to end: results per spec §4, same output for any worker count, resume, quarantine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from truemark.errors import InputError, Interrupted, ValidationError
from truemark.scan.batch import result_parquet_options
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import quarantine_path, run_scan
from truemark.scan.summary import ScanSummary


def _spec(market_dir: Path, **changes: object) -> ScanSpec:
    base = {
        "catalog": market_dir / "catalog.yaml",
        "sellers": market_dir / "sellers.parquet",
        "batch_size": 500,
    }
    return ScanSpec(**{**base, **changes})  # type: ignore[arg-type]


def test_results_follow_the_data_contract(market_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.parquet"
    summary = run_scan(_spec(market_dir), market_dir / "listings.parquet", out)
    results = pl.read_parquet(out)
    listings = pl.read_parquet(market_dir / "listings.parquet", columns=["listing_id"])
    assert results["listing_id"].to_list() == listings["listing_id"].to_list()
    assert results.columns == ["listing_id", "brand_id", "risk", "verdict", "reasons", "signals"]
    assert results["risk"].is_between(0.0, 1.0).all()
    assert set(results["verdict"].unique()) <= {"counterfeit", "suspect", "clear"}
    flagged = results.filter(pl.col("verdict") != "clear")
    assert flagged.height > 0
    assert flagged["reasons"].list.len().min() >= 1
    signals = json.loads(results["signals"][0])
    assert {"text.brand_id", "price.ratio", "image.known_fake", "seller.authorized"} <= set(signals)
    assert summary.scanned == results.height
    assert sum(summary.verdicts.values()) == results.height


def _counts(summary: ScanSummary) -> dict[str, object]:
    counts = summary.as_dict()
    del counts["seconds"], counts["listings_per_second"]
    return counts


def test_two_workers_write_the_same_file(market_dir: Path, tmp_path: Path) -> None:
    spec = _spec(market_dir)
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    summary_one = run_scan(spec, market_dir / "listings.parquet", one, workers=1)
    summary_two = run_scan(spec, market_dir / "listings.parquet", two, workers=2)
    assert pl.read_parquet(one).equals(pl.read_parquet(two))
    assert _counts(summary_one) == _counts(summary_two)


def test_the_summary_counts_the_results_written(market_dir: Path, tmp_path: Path) -> None:
    """Parquet parts carry their batch's counts (the main process reads only their footers);
    the summary is the one counted from the whole file, for any output format."""
    expected = ScanSummary()
    parquet = tmp_path / "results.parquet"
    summary = run_scan(_spec(market_dir), market_dir / "listings.parquet", parquet, workers=2)
    expected.add(pl.read_parquet(parquet))
    jsonl = run_scan(_spec(market_dir), market_dir / "listings.parquet", tmp_path / "r.jsonl")
    assert _counts(summary) == _counts(expected) == _counts(jsonl)


def test_parts_without_counts_are_counted_from_their_rows(market_dir: Path, tmp_path: Path) -> None:
    """Checkpoint parts written before parts carried their counts still resume to the same
    summary: their rows are read and counted."""
    spec = _spec(market_dir)
    whole = run_scan(spec, market_dir / "listings.parquet", tmp_path / "whole.parquet")
    out = tmp_path / "resumed.parquet"

    def stop_midway(rows: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(Interrupted):
        run_scan(spec, market_dir / "listings.parquet", out, on_rows=stop_midway)
    parts = sorted((tmp_path / "resumed.parquet.parts").glob("part-*.parquet"))
    assert parts
    for part in parts:  # as an older truemark wrote them: the quarantine only
        table = pq.read_table(part)
        kept = dict(table.schema.metadata or {})
        assert kept.pop(b"truemark.counts")
        pq.write_table(table.replace_schema_metadata(kept), part, **result_parquet_options())
    resumed = run_scan(spec, market_dir / "listings.parquet", out, resume=True)
    assert _counts(resumed) == _counts(whole)


def test_an_interrupted_scan_resumes_to_the_same_file(market_dir: Path, tmp_path: Path) -> None:
    spec = _spec(market_dir)
    whole, resumed = tmp_path / "whole.parquet", tmp_path / "resumed.parquet"
    run_scan(spec, market_dir / "listings.parquet", whole)
    seen: list[int] = []

    def stop_midway(rows: int) -> None:
        seen.append(rows)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted):
        run_scan(spec, market_dir / "listings.parquet", resumed, on_rows=stop_midway)
    parts = sorted((tmp_path / "resumed.parquet.parts").glob("part-*.parquet"))
    assert len(parts) >= 3
    run_scan(spec, market_dir / "listings.parquet", resumed, resume=True)
    assert pl.read_parquet(whole).equals(pl.read_parquet(resumed))
    assert not (tmp_path / "resumed.parquet.parts").exists()


def test_resume_refuses_checkpoints_of_another_input(market_dir: Path, tmp_path: Path) -> None:
    spec = _spec(market_dir)
    out = tmp_path / "results.parquet"
    with pytest.raises(Interrupted):
        run_scan(
            spec,
            market_dir / "listings.parquet",
            out,
            on_rows=lambda _: (_ for _ in ()).throw(KeyboardInterrupt),
        )
    other = tmp_path / "other.parquet"
    pl.read_parquet(market_dir / "listings.parquet").head(100).write_parquet(other)
    with pytest.raises(InputError, match="another input"):
        run_scan(spec, other, out, resume=True)


def test_unscorable_listings_go_to_quarantine(market_dir: Path, tmp_path: Path) -> None:
    listings = pl.read_parquet(market_dir / "listings.parquet").head(50)
    broken = listings.with_columns(
        pl.when(pl.int_range(pl.len()) == 3)
        .then(pl.lit("XYZ"))
        .otherwise(pl.col("currency"))
        .alias("currency"),
        pl.when(pl.int_range(pl.len()) == 7)
        .then(pl.lit(["images/listings/missing.jpg"]))
        .otherwise(pl.col("images"))
        .alias("images"),
        pl.when(pl.int_range(pl.len()) == 7)
        .then(pl.lit(None, pl.List(pl.String)))
        .otherwise(pl.col("image_pdq"))
        .alias("image_pdq"),
    )
    folder = tmp_path / "market"
    shutil.copytree(market_dir / "images", folder / "images")
    broken.write_parquet(folder / "listings.parquet")
    out = tmp_path / "results.jsonl"
    summary = run_scan(_spec(market_dir), folder / "listings.parquet", out)
    assert summary.scanned == 48
    assert summary.quarantined == 2
    rejected = [json.loads(line) for line in quarantine_path(out).read_text().splitlines()]
    fields = sorted(error["field"] for row in rejected for error in row["errors"])
    assert fields == ["currency", "images"]
    ids = {row["record"]["listing_id"] for row in rejected}
    assert ids == {broken["listing_id"][3], broken["listing_id"][7]}


def test_a_bad_catalog_fails_clearly_with_a_pool(market_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "catalog.yaml"
    broken.write_text("version: 1\nbrands: [{id: x}]\n", encoding="utf-8")
    spec = _spec(market_dir, catalog=broken)
    with pytest.raises(ValidationError, match="catalog"):
        run_scan(spec, market_dir / "listings.parquet", tmp_path / "out.parquet", workers=2)
