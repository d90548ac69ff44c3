"""Output files written batch by batch: listings (Parquet or JSON Lines) and the truth CSVs."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

LISTING_SCHEMA = pa.schema(
    [
        ("listing_id", pa.string()),
        ("seller_id", pa.string()),
        ("title", pa.string()),
        ("description", pa.string()),
        ("price", pa.float64()),
        ("currency", pa.string()),
        ("category", pa.string()),
        ("images", pa.list_(pa.string())),
        ("image_pdq", pa.list_(pa.string())),
        ("ship_from", pa.string()),
        ("quantity_sold", pa.int64()),
        ("created_at", pa.timestamp("us", tz="UTC")),
    ]
)


class ListingWriter:
    """Appends listing batches to ``listings.parquet`` / ``.jsonl`` and the labels/tactics CSVs."""

    def __init__(self, out_dir: Path, fmt: str) -> None:
        self.path = out_dir / f"listings.{fmt}"
        self._fmt = fmt
        self._parquet: pq.ParquetWriter | None = None
        self._jsonl = self.path.open("wb") if fmt == "jsonl" else None
        if fmt == "parquet":
            self._parquet = pq.ParquetWriter(self.path, LISTING_SCHEMA, compression="zstd")
        self._labels = (out_dir / "labels.csv").open("wb")
        self._tactics = (out_dir / "tactics.csv").open("wb")
        self._labels.write(b"listing_id,label\n")
        self._tactics.write(b"listing_id,tactic\n")

    def write(self, listings: pl.DataFrame, labels: pl.DataFrame, tactics: pl.DataFrame) -> None:
        if self._parquet is not None:
            self._parquet.write_table(
                listings.to_arrow().cast(LISTING_SCHEMA), row_group_size=len(listings)
            )
        elif self._jsonl is not None:
            listings.write_ndjson(self._jsonl)
        labels.write_csv(self._labels, include_header=False)
        tactics.write_csv(self._tactics, include_header=False)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._jsonl is not None:
            self._jsonl.close()
        self._labels.close()
        self._tactics.close()

    def __enter__(self) -> ListingWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
