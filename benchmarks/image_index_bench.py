"""Benchmark the exact PDQ radius index against FAISS IndexBinaryFlat range search, same run.

    .venv/bin/python benchmarks/image_index_bench.py [--bank 1000000] [--queries 100000]

The bank mixes clusters of near-duplicate hashes (one photo re-encoded, cropped, recoloured:
bits flipped at a per-cluster rate) with unrelated random hashes. Queries are half planted
near-duplicates of bank hashes at every distance 0..radius (they must be found) and half random
(they must not). Recall and exactness are checked against FAISS on a sample of the queries.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable

import faiss
import numba
import numpy as np

from truemark.index.pdq import PdqIndex


def flip_bits(hashes: np.ndarray, rates: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Flip each bit of row i with probability rates[i] (done in slices to bound memory)."""
    out = hashes.copy()
    for at in range(0, hashes.shape[0], 65536):
        part = slice(at, at + 65536)
        draws = rng.random((out[part].shape[0], 256), dtype=np.float32)
        out[part] ^= np.packbits(draws < rates[part, None], axis=1)
    return out


def flip_exactly(hashes: np.ndarray, distances: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Flip exactly distances[i] distinct bits of row i."""
    ranks = np.argsort(rng.random((hashes.shape[0], 256), dtype=np.float32), axis=1)
    return hashes ^ np.packbits(ranks < distances[:, None], axis=1)


def make_bank(size: int, rng: np.random.Generator) -> np.ndarray:
    """Half clustered near-duplicates (clusters of 1..40 around random centres), half random."""
    clustered = size // 2
    sizes = rng.integers(1, 41, clustered // 20 + 1)
    centre_of = np.repeat(np.arange(sizes.shape[0]), sizes)[:clustered]
    centres = rng.integers(0, 256, (sizes.shape[0], 32), dtype=np.uint8)
    rates = rng.uniform(0.0, 0.12, sizes.shape[0]).astype(np.float32)[centre_of]
    members = flip_bits(centres[centre_of], rates, rng)
    unrelated = rng.integers(0, 256, (size - clustered, 32), dtype=np.uint8)
    bank = np.concatenate([members, unrelated])
    return bank[rng.permutation(size)]


def make_queries(
    bank: np.ndarray, count: int, radius: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Half near-duplicates of random bank rows at distances 0..radius, half random hashes;
    with the bank row each query was planted from (-1 for a random query)."""
    near = count // 2
    sources = rng.integers(0, bank.shape[0], near)
    planted = flip_exactly(bank[sources], rng.integers(0, radius + 1, near), rng)
    unrelated = rng.integers(0, 256, (count - near, 32), dtype=np.uint8)
    order = rng.permutation(count)
    return np.concatenate([planted, unrelated])[order], np.concatenate(
        [sources, -np.ones(count - near, np.int64)]
    )[order]


Rate = tuple[float, float]  # queries per wall-clock second, per CPU second (all threads)


def best_rate(search: Callable[[], object], count: int, rounds: int) -> Rate:
    """Best queries/s of a few rounds, by wall clock and by CPU time used (on a shared machine
    the least disturbed round; CPU time does not count time spent waiting for a core)."""
    wall = cpu = float("inf")
    for _round in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        search()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return count / wall, count / cpu


def faiss_matches(
    bank: np.ndarray, queries: np.ndarray, radius: int, rounds: int
) -> tuple[set, Rate]:
    """FAISS brute-force matches as a set of (query, row, distance) and its queries/s."""
    flat = faiss.IndexBinaryFlat(256)
    flat.add(bank)
    rate = best_rate(lambda: flat.range_search(queries, radius + 1), queries.shape[0], rounds)
    limits, distances, rows = flat.range_search(queries, radius + 1)  # FAISS keeps d < radius
    query_of = np.repeat(np.arange(queries.shape[0]), np.diff(limits).astype(np.int64))
    return set(zip(query_of.tolist(), rows.tolist(), distances.tolist(), strict=True)), rate


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--faiss-queries", type=int, default=3_000)
    parser.add_argument("--radius", type=int, default=31)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=numba.config.NUMBA_NUM_THREADS)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    numba.set_num_threads(args.threads)
    faiss.omp_set_num_threads(args.threads)
    rng = np.random.default_rng(20261125)
    bank = make_bank(args.bank, rng)
    queries, sources = make_queries(bank, args.queries, args.radius, rng)
    PdqIndex.build(bank[:1000]).query(queries[:10], args.radius)  # JIT / cache load, not timed

    started = time.perf_counter()
    index = PdqIndex.build(bank)
    build_s = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours = best_rate(lambda: index.query(queries, args.radius), args.queries, args.rounds)
    matches = index.query(queries, args.radius)
    sample = queries[: args.faiss_queries]
    ours_sample = best_rate(lambda: index.query(sample, args.radius), sample.shape[0], args.rounds)
    expected, theirs = faiss_matches(bank, sample, args.radius, args.rounds)

    in_sample = matches.query < sample.shape[0]
    columns = (matches.query[in_sample], matches.row[in_sample], matches.distance[in_sample])
    found = set(zip(*(column.tolist() for column in columns), strict=True))
    source_found = np.zeros(args.queries, bool)
    source_found[matches.query[matches.row == sources[matches.query]]] = True
    planted = sources >= 0
    unrelated_hits = np.isin(np.flatnonzero(~planted), matches.query).sum()
    index_mib = (
        sum(
            a.nbytes
            for a in (index._tables.offsets, index._tables.rows, index._tables.inline, index.hashes)
        )
        / 2**20
    )
    print(
        f"bank {args.bank:,} hashes, {args.queries:,} queries, radius {args.radius}, "
        f"{args.threads} threads, best of {args.rounds} rounds"
    )
    print(
        f"build             {build_s:9.2f} s    index memory {index_mib:,.0f} MiB, "
        f"peak RSS after build {peak_mib:,.0f} MiB"
    )
    print(
        f"truemark index    {ours[0]:9,.0f} queries/s  ({matches.query.shape[0]:,} matches, "
        f"{source_found[planted].sum():,}/{planted.sum():,} planted near-duplicates found, "
        f"{unrelated_hits} random queries matched)"
    )
    print(f"  on the sample   {ours_sample[0]:9,.0f} queries/s  ({sample.shape[0]:,} queries)")
    print(f"FAISS binary flat {theirs[0]:9,.0f} queries/s  ({sample.shape[0]:,} queries)")
    print(
        f"speed-up          {ours[0] / theirs[0]:9,.1f} x   (sample batch alone: "
        f"{ours_sample[0] / theirs[0]:,.1f} x; per CPU second: {ours[1] / theirs[1]:,.1f} x, "
        f"{ours[1]:,.0f} vs {theirs[1]:,.0f} queries)"
    )
    print(
        f"recall vs FAISS   {len(found & expected) / max(1, len(expected)):9.2%}    "
        f"({len(expected):,} FAISS matches: {len(expected - found)} missed, "
        f"{len(found - expected)} extra)"
    )
    final_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS          {final_mib:9,.0f} MiB (with the bank, queries and FAISS's copy)")


if __name__ == "__main__":
    main()
