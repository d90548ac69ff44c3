"""Evasion tactics on a word mark: homoglyphs, leetspeak, spacing, zero-width, misspellings.

Each function turns one mark into one disguised spelling; the listing generator draws from
pools of these built once per brand, so no listing is disguised one at a time.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from truemark.simulate.vocabulary import vocabulary

_KEYBOARD_NEIGHBOURS = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "g": "fh",
    "i": "uo",
    "l": "k",
    "m": "n",
    "n": "mb",
    "o": "ip",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
}


def _letter_positions(mark: str) -> list[int]:
    return [i for i, c in enumerate(mark) if c.isalpha()]


def homoglyph(mark: str, rng: np.random.Generator) -> str:
    """Swap one to three letters for look-alikes (Cyrillic, Greek, Cherokee) or go fullwidth."""
    if rng.random() < 0.15:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in mark)
    table: dict[str, list[str]] = vocabulary("obfuscation")["homoglyphs"]
    spots = [i for i in _letter_positions(mark) if mark[i] in table]
    if not spots:
        return mark
    chars = list(mark)
    for i in rng.choice(spots, size=min(len(spots), int(rng.integers(1, 4))), replace=False):
        options = table[chars[i]]
        chars[i] = options[int(rng.integers(len(options)))]
    return "".join(chars)


def leetspeak(mark: str, rng: np.random.Generator) -> str:
    """Replace letters with digits and symbols (o→0, i→1, s→$), at least one of them."""
    table: dict[str, list[str]] = vocabulary("obfuscation")["leetspeak"]
    chars = list(mark)
    spots = [i for i, c in enumerate(chars) if c.lower() in table]
    if not spots:
        return mark
    forced = int(rng.choice(spots))
    for i in spots:
        if i == forced or rng.random() < 0.35:
            options = table[chars[i].lower()]
            chars[i] = options[int(rng.integers(len(options)))]
    return "".join(chars)


def spacing(mark: str, rng: np.random.Generator) -> str:
    """Split the letters with spaces or punctuation ("G U C C I", "G|u|c|c|i", "Guc-ci")."""
    words = vocabulary("obfuscation")
    letters = mark.replace(" ", "")
    if rng.random() < 0.25 and len(letters) > 3:
        cut = int(rng.integers(1, len(letters) - 1))
        return letters[:cut] + str(rng.choice(words["cut_separators"])) + letters[cut:]
    text = str(rng.choice(words["spacing_separators"])).join(letters)
    return text.upper() if rng.random() < 0.5 else text


def zero_width(mark: str, rng: np.random.Generator) -> str:
    """Hide zero-width characters between letters (invisible to a reader)."""
    invisible: list[str] = vocabulary("obfuscation")["zero_width"]
    chars = list(mark)
    for i in sorted(
        rng.choice(
            np.arange(1, len(chars)),
            size=min(len(chars) - 1, int(rng.integers(1, 4))),
            replace=False,
        ),
        reverse=True,
    ):
        chars.insert(int(i), invisible[int(rng.integers(len(invisible)))])
    return "".join(chars)


def misspelling(mark: str, rng: np.random.Generator) -> str:
    """Drop, double, swap or mistype one letter (typo-squatting the mark)."""
    for _ in range(8):
        typo = _typo(mark, rng)
        if typo.lower() != mark.lower():
            return typo
    return mark[:-1]


def _typo(mark: str, rng: np.random.Generator) -> str:
    spots = _letter_positions(mark)
    i = int(rng.choice(spots[1:] or spots))
    kind = int(rng.integers(4))
    if kind == 0:
        return mark[:i] + mark[i + 1 :]
    if kind == 1:
        return mark[:i] + mark[i] + mark[i:]
    if kind == 2 and i + 1 < len(mark):
        return mark[:i] + mark[i + 1] + mark[i] + mark[i + 2 :]
    neighbours = _KEYBOARD_NEIGHBOURS.get(mark[i].lower(), "e")
    typed = neighbours[int(rng.integers(len(neighbours)))]
    return mark[:i] + (typed.upper() if mark[i].isupper() else typed) + mark[i + 1 :]


def case_variant(mark: str, rng: np.random.Generator) -> str:
    """The mark as sellers type it: as registered, upper case or lower case."""
    return [mark, mark, mark.upper(), mark.lower()][int(rng.integers(4))]


DISGUISES: dict[str, Callable[[str, np.random.Generator], str]] = {
    "homoglyph": homoglyph,
    "leetspeak": leetspeak,
    "spacing": spacing,
    "zero_width": zero_width,
    "misspelling": misspelling,
}


def disguise_pool(
    mark: str, tactic: str, rng: np.random.Generator, size: int, known: tuple[str, ...] = ()
) -> list[str]:
    """``size`` disguised spellings of ``mark`` (never the mark itself), plus ``known`` ones."""
    made = set(known)
    for _ in range(size * 4):
        if len(made) >= size + len(known):
            break
        variant = DISGUISES[tactic](case_variant(mark, rng), rng)
        if variant.casefold() != mark.casefold():
            made.add(variant)
    return sorted(made)
