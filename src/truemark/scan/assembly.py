"""The output of a local scan, written batch by batch in input order while later batches run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import polars as pl

from truemark.io import open_writer
from truemark.policy import Policy
from truemark.policy.shadow import shadow_schema, with_shadow
from truemark.scan.batch import RESULT_SCHEMA, BatchOutcome
from truemark.scan.summary import ScanSummary


class Assembly:
    """The output file, written batch by batch in input order while later batches are scanned.

    It grows inside the checkpoint folder and replaces ``out`` once whole; unscorable listings
    are appended to the quarantine file at the end, after the rows the reader rejected.
    """

    def __init__(self, out: Path, folder: Path, shadow: Policy | None) -> None:
        self.out = out
        self.growing = folder / f"assembling-{out.name}"
        self.shadow = shadow
        self.summary = ScanSummary()
        self.unscorable: list[dict[str, Any]] = []
        schema = shadow_schema(RESULT_SCHEMA) if shadow is not None else RESULT_SCHEMA
        self.writer = open_writer(self.growing, schema, long_text=("signals",))

    def add(self, outcome: BatchOutcome) -> None:
        """Append one batch's results (and its shadow verdicts) to the output."""
        results = outcome.results
        shadow = self.shadow
        self.writer.write(with_shadow(shadow, results) if shadow is not None else results)
        counted = results.select(["verdict", "brand_id", "reasons"])  # not the signals (~60 MB)
        self.summary.add(pl.from_arrow(counted))  # type: ignore[arg-type]
        self.unscorable += outcome.quarantined

    def finish(self, quarantine: Path) -> ScanSummary:
        """Put the whole output in place; append the unscorable listings to ``quarantine``."""
        self.growing.replace(self.out)
        with quarantine.open("ab") as rejected:
            rejected.write(b"".join(orjson.dumps(row) + b"\n" for row in self.unscorable))
        self.summary.quarantined += len(self.unscorable)
        return self.summary

    def __enter__(self) -> Assembly:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.writer.close()
