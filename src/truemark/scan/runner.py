"""Run a scan over a listings file: stream batches, in one process or a pool, checkpoint, assemble.

Output order equals input order whatever the number of workers; a killed scan resumed with
``resume=True`` reuses its finished batches and writes the same file as an uninterrupted run.
A scan stopped with Ctrl-C keeps the batches it finished and says so
(:meth:`~truemark.scan.checkpoint.Checkpoints.interrupted`).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pyarrow as pa

from truemark import __version__
from truemark.io import read_listings
from truemark.policy import Policy, load_policy
from truemark.scan.assembly import Assembly
from truemark.scan.batch import BatchOutcome, scan_batch
from truemark.scan.checkpoint import Checkpoints, input_fingerprint, save_part
from truemark.scan.collector import long_lived
from truemark.scan.engine import ScanSpec, build_engine, prepare_seller_context
from truemark.scan.pool import pool_submitter
from truemark.scan.summary import ScanSummary

Submit = Callable[[pa.RecordBatch, Path], "Future[BatchOutcome | None]"]


@contextmanager
def _executor(spec: ScanSpec, workers: int) -> Iterator[Submit]:
    """A submit function ``(batch, part path)``: inline for one worker (it also hands back the
    outcome), a process pool above (see :mod:`truemark.scan.pool`). The engine is built once,
    in this process: a bad input fails here, clearly."""
    if workers > 1:
        with pool_submitter(lambda: build_engine(spec), workers) as submit:
            yield submit
        return
    with long_lived():
        engine = build_engine(spec)

    def run_inline(batch: pa.RecordBatch, part: Path) -> Future[BatchOutcome | None]:
        outcome = scan_batch(batch, engine)
        save_part(part, outcome)
        future: Future[BatchOutcome | None] = Future()
        future.set_result(outcome)
        return future

    yield run_inline


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
    try:
        summary = _scan_batches(spec, listings, out, checkpoints, workers, resume, on_rows, shadow)
    except KeyboardInterrupt:  # any pool has ended: every batch that ran has its part saved
        raise checkpoints.interrupted() from None
    summary.seconds = time.perf_counter() - started
    checkpoints.remove()
    return summary


def _scan_batches(
    spec: ScanSpec,
    listings: Path,
    out: Path,
    checkpoints: Checkpoints,
    workers: int,
    resume: bool,
    on_rows: Callable[[int], None] | None,
    shadow: Policy | None,
) -> ScanSummary:
    """Every batch not checkpointed yet scanned, and the output assembled in input order."""
    spec = replace(
        spec,
        photos_root=spec.photos_root or (listings if listings.is_dir() else listings.parent),
        seller_context=prepare_seller_context(
            spec, checkpoints.folder, quarantine_path(out, "sellers")
        ),
    )
    reader = read_listings(listings, quarantine=quarantine_path(out), batch_size=spec.batch_size)
    pending: deque[tuple[int, Future[BatchOutcome | None] | None, int]] = deque()
    assembly = Assembly(out, checkpoints.folder, shadow)

    def finish(index: int, future: Future[BatchOutcome | None] | None, rows: int) -> None:
        outcome = future.result() if future is not None else None
        assembly.add(checkpoints.part(index), outcome)
        if on_rows:
            on_rows(rows)

    with assembly, _executor(spec, workers) as submit:
        for index, batch in enumerate(reader):
            done = resume and checkpoints.done(index)
            future = None if done else submit(batch, checkpoints.part(index))
            pending.append((index, future, batch.num_rows))
            while len(pending) > 2 * max(workers, 1):
                finish(*pending.popleft())
        while pending:
            finish(*pending.popleft())
    summary = assembly.finish(quarantine_path(out))
    summary.quarantined += reader.summary.rows_quarantined
    return summary
