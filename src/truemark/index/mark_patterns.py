"""Hyperscan expressions for brand terms: literal, leetspeak and spaced-out spellings.

Each is a plain pattern, so the whole set scans at near-literal speed: alternations of optional
separators between any two letters were measured several times slower and are avoided.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LEET_FORMS = {
    "a": "4@", "b": "8", "e": "3", "g": "96", "i": "1!|", "l": "1|", "o": "0", "s": "5$",
    "t": "7+", "z": "2",
}  # fmt: skip
_SEPARATOR = r"[ .\-_*/~]"
"""What sellers put between spaced-out letters; a wider class or a repeat makes the scan much
slower. Look-alike dots ("·", "•") are folded to "." by the text normalizer."""
_WIDE_SEPARATOR = r"\s[.\-_*/~]\s"
"""The other common style: "G . U . C . C . I"."""
_CUT_SEPARATOR = r"[.\-_*/~]{1,3}"
_WORD_GAP = r"[\s.\-_*/~]{0,3}"


def literal_expression(term: str, any_spacing: bool = True) -> str:
    """A Hyperscan expression matching a term literally.

    With ``any_spacing`` the words of a term may be split by any run of whitespace; without,
    by exactly one space, which keeps large phrase lists at literal-scan speed.
    """
    return (r"\s+" if any_spacing else " ").join(re.escape(word) for word in term.split())


def leet_expression(term: str) -> str | None:
    """Matches ``term`` with at least one letter in leetspeak ("r0l3x", "gucc1"), never plain.

    One alternative per letter that has a leet form: the letters before it plain, the letter
    itself as leet, the rest either way. None when no letter of the term has a leet form.
    """
    letters = [(letter, i + 1 < len(term) and term[i + 1] == " ") for i, letter in
               enumerate(term) if letter != " "]  # fmt: skip

    def joined(parts: list[tuple[str, bool]], render: Callable[[str], str]) -> str:
        return "".join(render(letter) + (r"\s*" if gap else "") for letter, gap in parts)

    alternatives = []
    for k, (letter, gap) in enumerate(letters):
        if letter in _LEET_FORMS:
            head = joined(letters[:k], re.escape) + f"[{re.escape(_LEET_FORMS[letter])}]"
            tail = joined(letters[k + 1 :], _letter_class)
            alternatives.append(head + (r"\s*" if gap else "") + tail)
    return "(?:" + "|".join(alternatives) + ")" if alternatives else None


def spaced_expressions(term: str) -> list[str]:
    """Match ``term`` with a separator between every two letters of each word: "g.u.c.c.1",
    "G U C C I", "L-o-u-i-s V-u-i-t-t-o-n", "G . U . C . C . I"."""
    words = [[_letter_class(letter) for letter in word] for word in term.split()]
    return [
        _WORD_GAP.join(separator.join(letters) for letters in words)
        for separator in (_SEPARATOR, _WIDE_SEPARATOR)
    ]


def split_expressions(term: str, common_words: frozenset[str]) -> list[str]:
    """Match a one-word ``term`` cut once: "Guc-ci", "Gu.cci", and "Guc ci" with a plain space.

    A cut at a plain space counts only when neither piece is a common word, so "Sam sung a
    song" is no "Samsung" and "her mes" no "Hermes".
    """
    if " " in term:
        return []
    cuts = [(term[:k], term[k:]) for k in range(1, len(term))]
    spaced = [(h, t) for h, t in cuts if h not in common_words and t not in common_words]
    return [re.escape(h) + _CUT_SEPARATOR + re.escape(t) for h, t in cuts] + [
        re.escape(h) + " {1,2}" + re.escape(t) for h, t in spaced
    ]


def _letter_class(letter: str) -> str:
    return f"[{re.escape(letter + _LEET_FORMS.get(letter, ''))}]"


def word_bounded(term: str) -> tuple[bool, bool]:
    """Word boundaries apply at an edge of the term that is an ASCII letter or digit."""
    return (term[:1].isascii() and term[:1].isalnum(), term[-1:].isascii() and term[-1:].isalnum())
