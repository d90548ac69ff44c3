"""Every Unicode character as a column, and a character class as a table of code points.

A table is computed by polars' own regular-expression engine over every character, so a
kernel that looks characters up in it agrees with the pattern it stands for, on the Unicode
version of the installed polars.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import polars as pl

from truemark.cache import cached
from truemark.io.text import string_series

CODE_POINTS = 0x110000


def scalar_values() -> np.ndarray:
    """Every Unicode scalar value in order (code points less the surrogates)."""
    return np.concatenate([np.arange(0xD800), np.arange(0xE000, CODE_POINTS)]).astype("<u4")


def every_character() -> pl.Series:
    """Every Unicode scalar value as a one-character string, in :func:`scalar_values` order."""
    points = scalar_values()
    encoded = points.tobytes().decode("utf-32-le").encode("utf-8")
    widths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    return string_series("character", offsets, np.frombuffer(encoded, dtype=np.uint8))


def in_class(characters: str) -> np.ndarray:
    """Per code point, whether the Rust regular expression ``characters`` (one character,
    such as ``[\\p{L}\\p{N}]``) matches it; surrogates never do. Built once per process and
    kept in the build cache (~0.2 s to build)."""
    return unpacked(_packed(characters))


def unpacked(packed: bytes) -> np.ndarray:
    """Bits packed by ``numpy.packbits``, one per code point, as booleans."""
    return np.unpackbits(np.frombuffer(packed, dtype=np.uint8), count=CODE_POINTS).astype(bool)


def in_python_class(characters: str) -> np.ndarray:
    r"""Per code point, whether Python's regular expression ``characters`` (one character, such
    as ``[^\W_]``) matches it: for kernels that stand for a pattern Python's ``re`` runs
    (Unicode classes differ from Rust's, ``\w`` among them). Kept in the build cache."""
    return unpacked(_python_packed(characters))


@cache
def _python_packed(characters: str) -> bytes:
    def build() -> bytes:
        points = scalar_values()
        text = points.tobytes().decode("utf-32-le")  # every character once, in order
        found = [match.start() for match in re.finditer(characters, text)]
        table = np.zeros(CODE_POINTS, dtype=bool)
        table[points[np.array(found, dtype=np.int64)]] = True
        return np.packbits(table).tobytes()

    return cached("python-character-class", characters.encode("utf-8"), build, code=__name__)


@cache
def _packed(characters: str) -> bytes:
    def build() -> bytes:
        table = np.zeros(CODE_POINTS, dtype=bool)
        table[scalar_values()] = every_character().str.contains(f"^{characters}$").to_numpy()
        return np.packbits(table).tobytes()

    return cached("character-class", characters.encode("utf-8"), build, code=__name__)
