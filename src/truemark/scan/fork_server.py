"""The fork server pool workers are forked from, and the environment they start in.

Light to import on purpose: the ``scan`` command starts the server before it imports the
scan's own modules, so that the server's imports (~2 s) and this process's run side by side.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from truemark.scan.allocator import worker_environment

WORKER_MODULES = ("truemark.scan.engine", "truemark.scan.pool", "truemark.scan.worker_start")
"""What a worker imports before it can scan: the engine's classes (to unpickle it), the pool,
and what every worker loads alike (:mod:`truemark.scan.worker_start`)."""


def worker_context() -> multiprocessing.context.BaseContext:
    """Forkserver where there is one, else spawn; never a plain fork, since forking a process
    that runs polars / numba thread pools can deadlock. The fork server is a fresh process that
    imports the main module and the scan's modules once (~2 s) and forks each worker from there,
    instead of every worker importing them itself. It lives as long as this process and serves
    its later pools too."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", *WORKER_MODULES])
    return context


@contextmanager
def in_worker_environment() -> Iterator[None]:
    """Environment for worker processes started inside: one compute thread each, and an
    allocator that keeps freed memory (:mod:`truemark.scan.allocator`). A fork server already
    running from an earlier pool keeps the environment it started with."""
    threads = dict.fromkeys(("POLARS_MAX_THREADS", "NUMBA_NUM_THREADS", "OMP_NUM_THREADS"), "1")
    variables = {**threads, **worker_environment()}
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def start_fork_server() -> None:
    """Start the fork server now, in the workers' environment, without waiting for its
    imports (nothing where there is no fork server: spawned workers import for themselves).

    The server starts with Ctrl-C (SIGINT) ignored, and so do the workers it forks: a Ctrl-C
    reaches every process of the terminal's group, and it is this process that stops the scan
    (it cancels the queued batches and waits for the running ones, see
    :func:`truemark.scan.pool.pool_submitter`). Without this, the server's imports and each
    worker printed a traceback of their own. Called from the main thread (signals can only be
    set there); from another, the server starts as Python starts it."""
    if worker_context().get_start_method() != "forkserver":
        return
    with in_worker_environment(), _interrupts_ignored():
        multiprocessing.forkserver.ensure_running()


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    """SIGINT ignored inside, in this process and in the processes it starts (an ignored signal
    stays ignored across exec, and Python installs no handler of its own for it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
