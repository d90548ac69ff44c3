"""Batches carried to pool workers through shared memory slots instead of the pipe."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future

import pyarrow as pa
import pytest

from truemark.scan import batch_slots, pool
from truemark.scan.batch_slots import BatchSlots, SlotBatch

pytestmark = pytest.mark.skipif(
    not hasattr(os, "memfd_create"), reason="memfd_create is Linux only (batches use the pipe)"
)


def batch(rows: int, text: str = "Gucci bag") -> pa.RecordBatch:
    return pa.record_batch(
        {
            "listing_id": [f"L{i}" for i in range(rows)],
            "title": [f"{text} {i}" for i in range(rows)],
            "price": [float(i) for i in range(rows)],
            "image_pdq": [["ab" * 32] if i % 2 else None for i in range(rows)],
        }
    )


def done() -> Future[object]:
    future: Future[object] = Future()
    future.set_result(None)
    return future


def test_a_batch_read_from_its_slot_is_the_batch_written() -> None:
    slots = BatchSlots(2)
    try:
        for number in range(5):  # more batches than slots: each slot is used again
            sent = batch(100 + number)
            carried, slot = slots.carry(sent)
            assert isinstance(carried, SlotBatch)
            assert slot == number % 2
            assert carried.read().equals(sent)
            slots.scanning(slot, done())
    finally:
        slots.close()


def test_a_bigger_batch_gets_a_bigger_slot_and_readers_see_the_new_file() -> None:
    slots = BatchSlots(1)
    try:
        small, _ = slots.carry(batch(10))
        assert isinstance(small, SlotBatch)
        small.read()  # the worker's map of the first file
        big_batch = batch(10, "x" * (batch_slots.SMALLEST_SLOT // 8))
        big, _ = slots.carry(big_batch)
        assert isinstance(big, SlotBatch)
        assert big.size > small.size
        assert big.inode != small.inode
        assert big.read().equals(big_batch)
        with pytest.raises(RuntimeError, match="changed"):
            SlotBatch(big.path, small.inode, small.size, small.length).read()
    finally:
        slots.close()


def test_a_slot_is_written_again_only_once_its_batch_is_scanned() -> None:
    slots = BatchSlots(1)
    try:
        _, slot = slots.carry(batch(5, "first"))
        scanning: Future[object] = Future()
        slots.scanning(slot, scanning)
        threading.Timer(0.3, scanning.set_result, args=(None,)).start()
        started = time.perf_counter()
        second, _ = slots.carry(batch(5, "second"))
        assert time.perf_counter() - started >= 0.25  # it waited for the scan
        assert isinstance(second, SlotBatch)
        assert second.read().column("title")[0].as_py() == "second 0"
    finally:
        slots.close()


def test_without_memory_for_a_slot_batches_go_through_the_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_memory(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "posix_fallocate", no_memory)
    slots = BatchSlots(2)
    sent = batch(3)
    carried, slot = slots.carry(sent)
    assert carried is sent
    assert slot is None
    assert slots.carry(batch(4))[1] is None  # and the later ones too
    slots.close()


def test_a_failed_write_leaves_nothing_that_keeps_the_slots_from_closing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch_slots, "_stream_size", lambda _batch: 16)  # a slot far too small
    slots = BatchSlots(1)
    with pytest.raises((pa.ArrowInvalid, OSError)):
        slots.carry(batch(4, "x" * (batch_slots.SMALLEST_SLOT // 2)))
    fd = slots._slots[0].fd  # type: ignore[union-attr]
    slots.close()  # no BufferError, and the file is closed
    with pytest.raises(OSError, match="Bad file descriptor"):
        os.fstat(fd)


def test_a_slot_whose_batch_failed_is_replaced_not_written_again() -> None:
    slots = BatchSlots(1)
    try:
        first, slot = slots.carry(batch(5))
        assert isinstance(first, SlotBatch)
        failed: Future[object] = Future()
        failed.set_exception(RuntimeError("the pool broke"))  # its worker may still be reading
        slots.scanning(slot, failed)
        second, _ = slots.carry(batch(5))
        assert isinstance(second, SlotBatch)
        assert second.inode != first.inode
    finally:
        slots.close()


def test_when_a_worker_cannot_read_a_slot_batches_go_through_the_pipe() -> None:
    class Unreadable:
        def submit(self, *_args: object) -> Future[object]:
            future: Future[object] = Future()
            future.set_result(False)  # what _readable says where /proc/<pid>/fd is closed to it
            return future

    slots = BatchSlots(2)
    pool._check_slots(Unreadable(), slots)  # type: ignore[arg-type]
    sent = batch(3)
    assert slots.carry(sent) == (sent, None)
    slots.close()
