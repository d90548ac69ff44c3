"""Run a scan over a listings file: stream batches, in one process or a pool, checkpoint, assemble.

Output order equals input order whatever the number of workers; a killed scan resumed with
``resume=True`` reuses its finished batches and writes the same file as an uninterrupted run.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import orjson
import polars as pl
import pyarrow as pa

from truemark import __version__
from truemark.io import open_writer, read_listings
from truemark.policy import Policy, load_policy
from truemark.policy.shadow import shadow_schema, with_shadow
from truemark.scan.batch import RESULT_SCHEMA, BatchOutcome, ScanEngine, scan_batch
from truemark.scan.checkpoint import Checkpoints, input_fingerprint
from truemark.scan.engine import ScanSpec, build_engine, prepare_seller_context
from truemark.scan.summary import ScanSummary

Submit = Callable[[pa.RecordBatch], "Future[BatchOutcome]"]
_worker_engine = None


def _init_worker(engine: ScanEngine) -> None:
    global _worker_engine
    _worker_engine = engine


def _scan_in_worker(batch: pa.RecordBatch) -> BatchOutcome:
    assert _worker_engine is not None, "worker started without its engine"
    return scan_batch(batch, _worker_engine)


@contextmanager
def _executor(spec: ScanSpec, workers: int) -> Iterator[Submit]:
    """A submit function: inline for one worker, a process pool above.

    The engine is built once, here, and sent to each worker process (its Hyperscan databases
    serialized, see :class:`~truemark.index.scanner.Scanner`): loading it takes a worker
    about a tenth of a second, building it seconds."""
    engine = build_engine(spec)  # in this process first: a bad input fails here, clearly
    if workers <= 1:

        def run_inline(batch: pa.RecordBatch) -> Future[BatchOutcome]:
            future: Future[BatchOutcome] = Future()
            future.set_result(scan_batch(batch, engine))
            return future

        yield run_inline
        return
    # spawn, not fork: forking a process that runs polars / numba thread pools can deadlock;
    # one thread per worker process, since the pool itself is the parallelism
    context = multiprocessing.get_context("spawn")
    with (
        _single_threaded_children(),
        ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(engine,)
        ) as pool,
    ):
        yield lambda batch: pool.submit(_scan_in_worker, batch)


@contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Environment for worker processes started inside: one compute thread each."""
    names = ("POLARS_MAX_THREADS", "NUMBA_NUM_THREADS", "OMP_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def quarantine_path(out: Path, kind: str | None = None) -> Path:
    """``results.parquet`` -> ``results.quarantine.jsonl`` (``results.<kind>.quarantine.jsonl``)."""
    stem = out.name.split(".")[0]
    middle = f".{kind}" if kind else ""
    return out.with_name(f"{stem}{middle}.quarantine.jsonl")


def run_scan(
    spec: ScanSpec,
    listings: Path,
    out: Path,
    *,
    workers: int = 1,
    resume: bool = False,
    on_rows: Callable[[int], None] | None = None,
    shadow_policy: Path | None = None,
) -> ScanSummary:
    """Scan ``listings`` into ``out`` (Parquet, JSONL or CSV by its name) and return the totals.

    With ``shadow_policy``, that policy also decides every listing from the same signals; its
    verdicts are written as ``shadow_*`` columns and never acted on.
    """
    started = time.perf_counter()
    shadow = load_policy(shadow_policy) if shadow_policy is not None else None
    manifest = {
        "input": input_fingerprint(listings),
        "spec": spec.fingerprint(),
        "truemark": __version__,
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
    reader = read_listings(listings, quarantine=quarantine_path(out), batch_size=spec.batch_size)
    pending: deque[tuple[int, Future[BatchOutcome] | None, int]] = deque()

    def finish(index: int, future: Future[BatchOutcome] | None, rows: int) -> None:
        if future is not None:
            checkpoints.save(index, future.result())
        if on_rows:
            on_rows(rows)

    with _executor(spec, workers) as submit:
        for index, batch in enumerate(reader):
            done = resume and checkpoints.done(index)
            pending.append((index, None if done else submit(batch), batch.num_rows))
            while len(pending) > 2 * max(workers, 1):
                finish(*pending.popleft())
        while pending:
            finish(*pending.popleft())
    summary = _assemble(checkpoints, out, quarantine_path(out), shadow)
    summary.quarantined += reader.summary.rows_quarantined
    summary.seconds = time.perf_counter() - started
    checkpoints.remove()
    return summary


def _assemble(
    checkpoints: Checkpoints, out: Path, quarantine: Path, shadow: Policy | None = None
) -> ScanSummary:
    """Concatenate the parts in order into the output file; append unscorable rows to quarantine."""
    summary = ScanSummary()
    schema = shadow_schema(RESULT_SCHEMA) if shadow is not None else RESULT_SCHEMA
    with open_writer(out, schema) as writer, quarantine.open("ab") as rejected:
        for part in checkpoints.parts():
            outcome = BatchOutcome.read(part)
            results = outcome.results
            writer.write(with_shadow(shadow, results) if shadow is not None else results)
            summary.add(pl.from_arrow(outcome.results))  # type: ignore[arg-type]
            for row in outcome.quarantined:
                rejected.write(orjson.dumps(row) + b"\n")
            summary.quarantined += len(outcome.quarantined)
    return summary
