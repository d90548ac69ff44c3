"""Lexicon terms around marks: cues, condition, provenance, legitimate mentions and context.

Three scanners: ``flags`` (cues, condition, provenance) runs over every row; ``mentions``
("case for", "compatible with") only over rows with a mark, and ``context`` (product words
such as "bag" or "watch") only over rows with an ambiguous mark: words like "for" and "bag"
are everywhere and matter only next to a brand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from truemark.catalog import Catalog
from truemark.detect.lexicon import Lexicon, fold_terms
from truemark.detect.ranges import expand_ranges
from truemark.detect.text_fields import FieldText, row_field_keys
from truemark.index.mark_patterns import literal_expression, word_bounded
from truemark.index.marks import SHORT_TERM
from truemark.index.scanner import Hits, Scanner

CUE, CONDITION, CONDITION_TITLE, PROVENANCE, NOT_CUE = 0, 1, 2, 3, 4
BEFORE, AFTER = 0, 1
MENTION_BEFORE_GAP = 6
"""Bytes allowed between a mention phrase and the mark after it ("case for the Apple")."""
MENTION_AFTER_GAP = 24
"""Bytes allowed between a mark and a mention word after it ("Apple iPhone 15 対応")."""


def _scanner(terms: list[str]) -> Scanner:
    expressions = [literal_expression(term, any_spacing=False) for term in terms]
    return Scanner(expressions, [word_bounded(term) for term in terms])


@dataclass(frozen=True, slots=True)
class TermHits:
    """Lexicon hits of a batch's fields as arrays: row, field, pattern, its group (a flag
    group, or the side of a mention), byte offsets in the row."""

    row: np.ndarray
    field: np.ndarray
    pattern: np.ndarray
    group: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def of(cls, found: list[tuple[int, Hits]], group: np.ndarray) -> TermHits:
        """The hits of each field (its number, its hits), fields one after another; ``group``:
        each pattern's group."""
        pattern = np.concatenate([hits.pattern for _, hits in found])
        return cls(
            np.concatenate([hits.row for _, hits in found]),
            np.concatenate([np.full(len(h.row), f, dtype=np.int8) for f, h in found]),
            pattern,
            group[pattern].astype(np.int8),
            np.concatenate([hits.start for _, hits in found]),
            np.concatenate([hits.end for _, hits in found]),
        )

    def take(self, index: np.ndarray) -> TermHits:
        """The hits at ``index`` (positions or a mask)."""
        return TermHits(*(getattr(self, name)[index] for name in self.__slots__))

    def rows_of(self, group: int) -> np.ndarray:
        """The rows of the hits of one group (a row once per hit)."""
        return self.row[self.group == group]


class TermScanners:
    """The compiled lexicon of one catalog."""

    def __init__(self, catalog: Catalog, lexicon: Lexicon) -> None:
        groups = (
            lexicon.cues,
            lexicon.condition,
            lexicon.condition_title,
            lexicon.provenance,
            lexicon.not_cues,
        )
        self.flag_terms = [term for terms in groups for term in terms]
        self.flag_labels = pl.Series(
            "label", [*lexicon.cue_labels, *self.flag_terms[len(lexicon.cues) :]], dtype=pl.String
        )
        self.flag_group = np.repeat(np.arange(len(groups)), [len(t) for t in groups])
        self.flags = _scanner(self.flag_terms)
        intel = [(i, source) for i, source in enumerate(lexicon.cue_sources) if source is not None]
        self.cue_sources = pl.DataFrame(
            intel, schema={"pattern": pl.Int32, "source": pl.String}, orient="row"
        )
        mentions = (lexicon.mention_before, lexicon.mention_after)
        self.mention_side = np.repeat(np.arange(2), [len(t) for t in mentions])
        self.mentions = _scanner([term for terms in mentions for term in terms])
        context = _context_words(catalog, lexicon)
        words = sorted({word for brand_words in context for word in brand_words})
        self.context = _scanner(words)
        position = {word: i for i, word in enumerate(words)}
        self.context_brands = np.zeros((len(words) or 1, len(context) or 1), dtype=bool)
        """``context_brands[word, brand]``: the word is a product word of the brand."""
        for brand, brand_words in enumerate(context):
            self.context_brands[[position[word] for word in brand_words], brand] = True

    def scan_flags(self, fields: list[FieldText]) -> TermHits:
        """Cue, condition and provenance hits of every row; a cue inside a not-cue phrase
        ("aaa" in "aaa batteries") is dropped."""
        hits = TermHits.of([(f.field, f.scan(self.flags)) for f in fields], self.flag_group)
        return hits.take(_kept(hits))

    def cue_source(self, height: int, flags: TermHits) -> pl.Series:
        """``text.cue_source``: whose intelligence the intel cues of each row are (distinct
        provenances joined by ", "), null for rows without one."""
        if self.cue_sources.is_empty():  # no alliance intel in the lexicon
            return pl.repeat(None, height, dtype=pl.String, eager=True).alias("text.cue_source")
        cues = flags.take(flags.group == CUE)
        found = (
            pl.DataFrame({"row": cues.row, "pattern": cues.pattern})
            .join(self.cue_sources, on="pattern")
            .group_by("row")
            .agg(pl.col("source").unique().sort().str.join(", "))
        )
        rows = pl.DataFrame({"row": pl.int_range(height, dtype=pl.Int64, eager=True)})
        joined = rows.join(found, on="row", how="left", maintain_order="left")
        return joined.get_column("source").alias("text.cue_source")

    def scan_mentions(self, fields: list[FieldText], rows: np.ndarray) -> TermHits:
        """Mention phrases (group BEFORE or AFTER) in the given rows (sorted batch rows)."""
        return TermHits.of(
            [(f.field, f.scan(self.mentions, rows)) for f in fields], self.mention_side
        )

    def in_context(
        self, fields: list[FieldText], rows: np.ndarray, brands: np.ndarray
    ) -> np.ndarray:
        """For each (batch row, brand): whether a product word of the brand is in the row."""
        in_rows = np.zeros(len(fields[0].raw), dtype=bool)
        in_rows[rows] = True
        scanned = np.flatnonzero(in_rows)  # sorted and distinct, without a sort
        found = [f.scan(self.context, scanned) for f in fields]
        row = np.concatenate([hits.row for hits in found])
        word = np.concatenate([hits.pattern for hits in found])
        order = np.argsort(row, kind="stable")
        per_row = np.bincount(row, minlength=int(rows.max(initial=-1)) + 1)
        count = per_row[rows]
        pair, place = expand_ranges((np.cumsum(per_row) - per_row)[rows], count)
        named = self.context_brands[word[order[place]], brands[pair]]
        found_for = np.zeros(len(rows), dtype=bool)
        found_for[pair[named]] = True
        return found_for


def _kept(hits: TermHits) -> np.ndarray:
    """Which hits stay: not the not-cue phrases, nor the cues that lie inside one of them
    ("aaa" in "aaa batteries")."""
    phrase = hits.group == NOT_CUE
    if not phrase.any():
        return ~phrase
    key = row_field_keys(hits.row, hits.field)
    phrases = np.flatnonzero(phrase)
    phrases = phrases[np.argsort(key[phrases], kind="stable")]
    cues = np.flatnonzero(hits.group == CUE)
    first = np.searchsorted(key[phrases], key[cues], side="left")
    count = np.searchsorted(key[phrases], key[cues], side="right") - first
    cue, place = expand_ranges(first, count)  # each cue against each phrase of its row and field
    around = phrases[place]
    cue = cues[cue]
    inside = (hits.start[cue] >= hits.start[around]) & (hits.end[cue] <= hits.end[around])
    kept = ~phrase
    kept[cue[inside]] = False
    return kept


def _context_words(catalog: Catalog, lexicon: Lexicon) -> list[tuple[str, ...]]:
    """Per brand: words of its product categories and distinctive words of its product names."""
    per_brand = []
    for brand in catalog.brands:
        categories = {product.category.lower() for product in brand.products}
        words = [w for c in categories for w in lexicon.categories.get(c, ())]
        names = fold_terms([*categories, *(product.name for product in brand.products)])
        tokens = {token for name in names for token in name.split()}
        words += [t for t in tokens if len(t) > SHORT_TERM and t not in lexicon.common_words]
        words += fold_terms(sorted(categories))
        per_brand.append(tuple(dict.fromkeys(words)))
    return per_brand
