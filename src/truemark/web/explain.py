"""What a listing page shows about a flag: reason codes explained (the detectors' reason tables
and the default policy's rule descriptions) and the title with matched marks and cue words
highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from markupsafe import Markup, escape
from rapidfuzz import fuzz

from truemark.detect import image, price, seller, serial, text
from truemark.detect.lexicon import lexicon
from truemark.index.marks import is_reference
from truemark.store.records import BrandRecord, ProductRecord

FUZZY_MIN = 80  # rapidfuzz ratio of a title word to a mark to count as a misspelling


@cache
def reason_explanations() -> Mapping[str, str]:
    """Reason code -> one-line explanation, from every detector's reason table."""
    tables = (text.REASONS, price.REASONS, image.REASONS, seller.REASONS, serial.REASONS)
    return {code: reason.explanation for table in tables for code, reason in table.items()}


def explain(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, explanation) for each reason; a policy-only code says it came from a rule."""
    known = reason_explanations()
    return [(code, known.get(code, "raised by a policy rule")) for code in codes]


@cache
def _cue_pattern() -> re.Pattern[str] | None:
    cues = sorted({cue for cue in lexicon().cue_labels if cue.strip()}, key=len, reverse=True)
    return _words(cues)


def _words(terms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = "|".join(re.escape(term) for term in terms if term.strip())
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


def _fuzzy_spans(title: str, marks: Iterable[str]) -> list[tuple[int, int]]:
    """Words of the title that are near-misspellings of a mark ("Abidas" for "Adidas")."""
    words = [m.lower() for m in marks if len(m) >= 4]
    return [
        (found.start(), found.end())
        for found in re.finditer(r"\w{4,}", title)
        if any(fuzz.ratio(found.group().lower(), word) >= FUZZY_MIN for word in words)
    ]


def brand_terms(brand: BrandRecord, products: Iterable[ProductRecord]) -> list[str]:
    """What a title's highlight marks as the brand: its name, slug and aliases, and the
    references (SKUs) of its products that the text detector reads as marks of it."""
    references = [product.sku for product in products if is_reference(product.sku)]
    return [brand.name, brand.slug, *brand.aliases, *references]


def highlight_title(
    title: str, marks: Iterable[str], cues: Iterable[str] = (), fuzzy: bool = False
) -> Markup:
    """The title, HTML-escaped, with the brand's marks in ``<mark class="mark">`` and
    counterfeit cue words (the lexicon's and ``cues`` the scan found) in ``<mark class="cue">``;
    ``fuzzy`` also marks words that misspell a mark, as the text detector's fuzzy match did."""
    marks = list(marks)
    spans: list[tuple[int, int, str]] = []
    patterns = (
        ("mark", _words(sorted(set(marks), key=len, reverse=True))),
        ("cue", _words(sorted(set(cues), key=len, reverse=True))),
        ("cue", _cue_pattern()),
    )
    found_spans = [
        (found.start(), found.end(), kind)
        for kind, pattern in patterns
        if pattern is not None
        for found in pattern.finditer(title)
    ]
    if fuzzy:
        found_spans += [(start, end, "mark") for start, end in _fuzzy_spans(title, marks)]
    for start, end, kind in found_spans:
        if not any(s < end and start < e for s, e, _ in spans):
            spans.append((start, end, kind))
    out, at = [], 0
    for start, end, kind in sorted(spans):
        out.append(escape(title[at:start]))
        out.append(Markup('<mark class="{}">{}</mark>').format(kind, title[start:end]))
        at = end
    out.append(escape(title[at:]))
    return Markup("").join(out)
