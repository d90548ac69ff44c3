"""The output of a local scan, written batch by batch in input order while later batches run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from truemark.io import Format, format_of, open_writer
from truemark.io.parquet_splice import ParquetSplicer
from truemark.policy import Policy
from truemark.policy.shadow import shadow_schema, with_shadow
from truemark.scan.batch import (
    COUNTED,
    RESULT_DISTINCT_TEXT,
    RESULT_SCHEMA,
    BatchOutcome,
    result_parquet_options,
)
from truemark.scan.summary import ScanSummary


class Assembly:
    """The output file, written batch by batch in input order while later batches are scanned.

    A Parquet output without shadow verdicts is the parts' row groups copied as they are
    (:class:`~truemark.io.parquet_splice.ParquetSplicer`); any other is written from the
    parts' rows. It grows inside the checkpoint folder and replaces ``out`` once whole;
    unscorable listings are appended to the quarantine file at the end, after the rows the
    reader rejected.
    """

    def __init__(self, out: Path, folder: Path, shadow: Policy | None) -> None:
        self.out = out
        self.growing = folder / f"assembling-{out.name}"
        self.shadow = shadow
        self.summary = ScanSummary()
        self.unscorable: list[dict[str, Any]] = []
        if format_of(out) is Format.PARQUET and shadow is None:
            self.splicer: ParquetSplicer | None = ParquetSplicer(
                self.growing, RESULT_SCHEMA, **result_parquet_options()
            )
        else:
            self.splicer = None
            schema = shadow_schema(RESULT_SCHEMA) if shadow is not None else RESULT_SCHEMA
            self.writer = open_writer(self.growing, schema, long_text=RESULT_DISTINCT_TEXT)

    def add(self, part: Path, outcome: BatchOutcome | None = None) -> None:
        """Append one batch's results (and its shadow verdicts) to the output: its part file,
        or ``outcome``, the same results still in memory."""
        if self.splicer is not None:  # the part's bytes never pass through this process
            metadata = self.splicer.append(part)
            counted = BatchOutcome.of_metadata(metadata, RESULT_SCHEMA.empty_table())
            if counted.counts is None:  # a part from before parts carried their counts
                counted = BatchOutcome.read(part, columns=COUNTED)
        else:
            counted = outcome if outcome is not None else BatchOutcome.read(part)
            results = counted.results
            shadow = self.shadow
            self.writer.write(with_shadow(shadow, results) if shadow is not None else results)
        self.summary.merge(counted.counted())
        self.unscorable += counted.quarantined

    def finish(self, quarantine: Path) -> ScanSummary:
        """Put the whole output in place; append the unscorable listings to ``quarantine``."""
        self.close()
        self.growing.replace(self.out)
        with quarantine.open("ab") as rejected:
            rejected.write(b"".join(orjson.dumps(row) + b"\n" for row in self.unscorable))
        self.summary.quarantined += len(self.unscorable)
        return self.summary

    def close(self) -> None:
        if self.splicer is not None:
            self.splicer.close()
        else:
            self.writer.close()

    def __enter__(self) -> Assembly:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
