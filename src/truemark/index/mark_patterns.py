"""Hyperscan expressions for brand terms, and where a term needs word boundaries.

Only literal patterns: a set of thousands compiles in about a second and scans at literal
speed. Leetspeak and spaced-out spellings are found by scanning normalized *variants* of the
few texts that show signs of them (:mod:`truemark.detect.normalize`), not by tolerant
patterns: those were measured to compile in minutes and scan ten times slower for a catalog
of 500 brands.
"""

from __future__ import annotations

import re

SPACING = r"\s+"
"""What joins the words of an ``any_spacing`` :func:`literal_expression`."""


def literal_expression(term: str, any_spacing: bool = True) -> str:
    """A Hyperscan expression matching a term literally.

    With ``any_spacing`` the words of a term may be split by any run of whitespace; without,
    by exactly one space, which keeps large phrase lists at literal-scan speed.

    The expression carries no word boundaries: the scanner checks the ones :func:`word_bounded`
    names on its hits (:meth:`~truemark.index.scanner.Scanner.scan`, the same test as
    Hyperscan's ``\\b``), and Hyperscan scans a set without assertions 1.3–2.5× faster. A
    match of a term has one start for its end (its words hold no whitespace, so no two
    occurrences ending together can start apart), so the start the scanner gives (its end
    less the term's width, or Hyperscan's leftmost start where a term's width varies) is the
    one a boundary in the expression would have given.
    """
    return (SPACING if any_spacing else " ").join(re.escape(word) for word in term.split())


def literal_text(expression: str) -> str | None:
    """The text ``expression`` stands for where it is a literal (each character escaped, and
    no letter or digit, whose escapes are classes and assertions: ``\\b``, ``\\s``; or one
    that ``re.escape`` leaves as it is, or a space), else None."""
    text, escaped = [], False
    for character in expression:
        if escaped:
            if character.isalnum():
                return None
            text.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == " " or re.escape(character) == character:
            text.append(character)
        else:
            return None
    return "".join(text) if text and not escaped else None


def spaced_words(expression: str) -> list[str] | None:
    """The words of ``expression`` where it is literal words joined by :data:`SPACING` (a
    :func:`literal_expression` of a term of several words with ``any_spacing``), else None
    (one word, or any other expression)."""
    words = [literal_text(part) for part in expression.split(SPACING)]
    if len(words) < 2 or any(word is None or any(c.isspace() for c in word) for word in words):
        return None
    return words  # type: ignore[return-value]  # no None left


def word_bounded(term: str) -> tuple[bool, bool]:
    """Word boundaries apply at an edge of the term that is an ASCII letter or digit."""
    return (term[:1].isascii() and term[:1].isalnum(), term[-1:].isascii() and term[-1:].isalnum())
