"""What a listing page shows about a flag: reason codes explained (the detectors' reason tables
and the default policy's rule descriptions) and the title with matched marks and cue words
highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from markupsafe import Markup, escape

from truemark.detect import image, price, seller, serial, text
from truemark.detect.lexicon import lexicon


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


def highlight_title(title: str, marks: Iterable[str]) -> Markup:
    """The title, HTML-escaped, with the brand's marks in ``<mark class="mark">`` and
    counterfeit cue words in ``<mark class="cue">``."""
    spans: list[tuple[int, int, str]] = []
    mark_pattern = _words(sorted(set(marks), key=len, reverse=True))
    for kind, pattern in (("mark", mark_pattern), ("cue", _cue_pattern())):
        if pattern is None:
            continue
        for found in pattern.finditer(title):
            if not any(start < found.end() and found.start() < end for start, end, _ in spans):
                spans.append((found.start(), found.end(), kind))
    out, at = [], 0
    for start, end, kind in sorted(spans):
        out.append(escape(title[at:start]))
        out.append(Markup('<mark class="{}">{}</mark>').format(kind, title[start:end]))
        at = end
    out.append(escape(title[at:]))
    return Markup("").join(out)
