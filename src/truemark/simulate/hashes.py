"""PDQ hashes as (n, 32) uint8 arrays: random hashes, bit flips by count, hex columns."""

from __future__ import annotations

import numpy as np
import polars as pl

PDQ_BYTES = 32
PDQ_BITS = 256
_HEX_PAIRS = (
    np.array([f"{value:02x}".encode() for value in range(256)], dtype="S2")
    .view(np.uint8)
    .reshape(256, 2)
)


def random_hashes(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` fresh PDQ hashes (photos nobody else has)."""
    return rng.integers(0, 256, size=(count, PDQ_BYTES), dtype=np.uint8)


def hex_to_array(hexes: list[str]) -> np.ndarray:
    """Hex strings to an (n, 32) uint8 array."""
    return (
        np.frombuffer(bytes.fromhex("".join(hexes)), dtype=np.uint8).reshape(-1, PDQ_BYTES).copy()
    )


def _exact_masks(rng: np.random.Generator, bits: int, count: int) -> np.ndarray:
    """``count`` random (32-byte) masks with exactly ``bits`` bits set."""
    keys = rng.random((count, PDQ_BITS))
    ranks = np.argsort(np.argsort(keys, axis=1), axis=1)
    return np.packbits((ranks < bits).astype(np.uint8), axis=1)


def flip_bits(
    rng: np.random.Generator, hashes: np.ndarray, counts: np.ndarray, variety: int = 64
) -> np.ndarray:
    """Each hash with exactly ``counts[i]`` distinct bits flipped, at random positions.

    For speed, masks come from ``variety`` random masks per distinct count, each rotated by a
    random number of bytes per row (rotation keeps the number of set bits).
    """
    if len(hashes) == 0:
        return hashes.copy()
    counts = np.clip(counts, 0, PDQ_BITS)
    distinct, which = np.unique(counts, return_inverse=True)
    table = np.stack([_exact_masks(rng, int(bits), variety) for bits in distinct])
    masks = table[which, rng.integers(0, variety, len(hashes))]
    shift = rng.integers(0, PDQ_BYTES, len(hashes))
    rotated = np.take_along_axis(
        masks, (np.arange(PDQ_BYTES)[None, :] + shift[:, None]) % PDQ_BYTES, axis=1
    )
    return hashes ^ rotated


def hamming(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Row-wise bit distance of two (n, 32) hash arrays."""
    return np.unpackbits(left ^ right, axis=1).sum(axis=1)


def to_hex_series(hashes: np.ndarray, name: str = "pdq") -> pl.Series:
    """An (n, w) byte array as a polars string column of 2w-character hex values."""
    width = 2 * hashes.shape[1]
    chars = _HEX_PAIRS[hashes].reshape(len(hashes), width)
    return pl.Series(name, np.ascontiguousarray(chars).view(f"S{width}").ravel()).cast(pl.String)
