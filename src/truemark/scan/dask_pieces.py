"""What one Dask task scans: a row group of a Parquet file, validated and scanned batch by batch.

Runs on the worker: it reads its own row group, validates it as the local reader would
(row numbers counted within the file), and runs :func:`scan_batch` with an engine built once per
worker process. The outcome is saved as one checkpoint part by the client.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from truemark.io.quarantine import quarantine_line
from truemark.io.rows import RawBatch
from truemark.io.schema import LISTINGS
from truemark.io.validate import BatchValidator
from truemark.scan.batch import RESULT_SCHEMA, ScanEngine, scan_batch
from truemark.scan.collector import long_lived
from truemark.scan.engine import ScanSpec, build_engine

_READ_REJECTS = b"truemark.read_rejects"
_SCAN_REJECTS = b"truemark.quarantine"


@dataclass(frozen=True)
class Piece:
    """One row group of one Parquet file; ``first_row`` numbers its first row within the file."""

    file: Path
    row_group: int
    first_row: int
    rows: int


def plan_pieces(parts: list[Path]) -> list[Piece]:
    """Every row group of every part, in input order: the unit of work of a Dask scan."""
    pieces: list[Piece] = []
    for part in parts:
        metadata = pq.ParquetFile(part).metadata
        first = 1
        for group in range(metadata.num_row_groups):
            rows = metadata.row_group(group).num_rows
            pieces.append(Piece(part, group, first, rows))
            first += rows
    return pieces


@dataclass
class PieceOutcome:
    """Results of a piece in input order, rows that failed validation, rows it could not score."""

    results: pa.Table
    read_rejects: list[dict[str, Any]] = field(default_factory=list)
    scan_rejects: list[dict[str, Any]] = field(default_factory=list)

    def write(self, path: Path) -> None:
        """Save atomically as one Parquet file; the rejected rows ride in its metadata."""
        metadata = {
            _READ_REJECTS: orjson.dumps(self.read_rejects, default=str),
            _SCAN_REJECTS: orjson.dumps(self.scan_rejects, default=str),
        }
        temporary = path.with_suffix(".tmp")
        pq.write_table(self.results.replace_schema_metadata(metadata), temporary)
        temporary.replace(path)

    @staticmethod
    def rejects(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The read and scan rejects of a saved part, without reading its rows."""
        metadata = pq.read_schema(path).metadata or {}
        return orjson.loads(metadata[_READ_REJECTS]), orjson.loads(metadata[_SCAN_REJECTS])

    @staticmethod
    def results_of(path: Path) -> pa.Table:
        return pq.read_table(path).replace_schema_metadata(None)


_engines = threading.local()


def engine_for(spec: ScanSpec) -> ScanEngine:
    """The engine for ``spec``, built once per worker thread and kept for the next pieces.

    Per thread, not per process: the text detector's matcher scratch space is not shared safely
    between threads, and a worker may run several tasks at once (``--nthreads``). It is built
    with the collector paused and then frozen, as a pool worker's is
    (:func:`~truemark.scan.collector.long_lived`).
    """
    key = (spec, spec.seller_context)
    cached: tuple[object, ScanEngine] | None = getattr(_engines, "cached", None)
    if cached is None or cached[0] != key:
        with long_lived():  # the engine outlives the pieces: no collection walks it again
            cached = _engines.cached = (key, build_engine(spec))
    return cached[1]


def scan_piece(spec: ScanSpec, piece: Piece) -> PieceOutcome:
    """Read, validate and scan one row group; a pure function of the file, the piece and spec."""
    engine = engine_for(spec)
    validator = BatchValidator(LISTINGS)
    parquet = pq.ParquetFile(piece.file)
    first = piece.first_row
    outcome = PieceOutcome(RESULT_SCHEMA.empty_table())
    tables = []
    for batch in parquet.iter_batches(batch_size=spec.batch_size, row_groups=[piece.row_group]):
        numbers = np.arange(first, first + batch.num_rows, dtype=np.int64)
        first += batch.num_rows
        checked = validator.check(RawBatch(piece.file, batch, numbers))
        outcome.read_rejects += [orjson.loads(quarantine_line(r)) for r in checked.rejects]
        if checked.valid.num_rows:
            scanned = scan_batch(checked.valid, engine)
            tables.append(scanned.results)
            outcome.scan_rejects += scanned.quarantined
    if tables:
        outcome.results = pa.concat_tables(tables)
    return outcome


def scan_piece_into(spec: ScanSpec, piece: Piece, part: Path) -> int:
    """Scan one row group and save its outcome as checkpoint ``part`` (on storage the client
    sees too), so results do not travel through the client; the rows read.
    """
    scan_piece(spec, piece).write(part)
    return piece.rows
