"""The PDQ hash index: build, save, load and query every stored hash within a Hamming radius.

Exact (no recall lost): multi-index hashing over 16-bit chunks, see ``pdq_search``. Each stored
hash carries an integer id and string metadata columns (brand_id, sku, source, provenance, ...).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numba as nb
import numpy as np
import polars as pl

from truemark.errors import InputError
from truemark.index.pdq_tables import MAX_RADIUS, ChunkTables, Strategy
from truemark.io.text import large_string_buffers

__all__ = ["MAX_RADIUS", "PdqIndex", "PdqMatches", "Strategy", "pdq_hex_to_array"]

FORMAT = "truemark.pdq_index"
FORMAT_VERSION = 1
HASH_BYTES = 32


def _hex_digit_values() -> np.ndarray:
    """ASCII code -> value of that hex digit, 255 for every other character."""
    table = np.full(256, 255, dtype=np.uint8)
    for digit in "0123456789abcdef":
        table[ord(digit)] = table[ord(digit.upper())] = int(digit, 16)
    return table


_HEX_VALUES = _hex_digit_values()


@nb.njit(cache=True)
def _hex_bytes(characters: np.ndarray, digit_values: np.ndarray) -> tuple[np.ndarray, int]:
    """(n, 32) uint8 from n hashes of 64 hex characters back to back, and the first hash
    holding another character (-1 when none)."""
    rows = characters.size // (HASH_BYTES * 2)
    hashes = np.empty((rows, HASH_BYTES), np.uint8)
    for row in range(rows):
        for byte in range(HASH_BYTES):
            at = (row * HASH_BYTES + byte) * 2
            high, low = digit_values[characters[at]], digit_values[characters[at + 1]]
            if high == 255 or low == 255:
                return hashes, row
            hashes[row, byte] = (high << 4) | low
    return hashes, -1


def pdq_hex_to_array(hashes: Sequence[str] | pl.Series) -> np.ndarray:
    """(n, 32) uint8 from 64-hex PDQ strings; ValueError naming the first malformed position."""
    series = pl.Series("pdq", hashes, dtype=pl.String)
    malformed = -1
    if not (series.str.len_bytes() == HASH_BYTES * 2).fill_null(False).all():
        valid = series.str.contains(f"^[0-9a-fA-F]{{{HASH_BYTES * 2}}}$").fill_null(False)
        malformed = int(np.argmin(valid.to_numpy()))
    else:
        _, offsets, data = large_string_buffers(series)
        array, malformed = _hex_bytes(data[offsets[0] : offsets[-1]], _HEX_VALUES)
    if malformed >= 0:
        raise ValueError(
            f"hash {malformed} is not a PDQ hash (64 hex characters): {series[malformed]!r}"
        )
    return array


def _words(hashes: np.ndarray) -> np.ndarray:
    """(n, 32) uint8 as (n, 4) uint64, the layout the search kernels use."""
    if hashes.ndim != 2 or hashes.shape[1] != HASH_BYTES or hashes.dtype != np.uint8:
        raise ValueError(
            f"PDQ hashes must be an (n, {HASH_BYTES}) uint8 array, got "
            f"{hashes.dtype} {hashes.shape}"
        )
    return np.ascontiguousarray(hashes).view(np.uint64).reshape(-1, 4)


def _match_order(query: np.ndarray, row: np.ndarray, distance: np.ndarray) -> np.ndarray:
    """Order by query, then distance, then row: one int64 key sort when the values fit."""
    if query.size == 0 or (query.max() < 1 << 25 and row.max() < 1 << 32):
        key = (query << 38) | (distance.astype(np.int64) << 32) | row
        return np.argsort(key)
    return np.lexsort((row, distance, query))


@dataclass(frozen=True, slots=True)
class PdqMatches:
    """Parallel arrays, one element per match: query position, index row, Hamming distance."""

    query: np.ndarray
    row: np.ndarray
    distance: np.ndarray


class PdqIndex:
    """Stored PDQ hashes with ids and metadata, searchable exactly within a Hamming radius."""

    def __init__(self, hashes: np.ndarray, ids: np.ndarray, metadata: pl.DataFrame) -> None:
        rows = hashes.shape[0]
        if ids.shape != (rows,) or (metadata.width > 0 and metadata.height != rows):
            raise ValueError("ids and metadata need one entry per hash")
        self.hashes = np.ascontiguousarray(hashes)
        self.ids = ids.astype(np.int64)
        self.metadata = metadata
        self._tables = ChunkTables.build(_words(self.hashes))  # checks the shape

    @classmethod
    def build(
        cls,
        hashes: Sequence[str] | np.ndarray,
        metadata: Mapping[str, Sequence[str | None]] | pl.DataFrame | None = None,
        ids: Sequence[int] | np.ndarray | None = None,
    ) -> PdqIndex:
        """Index hex strings or an (n, 32) uint8 array; ids default to 0..n-1."""
        array = hashes if isinstance(hashes, np.ndarray) else pdq_hex_to_array(hashes)
        frame = pl.DataFrame(metadata if metadata is not None else {})
        frame = frame.with_columns(pl.all().cast(pl.String))
        id_array = np.arange(array.shape[0]) if ids is None else np.asarray(ids, dtype=np.int64)
        return cls(array, id_array, frame)

    def __len__(self) -> int:
        return int(self.hashes.shape[0])

    def query(
        self,
        queries: Sequence[str] | pl.Series | np.ndarray,
        radius: int,
        strategy: Strategy = "auto",
    ) -> PdqMatches:
        """Every stored hash within ``radius`` (inclusive) of each query, ordered by query.

        ``strategy`` only changes speed: see :meth:`ChunkTables.search`.
        """
        array = queries if isinstance(queries, np.ndarray) else pdq_hex_to_array(queries)
        query, row, distance = self._tables.search(_words(array), radius, strategy)
        order = _match_order(query, row, distance)
        return PdqMatches(query[order], row[order], distance[order])

    def query_frame(
        self, queries: Sequence[str] | pl.Series | np.ndarray, radius: int
    ) -> pl.DataFrame:
        """Matches as a frame: ``query``, ``id``, ``distance`` and the metadata columns."""
        matches = self.query(queries, radius)
        found = pl.DataFrame(
            {"query": matches.query, "id": self.ids[matches.row], "distance": matches.distance}
        )
        if self.metadata.width == 0:
            return found
        return pl.concat([found, self.metadata[matches.row]], how="horizontal")

    def save(self, path: Path) -> None:
        """Write a versioned ``.npz`` (no pickle): hashes, ids and each metadata column."""
        header = {"format": FORMAT, "version": FORMAT_VERSION, "columns": self.metadata.columns}
        arrays: dict[str, np.ndarray] = {
            "header": np.array(json.dumps(header)),
            "hashes": self.hashes,
            "ids": self.ids,
        }
        for name in self.metadata.columns:
            column = self.metadata[name]
            arrays[f"values.{name}"] = column.fill_null("").to_numpy().astype(np.str_)
            arrays[f"nulls.{name}"] = column.is_null().to_numpy()
        with path.open("wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path) -> PdqIndex:
        """Read an index written by :meth:`save`; InputError for a missing or foreign file."""
        try:
            with np.load(path, allow_pickle=False) as stored:
                header = json.loads(str(stored["header"]))
                if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
                    raise InputError(f"{path}: not a {FORMAT} version {FORMAT_VERSION} file")
                metadata = pl.DataFrame(
                    {
                        name: pl.Series(stored[f"values.{name}"], dtype=pl.String)
                        for name in header["columns"]
                    }
                ).with_columns(
                    pl.when(pl.Series(stored[f"nulls.{name}"]))
                    .then(None)
                    .otherwise(pl.col(name))
                    .alias(name)
                    for name in header["columns"]
                )
                return cls(stored["hashes"], stored["ids"], metadata)
        except FileNotFoundError:
            raise InputError(f"{path}: index file not found") from None
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(f"{path}: not a readable PDQ index ({exc})") from None
