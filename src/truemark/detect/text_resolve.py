"""From mark and term hits to one row of ``text.*`` signals per listing, all in joins and numpy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.detect.ranges import distinct, expand_ranges, nullable_positions
from truemark.detect.resolve_kernel import leading_marks
from truemark.detect.text_fields import TITLE, row_field_keys
from truemark.detect.text_terms import (
    AFTER,
    BEFORE,
    CONDITION,
    CONDITION_TITLE,
    CUE,
    MENTION_AFTER_GAP,
    MENTION_BEFORE_GAP,
    PROVENANCE,
    TermHits,
    TermScanners,
)
from truemark.index.marks import MarkKind

if TYPE_CHECKING:  # text_marks imports this module
    from truemark.detect.text_marks import Marks

FUZZY = int(max(MarkKind)) + 1
KIND_NAMES = ("exact", "alias", "abbreviation", "obfuscated", "reference", "fuzzy")
_PRIORITY = np.array([0, 1, 3, 2, 4, 5], dtype=np.int8)
"""Which mark of a row leads: exact, alias, obfuscated, abbreviation, reference, fuzzy."""


def apply_context(height: int, marks: Marks, flags: TermHits, context: np.ndarray) -> Marks:
    """Drop marks that need context and have none: no cue, no other clear brand term, and no
    product word of the brand in the listing (``context``, for each mark that needs context
    in order); of equal marks that need context, keep the first."""
    needs = marks.needs_context
    if not needs.any():
        return marks
    rows = marks.row
    row_ok = np.zeros(height, dtype=bool)
    row_ok[rows[~needs]] = True
    row_ok[flags.rows_of(CUE)] = True
    ambiguous = np.flatnonzero(needs)
    by_row = row_ok[rows[ambiguous]]
    kept = np.concatenate([ambiguous[by_row], ambiguous[context & ~by_row]])
    columns = [getattr(marks, name)[kept].astype(np.int64) for name in _PLACED]
    return marks.take(np.concatenate([np.flatnonzero(~needs), kept[_first_of_each(columns)]]))


_PLACED = ("row", "field", "brand", "kind", "needs_context", "start", "end")
"""What makes two marks the same mark."""


def _first_of_each(columns: list[np.ndarray]) -> np.ndarray:
    """Positions (ascending) of the first of each set of equal rows of the ``columns``: a
    stable sort by all columns puts each set's first first (``numpy.unique`` over the rows of a
    2-D array cost four times more)."""
    if not len(columns[0]):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort(columns)
    table = np.stack(columns)[:, order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (table[:, 1:] != table[:, :-1]).any(axis=0)
    return np.sort(order[starts])


def row_brand_keys(rows: np.ndarray, brands: np.ndarray) -> np.ndarray:
    """Each (row, brand) pair as one number."""
    return rows.astype(np.int64) * (1 << 20) + brands.astype(np.int64)


def mark_mentions(marks: Marks, mentions: TermHits) -> Marks:
    """Add ``legit``: a mention phrase ("case for", "compatible with", "対応") sits by the mark."""
    mark_key = row_field_keys(marks.row, marks.field)
    phrase_key = row_field_keys(mentions.row, mentions.field)
    order = np.argsort(phrase_key, kind="stable")
    per_key = np.bincount(phrase_key, minlength=int(mark_key.max(initial=-1)) + 1)
    mark, place = expand_ranges((np.cumsum(per_key) - per_key)[mark_key], per_key[mark_key])
    phrase = order[place]
    group = mentions.group[phrase]
    gap_before = marks.start[mark] - mentions.end[phrase]
    gap_after = mentions.start[phrase] - marks.end[mark]
    near = ((group == BEFORE) & (gap_before >= 0) & (gap_before <= MENTION_BEFORE_GAP)) | (
        (group == AFTER) & (gap_after >= 0) & (gap_after <= MENTION_AFTER_GAP)
    )
    legit = np.zeros(len(mark_key), dtype=bool)
    legit[mark[near]] = True
    return marks.with_legit(legit)


def row_signals(
    height: int,
    marks: Marks,
    flags: TermHits,
    brand_ids: Sequence[str],
    terms: TermScanners,
) -> pl.DataFrame:
    """The ``text.*`` columns, one row per listing."""
    kinds, fields, brands = marks.kind, marks.field, marks.brand
    best, obfuscated, legit, brand_count = leading_marks(
        height,
        marks.row,
        _PRIORITY[kinds],
        fields,
        marks.start,
        brands,
        kinds == int(MarkKind.OBFUSCATED),
        marks.legit,
    )
    has_mark = best >= 0
    leader = best[has_mark]
    brand = _scatter(has_mark, brands[leader], -1)
    kind = _scatter(has_mark, kinds[leader], len(KIND_NAMES))
    field = _scatter(has_mark, fields[leader], 2)
    cue_terms = _cues(height, flags, terms.flag_labels)
    return pl.DataFrame(
        {
            "text.brand_id": pl.Series(list(brand_ids), dtype=pl.String).gather(
                nullable_positions(brand)
            ),
            "text.mark_kind": pl.Series([*KIND_NAMES, "none"]).gather(kind),
            "text.mark_in": pl.Series(["title", "description", None]).gather(field),
            "text.obfuscated": obfuscated,
            "text.cue_count": pl.Series(cue_terms.list.len(), dtype=pl.Int32),
            "text.cue_terms": cue_terms,
            "text.cue_source": terms.cue_source(height, flags),
            "text.legit_mention": legit,
            "text.condition_used": _any_rows(height, _condition(flags)),
            "text.provenance": _any_rows(height, flags.rows_of(PROVENANCE)),
            "text.brand_count": brand_count,
        }
    )


def _scatter(where: np.ndarray, values: np.ndarray, missing: int) -> np.ndarray:
    """``values`` at the rows of the mask ``where``, ``missing`` at the others."""
    out = np.full(len(where), missing, dtype=np.int64)
    out[where] = values
    return out


def _condition(flags: TermHits) -> np.ndarray:
    """Rows of condition hits: in any field, or in the title for title-only condition terms."""
    in_title = (flags.group == CONDITION_TITLE) & (flags.field == TITLE)
    return flags.row[(flags.group == CONDITION) | in_title]


def _any_rows(height: int, rows: np.ndarray) -> np.ndarray:
    out = np.zeros(height, dtype=bool)
    out[rows] = True
    return out


def _cues(height: int, flags: TermHits, labels: pl.Series) -> pl.Series:
    """Distinct cue terms of each row (by pattern, in pattern order), as a list column aligned
    with the batch; ``labels``: each flag pattern's label."""
    cue = flags.group == CUE
    key = distinct(flags.row[cue].astype(np.int64) * len(labels) + flags.pattern[cue])
    counts = np.bincount(key // len(labels), minlength=height)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
    values = labels.gather(key % len(labels)).to_arrow()
    return pl.Series("text.cue_terms", pa.ListArray.from_arrays(offsets, values))
