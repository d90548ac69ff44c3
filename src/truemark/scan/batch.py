"""Scan one batch: detectors add signal columns, the policy decides, results follow spec §4.

A pure function of (batch, engine): no I/O and no state, so it runs the same in one process, in a
process pool, or on a Dask worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import orjson
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from truemark.detect.base import Detector

RESULT_SCHEMA = pa.schema(
    [
        ("listing_id", pa.string()),
        ("brand_id", pa.string()),
        ("risk", pa.float64()),
        ("verdict", pa.string()),
        ("reasons", pa.list_(pa.string())),
        ("signals", pa.string()),
    ]
)


class Decider(Protocol):
    """The policy as the scan sees it: signal columns in, risk / verdict / reasons out."""

    def decide(self, signals: pl.DataFrame) -> pl.DataFrame: ...


@dataclass(frozen=True)
class ScanEngine:
    """Everything a batch scan needs, built once per process."""

    detectors: Sequence[Detector]
    policy: Decider
    currencies: frozenset[str]


@dataclass
class BatchOutcome:
    """A batch's results, and the listings that could not be scored (with why)."""

    results: pa.Table
    quarantined: list[dict[str, Any]] = field(default_factory=list)

    def write(self, path: Path) -> None:
        """Save as one Parquet file; the unscorable rows ride in its metadata."""
        metadata = {b"truemark.quarantine": orjson.dumps(self.quarantined)}
        pq.write_table(self.results.replace_schema_metadata(metadata), path)

    @classmethod
    def read(cls, path: Path) -> BatchOutcome:
        table = pq.read_table(path)
        rejected = orjson.loads((table.schema.metadata or {}).get(b"truemark.quarantine", b"[]"))
        return cls(table.replace_schema_metadata(None), rejected)


def signal_columns(frame: pl.DataFrame) -> list[str]:
    """Signal columns are the ones named ``detector.signal``."""
    return [name for name in frame.columns if "." in name]


def detect(batch: pl.DataFrame, engine: ScanEngine) -> pl.DataFrame:
    """Run every detector in order; each may read the signals of the ones before it."""
    frame = batch
    for detector in engine.detectors:
        frame = frame.hstack(detector.signals(frame))
    return frame


def _unscorable(listings: pl.DataFrame, engine: ScanEngine) -> pl.Series:
    """Rows the scan cannot score: a currency without an exchange rate in the catalog."""
    return ~listings["currency"].str.to_uppercase().is_in(sorted(engine.currencies))


def _quarantine_records(listings: pl.DataFrame) -> list[dict[str, Any]]:
    """Unscorable listings in the quarantine format: the record and its errors."""
    records = listings.select(pl.struct(pl.all()).struct.json_encode()).to_series()
    return [
        {
            "record": orjson.loads(record),
            "errors": [
                {
                    "field": "currency",
                    "message": f"currency {currency!r} has no exchange rate in the catalog",
                }
            ],
        }
        for record, currency in zip(records, listings["currency"], strict=True)
    ]


def scan_batch(batch: pa.RecordBatch | pa.Table, engine: ScanEngine) -> BatchOutcome:
    """Results (spec §4) for one batch of valid listings in input order, and the unscorable."""
    listings = pl.from_arrow(batch)
    assert isinstance(listings, pl.DataFrame)
    unscorable = _unscorable(listings, engine)
    rejected = _quarantine_records(listings.filter(unscorable)) if unscorable.any() else []
    listings = listings.filter(~unscorable)
    frame = detect(listings, engine)
    signals = frame.select(signal_columns(frame))
    decision = engine.policy.decide(signals)
    brand = [c for c in ("text.brand_id", "image.ref_brand_id") if c in signals.columns]
    results = pl.DataFrame(
        {
            "listing_id": listings["listing_id"].cast(pl.String),
            "brand_id": signals.select(pl.coalesce(brand) if brand else pl.lit(None, pl.String))
            .to_series()
            .cast(pl.String),
            "risk": decision["risk"].cast(pl.Float64),
            "verdict": decision["verdict"].cast(pl.String),
            "reasons": decision["reasons"].cast(pl.List(pl.String)),
            "signals": signals.select(pl.struct(pl.all()).struct.json_encode()).to_series(),
        }
    )
    return BatchOutcome(results.to_arrow().cast(RESULT_SCHEMA), rejected)
