"""Allocator settings for scan processes: memory freed by one batch is kept for the next.

A batch allocates and frees a few hundred MB of column buffers. By default glibc hands every
block over 128 KiB back to the kernel as soon as it is freed, and polars' jemalloc purges its
freed pages within a second, so each batch pays the kernel again to map and zero the same
memory: a quarter of a worker's CPU time was system time. Keeping freed memory costs nothing
a scan notices (a worker's resident size stays near its peak batch) and saves about a tenth
of its CPU time (measured with ``benchmarks/scan_bench.py``).

glibc reads its settings when a process starts (``GLIBC_TUNABLES``), jemalloc on its first
allocation (``_RJEM_MALLOC_CONF``, polars' prefix): workers get them in their environment
(:func:`worker_environment`, :func:`dask_worker_environment` for a local Dask cluster); a
running process can still change glibc's by ``mallopt`` (:func:`keep_freed_memory`). Values a
user has set are left as they are.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from functools import cache

MMAP_THRESHOLD = 32 << 20
"""Blocks below this come from the heap and are reused; glibc's largest allowed value."""
TRIM_THRESHOLD = 1 << 30
"""Free memory at the top of the heap kept before any is returned to the kernel."""
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters, from glibc's malloc.h

GLIBC_TUNABLES = (
    f"glibc.malloc.mmap_threshold={MMAP_THRESHOLD}:glibc.malloc.trim_threshold={TRIM_THRESHOLD}"
)
JEMALLOC_CONF = "dirty_decay_ms:-1,muzzy_decay_ms:-1"
POLARS_JEMALLOC_CONF = "dirty_decay_ms:500,muzzy_decay_ms:1000"
"""What importing polars puts in ``_RJEM_MALLOC_CONF`` when it finds none (polars 1.x)."""


def worker_environment() -> dict[str, str]:
    """Variables to set for a worker process started from here, where the user set none.

    polars writes its own default jemalloc settings into the environment when imported; a
    setting appended after them wins (jemalloc reads the pairs in order)."""
    variables = {}
    if "GLIBC_TUNABLES" not in os.environ:
        variables["GLIBC_TUNABLES"] = GLIBC_TUNABLES
    jemalloc = os.environ.get("_RJEM_MALLOC_CONF")
    if jemalloc in (None, POLARS_JEMALLOC_CONF):
        variables["_RJEM_MALLOC_CONF"] = ",".join(filter(None, (jemalloc, JEMALLOC_CONF)))
    return variables


def dask_worker_environment(current: dict[str, object]) -> dict[str, object]:
    """Dask's ``distributed.nanny.pre-spawn-environ`` for the workers of a LocalCluster that
    truemark starts for one scan: ``current`` (Dask sets glibc to trim freed memory at 64 KiB,
    for long-lived workers) with glibc's and jemalloc's settings of :func:`worker_environment`,
    also as glibc's own variables, which would otherwise override the tunables."""
    ours = worker_environment()
    variables: dict[str, object] = {**current, **ours}
    if "GLIBC_TUNABLES" in ours:  # the user set none
        variables["MALLOC_TRIM_THRESHOLD_"] = TRIM_THRESHOLD
        variables["MALLOC_MMAP_THRESHOLD_"] = MMAP_THRESHOLD
    return variables


def keep_freed_memory() -> bool:
    """Apply the glibc settings to this process (True where it could: glibc, no user setting).
    polars' jemalloc in a running process keeps its own."""
    if "GLIBC_TUNABLES" in os.environ:
        return False
    mallopt = _mallopt()
    if mallopt is None:
        return False
    applied = mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    return mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1 and applied


@cache
def _mallopt() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """glibc's ``mallopt``, or None on another C library."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
        if not hasattr(library, "gnu_get_libc_version"):
            return None
        function = library.mallopt
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_int)
    function.restype = ctypes.c_int
    return function
