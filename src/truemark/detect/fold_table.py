"""Folding as one per-character replacement, for the texts where that equals :func:`fold`.

:func:`~truemark.detect.normalize.fold` runs eight string passes (lower case, NFKD, accent
removal, NFC, lower case, invisible characters, dots, homoglyphs). For almost every character
its fold does not depend on its neighbours, so the fold of a text is the concatenation of its
characters' folds: one ``replace_many`` pass with a table of every character whose fold differs
from itself. The exceptions are *contextual* characters, and a text holding any is folded the
long way:

- combining marks and unassigned code points (their fold depends on the character before);
- capital sigma (lower-cased to ``ς`` at the end of a word, ``σ`` elsewhere);
- Hangul conjoining jamo (NFC composes them with their neighbours);
- characters that decompose into one of those: whose decomposition starts with a mark
  (reordered or composed with the character before), holds a capital sigma, or still holds a
  jamo once recomposed (compatibility jamo; a Hangul syllable recomposes whole).

A decomposition that starts with anything but a mark keeps its marks to itself: no character
after it can reorder or compose across them unless it is contextual itself, so "é", "ド" and
"가" fold alone.

Both the table and the contextual set are computed from the fold itself over every code point,
so they always agree with the library versions that run it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.cache import cached
from truemark.detect.normalize import _MARKS_ON_ALPHABETS, fold

_JAMO = r"\x{1100}-\x{11FF}\x{A960}-\x{A97F}\x{D7B0}-\x{D7FF}"
_CONTEXTUAL_ITSELF = rf"\p{{M}}\p{{Cn}}Σ{_JAMO}"


@dataclass(frozen=True)
class FoldTable:
    """Per-character folds (``characters`` -> ``folds``) and the class of contextual ones."""

    characters: list[str]
    folds: list[str]
    contextual: str
    """Regular expression (one character class) matching a contextual character."""

    def fold(self, texts: pl.Series) -> pl.Series:
        """:func:`fold` of every text: one table pass, the long way for contextual texts."""
        folded = texts.str.replace_many(self.characters, self.folds)
        contextual = texts.str.contains(self.contextual).fill_null(False)
        if contextual.any():
            rows = contextual.arg_true()
            slow = pl.select(fold(pl.lit(texts.gather(rows)))).to_series()
            folded = folded.scatter(rows, slow)
        return folded.alias(texts.name)


@cache
def fold_table() -> FoldTable:
    """The table of this process's Unicode data and homoglyph table (built once, ~0.3 s, and
    kept in the build cache)."""
    return cached("fold-table", b"", _build_fold_table)


def _build_fold_table() -> FoldTable:
    every = _every_character()
    assigned = every.filter(~every.str.contains(r"^\p{Cn}$"))
    itself = assigned.str.contains(f"^[{_CONTEXTUAL_ITSELF}]$")
    stripped = assigned.str.to_lowercase().str.normalize("NFKD")
    stripped = stripped.str.replace_all(_MARKS_ON_ALPHABETS, "$1")
    decomposed = stripped.str.contains(r"^\p{M}|Σ") | stripped.str.normalize("NFC").str.contains(
        f"[{_JAMO}]"
    )
    folds = pl.select(fold(pl.lit(assigned))).to_series()
    changed = ~(itself | decomposed) & (folds != assigned)
    extra = assigned.filter(decomposed & ~itself)
    return FoldTable(
        assigned.filter(changed).to_list(),
        folds.filter(changed).to_list(),
        f"[{_CONTEXTUAL_ITSELF}{_ranges([ord(c) for c in extra])}]",
    )


def _every_character() -> pl.Series:
    """Every Unicode scalar value as a one-character string (surrogates are not characters)."""
    points = np.concatenate([np.arange(0xD800), np.arange(0xE000, 0x110000)]).astype("<u4")
    encoded = points.tobytes().decode("utf-32-le").encode("utf-8")
    widths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    array = pa.LargeStringArray.from_buffers(
        len(points), pa.py_buffer(offsets), pa.py_buffer(encoded)
    )
    return pl.Series("character", array)


def _ranges(points: list[int]) -> str:
    """Sorted code points as character-class ranges: ``\\x{41}-\\x{5A}\\x{61}``."""
    parts: list[str] = []
    for group in np.split(np.array(points), np.flatnonzero(np.diff(points) != 1) + 1):
        if len(group):
            first, last = int(group[0]), int(group[-1])
            parts.append(rf"\x{{{first:X}}}" + (rf"-\x{{{last:X}}}" if last > first else ""))
    return "".join(parts)
