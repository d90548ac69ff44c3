"""Connect to a Dask scheduler, or start a LocalCluster for ``local:N``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import dask
from distributed import Client, LocalCluster

from truemark.errors import InputError
from truemark.scan.allocator import dask_worker_environment

LOCAL_PREFIX = "local:"


@contextmanager
def dask_client(address: str) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a LocalCluster for ``local:N`` whose
    workers keep the memory a batch frees (:mod:`truemark.scan.allocator`)."""
    if address.startswith(LOCAL_PREFIX):
        count = address.removeprefix(LOCAL_PREFIX)
        if not count.isdigit() or int(count) < 1:
            raise InputError(f"--dask {address}: write local:N with N workers, e.g. local:2")
        environ = dask_worker_environment(dask.config.get("distributed.nanny.pre-spawn-environ"))
        with (
            dask.config.set({"distributed.nanny.pre-spawn-environ": environ}),
            LocalCluster(
                n_workers=int(count),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout=30)
    except (OSError, TimeoutError) as error:
        raise InputError(f"--dask {address}: cannot reach the Dask scheduler ({error})") from None
    with client:
        yield client
