"""Serial detector: does a listing show a serial code that was found cloned or forged.

It reads the table written by ``truemark serial clones`` (one row per code and reason) and the
codes written in each listing's title and description; it verifies nothing itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from truemark.detect.base import Reason, reason_table
from truemark.errors import InputError
from truemark.serial.reasons import FORGED_CODE
from truemark.serial.text_codes import listing_codes

REASONS: Mapping[str, Reason] = reason_table(
    Reason(
        "serial.cloned_code", "the listing shows a genuine serial code that was copied onto fakes"
    ),
    Reason("serial.forged_code", "the listing shows a serial code the brand never signed"),
)


def load_cloned_codes(path: Path) -> pl.DataFrame:
    """``code, reason`` from a cloned-codes file (Parquet, CSV or JSONL) of ``serial clones``."""
    if path.suffix not in (".parquet", ".csv", ".jsonl"):
        raise InputError(f"{path}: cloned codes must be .parquet, .csv or .jsonl")
    try:
        if path.suffix == ".parquet":
            table = pl.read_parquet(path)
        else:
            table = pl.read_csv(path) if path.suffix == ".csv" else pl.read_ndjson(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read cloned codes: {exc}") from None
    missing = {"code", "reason"} - set(table.columns)
    if missing:
        raise InputError(
            f"{path}: cloned codes need the columns code and reason; missing {sorted(missing)}"
        )
    return table.select(pl.col("code").cast(pl.String), pl.col("reason").cast(pl.String))


class SerialDetector:
    """Signals ``serial.code_found``, ``serial.cloned_code``, ``serial.forged_code``."""

    name = "serial"
    needs = ("title", "description")
    reasons = REASONS

    def __init__(self, cloned: pl.DataFrame) -> None:
        self._codes = cloned.group_by("code").agg(
            (pl.col("reason") != FORGED_CODE).any().alias("cloned"),
            (pl.col("reason") == FORGED_CODE).any().alias("forged"),
        )

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Serial signals for every listing, in input order."""
        found = listing_codes(batch).join(self._codes, on="code", how="left")
        per_row = found.group_by("row").agg(
            pl.col("cloned").fill_null(False).any(), pl.col("forged").fill_null(False).any()
        )
        rows = pl.DataFrame({"row": pl.arange(0, batch.height, eager=True, dtype=pl.UInt32)})
        joined = rows.join(per_row, on="row", how="left", maintain_order="left")
        return joined.select(
            pl.col("cloned").is_not_null().alias("serial.code_found"),
            pl.col("cloned").fill_null(False).alias("serial.cloned_code"),
            pl.col("forged").fill_null(False).alias("serial.forged_code"),
        )
