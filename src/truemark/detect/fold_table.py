"""Folding as one per-character replacement, for the texts where that equals :func:`fold`.

:func:`~truemark.detect.normalize.fold` runs nine string passes (lower case, invisible
characters, NFKD, accent removal, NFC, lower case, dots, homoglyphs, accent removal again).
For almost every character its fold does not depend on its neighbours, so the fold of a text
is the concatenation of its characters' folds: one pass (:mod:`~truemark.detect.fold_kernel`)
with a table of every character whose fold differs from itself. The exceptions are
*contextual* characters, and a text holding any is folded the long way:

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
from functools import cache, cached_property

import numpy as np
import polars as pl

from truemark.cache import cached
from truemark.detect.code_points import (
    CODE_POINTS,
    every_character,
    in_class,
    scalar_values,
    unpacked,
)
from truemark.detect.fold_kernel import (
    SELECTOR,
    SELECTOR_DROP,
    SELECTOR_KEEP,
    FoldTables,
    fold_utf8,
    view_utf8,
)
from truemark.detect.normalize import _MARKS_ON_ALPHABETS, fold, fold_column
from truemark.index.scanner import Column, prepare
from truemark.io.text import large_string_buffers, string_series

_JAMO = r"\x{1100}-\x{11FF}\x{A960}-\x{A97F}\x{D7B0}-\x{D7FF}"
_CONTEXTUAL_ITSELF = rf"\p{{M}}\p{{Cn}}Σ{_JAMO}"
_SELECTOR = chr(SELECTOR)
_SELECTOR_CLASS = rf"\x{{{SELECTOR:X}}}"
"""VS16, a mark, is contextual only after characters the table does not say what it does
after (its fold is that character's business: see ``FoldTable.selector_drop``)."""


@dataclass(frozen=True)
class FoldTable:
    """Per-character folds (``characters`` -> ``folds``) and the class of contextual ones.

    :meth:`fold` is the whole fold of a column, what the tests hold against the long way over
    every character and pair of neighbours; the text detector reads :meth:`view`, which folds
    by the same row fold (``fold_kernel._fold_row``) only where that changes a row."""

    characters: list[str]
    folds: list[str]
    contextual: str
    """Regular expression (one character class) matching a contextual character."""
    contextual_points: bytes
    """The same class as bits, one per code point (``numpy.packbits`` order)."""
    selector_drop: bytes
    """Bits per code point: a VS16 (U+FE0F, emoji presentation) after this character folds to
    nothing (after a letter of an alphabet: an accent-like mark)."""
    selector_keep: bytes
    """Bits per code point: a VS16 after this character stays ("❤️"). After any other (a
    mark, another VS16, an invisible character, the row's start) the text is folded the long way."""

    def fold(self, texts: pl.Series) -> pl.Series:
        """:func:`fold` of every text: one table pass, the long way for contextual texts."""
        return self.fold_changed(texts)[0]

    def fold_changed(self, texts: pl.Series) -> tuple[pl.Series, np.ndarray]:
        """:meth:`fold`, and which texts it changes beyond the case of ASCII letters (a text
        it does not is found case-insensitively as it is)."""
        array, offsets, data = large_string_buffers(texts)
        folded_offsets, folded_bytes, contextual, changed = fold_utf8(
            offsets, data, *self._kernel_tables
        )
        folded = string_series(texts.name, folded_offsets, folded_bytes)
        if array.null_count:
            folded = folded.scatter(np.flatnonzero(array.is_null().to_numpy(False)), None)
        if contextual.any():
            rows = np.flatnonzero(contextual)
            folded = folded.scatter(rows, fold_column(texts.gather(rows)))
        return folded, changed

    def view(self, texts: pl.Series, column: Column) -> tuple[Column, np.ndarray]:
        """The *view* of ``texts`` (``column``, their scannable form): each row :meth:`fold`-ed
        where that changes it beyond the case of ASCII letters, as written elsewhere (so ASCII
        rows as written), in one pass (:func:`~truemark.detect.fold_kernel.view_utf8`); and
        which rows are folded. The rows known to hold ASCII only are ``column``'s where it
        knows them (else they are found), and the view's. ``column`` is not separated (a row's
        newline would stay in its long-way fold): ValueError otherwise."""
        if column.separated:
            raise ValueError("the view is made of a column whose rows are not separated")
        ascii = column.with_ascii().ascii_rows()
        offsets, values, contextual, changed = view_utf8(
            column.offsets, column.values, ~ascii, *self._kernel_tables
        )
        view = Column(values, offsets, column.separated, ascii)  # an ASCII row stays as it is
        if contextual.any():
            rows = np.flatnonzero(contextual)
            slow = prepare(fold_column(texts.gather(rows)), separated=False)
            view = view.splice(rows, slow)
        return view, changed

    @cached_property
    def _kernel_tables(self) -> tuple[FoldTables, int]:
        """The kernels' tables: code point -> (start, width) of its fold in the fold bytes
        (start -1: unchanged), those bytes, code point -> contextual, code point -> what a VS16
        after it does (:data:`~truemark.detect.fold_kernel.SELECTOR_DROP`, ``_KEEP``, else the
        long way), and the one-byte folds of ASCII characters (:func:`_ascii_folds`); and the
        most bytes a fold has per byte of its character. Built once per process (~10 ms)."""
        points = np.array([ord(c) for c in self.characters], dtype=np.int64)
        encoded = [f.encode("utf-8") for f in self.folds]
        widths = np.array([len(e) for e in encoded], dtype=np.int16)
        start = np.full(CODE_POINTS, -1, dtype=np.int32)
        width = np.zeros(CODE_POINTS, dtype=np.int16)
        start[points] = np.concatenate([[0], np.cumsum(widths)[:-1]]).astype(np.int32)
        width[points] = widths
        folds = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        contextual = unpacked(self.contextual_points)
        selector = np.zeros(CODE_POINTS, dtype=np.uint8)
        selector[unpacked(self.selector_drop)] = SELECTOR_DROP
        selector[unpacked(self.selector_keep)] = SELECTOR_KEEP
        sizes = np.array([len(c.encode("utf-8")) for c in self.characters], dtype=np.int64)
        expansion = int(np.ceil(widths / sizes).max()) if len(sizes) else 1
        ascii_folds = _ascii_folds(start, width, folds, contextual)
        return (start, width, folds, contextual, selector, ascii_folds), max(expansion, 1)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the kernel tables (10 MB, rebuilt where used)."""
        return {name: value for name, value in self.__dict__.items() if name != "_kernel_tables"}


def _ascii_folds(
    start: np.ndarray, width: np.ndarray, folds: np.ndarray, contextual: np.ndarray
) -> np.ndarray:
    """Per ASCII character: the one ASCII byte it folds to (itself where the table leaves it
    alone), or -1 where the kernel must take the long path: a contextual character, or a fold
    that is not one ASCII byte or that changes the row (anything but a capital's lower case).
    Today every ASCII fold is its lower case; the kernel reads this table, not that fact."""
    result = np.arange(128, dtype=np.int16)
    for point in range(128):
        if start[point] >= 0:
            fold = folds[start[point] : start[point] + width[point]].tolist()
            capital = ord("A") <= point <= ord("Z")
            one_byte = len(fold) == 1 and fold[0] < 0x80
            result[point] = fold[0] if one_byte and (capital or fold[0] == point) else -1
        if contextual[point]:
            result[point] = -1
    return result


@cache
def fold_table() -> FoldTable:
    """The table of this process's Unicode data and homoglyph table (built once, ~0.3 s, and
    kept in the build cache)."""
    return cached("fold-table", b"", _build_fold_table, code=__name__)


def _build_fold_table() -> FoldTable:
    every = every_character()
    is_assigned = ~every.str.contains(r"^\p{Cn}$")
    assigned = every.filter(is_assigned)
    itself = assigned.str.contains(f"^[{_CONTEXTUAL_ITSELF}]$")
    stripped = assigned.str.to_lowercase().str.normalize("NFKD")
    stripped = stripped.str.replace_all(_MARKS_ON_ALPHABETS, "$1")
    decomposed = stripped.str.contains(r"^\p{M}|Σ") | stripped.str.normalize("NFC").str.contains(
        f"[{_JAMO}]"
    )
    folds = pl.select(fold(pl.lit(assigned))).to_series()
    changed = ~(itself | decomposed) & (folds != assigned)
    extra = assigned.filter(decomposed & ~itself)
    contextual = f"[[{_CONTEXTUAL_ITSELF}{_ranges([ord(c) for c in extra])}]--{_SELECTOR_CLASS}]"
    flagged = in_class(contextual)
    with_selector = pl.select(fold(pl.lit(assigned + _SELECTOR))).to_series()
    # a VS16 after any other character, or after one that folds to nothing (what it does
    # depends on the character before that): the long way
    alone = ~(itself | decomposed) & (folds != "")
    points = scalar_values()[is_assigned.to_numpy()]
    drop, keep = np.zeros(CODE_POINTS, dtype=bool), np.zeros(CODE_POINTS, dtype=bool)
    drop[points] = (alone & (with_selector == folds)).to_numpy()
    keep[points] = (alone & (with_selector == folds + _SELECTOR)).to_numpy()
    return FoldTable(
        assigned.filter(changed).to_list(),
        folds.filter(changed).to_list(),
        contextual,
        np.packbits(flagged).tobytes(),
        np.packbits(drop).tobytes(),
        np.packbits(keep).tobytes(),
    )


def _ranges(points: list[int]) -> str:
    """Sorted code points as character-class ranges: ``\\x{41}-\\x{5A}\\x{61}``."""
    parts: list[str] = []
    for group in np.split(np.array(points), np.flatnonzero(np.diff(points) != 1) + 1):
        if len(group):
            first, last = int(group[0]), int(group[-1])
            parts.append(rf"\x{{{first:X}}}" + (rf"-\x{{{last:X}}}" if last > first else ""))
    return "".join(parts)
