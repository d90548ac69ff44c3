"""The numba kernels' byte copy: the bytes a slice assignment copies, for bytes arrays only."""

from __future__ import annotations

import numba as nb
import numpy as np
import pytest

from truemark.index.byte_copy import copy_bytes, load_word, store_word


@nb.njit
def _copied(out: np.ndarray, out_at: int, data: np.ndarray, data_at: int, count: int) -> None:
    copy_bytes(out, out_at, data, data_at, count)


def test_it_copies_what_a_slice_assignment_copies() -> None:
    data = np.frombuffer(b"abcdefghij", dtype=np.uint8)
    for out_at, data_at, count in [(0, 0, 10), (3, 2, 5), (9, 9, 1), (4, 7, 0)]:
        out = np.zeros(12, dtype=np.uint8)
        expected = out.copy()
        expected[out_at : out_at + count] = data[data_at : data_at + count]
        _copied(out, out_at, data, data_at, count)
        assert out.tobytes() == expected.tobytes()


def test_it_takes_contiguous_bytes_only() -> None:
    with pytest.raises(nb.core.errors.TypingError):
        _copied(np.zeros(4, dtype=np.int32), 0, np.zeros(4, dtype=np.int32), 0, 4)
    with pytest.raises(nb.core.errors.TypingError):
        _copied(np.zeros(8, dtype=np.uint8)[::2], 0, np.zeros(4, dtype=np.uint8), 0, 4)
    read_only = np.frombuffer(bytes(4), dtype=np.uint8)
    with pytest.raises(nb.core.errors.TypingError):
        _copied(read_only, 0, np.zeros(4, dtype=np.uint8), 0, 4)


@nb.njit
def _word_copied(data: np.ndarray, at: int, out: np.ndarray, out_at: int) -> np.uint64:
    word = load_word(data, at)
    store_word(out, out_at, word)
    return word


def test_a_word_is_eight_bytes_at_any_offset() -> None:
    """Eight bytes read as the machine's uint64 and written back, at offsets no word is
    aligned to; the bytes around are left alone."""
    data = np.frombuffer(bytes(range(1, 40)), dtype=np.uint8)
    for at, out_at in [(0, 0), (1, 3), (7, 13), (31, 1)]:
        out = np.zeros(24, dtype=np.uint8)
        word = _word_copied(data, at, out, out_at)
        assert word == int(np.frombuffer(data[at : at + 8].tobytes(), dtype=np.uint64)[0])
        expected = np.zeros(24, dtype=np.uint8)
        expected[out_at : out_at + 8] = data[at : at + 8]
        assert out.tobytes() == expected.tobytes()


def test_words_take_contiguous_bytes_only_and_write_where_writable() -> None:
    data, out = np.zeros(16, dtype=np.uint8), np.zeros(16, dtype=np.uint8)
    for bad_data, bad_out in [
        (np.zeros(4, dtype=np.int32), out),
        (np.zeros(32, dtype=np.uint8)[::2], out),
        (data, np.frombuffer(bytes(16), dtype=np.uint8)),  # read-only
    ]:
        with pytest.raises(nb.core.errors.TypingError):
            _word_copied(bad_data, 0, bad_out, 0)
