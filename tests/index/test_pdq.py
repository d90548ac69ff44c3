"""The PDQ index finds exactly the stored hashes within the radius, and survives save / load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from truemark.errors import InputError
from truemark.index import pdq_tables
from truemark.index.pdq import MAX_RADIUS, PdqIndex, Strategy, pdq_hex_to_array
from truemark.index.pdq_search import order_by_chunks, sort_by_chunks, sort_by_neighbours


def brute_force(bank: np.ndarray, queries: np.ndarray, radius: int) -> set[tuple[int, int, int]]:
    """(query, row, distance) of every pair within radius, by comparing all pairs."""
    words = bank.view(np.uint64)
    found = set()
    for query, hashed in enumerate(queries.view(np.uint64)):
        distances = np.bitwise_count(words ^ hashed).sum(axis=1)
        found |= {
            (query, int(row), int(distances[row])) for row in np.flatnonzero(distances <= radius)
        }
    return found


def flip(base: np.ndarray, bits: np.ndarray) -> np.ndarray:
    """``base`` (32 bytes) with the listed bit positions inverted."""
    unpacked = np.unpackbits(base)
    unpacked[bits] ^= 1
    return np.packbits(unpacked)


def spread_bits(distance: int, rng: np.random.Generator) -> np.ndarray:
    """``distance`` bit positions spread over the 16 chunks as evenly as possible (worst case)."""
    per_chunk = np.full(16, distance // 16) + (np.arange(16) < distance % 16)
    rng.shuffle(per_chunk)
    picks = [
        16 * chunk + rng.choice(16, count, replace=False) for chunk, count in enumerate(per_chunk)
    ]
    return np.concatenate(picks).astype(np.int64)


def planted_bank(radius: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random hashes plus, around each query, neighbours at every distance 0..radius + 3."""
    rng = np.random.default_rng(seed)
    queries = rng.integers(0, 256, (6, 32), dtype=np.uint8)
    planted = []
    for base in queries:
        for distance in range(min(radius + 4, 257)):
            planted.append(flip(base, rng.choice(256, distance, replace=False)))
            planted.append(flip(base, spread_bits(distance, rng)))
    bank = np.concatenate([rng.integers(0, 256, (3000, 32), dtype=np.uint8), np.stack(planted)])
    return bank[rng.permutation(bank.shape[0])], queries


STRATEGIES: list[Strategy] = ["by_bucket", "by_query", "by_neighbour"]


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("radius", [0, 1, 15, 16, 31, 32, 47, 48])
def test_query_finds_exactly_the_hashes_within_radius(radius: int, strategy: Strategy) -> None:
    bank, queries = planted_bank(radius, seed=radius)
    index = PdqIndex.build(bank)

    matches = index.query(queries, radius, strategy)

    found = set(
        zip(matches.query.tolist(), matches.row.tolist(), matches.distance.tolist(), strict=True)
    )
    assert found == brute_force(bank, queries, radius)
    assert len(found) == matches.query.shape[0]  # each match reported once
    assert {d for _q, _r, d in found} >= set(range(radius + 1))  # every distance was exercised


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_many_matches_in_one_bucket_are_all_reported_once(strategy: Strategy) -> None:
    rng = np.random.default_rng(11)
    popular = rng.integers(0, 256, 32, dtype=np.uint8)
    copies = np.stack(
        [flip(popular, rng.choice(256, row % 9, replace=False)) for row in range(700)]
    )
    bank = np.concatenate([copies, rng.integers(0, 256, (2000, 32), dtype=np.uint8)])

    matches = PdqIndex.build(bank).query(np.stack([popular, copies[5]]), 31, strategy)

    pairs = list(zip(matches.query.tolist(), matches.row.tolist(), strict=True))
    assert len(pairs) == len(set(pairs))
    assert set(zip(pairs, matches.distance.tolist(), strict=True)) == {
        ((query, row), distance)
        for query, row, distance in brute_force(bank, np.stack([popular, copies[5]]), 31)
    }


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_query_of_unrelated_hashes_finds_nothing(strategy: Strategy) -> None:
    rng = np.random.default_rng(7)
    index = PdqIndex.build(rng.integers(0, 256, (5000, 32), dtype=np.uint8))
    unrelated = rng.integers(0, 256, (200, 32), dtype=np.uint8)
    assert index.query(unrelated, 31, strategy).query.size == 0


def test_query_frame_carries_ids_and_metadata() -> None:
    hashes = ["00" * 32, "ff" * 32]
    index = PdqIndex.build(hashes, {"brand_id": ["gucci", None]}, ids=[10, 20])

    frame = index.query_frame(["00" * 31 + "01", "ff" * 32], 3)

    assert frame.to_dicts() == [
        {"query": 0, "id": 10, "distance": 1, "brand_id": "gucci"},
        {"query": 1, "id": 20, "distance": 0, "brand_id": None},
    ]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    bank, queries = planted_bank(31, seed=3)
    brands = [None if row % 3 == 0 else f"brand-{row % 5}" for row in range(bank.shape[0])]
    index = PdqIndex.build(bank, {"brand_id": brands}, ids=np.arange(bank.shape[0]) * 7)
    index.save(tmp_path / "bank.npz")

    loaded = PdqIndex.load(tmp_path / "bank.npz")

    assert np.array_equal(loaded.hashes, index.hashes)
    assert np.array_equal(loaded.ids, index.ids)
    assert loaded.metadata.equals(index.metadata)
    assert loaded.query_frame(queries, 31).equals(index.query_frame(queries, 31))


def test_load_refuses_a_missing_or_foreign_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        PdqIndex.load(tmp_path / "absent.npz")
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, header=np.array('{"format": "other", "version": 1}'))
    with pytest.raises(InputError, match=r"not a truemark\.pdq_index version 1"):
        PdqIndex.load(foreign)
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable PDQ index"):
        PdqIndex.load(tmp_path / "junk.npz")


def test_radius_beyond_the_supported_range_is_refused() -> None:
    index = PdqIndex.build(["00" * 32])
    with pytest.raises(ValueError, match="radius"):
        index.query(["00" * 32], MAX_RADIUS + 1)


def test_hash_arrays_of_another_shape_or_type_are_refused() -> None:
    index = PdqIndex.build(["00" * 32])
    with pytest.raises(ValueError, match="uint8"):
        index.query(np.zeros((2, 4), dtype=np.uint64), 31)
    with pytest.raises(ValueError, match="uint8"):
        PdqIndex.build(np.zeros((2, 31), dtype=np.uint8))


def test_malformed_hex_is_named() -> None:
    with pytest.raises(ValueError, match="hash 1 is not a PDQ hash"):
        pdq_hex_to_array(["ab" * 32, "xyz"])
    assert pdq_hex_to_array(["0F" * 32]).tolist() == [[15] * 32]


def test_empty_bank_and_empty_query() -> None:
    empty = PdqIndex.build([], {"provenance": []})
    assert empty.query(["00" * 32], 31).query.size == 0
    assert PdqIndex.build(["00" * 32]).query_frame([], 31).height == 0


@pytest.mark.parametrize("strategy", ["auto", *STRATEGIES])
def test_queries_beyond_one_batch_keep_their_positions(
    monkeypatch: pytest.MonkeyPatch, strategy: Strategy
) -> None:
    monkeypatch.setattr(pdq_tables, "_QUERY_BATCH", 4)
    bank, queries = planted_bank(31, seed=5)
    repeated = np.concatenate([queries, queries[::-1]])

    matches = PdqIndex.build(bank).query(repeated, 31, strategy)

    found = set(
        zip(matches.query.tolist(), matches.row.tolist(), matches.distance.tolist(), strict=True)
    )
    assert found == brute_force(bank, repeated, 31)


@pytest.mark.parametrize(
    ("hashes", "position"),
    [
        (["ab" * 32, "0g" + "ab" * 31], 1),  # a character that is no hex digit
        (["ab" * 32, "é" * 32], 1),  # 64 bytes, but not 64 hex characters
        (["zz" * 32, "ab"], 0),  # the first malformed one, whatever is wrong with it
        (["ab" * 32, None], 1),
    ],
)
def test_the_first_malformed_hash_is_named(hashes: list[str | None], position: int) -> None:
    with pytest.raises(ValueError, match=f"hash {position} is not a PDQ hash"):
        pdq_hex_to_array(hashes)


def test_hex_of_a_sliced_column_decodes_each_digit_pair() -> None:
    rng = np.random.default_rng(5)
    expected = rng.integers(0, 256, (50, 32), dtype=np.uint8)
    texts = pl.Series(["ff" * 32] + [row.tobytes().hex().upper() for row in expected])
    assert np.array_equal(pdq_hex_to_array(texts[1:]), expected)
    assert pdq_hex_to_array(texts[:0]).shape == (0, 32)


def test_the_chunk_sort_equals_a_stable_argsort_per_chunk() -> None:
    rng = np.random.default_rng(9)
    words = rng.integers(0, 1 << 63, (3000, 4), dtype=np.uint64)
    words[1000:1100] = words[5]  # many equal chunk values: the order within them must hold
    offsets, order, kept = sort_by_chunks(words)
    for chunk in range(16):
        values = (words[:, chunk // 4] >> np.uint64(16 * (chunk % 4))) & np.uint64(0xFFFF)
        expected = np.argsort(values, kind="stable")
        assert np.array_equal(order[chunk], expected)
        assert np.array_equal(offsets[chunk, 1:], np.cumsum(np.bincount(values, minlength=1 << 16)))
        assert np.array_equal(kept[chunk], words[expected, :2].T)


def test_a_big_batch_by_neighbour_overflows_its_room_and_finds_every_match() -> None:
    """Over _SHARED_VISITS_FROM queries are visited in each chunk's value order; hundreds of
    matches a query overflow the room first given to each chunk (searched again)."""
    rng = np.random.default_rng(13)
    popular = rng.integers(0, 256, 32, dtype=np.uint8)
    copies = np.stack(
        [flip(popular, rng.choice(256, row % 12, replace=False)) for row in range(300)]
    )
    bank = np.concatenate([copies, rng.integers(0, 256, (2000, 32), dtype=np.uint8)])
    queries = np.concatenate([copies[::2], rng.integers(0, 256, (1000, 32), dtype=np.uint8)])
    assert queries.shape[0] >= pdq_tables._SHARED_VISITS_FROM

    matches = PdqIndex.build(bank).query(queries, 31, "by_neighbour")

    found = list(
        zip(matches.query.tolist(), matches.row.tolist(), matches.distance.tolist(), strict=True)
    )
    assert len(found) > 150 * 300 // 2 > pdq_tables._TASK_CAPACITY + queries.shape[0]
    assert set(found) == brute_force(bank, queries, 31)
    assert len(found) == len(set(found))


def test_auto_searches_by_neighbour_only_where_the_tables_stay_small(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bank, queries = planted_bank(31, seed=8)
    index = PdqIndex.build(bank)
    index.query(queries, 31)
    assert list(index._tables.neighbours) == [1]  # sub-radius 1: filed 17 times per chunk
    monkeypatch.setattr(pdq_tables, "_NEIGHBOUR_ENTRIES", 16 * 17 * bank.shape[0] - 1)
    other = PdqIndex.build(bank)
    found = other.query(queries, 31)
    assert other._tables.neighbours == {}
    assert np.array_equal(found.row, index.query(queries, 31).row)


def test_the_neighbour_tables_file_each_hash_under_every_value_within_the_sub_radius() -> None:
    rng = np.random.default_rng(4)
    words = rng.integers(0, 1 << 63, (200, 4), dtype=np.uint64)
    words[50:60] = words[3]
    offsets, rows = sort_by_neighbours(words, pdq_tables.probe_masks(1))
    order = order_by_chunks(words)
    for chunk in (0, 7, 15):
        values = ((words[:, chunk // 4] >> np.uint64(16 * (chunk % 4))) & np.uint64(0xFFFF)).astype(
            np.int64
        )
        assert np.array_equal(order[chunk], np.argsort(values, kind="stable"))
        for value in (values[3], values[3] ^ 1, values[3] ^ (1 << 15), (values[3] ^ 3)):
            filed = rows[chunk, offsets[chunk, value] : offsets[chunk, value + 1]]
            near = np.flatnonzero(np.bitwise_count(values ^ value) <= 1)
            assert np.array_equal(filed, near)  # in row order, each once
