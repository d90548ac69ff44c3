"""Stage the inputs for DuckDB: validate and normalize them batch by batch into narrow Parquet.

Sellers become their normal identity keys (the very functions the in-memory engine applies,
one batch at a time, so the rules cannot drift apart), listings their photos and their sales.
Bad rows go to the same quarantine files as with the in-memory engine. One batch is in memory
at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from truemark.io import SELLER_SCHEMA, read_listings, read_sellers
from truemark.networks.files import frame_of, listing_columns, quarantine_beside
from truemark.networks.fuzzy import fuzzy_columns
from truemark.networks.identifiers import normalize_sellers
from truemark.networks.scoring import listing_sales
from truemark.networks.shared_photos import listing_photos

FUZZY_ONLY = ("email_local", "address_block", "email_block")
# rows validated at a time: small batches keep staging's memory low (and are no slower)
BATCH_ROWS = 8192
PHOTO_SCHEMA = pl.Schema({"seller_id": pl.String, "value": pl.String})
SALES_SCHEMA = pl.Schema({"listing_id": pl.String, "seller_id": pl.String, "sold": pl.Float64})


class PartWriter:
    """Appends polars frames to one Parquet file; an empty file of ``schema`` if none came."""

    def __init__(self, path: Path, schema: pl.Schema) -> None:
        self.path = path
        self.schema = schema
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None

    def write(self, frame: pl.DataFrame) -> None:
        table = frame.to_arrow()
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self._writer.write_table(table.cast(self._writer.schema))
        self.rows += frame.height

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._writer is not None:
            self._writer.close()
        elif kind is None:
            pq.write_table(pl.DataFrame(schema=self.schema).to_arrow(), self.path)


@dataclass
class StagedSellers:
    """How many valid sellers there are, and what a per-batch matcher found among them."""

    count: int = 0
    matches: list[pl.DataFrame] = field(default_factory=list)


def _seller_keys(batch: pa.RecordBatch, first_row: int) -> pl.DataFrame:
    """The normal keys of a batch of sellers, with the columns splink compares and blocks on."""
    keys = normalize_sellers(frame_of(batch))
    fuzzy = fuzzy_columns(keys).select(FUZZY_ONLY)
    staged = pl.concat([keys.drop("country"), fuzzy], how="horizontal")
    return staged.with_row_index("row", first_row).with_columns(pl.col("row").cast(pl.Int64))


def stage_sellers(
    path: Path,
    out: Path,
    target: Path,
    match: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> StagedSellers:
    """Write the keys of every valid seller to ``target``; ``match`` sees each batch too."""
    staged = StagedSellers()
    reader = read_sellers(path, quarantine=quarantine_beside(out, "sellers"), batch_size=BATCH_ROWS)
    empty = pa.RecordBatch.from_pylist([], schema=SELLER_SCHEMA)
    with PartWriter(target, _seller_keys(empty, 0).schema) as writer:
        for batch in reader:
            writer.write(_seller_keys(batch, staged.count))
            staged.count += batch.num_rows
            if match is not None:
                staged.matches.append(match(frame_of(batch)))
    return staged


def stage_listings(
    path: Path,
    out: Path,
    photos: Path,
    sales: Path | None,
    on_batch: Callable[[pl.DataFrame], None] | None = None,
) -> int:
    """Write each seller's photos to ``photos`` and, when wanted, sales to ``sales``;
    ``on_batch`` sees every column of each batch (their texts, say)."""
    reader = read_listings(
        path, quarantine=quarantine_beside(out, "listings"), batch_size=BATCH_ROWS
    )
    rows = 0
    sales_part = PartWriter(sales, SALES_SCHEMA) if sales is not None else nullcontext()
    with PartWriter(photos, PHOTO_SCHEMA) as photo_writer, sales_part as sales_writer:
        for batch in reader:
            if on_batch is not None:
                on_batch(frame_of(batch))
            listings = listing_columns(batch)
            rows += listings.height
            if "image_pdq" in listings.columns:
                photo_writer.write(listing_photos(listings))
            if sales_writer is not None:
                sales_writer.write(listing_sales(listings))
    pa.default_memory_pool().release_unused()  # arrow keeps what it freed; the rest is numpy's
    return rows
