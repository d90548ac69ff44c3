"""Run the scan on a Dask cluster: every row group of a Parquet data set is one task.

Workers read, validate and scan their own row groups with the same pure :func:`scan_batch` and
save each as a checkpoint part; the client assembles the output in input order, so the file equals
the local scan's and a killed run resumes. ``local:N`` starts a LocalCluster of N processes.
Workers must see the input, the catalog and ``<out>.parts/`` (shared file system or mount).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from distributed import Client, as_completed

from truemark import __version__
from truemark.errors import InputError
from truemark.io.dedupe import SeenKeys
from truemark.io.parquet_source import ParquetSource
from truemark.io.schema import LISTINGS
from truemark.io.sources import open_source
from truemark.io.writers import open_writer
from truemark.scan.batch import RESULT_SCHEMA
from truemark.scan.checkpoint import Checkpoints, input_fingerprint
from truemark.scan.dask_cluster import dask_client
from truemark.scan.dask_pieces import Piece, PieceOutcome, plan_pieces, scan_piece_into
from truemark.scan.engine import ScanSpec, prepare_seller_context
from truemark.scan.runner import quarantine_path
from truemark.scan.summary import ScanSummary

REPEAT = "repeats a listing_id that appears earlier in the data set"


def run_scan_dask(
    spec: ScanSpec,
    listings: Path,
    out: Path,
    *,
    address: str,
    resume: bool = False,
    on_rows: Callable[[int], None] | None = None,
) -> ScanSummary:
    """Scan a Parquet file or folder on Dask into ``out``; the same file as :func:`run_scan`."""
    started = time.perf_counter()
    listings, out, spec = listings.resolve(), out.resolve(), _absolute(spec)
    source = open_source(listings, LISTINGS, spec.batch_size)
    if not isinstance(source, ParquetSource):
        raise InputError(f"{listings}: --dask reads Parquet (a file or a folder of parts)")
    manifest = {
        "input": input_fingerprint(listings),
        "spec": spec.fingerprint(),
        "truemark": __version__,
        "runner": "dask",
    }
    checkpoints = Checkpoints(out, manifest)
    checkpoints.start(resume)
    spec = replace(
        spec,
        photos_root=spec.photos_root or (listings if listings.is_dir() else listings.parent),
        seller_context=prepare_seller_context(
            spec, checkpoints.folder, quarantine_path(out, "sellers")
        ),
    )
    pieces = plan_pieces(source.parts)
    try:
        with dask_client(address) as client:
            _scan_pieces(client, spec, pieces, checkpoints, resume, on_rows or (lambda _: None))
    except KeyboardInterrupt:  # the client has closed: the pieces that finished are saved
        raise checkpoints.interrupted() from None
    summary = _assemble(checkpoints, pieces, out, quarantine_path(out))
    summary.seconds = time.perf_counter() - started
    checkpoints.remove()
    return summary


def _absolute(spec: ScanSpec) -> ScanSpec:
    """The spec with absolute paths: workers run in other working directories."""
    paths: dict[str, Any] = {
        name: value.resolve() for name, value in vars(spec).items() if isinstance(value, Path)
    }
    return replace(spec, **paths)


def _scan_pieces(
    client: Client,
    spec: ScanSpec,
    pieces: list[Piece],
    checkpoints: Checkpoints,
    resume: bool,
    on_rows: Callable[[int], None],
) -> None:
    """Run the pieces not yet checkpointed, a bounded number at a time; workers save the parts."""
    todo = iter([(i, p) for i, p in enumerate(pieces) if not (resume and checkpoints.done(i))])
    for index, piece in enumerate(pieces):
        if resume and checkpoints.done(index):
            on_rows(piece.rows)
    window = max(4, 2 * len(client.scheduler_info().get("workers", {})))
    running = as_completed()
    waiting: dict[object, tuple[int, Piece]] = {}

    def submit_next() -> None:
        item = next(todo, None)
        if item is not None:
            part = checkpoints.part(item[0])
            future = client.submit(scan_piece_into, spec, item[1], part, pure=False)
            waiting[future.key] = item
            running.add(future)

    for _ in range(window):
        submit_next()
    for future in running:
        _, piece = waiting.pop(future.key)
        future.result()  # raises the worker's error, if any
        future.release()
        on_rows(piece.rows)
        submit_next()


def _assemble(
    checkpoints: Checkpoints, pieces: list[Piece], out: Path, quarantine: Path
) -> ScanSummary:
    """Concatenate the parts in input order; a listing_id repeated across pieces is quarantined."""
    summary = ScanSummary()
    seen = SeenKeys()
    unscorable: list[dict[str, Any]] = []
    with open_writer(out, RESULT_SCHEMA) as writer, quarantine.open("wb") as rejected:
        for index, piece in enumerate(pieces):
            part = checkpoints.part(index)
            results = PieceOutcome.results_of(part)
            read_rejects, scan_rejects = PieceOutcome.rejects(part)
            scan_ids = pa.array([r["record"]["listing_id"] for r in scan_rejects], pa.string())
            ids = pa.concat_arrays([results["listing_id"].combine_chunks(), scan_ids])
            repeated = seen.repeats(ids, np.ones(len(ids), dtype=bool))
            if repeated.any():
                again = ids.filter(pa.array(repeated))
                results = results.filter(pc.invert(pc.is_in(results["listing_id"], again)))
                kept = set(again.to_pylist())
                scan_rejects = [r for r in scan_rejects if r["record"]["listing_id"] not in kept]
                read_rejects += [_repeat(piece, listing) for listing in sorted(kept)]
            writer.write(results)
            summary.add(pl.from_arrow(results))  # type: ignore[arg-type]
            rejected.write(b"".join(orjson.dumps(r) + b"\n" for r in read_rejects))
            unscorable += scan_rejects
            summary.quarantined += len(read_rejects) + len(scan_rejects)
        rejected.write(b"".join(orjson.dumps(r) + b"\n" for r in unscorable))
    return summary


def _repeat(piece: Piece, listing_id: str) -> dict[str, Any]:
    """The quarantine line of a listing whose id an earlier piece already holds."""
    errors = [{"field": "listing_id", "message": REPEAT}]
    return {
        "file": str(piece.file),
        "row": None,
        "record": {"listing_id": listing_id},
        "errors": errors,
    }
