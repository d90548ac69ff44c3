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

import numpy as np
import polars as pl

from truemark.detect.leet_kernel import leet_readings
from truemark.detect.normalize import (
    LEET_TABLES,
    OBFUSCATION_HINT,
    deobfuscate_column,
    leet_bytes,
    leet_term_hint,
)
from truemark.detect.text_fields import DESCRIPTION, FieldText
from truemark.detect.text_resolve import row_brand_keys
from truemark.index.marks import MarkIndex, MarkKind, MarkMatches
from truemark.index.scanner import Column, prepare

MARK_SCHEMA = {
    "row": pl.Int64,
    "field": pl.Int8,
    "brand": pl.Int32,
    "kind": pl.Int8,
    "needs_context": pl.Boolean,
    "start": pl.Int64,
    "end": pl.Int64,
}


def find_marks(
    index: MarkIndex,
    fields: list[FieldText],
    cue_rows: np.ndarray | None = None,
    hint: str | None = None,
) -> pl.DataFrame:
    """One row per mark occurrence (see ``MARK_SCHEMA``), in every field of the batch.

    Leet and spacing variants are tried on every title, and on the descriptions of ``cue_rows``
    only (listings that also say "replica" and the like): a regex pass over every description
    would cost as much as the rest of the detector."""
    frames: list[pl.DataFrame] = []
    hint = hint or obfuscation_hint(index)
    for text in fields:
        raw = index.query(text.raw_column)
        folded_row = text.is_folded[raw.row]
        found = [_frame(raw, text.field, ~folded_row)]
        if len(text.folded_rows):
            found.append(_folded_marks(index, text, raw, folded_row))
        eligible = np.ones(len(text.raw), dtype=bool)
        if text.field == DESCRIPTION and cue_rows is not None:
            eligible[:] = False
            eligible[cue_rows] = True
        found.append(_variant_marks(index, text, pl.concat(frames + found), eligible, hint))
        frames += found
    return pl.concat(frames) if frames else pl.DataFrame(schema=MARK_SCHEMA)


def obfuscation_hint(index: MarkIndex) -> str:
    """:data:`~truemark.detect.normalize.OBFUSCATION_HINT`, and the index's marks with a word
    written wholly in leet (:func:`~truemark.detect.normalize.leet_term_hint`)."""
    leet_terms = leet_term_hint(pattern.term for pattern in index.patterns)
    return f"{OBFUSCATION_HINT}|{leet_terms}" if leet_terms else OBFUSCATION_HINT


def _variant_marks(
    index: MarkIndex, text: FieldText, found: pl.DataFrame, eligible: np.ndarray, hint: str
) -> pl.DataFrame:
    """Marks that show only in the leet or deobfuscated variants of hinted texts of listings
    with no clear mark yet: obfuscated. Variant offsets do not map back to the text: they are -1."""
    found = found.filter(pl.col("kind") != int(MarkKind.REFERENCE))  # a SKU hides no name
    unmarked = eligible.copy()
    unmarked[found.filter(~pl.col("needs_context")).get_column("row").to_numpy()] = False
    ascii_rows = np.flatnonzero(unmarked & ~text.is_folded)
    folded_rows = np.flatnonzero(unmarked[text.folded_rows])
    rows = np.concatenate([ascii_rows, text.folded_rows[folded_rows]])
    texts = pl.concat([text.raw.gather(ascii_rows), text.folded.gather(folded_rows)])
    hinted = texts.str.contains(hint).fill_null(False).to_numpy()
    if not hinted.any():
        return pl.DataFrame(schema=MARK_SCHEMA)
    reading_rows, readings = _readings(rows[hinted], texts.filter(hinted))
    hits = index.query(readings)
    marks = (
        pl.DataFrame(
            {
                "row": reading_rows[hits.row],
                "brand": hits.brand,
                "needs_context": _still_ambiguous(hits),
            },
            schema={"row": pl.Int64, "brand": pl.Int32, "needs_context": pl.Boolean},
        )
        .sort("row", "needs_context")
        .unique(["row", "brand"], keep="first", maintain_order=True)
    )
    hidden = marks.filter(pl.Series(_unseen(marks, found, len(eligible))))
    return hidden.select(
        "row",
        field=pl.lit(text.field, dtype=pl.Int8),
        brand="brand",
        kind=pl.lit(int(MarkKind.OBFUSCATED), dtype=pl.Int8),
        needs_context="needs_context",
        start=pl.lit(-1, dtype=pl.Int64),
        end=pl.lit(-1, dtype=pl.Int64),
    )


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


def _readings(rows: np.ndarray, texts: pl.Series) -> tuple[np.ndarray, Column]:
    """Every leet reading of the texts (of batch ``rows``) and of their deobfuscated forms, and
    those forms, where it differs from the text itself (one equal to the text finds only marks
    already found): each reading's batch row, and the readings as one scannable column.

    Tables differ only on "1" and "|": a text holding either has a second reading (each read as
    "l"), a text holding both two more (one of them read as "l"). Only texts that
    deobfuscation changed are read again in that form. Leet readings are byte tables over the
    texts' UTF-8 (:func:`~truemark.detect.normalize.leet_bytes`). Readings are compared with
    their own text row by row, not made distinct across the batch: a rare repeat costs one more
    scan of a short text, a hash of every reading cost more (the marks found are the same)."""
    spaced = deobfuscate_column(texts)
    changed = (spaced != texts).to_numpy()
    forms = [(rows, prepare(texts)), (rows[changed], prepare(spaced.filter(changed)))]
    readings = [forms[1]]
    for form_rows, column in forms:
        row, values, offsets = leet_readings(
            column.values,
            column.offsets,
            _BYTE_CLASS,
            _LEET_BYTES,
            _READ_IF_ANY,
            _READ_IF_ALL,
        )
        readings.append((form_rows[row], Column(values, offsets)))
    return (
        np.concatenate([form_rows for form_rows, _ in readings]),
        Column.concat([reading for _, reading in readings]),
    )


def _folded_marks(
    index: MarkIndex, text: FieldText, raw: MarkMatches, folded_row: np.ndarray
) -> pl.DataFrame:
    """Marks of the folded rows; those the raw text lacks (same row and brand) are obfuscated."""
    found = index.query(text.folded_column)
    rows = text.folded_rows[found.row]
    named = folded_row & (raw.kind != MarkKind.REFERENCE)  # a SKU hides no name
    plain = row_brand_keys(raw.row[named], raw.brand[named])
    hidden = ~np.isin(row_brand_keys(rows, found.brand), plain)
    kind = np.where(hidden, np.int8(MarkKind.OBFUSCATED), found.kind).astype(np.int8)
    context = np.where(hidden, _still_ambiguous(found), found.needs_context)
    matches = MarkMatches(rows, found.brand, kind, context, found.start, found.end)
    return _frame(matches, text.field, np.ones(len(rows), dtype=bool))


def _still_ambiguous(found: MarkMatches) -> np.ndarray:
    """A disguised common word ("App13", "OME\u2060GA") is no accident: it needs no context.
    A disguised abbreviation ("L.V") still does: too many short tokens fold to two letters."""
    return found.needs_context & (found.kind == MarkKind.ABBREVIATION)


def _unseen(marks: pl.DataFrame, found: pl.DataFrame, height: int) -> np.ndarray:
    """Which of ``marks`` (row, brand) ``found`` lacks; few rows against many, so ``found`` is
    first cut to the rows of ``marks``."""
    rows, found_rows = marks.get_column("row").to_numpy(), found.get_column("row").to_numpy()
    in_marks = np.zeros(height, dtype=bool)
    in_marks[rows] = True
    near = in_marks[found_rows]
    seen = row_brand_keys(found_rows[near], found.get_column("brand").to_numpy()[near])
    return ~np.isin(row_brand_keys(rows, marks.get_column("brand").to_numpy()), seen)


def _frame(matches: MarkMatches, field: int, keep: np.ndarray) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "row": matches.row[keep],
            "field": np.full(int(keep.sum()), field, dtype=np.int8),
            "brand": matches.brand[keep],
            "kind": matches.kind[keep],
            "needs_context": matches.needs_context[keep],
            "start": matches.start[keep],
            "end": matches.end[keep],
        },
        schema=MARK_SCHEMA,
    )
