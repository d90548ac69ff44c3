"""Running totals of a scan: verdicts, brands, top reasons — merged batch by batch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson
import polars as pl


@dataclass
class ScanSummary:
    """What a scan found, for the closing table and the JSON summary file."""

    scanned: int = 0
    quarantined: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    brands: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, results: pl.DataFrame) -> None:
        """Count one batch of results (listing_id, brand_id, verdict, reasons ...)."""
        self.scanned += results.height
        self.verdicts.update(dict(results["verdict"].value_counts().iter_rows()))
        flagged = results.filter(pl.col("verdict") != "clear")
        brands = flagged["brand_id"].drop_nulls().value_counts()
        self.brands.update(dict(brands.iter_rows()))
        reasons = flagged.select(pl.col("reasons").list.first()).to_series().drop_nulls()
        self.reasons.update(dict(reasons.value_counts().iter_rows()))

    def merge(self, other: ScanSummary) -> None:
        """Add another summary's counts (a batch counted where it was scanned) to these."""
        self.scanned += other.scanned
        self.quarantined += other.quarantined
        self.verdicts.update(other.verdicts)
        self.brands.update(other.brands)
        self.reasons.update(other.reasons)

    def counts_json(self) -> bytes:
        """The counts as JSON, for a checkpoint part to carry (:meth:`from_counts_json`)."""
        fields = ("verdicts", "brands", "reasons")
        return orjson.dumps({"scanned": self.scanned, **{f: getattr(self, f) for f in fields}})

    @classmethod
    def from_counts_json(cls, data: bytes) -> ScanSummary:
        """The counts :meth:`counts_json` wrote."""
        counts: dict[str, Any] = orjson.loads(data)
        return cls(
            scanned=int(counts["scanned"]),
            verdicts=Counter(counts["verdicts"]),
            brands=Counter(counts["brands"]),
            reasons=Counter(counts["reasons"]),
        )

    @property
    def rate(self) -> float:
        """Listings per second over the whole run."""
        return self.scanned / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "scanned": self.scanned,
            "quarantined": self.quarantined,
            "verdicts": dict(self.verdicts),
            "brands": dict(self.brands.most_common()),
            "top_reasons": dict(self.reasons.most_common(20)),
            "seconds": round(self.seconds, 3),
            "listings_per_second": round(self.rate, 1),
        }
