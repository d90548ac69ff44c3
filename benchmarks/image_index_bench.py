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


def make_queries(bank: np.ndarray, count: int, radius: int, rng: np.random.Generator) -> np.ndarray:
    """Half near-duplicates of random bank hashes at distances 0..radius, half random hashes."""
    near = count // 2
    sources = bank[rng.integers(0, bank.shape[0], near)]
    planted = flip_exactly(sources, rng.integers(0, radius + 1, near), rng)
    unrelated = rng.integers(0, 256, (count - near, 32), dtype=np.uint8)
    return np.concatenate([planted, unrelated])[rng.permutation(count)]


def faiss_pairs(bank: np.ndarray, queries: np.ndarray, radius: int) -> tuple[set, float]:
    """FAISS brute-force matches as a set of (query, row, distance) and its queries/s."""
    flat = faiss.IndexBinaryFlat(256)
    flat.add(bank)
    started = time.perf_counter()
    limits, distances, rows = flat.range_search(queries, radius + 1)  # FAISS keeps d < radius
    rate = queries.shape[0] / (time.perf_counter() - started)
    query_of = np.repeat(np.arange(queries.shape[0]), np.diff(limits).astype(np.int64))
    return set(zip(query_of.tolist(), rows.tolist(), distances.tolist(), strict=True)), rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--faiss-queries", type=int, default=2_000)
    parser.add_argument("--radius", type=int, default=31)
    parser.add_argument("--threads", type=int, default=numba.config.NUMBA_NUM_THREADS)
    args = parser.parse_args()
    numba.set_num_threads(args.threads)
    faiss.omp_set_num_threads(args.threads)
    rng = np.random.default_rng(20261125)
    bank = make_bank(args.bank, rng)
    queries = make_queries(bank, args.queries, args.radius, rng)
    PdqIndex.build(bank[:1000]).query(queries[:10], args.radius)  # JIT / cache load, not timed

    started = time.perf_counter()
    index = PdqIndex.build(bank)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    matches = index.query(queries, args.radius)
    ours_rate = queries.shape[0] / (time.perf_counter() - started)

    sample = queries[: args.faiss_queries]
    started = time.perf_counter()
    index.query(sample, args.radius)
    ours_small_rate = sample.shape[0] / (time.perf_counter() - started)
    expected, faiss_rate = faiss_pairs(bank, sample, args.radius)
    in_sample = matches.query < sample.shape[0]
    found = set(
        zip(
            matches.query[in_sample].tolist(),
            matches.row[in_sample].tolist(),
            matches.distance[in_sample].tolist(),
            strict=True,
        )
    )
    recall = len(found & expected) / max(1, len(expected))
    table_bytes = sum(
        part.nbytes
        for part in (index._tables.offsets, index._tables.rows, index._tables.inline, index.hashes)
    )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"bank {args.bank:,} hashes, {args.queries:,} queries, radius {args.radius}, "
        f"{args.threads} threads"
    )
    print(f"build            {build_s:8.2f} s   index memory {table_bytes / 2**20:,.0f} MiB")
    print(f"truemark index   {ours_rate:10,.0f} queries/s  ({matches.query.shape[0]:,} matches)")
    print(f"  same on sample {ours_small_rate:10,.0f} queries/s  ({sample.shape[0]:,} queries)")
    print(f"FAISS flat       {faiss_rate:10,.0f} queries/s  ({sample.shape[0]:,} queries)")
    print(
        f"speed-up         {ours_rate / faiss_rate:10,.1f} x  (batch), "
        f"{ours_small_rate / faiss_rate:,.1f} x (sample)"
    )
    print(
        f"recall vs FAISS  {recall:10.4%}   ({len(expected):,} FAISS matches, "
        f"{len(found - expected)} extra, {len(expected - found)} missed)"
    )
    print(f"peak RSS         {peak_mib:10,.0f} MiB")


if __name__ == "__main__":
    main()
