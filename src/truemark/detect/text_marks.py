"""Brand marks of a batch: exact, alias, abbreviation and obfuscated, with field and offsets.

A mark found in a row's folded text but not in its raw text is *obfuscated*: it only shows
after homoglyph, full-width, accent or zero-width folding ("Gucсі" with Cyrillic letters).
Texts of listings with no clear mark so far that show a sign of leetspeak, a cut or spacing
(:func:`obfuscation_hint`: a leet character beside a letter, as in "44mm" too, a cut, spaced
letters, or a catalog word written wholly in leet, "8055"; about half of simulated titles and
a fifth of descriptions) are also scanned in their leet and deobfuscated variants ("r0lex",
"G U C C I", "Guc-ci"); marks found only there are obfuscated too. Titles go first, so a
description is checked only when its title named no brand.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from truemark.detect.leet_kernel import leet_readings
from truemark.detect.normalize import (
    LEET_TABLES,
    OBFUSCATION_HINT,
    deobfuscated_rows,
    leet_bytes,
    leet_term_hint,
)
from truemark.detect.ranges import is_in
from truemark.detect.text_fields import DESCRIPTION, FieldText
from truemark.detect.text_resolve import row_brand_keys
from truemark.index.marks import MarkIndex, MarkKind, MarkMatches
from truemark.index.scanner import Column
from truemark.io.text import string_series

MARK_COLUMNS = {
    "row": np.int64,
    "field": np.int8,
    "brand": np.int32,
    "kind": np.int8,
    "needs_context": np.bool_,
    "start": np.int64,
    "end": np.int64,
    "legit": np.bool_,
}
"""The columns of :class:`Marks` and their types."""


def find_marks(
    index: MarkIndex,
    fields: list[FieldText],
    cue_rows: np.ndarray | None = None,
    hint: str | None = None,
) -> Marks:
    """One row per mark occurrence (:class:`Marks`), in every field of the batch.

    Leet and spacing variants are tried on every title, and on the descriptions of ``cue_rows``
    only (listings that also say "replica" and the like): a regex pass over every description
    would cost as much as the rest of the detector."""
    parts: list[Marks] = []
    hint = hint or obfuscation_hint(index)
    for text in fields:
        raw = index.query(text.raw_column)
        folded_row = text.is_folded[raw.row]
        parts.append(Marks.of(raw, text.field, ~folded_row))
        if len(text.folded_rows):
            parts.append(_folded_marks(index, text, raw, folded_row))
        eligible = np.ones(len(text.raw), dtype=bool)
        if text.field == DESCRIPTION and cue_rows is not None:
            eligible[:] = False
            eligible[cue_rows] = True
        parts.append(_variant_marks(index, text, _NamedMarks.of(parts), eligible, hint))
    return Marks.concat(parts)


@dataclass(frozen=True, slots=True)
class _NamedMarks:
    """The rows and brands of the marks found so far that write their brand's name, and which
    of them need no context: what the variant readings are checked against."""

    row: np.ndarray
    brand: np.ndarray
    clear: np.ndarray

    @classmethod
    def of(cls, parts: list[Marks]) -> _NamedMarks:
        named = _naming(np.concatenate([part.kind for part in parts]))
        needs_context = np.concatenate([part.needs_context for part in parts])[named]
        return cls(
            np.concatenate([part.row for part in parts])[named],
            np.concatenate([part.brand for part in parts])[named],
            ~needs_context,
        )


@dataclass(frozen=True, slots=True)
class Marks:
    """A batch's marks as arrays, one per column of ``MARK_COLUMNS`` (types as there once
    concatenated): where each is (row, field, byte offsets; -1 where a variant of the text
    holds it), whose (brand), how it is written (kind: a ``MarkKind``, or ``FUZZY``), whether
    it still needs context, and whether a mention phrase makes it legitimate (``legit``, set
    by :func:`~truemark.detect.text_resolve.mark_mentions`)."""

    row: np.ndarray
    field: np.ndarray
    brand: np.ndarray
    kind: np.ndarray
    needs_context: np.ndarray
    start: np.ndarray
    end: np.ndarray
    legit: np.ndarray

    @classmethod
    def of(cls, matches: MarkMatches, field: int, keep: np.ndarray) -> Marks:
        """The ``keep`` (mask) matches of one field (where it keeps all, no copy)."""
        index = slice(None) if keep.all() else keep
        count = len(matches.row[index])
        return cls(
            matches.row[index],
            np.full(count, field, dtype=np.int8),
            matches.brand[index],
            matches.kind[index],
            matches.needs_context[index],
            matches.start[index],
            matches.end[index],
            np.zeros(count, dtype=bool),
        )

    @classmethod
    def unplaced(
        cls, field: int, row: np.ndarray, brand: np.ndarray, kind: int, needs_context: np.ndarray
    ) -> Marks:
        """Marks of one kind found where no offset maps back to the text (-1): obfuscated
        marks in variants of a field's texts, fuzzy ones in its tokens."""
        count = len(row)
        offsets = np.full(count, -1, dtype=np.int64)
        return cls(
            row,
            np.full(count, field, dtype=np.int8),
            brand,
            np.full(count, kind, dtype=np.int8),
            needs_context,
            offsets,
            offsets,
            np.zeros(count, dtype=bool),
        )

    @classmethod
    def concat(cls, parts: list[Marks]) -> Marks:
        return cls(
            *(
                np.concatenate([getattr(part, name) for part in parts]).astype(kind, copy=False)
                for name, kind in MARK_COLUMNS.items()
            )
        )

    def take(self, index: np.ndarray) -> Marks:
        """The marks at ``index`` (positions or a mask)."""
        return Marks(*(getattr(self, name)[index] for name in MARK_COLUMNS))

    def with_legit(self, legit: np.ndarray) -> Marks:
        return replace(self, legit=legit)


def obfuscation_hint(index: MarkIndex) -> str:
    """:data:`~truemark.detect.normalize.OBFUSCATION_HINT`, and the index's marks with a word
    written wholly in leet (:func:`~truemark.detect.normalize.leet_term_hint`)."""
    leet_terms = leet_term_hint(pattern.term for pattern in index.patterns)
    return f"{OBFUSCATION_HINT}|{leet_terms}" if leet_terms else OBFUSCATION_HINT


def _variant_marks(
    index: MarkIndex, text: FieldText, found: _NamedMarks, eligible: np.ndarray, hint: str
) -> Marks:
    """Marks that show only in the leet or deobfuscated variants of hinted texts of listings
    with no clear mark yet: obfuscated. Variant offsets do not map back to the text: they are -1."""
    unmarked = eligible.copy()
    unmarked[found.row[found.clear]] = False
    rows = np.flatnonzero(unmarked)
    view = text.view_column.take(rows)  # raw rows as written, folded rows folded
    texts = string_series(text.raw.name, view.offsets, view.values)
    hinted = texts.str.contains(hint).to_numpy()
    if not hinted.any():
        none = np.zeros(0, dtype=np.int64)
        return Marks.unplaced(
            text.field, none, none.astype(np.int32), _OBFUSCATED, none.astype(bool)
        )
    chosen = np.flatnonzero(hinted)
    reading_rows, readings = _readings(rows[chosen], view.take(chosen))
    hits = index.query(readings)
    row, brand, needs_context = reading_rows[hits.row], hits.brand, _still_ambiguous(hits)
    order = np.lexsort((needs_context, row))  # by row, a mark needing no context first
    row, brand, needs_context = row[order], brand[order], needs_context[order]
    first = np.sort(np.unique(row_brand_keys(row, brand), return_index=True)[1])
    row, brand, needs_context = row[first], brand[first], needs_context[first]
    hidden = _unseen(row, brand, found.row, found.brand, len(eligible))
    return Marks.unplaced(
        text.field, row[hidden], brand[hidden], _OBFUSCATED, needs_context[hidden]
    )


_OBFUSCATED = int(MarkKind.OBFUSCATED)
_LEET, _ONE, _BAR = 1, 2, 4
_BYTE_CLASS = np.zeros(256, dtype=np.uint8)
_BYTE_CLASS[[ord(character) for character in LEET_TABLES[0]]] = _LEET
_BYTE_CLASS[ord("1")] |= _ONE
_BYTE_CLASS[ord("|")] |= _BAR
_LEET_BYTES = np.stack([leet_bytes(table) for table in LEET_TABLES])
_READ_IF_ANY = np.array([_LEET, *[_ONE | _BAR] * (len(LEET_TABLES) - 1)], dtype=np.uint8)
_READ_IF_ALL = np.array([0, 0, *[_ONE | _BAR] * (len(LEET_TABLES) - 2)], dtype=np.uint8)
"""Which texts each table reads: any leet character (the first), a "1" or a "|" (the second),
both (the others)."""


def _readings(rows: np.ndarray, column: Column) -> tuple[np.ndarray, Column]:
    """Every leet reading of the texts (``column``, of batch ``rows``) and of their
    deobfuscated forms, and those forms, where it differs from the text itself (one equal to
    the text finds only marks already found): each reading's batch row, and the readings as
    one scannable column.

    Tables differ only on "1" and "|": a text holding either has a second reading (each read as
    "l"), a text holding both two more (one of them read as "l"). Only texts that
    deobfuscation changed are read again in that form. Leet readings are byte tables over the
    texts' UTF-8 (:func:`~truemark.detect.normalize.leet_bytes`). Readings are compared with
    their own text row by row, not made distinct across the batch: a rare repeat costs one more
    scan of a short text, a hash of every reading cost more (the marks found are the same)."""
    changed, spaced = deobfuscated_rows(column)
    forms = [(rows, column), (rows[changed], spaced)]
    readings = [forms[1]]
    for form_rows, form in forms:
        row, values, offsets = leet_readings(
            form.values,
            form.offsets,
            _BYTE_CLASS,
            _LEET_BYTES,
            _READ_IF_ANY,
            _READ_IF_ALL,
        )
        ascii = form.ascii[row] if form.ascii is not None else None  # a reading keeps it
        readings.append((form_rows[row], Column(values, offsets, separated=False, ascii=ascii)))
    return (
        np.concatenate([form_rows for form_rows, _ in readings]),
        Column.concat([reading for _, reading in readings]),
    )


def _folded_marks(
    index: MarkIndex, text: FieldText, raw: MarkMatches, folded_row: np.ndarray
) -> Marks:
    """Marks of the folded rows; those the raw text lacks (same row and brand) are obfuscated."""
    found = index.query(text.folded_column)
    rows = text.folded_rows[found.row]
    named = folded_row & _naming(raw.kind)
    plain = row_brand_keys(raw.row[named], raw.brand[named])
    hidden = ~is_in(row_brand_keys(rows, found.brand), plain)
    kind = np.where(hidden, np.int8(MarkKind.OBFUSCATED), found.kind).astype(np.int8)
    context = np.where(hidden, _still_ambiguous(found), found.needs_context)
    matches = MarkMatches(rows, found.brand, kind, context, found.start, found.end)
    return Marks.of(matches, text.field, np.ones(len(rows), dtype=bool))


def _naming(kind: np.ndarray) -> np.ndarray:
    """Which marks write their brand's name: all but quoted references. A SKU hides no name: a
    reference does not stand for the name written plainly, so the brand's name disguised in
    the same listing is still an obfuscated mark."""
    return kind != int(MarkKind.REFERENCE)


def _still_ambiguous(found: MarkMatches) -> np.ndarray:
    """A disguised common word ("App13", "OME\u2060GA") is no accident: it needs no context.
    A disguised abbreviation ("L.V") still does: too many short tokens fold to two letters."""
    return found.needs_context & (found.kind == MarkKind.ABBREVIATION)


def _unseen(
    rows: np.ndarray,
    brands: np.ndarray,
    found_rows: np.ndarray,
    found_brands: np.ndarray,
    height: int,
) -> np.ndarray:
    """Which (row, brand) pairs the found ones lack; few rows against many, so the found are
    first cut to those rows."""
    in_marks = np.zeros(height, dtype=bool)
    in_marks[rows] = True
    near = in_marks[found_rows]
    seen = row_brand_keys(found_rows[near], found_brands[near])
    return ~is_in(row_brand_keys(rows, brands), seen)
