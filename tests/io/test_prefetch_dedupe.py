"""Read-ahead keeps order and errors; repeated keys are found across batches and within one."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pytest

from truemark.errors import InputError
from truemark.io.dedupe import SeenKeys
from truemark.io.prefetch import read_ahead


def test_read_ahead_keeps_order_and_raises_where_the_error_was() -> None:
    def numbers() -> Iterator[int]:
        yield from range(5)
        raise InputError("broken at 5")

    seen: list[int] = []
    with pytest.raises(InputError, match="broken at 5"):
        seen.extend(read_ahead(numbers()))
    assert seen == [0, 1, 2, 3, 4]


def test_read_ahead_stops_its_thread_when_the_reader_stops_early() -> None:
    produced: list[int] = []

    def numbers() -> Iterator[int]:
        for number in range(1_000):
            produced.append(number)
            yield number

    items = read_ahead(numbers(), depth=2)
    assert next(items) == 0
    items.close()
    for thread in threading.enumerate():
        if thread.name == "truemark-read-ahead":
            thread.join(timeout=2)
    assert len(produced) < 10


def test_repeats_are_found_within_a_batch_and_across_batches() -> None:
    seen = SeenKeys()
    everyone = np.ones(4, dtype=bool)
    first = seen.repeats(pa.array(["a", "b", "a", None]), everyone)
    assert first.tolist() == [False, False, True, False]
    second = seen.repeats(pa.array(["c", "b", "c", "d"]), everyone)
    assert second.tolist() == [False, True, True, False]


def test_a_batch_of_nothing_but_repeats_is_handled() -> None:
    seen = SeenKeys()
    seen.repeats(pa.array(["a"]), np.ones(1, dtype=bool))
    assert seen.repeats(pa.array(["a", "a"]), np.ones(2, dtype=bool)).tolist() == [True, True]
    assert seen.repeats(pa.array(["b", "a"]), np.ones(2, dtype=bool)).tolist() == [False, True]


def test_keys_of_rejected_rows_are_not_remembered() -> None:
    seen = SeenKeys()
    seen.repeats(pa.array(["a", "b"]), np.array([False, True]))
    assert seen.repeats(pa.array(["a", "b"]), np.ones(2, dtype=bool)).tolist() == [False, True]


def test_the_set_grows_and_keeps_every_key() -> None:
    seen = SeenKeys()
    for batch in range(64):
        keys = pa.array([f"k-{batch}-{n}" for n in range(2_000)])
        assert not seen.repeats(keys, np.ones(2_000, dtype=bool)).any()
    assert len(seen._table) > 4 * 64 * 2_000 // 3  # grown, at most three quarters full
    again = pa.array(["k-0-0", "k-63-1999", "new", "k-31-7"])
    assert seen.repeats(again, np.ones(4, dtype=bool)).tolist() == [True, True, False, True]
