"""Read the inputs of ``truemark networks`` and write its outputs (spec §5 plus link evidence)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow as pa

from truemark.errors import InputError
from truemark.io import (
    Format,
    format_of,
    quarantine_path_for,
    read_listings,
    read_sellers,
    write_table,
)
from truemark.networks.pipeline import NetworkFindings

LISTING_COLUMNS = ("listing_id", "seller_id", "image_pdq", "quantity_sold")


def frame_of(table: pa.Table | pa.RecordBatch) -> pl.DataFrame:
    """An Arrow table or batch as a polars frame."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def quarantine_beside(out: Path, kind: str) -> Path:
    """``networks.parquet`` -> ``networks.<kind>.quarantine.jsonl``."""
    plain = quarantine_path_for(out)
    return plain.with_name(plain.name.replace(".quarantine.", f".{kind}.quarantine."))


def load_sellers(path: Path, out: Path) -> pl.DataFrame:
    """Valid sellers; bad rows go to ``<out>.sellers.quarantine.jsonl``."""
    quarantine = quarantine_beside(out, "sellers")
    return frame_of(read_sellers(path, quarantine=quarantine).read_all())


def listing_columns(batch: pa.RecordBatch) -> pl.DataFrame:
    """The columns of a batch of listings that networks use."""
    return frame_of(batch).select([c for c in LISTING_COLUMNS if c in batch.schema.names])


def load_listings(
    path: Path, out: Path, on_batch: Callable[[pl.DataFrame], None] | None = None
) -> pl.DataFrame:
    """The listing columns networks use; bad rows go to ``<out>.listings.quarantine.jsonl``.
    ``on_batch`` sees every column of each batch of valid listings (their texts, say)."""
    quarantine = quarantine_beside(out, "listings")
    frames = []
    for batch in read_listings(path, quarantine=quarantine):
        if on_batch is not None:
            on_batch(frame_of(batch))
        frames.append(listing_columns(batch))
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()


def scan_results(path: Path) -> pl.LazyFrame:
    """Scan results (spec §4) to read lazily: listing_id, risk, verdict, signals."""
    kind = format_of(path) if path.is_file() else Format.PARQUET
    try:
        if kind is Format.PARQUET:
            frame = pl.scan_parquet(path)
        elif kind is Format.CSV:
            frame = pl.scan_csv(path)
        else:
            frame = pl.scan_ndjson(path)
        columns = frame.collect_schema().names()
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read scan results ({exc})") from None
    missing = {"listing_id", "risk", "verdict"} - set(columns)
    if missing:
        raise InputError(f"{path}: scan results lack column(s) {', '.join(sorted(missing))}")
    return frame


def load_results(path: Path) -> pl.DataFrame:
    """Scan results (spec §4): listing_id, risk, verdict, signals."""
    try:
        return scan_results(path).collect()
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read scan results ({exc})") from None


def links_path(out: Path) -> Path:
    """``networks.parquet`` -> ``networks.links.parquet`` (same format)."""
    name = out.name
    stem, _, suffix = name.partition(".")
    return out.with_name(f"{stem}.links.{suffix}")


def write_findings(findings: NetworkFindings, out: Path) -> tuple[Path, Path]:
    """Write the networks file and, beside it, the per-link evidence."""
    write_table(findings.members.to_arrow(), out)
    evidence = links_path(out)
    write_table(findings.links.to_arrow(), evidence)
    return out, evidence
