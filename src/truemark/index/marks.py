"""The compiled brand-mark matcher: every catalog name and alias, in one scan of a column.

``MarkIndex.build(catalog)`` turns brand names and aliases into patterns: the literal term
(kind ``exact`` for the name, ``alias`` for an alias, ``abbreviation`` for Latin terms of three
characters or fewer), plus the term as written when folding changes it ("Hermès"). Texts are
scanned raw (case-insensitively) or folded by :func:`truemark.detect.normalize.fold`; the
detector marks a hit ``obfuscated`` when it shows only in a folded or deobfuscated variant.
The index is saved as JSON (the patterns) and rebuilt on load, so no pickle is ever read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import IntEnum
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.catalog import Catalog
from truemark.errors import InputError
from truemark.index.mark_patterns import literal_expression, word_bounded
from truemark.index.scanner import Column, Hits, Scanner

FORMAT_VERSION = 1
SHORT_TERM = 3
"""Latin terms this short ("GG", "LV", "YSL") are abbreviations: they need context."""
REFERENCE_LENGTH = 5
"""A product reference (SKU) this long, with a digit, names its brand when quoted alone."""


class MarkKind(IntEnum):
    """How a mark was written. The index finds all but ``OBFUSCATED``, which the text detector
    decides (found only in a variant of the text), as it does fuzzy matches. ``REFERENCE`` is a
    product's SKU quoted: it names the brand, yet never hides a disguised name of the brand in
    the same text (the detector looks for those as if it were not there)."""

    EXACT = 0
    ALIAS = 1
    ABBREVIATION = 2
    OBFUSCATED = 3
    REFERENCE = 4


@dataclass(frozen=True, slots=True)
class MarkPattern:
    """One term of one brand, as matched."""

    term: str
    brand: int
    kind: MarkKind
    needs_context: bool
    expression: str


@dataclass(frozen=True, slots=True)
class MarkMatches:
    """Per-match arrays: row, brand (index into ``MarkIndex.brand_ids``), kind, byte offsets."""

    row: np.ndarray
    brand: np.ndarray
    kind: np.ndarray
    needs_context: np.ndarray
    start: np.ndarray
    end: np.ndarray


class MarkIndex:
    """Brand patterns compiled into one scanner; build / save / load / query."""

    def __init__(self, brand_ids: Sequence[str], patterns: Sequence[MarkPattern]) -> None:
        self.brand_ids = tuple(brand_ids)
        self.patterns = tuple(patterns)
        self._brand = np.array([p.brand for p in patterns] or [0], dtype=np.int32)
        self._kind = np.array([int(p.kind) for p in patterns] or [0], dtype=np.int8)
        self._context = np.array([p.needs_context for p in patterns] or [False], dtype=bool)
        self._scanner = Scanner(
            [p.expression for p in patterns], [word_bounded(p.term) for p in patterns]
        )

    @classmethod
    def build(
        cls,
        catalog: Catalog,
        common_words: Iterable[str] = (),
        fold: Callable[[list[str]], list[str]] = lambda terms: [t.lower() for t in terms],
    ) -> MarkIndex:
        """Patterns for every brand name and alias of the catalog, and for every product
        reference (SKU) distinctive enough to name its brand when quoted alone
        (``625573-0XAAG-8161``: sellers of copies quote the genuine article's reference and
        leave the brand out).

        ``common_words`` are ordinary words ("apple", "coach", "guess"): a brand term among them,
        like a short term, needs context to count. ``fold`` normalizes terms the way texts are.
        """
        common = frozenset(common_words)
        patterns: list[MarkPattern] = []
        for number, brand in enumerate(catalog.brands):
            raw = [(brand.name, MarkKind.EXACT), *((a, MarkKind.ALIAS) for a in brand.aliases)]
            seen: set[str] = set()
            for (written, kind), term in zip(raw, fold([t for t, _ in raw]), strict=True):
                term = " ".join(term.split())
                if len(term) < 2 or term in seen:  # one letter is no mark
                    continue
                seen.add(term)
                found = _term_patterns(term, number, kind, common)
                patterns.extend(found + _as_written(written, term, found[0]) + _joined(found[0]))
            skus = [product.sku for product in brand.products if is_reference(product.sku)]
            references = dict.fromkeys(term for term in fold(skus) if term not in seen)
            patterns.extend(_reference_pattern(term, number) for term in references)
        return cls([brand.id for brand in catalog.brands], patterns)

    def query(self, texts: pl.Series | pa.Array | pa.ChunkedArray | Column) -> MarkMatches:
        """Every mark in every row of a string column (offsets are bytes of the row's text)."""
        return self.matches(self._scanner.scan(texts))

    def query_frame(self, texts: pl.Series | pa.Array | pa.ChunkedArray) -> pl.DataFrame:
        """:meth:`query` as a frame: row, brand_id, kind (name), needs_context, start, end."""
        found = self.query(texts)
        kinds = pl.Series([kind.name.lower() for kind in MarkKind])
        return pl.DataFrame(
            {
                "row": found.row,
                "brand_id": pl.Series(self.brand_ids, dtype=pl.String).gather(found.brand),
                "kind": kinds.gather(found.kind.astype(np.int64)),
                "needs_context": found.needs_context,
                "start": found.start,
                "end": found.end,
            }
        )

    def matches(self, hits: Hits) -> MarkMatches:
        """Brand, kind and context need of scanner hits."""
        p = hits.pattern
        return MarkMatches(
            hits.row, self._brand[p], self._kind[p], self._context[p], hits.start, hits.end
        )

    def save(self, path: Path) -> None:
        """Write the patterns as JSON; :meth:`load` recompiles them."""
        document = {
            "format": FORMAT_VERSION,
            "brand_ids": list(self.brand_ids),
            "patterns": [{**asdict(p), "kind": p.kind.name.lower()} for p in self.patterns],
        }
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> MarkIndex:
        """Read an index written by :meth:`save`; a missing or malformed file is an InputError."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {document.get('format')!r}, expected {FORMAT_VERSION}")
            patterns = [
                MarkPattern(**{**p, "kind": MarkKind[p["kind"].upper()]})
                for p in document["patterns"]
            ]
            return cls(document["brand_ids"], patterns)
        except OSError as error:
            raise InputError(f"{path}: cannot read the mark index ({error.strerror})") from error
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise InputError(f"{path}: not a truemark mark index ({error})") from error


def is_reference(sku: str) -> bool:
    """Whether a product's SKU is distinctive enough to name its brand when quoted alone: five
    characters or more, a digit among them, no space ("625573-0XAAG-8161", "M41112",
    "310.30.42.50.01.001"; not "TOTE")."""
    return len(sku) >= REFERENCE_LENGTH and any(c.isdigit() for c in sku) and sku.split() == [sku]


def _reference_pattern(term: str, brand: int) -> MarkPattern:
    """A product reference: it names its brand with no need of context."""
    return MarkPattern(term, brand, MarkKind.REFERENCE, False, literal_expression(term))


def _term_patterns(
    term: str, brand: int, kind: MarkKind, common: frozenset[str]
) -> list[MarkPattern]:
    short = len(term) <= SHORT_TERM and term.isascii()  # "古驰" is a full name
    kind = MarkKind.ABBREVIATION if short else kind
    needs_context = short or term in common
    return [MarkPattern(term, brand, kind, needs_context, literal_expression(term))]


def _joined(pattern: MarkPattern) -> list[MarkPattern]:
    """A multi-word term also as one word ("saintlaurent"): what collapsing spaced-out letters
    ("S A I N T L A U R E N T") or gluing the words gives."""
    if " " not in pattern.term:
        return []
    joined = pattern.term.replace(" ", "")
    kind, context = pattern.kind, pattern.needs_context
    return [MarkPattern(joined, pattern.brand, kind, context, literal_expression(joined))]


def _as_written(written: str, term: str, folded: MarkPattern) -> list[MarkPattern]:
    """Literal patterns for a non-ASCII term as written ("Hermès", "HERMÈS", "Гуччи").

    Raw text is scanned unfolded to tell obfuscation apart: the brand's own accents or script
    must match there, or a correct "Hermès" would look like a disguised "hermes".
    """
    forms = {" ".join(form.split()) for form in (written.lower(), written.upper())}
    return [
        MarkPattern(form, folded.brand, folded.kind, folded.needs_context, literal_expression(form))
        for form in sorted(forms - {term})
        if form and not form.isascii()
    ]
