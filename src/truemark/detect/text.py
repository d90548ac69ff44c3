"""The text detector: brand marks (plain, obfuscated, misspelled), counterfeit cues, legit mentions.

Marks are found by one compiled scan per field over the whole batch (:mod:`truemark.index`);
short or ambiguous terms ("GG", "LV", "Coach", "Apple") count only with context: a product
word of a category the brand sells, a counterfeit cue, or an unambiguous brand term in the
same listing. See :mod:`truemark.detect.text_fuzzy` for how misspellings are guarded.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.base import Reason, reason_table
from truemark.detect.fold_table import fold_table
from truemark.detect.lexicon import Lexicon, lexicon
from truemark.detect.normalize import fold_column
from truemark.detect.text_fields import DESCRIPTION, TITLE, FieldText
from truemark.detect.text_fuzzy import FuzzyMarks
from truemark.detect.text_marks import Marks, find_marks, obfuscation_hint
from truemark.detect.text_resolve import FUZZY, apply_context, mark_mentions, row_signals
from truemark.detect.text_terms import TermScanners
from truemark.index.marks import MarkIndex

REASONS = reason_table(
    Reason(
        "text.brand_mark",
        "a catalog brand name or alias, or the reference (SKU) of one of its products, is named "
        "in the listing",
    ),
    Reason("text.mark_in_description", "the brand is named only in the description, not the title"),
    Reason(
        "text.obfuscated_mark",
        "a brand name is disguised (look-alike letters, leetspeak, spacing, invisible characters)",
    ),
    Reason("text.fuzzy_mark", "a misspelling of a brand name is in the title or description"),
    Reason(
        "text.counterfeit_cue",
        "the text says copy: replica, 1:1, AAA, mirror quality, 高仿 and the like, or a cue term "
        "shared as alliance intel (text.cue_source says whose)",
    ),
    Reason("text.legit_mention", "the brand is named as what an accessory fits ('case for ...')"),
    Reason("text.used_condition", "the item is described as used, pre-owned or damaged"),
    Reason("text.provenance", "proof of authenticity is offered (receipt, proof of purchase)"),
)


def build_mark_index(catalog: Catalog, words: Lexicon | None = None) -> MarkIndex:
    """The mark index the text detector expects: folded terms, common words need context."""
    words = words or lexicon()

    def fold_terms(terms: list[str]) -> list[str]:
        return fold_column(pl.Series(terms, dtype=pl.String)).to_list()

    return MarkIndex.build(catalog, common_words=words.common_words, fold=fold_terms)


class TextDetector:
    """Signals ``text.*`` for a batch of listings; pure, no I/O after construction."""

    name = "text"
    needs = ("title",)  # "description" is read when present
    reasons = REASONS

    def __init__(
        self, catalog: Catalog, index: MarkIndex | None = None, words: Lexicon | None = None
    ) -> None:
        words = words or lexicon()
        self.index = index or build_mark_index(catalog, words)
        self._terms = TermScanners(catalog, words)
        self._fuzzy = FuzzyMarks(self.index, words)
        self._folding = fold_table()  # travels with the detector to pool workers
        self._hint = obfuscation_hint(self.index)

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """One row of ``text.*`` signals per listing, in batch order."""
        fields = [FieldText.of(batch, field, self._folding) for field in (TITLE, DESCRIPTION)]
        flags = self._terms.scan_flags(fields)
        marks = find_marks(self.index, fields, hint=self._hint)
        ambiguous = marks.needs_context
        context = self._terms.in_context(fields, marks.row[ambiguous], marks.brand[ambiguous])
        marks = apply_context(batch.height, marks, flags, context)
        mentions = self._terms.scan_mentions(fields, _rows(batch.height, marks, True))
        marks = mark_mentions(marks, mentions)
        unmarked = _rows(batch.height, marks, False)
        fuzzy = [_fuzzy_marks(text.field, *self._fuzzy.find(text, unmarked)) for text in fields]
        marks = Marks.concat([marks, *fuzzy])
        return row_signals(batch.height, marks, flags, self.index.brand_ids, self._terms)


def _rows(height: int, marks: Marks, marked: bool) -> np.ndarray:
    """Sorted batch rows with (``marked``) or without a mark."""
    has_mark = np.zeros(height, dtype=bool)
    has_mark[marks.row] = True
    return np.flatnonzero(has_mark if marked else ~has_mark)


def _fuzzy_marks(field: int, row: np.ndarray, brand: np.ndarray) -> Marks:
    """Fuzzy hits as marks (no offsets, never needing context, never a legit mention)."""
    return Marks.unplaced(field, row, brand, FUZZY, np.zeros(len(row), dtype=bool))


__all__ = ["DESCRIPTION", "FUZZY", "REASONS", "TITLE", "TextDetector", "build_mark_index"]
