"""Shared memory that carries a pool's batches to its workers: written once, read in place.

Through the pool's pipe, a 65,536-listing batch (~20 MB) was pickled into fresh memory, copied
into the pipe and out again and unpickled: about 0.7 µs a listing, most of it in the main
process, which reads and checks every listing too. Here the main process writes each batch as
an Arrow IPC stream into one of a few memory slots (anonymous files, ``memfd_create``), mapped
once and reused, and the worker maps the same file (``/proc/<main pid>/fd/<fd>``) and reads
the batch in place. Batch ``i`` goes to slot ``i mod slots`` once the batch before it in that
slot is scanned. The files go away with the main process, even when it is killed.

Space is reserved with ``posix_fallocate``, so a machine short of memory fails when a slot is
made (then batches go through the pipe as before), never later while one is written; so does
a platform without ``memfd_create`` or ``/proc``.
"""

from __future__ import annotations

import mmap
import os
from concurrent.futures import Future, wait
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

SMALLEST_SLOT = 8 << 20
_MAPS: dict[str, tuple[int, mmap.mmap]] = {}
"""A worker's maps of the slots it has read: path -> (inode, map)."""


@dataclass(frozen=True, slots=True)
class SlotBatch:
    """Where a batch waits in a slot: the file as a worker opens it (the path, and the inode
    that tells this file from an earlier one at the same path), its size, the stream's."""

    path: str
    inode: int
    size: int
    length: int

    def read(self) -> pa.RecordBatch:
        """The batch, read in place from the slot (in a worker; the map is kept for reuse)."""
        inode, mapped = _MAPS.get(self.path, (-1, None))
        if mapped is None or inode != self.inode:
            with open(self.path, "rb") as file:
                if os.fstat(file.fileno()).st_ino != self.inode:
                    raise RuntimeError(f"batch slot {self.path} changed before it was read")
                mapped = mmap.mmap(file.fileno(), self.size, prot=mmap.PROT_READ)
            _MAPS[self.path] = (self.inode, mapped)
        return pa.ipc.open_stream(pa.py_buffer(mapped)[: self.length]).read_next_batch()


@dataclass
class _Slot:
    fd: int
    inode: int
    size: int
    mapped: mmap.mmap
    busy: Future[object] | None = None


class BatchSlots:
    """``count`` slots for one pool; :meth:`carry` returns what to submit for a batch."""

    def __init__(self, count: int) -> None:
        self._slots: list[_Slot | None] = [None] * count
        self._usable = hasattr(os, "memfd_create") and Path(f"/proc/{os.getpid()}/fd").is_dir()
        self._next = 0

    def carry(self, batch: pa.RecordBatch) -> tuple[SlotBatch | pa.RecordBatch, int | None]:
        """The batch written into the next slot (and that slot's number, for :meth:`scanning`),
        or the batch itself where no slot can hold it."""
        if not self._usable:
            return batch, None
        number = self._next
        self._next = (self._next + 1) % len(self._slots)
        slot = self._slots[number]
        if slot is not None and slot.busy is not None:
            wait([slot.busy])  # the batch before in this slot is scanned: its worker is done
            if slot.busy.cancelled() or slot.busy.exception() is not None:
                self._drop(number)  # a broken pool fails futures before it stops its workers
                slot = None
        length = _stream_size(batch)
        if slot is None or slot.size < length:
            slot = self._made(number, max(SMALLEST_SLOT, length + length // 4))
            if slot is None:
                return batch, None
        _write(slot.mapped, batch)
        path = f"/proc/{os.getpid()}/fd/{slot.fd}"
        return SlotBatch(path, slot.inode, slot.size, length), number

    def disable(self) -> None:
        """Send batches through the pipe from now on (a worker could not read a slot)."""
        self._usable = False
        self.close()

    def scanning(self, number: int | None, future: Future[object]) -> None:
        """Slot ``number`` is free again once ``future`` is done."""
        slot = self._slots[number] if number is not None else None
        if slot is not None:
            slot.busy = future

    def _made(self, number: int, size: int) -> _Slot | None:
        """A slot of ``size`` bytes in place of slot ``number``; None (and no slots from now
        on) where the memory cannot be had."""
        self._drop(number)
        try:
            fd = os.memfd_create(f"truemark-batch-{number}")
        except OSError:
            self._usable = False
            return None
        try:
            os.posix_fallocate(fd, 0, size)
            mapped = mmap.mmap(fd, size)
        except OSError:
            os.close(fd)
            self._usable = False
            return None
        slot = _Slot(fd, os.fstat(fd).st_ino, size, mapped)
        self._slots[number] = slot
        return slot

    def _drop(self, number: int) -> None:
        slot = self._slots[number]
        if slot is not None:
            self._slots[number] = None
            with suppress(BufferError):  # still exported (a failed write's traceback): later
                slot.mapped.close()
            os.close(slot.fd)

    def close(self) -> None:
        """Free every slot (after the pool has finished)."""
        for number in range(len(self._slots)):
            self._drop(number)


def _write(mapped: mmap.mmap, batch: pa.RecordBatch) -> None:
    """``batch`` as an IPC stream at the start of ``mapped``; no export of the map outlives
    the call, even when the write fails (the map could not be closed)."""
    buffer = pa.py_buffer(mapped)
    sink = pa.FixedSizeBufferWriter(buffer)
    writer = None
    try:
        writer = pa.ipc.new_stream(sink, batch.schema)
        writer.write_batch(batch)
        writer.close()
    finally:
        writer = sink = buffer = None


def _stream_size(batch: pa.RecordBatch) -> int:
    """Bytes of ``batch`` as an IPC stream (schema, batch, end), counted without writing it."""
    sink = pa.MockOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return int(sink.size())
