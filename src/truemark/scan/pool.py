"""The process pool of a local scan: workers start while the main process builds the engine.

Starting a worker (interpreter, imports) takes seconds, and so did building the engine (now
mostly read from the build cache, :mod:`truemark.cache`); the pool's processes are forked
from a fork server that imports the scan's modules once (~2 s), and are started from a thread
while the main process builds the engine (a bad input fails there, clearly), so that the two
run side by side (a 2,000,000-listing scan reached full speed ~1 s sooner). Each worker
receives the engine pickled through a queue: its Hyperscan databases serialized
(:class:`~truemark.index.scanner.Scanner`), ~0.1 s to load. Batches reach the workers through
shared memory slots (:mod:`truemark.scan.batch_slots`), not pickled through the pipe; a worker
scans a batch and saves its part file itself, so results never travel back through a pipe.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.queues import Queue
from pathlib import Path

import pyarrow as pa

from truemark.scan.batch import BatchOutcome, ScanEngine, scan_batch
from truemark.scan.batch_slots import BatchSlots, SlotBatch
from truemark.scan.checkpoint import save_part
from truemark.scan.collector import long_lived
from truemark.scan.fork_server import in_worker_environment, start_fork_server, worker_context

PoolSubmit = Callable[[pa.RecordBatch, Path], "Future[BatchOutcome | None]"]
_worker_engine: ScanEngine | None = None


def _receive_engine(engines: Queue[bytes | None]) -> None:
    """Worker initializer: wait for the engine the main process builds meanwhile."""
    global _worker_engine
    with long_lived():  # the engine, and all the fork server imported, lives as long as we do
        payload = engines.get()
        _worker_engine = pickle.loads(payload) if payload is not None else None


def _started() -> None:
    """Nothing: one per worker is submitted so that the pool starts its processes now."""


def _scan_in_worker(batch: pa.RecordBatch | SlotBatch, part: Path) -> BatchOutcome | None:
    """Scan a batch (read from its slot where it came through one) and save its part file
    here, in the worker: nothing comes back (None)."""
    assert _worker_engine is not None, "worker started without its engine"
    if isinstance(batch, SlotBatch):
        batch = batch.read()
    save_part(part, scan_batch(batch, _worker_engine))
    return None


@contextmanager
def pool_submitter(build: Callable[[], ScanEngine], workers: int) -> Iterator[PoolSubmit]:
    """A submit function ``(batch, part path)`` over ``workers`` processes, each given the
    engine ``build`` makes in this process while they start."""
    context = worker_context()
    start_fork_server()  # here, in the main thread, unless the scan command started it already
    engines: Queue[bytes | None] = context.Queue()
    engines.cancel_join_thread()  # a worker that died never takes its copy: do not wait on it
    with (
        in_worker_environment(),
        ProcessPoolExecutor(
            workers, mp_context=context, initializer=_receive_engine, initargs=(engines,)
        ) as pool,
    ):
        failed: list[BaseException] = []
        starting = threading.Thread(target=_start, args=(pool, workers, failed), daemon=True)
        starting.start()  # a process starts once the fork server has imported: not here
        payload: bytes | None = None
        try:
            with long_lived():  # the engine this process builds outlives the scan
                payload = pickle.dumps(build(), protocol=pickle.HIGHEST_PROTOCOL)
        finally:  # on failure the workers get None, finish their no-op tasks and the pool ends
            try:  # every process started before any can take its engine: a worker that has
                starting.join()  # finished its no-op task is idle, and submit then starts none
            finally:
                for _ in range(workers):
                    engines.put(payload)
        if failed:  # a worker could not be started: say so here, not in a thread's traceback
            raise failed[0]
        slots = BatchSlots(2 * workers + 2)  # the runner keeps 2 x workers batches in flight
        scanned = False
        try:
            _check_slots(pool, slots)
            yield lambda batch, part: _submit(pool, slots, batch, part)
            scanned = True
        finally:  # on an error or Ctrl-C, queued batches are dropped; running ones save their part
            try:
                pool.shutdown(cancel_futures=not scanned)  # every worker is done with the slots
            finally:  # before they go
                slots.close()


def _check_slots(pool: ProcessPoolExecutor, slots: BatchSlots) -> None:
    """Have a worker read a slot first: where it may not open this process's files (a
    process that cannot be traced), batches go through the pipe."""
    probe, number = slots.carry(pa.record_batch({"probe": [0]}))
    if isinstance(probe, SlotBatch):
        readable = pool.submit(_readable, probe)
        slots.scanning(number, readable)  # type: ignore[arg-type]  # any future will do
        if not readable.result():
            slots.disable()


def _readable(probe: SlotBatch) -> bool:
    """Whether this worker can read a batch from a slot."""
    try:
        probe.read()
    except OSError:
        return False
    return True


def _submit(
    pool: ProcessPoolExecutor, slots: BatchSlots, batch: pa.RecordBatch, part: Path
) -> Future[BatchOutcome | None]:
    carried, number = slots.carry(batch)
    future = pool.submit(_scan_in_worker, carried, part)
    slots.scanning(number, future)  # type: ignore[arg-type]  # any future will do
    return future


def _start(pool: ProcessPoolExecutor, workers: int, failed: list[BaseException]) -> None:
    """Start the pool's processes: each start waits until the fork server has imported the
    scan's modules (seconds, the first time), so it runs beside the engine's build. An error
    is kept for the main thread."""
    try:
        for _ in range(workers):
            pool.submit(_started)
    except BaseException as exc:  # raised again in the main thread
        failed.append(exc)
