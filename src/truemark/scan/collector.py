"""Python's cyclic garbage collector while a scan starts: paused, then the survivors frozen.

A scan's processes make most of their Python objects once, at the start: the modules they
import, the engine the main process builds and each worker unpickles. Every full collection
walks all of them again, and they are many: the main process ran six full collections while it
started (0.39 s of CPU on a 2,000,000-listing scan, 0.56 s with the younger ones), a worker one
as it unpickled the engine (0.15 s). None of them frees anything that matters. The collector
is paused while these objects are made and they are then frozen (``gc.freeze``: moved where
no collection looks again). Garbage in reference cycles at that moment is frozen with them and
never collected: a one-time cost, as in :mod:`truemark.server`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """No collection while inside; every object alive on leaving is frozen, and the collector
    is left as it was found (a caller that had paused it keeps it paused)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
