"""Text normalization for mark detection: folded, leet and collapsed variants of a string column.

Each variant is a polars expression (Rust string kernels over the whole column) except the
spacing collapse, which needs look-around and runs in Python on the few strings that hint at it.
Variants never overwrite one another: "Model 1955" stays in the folded text, and the
leet variant ("model iggss"-style) is matched separately.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable
from functools import cache
from importlib import resources

import numpy as np
import polars as pl

from truemark.detect.code_points import in_class, in_python_class
from truemark.detect.cut_kernel import collapse_spaced, join_cuts, spaced_hint_rows
from truemark.index.scanner import Column, prepare
from truemark.io.text import string_series

LEET_TO_I = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g",
    "@": "a", "$": "s", "!": "i", "|": "i", "+": "t",
}  # fmt: skip
"""Leetspeak digits and symbols to letters, reading ``1`` as ``i`` (``gucc1``)."""
LEET_TO_L = {**LEET_TO_I, "1": "l", "|": "l"}
"""The same, reading ``1`` and ``|`` as ``l`` (``ro1ex``)."""
LEET_TABLES = (
    LEET_TO_I,
    LEET_TO_L,
    {**LEET_TO_I, "|": "l"},  # "|oui$ vu1tton"
    {**LEET_TO_I, "1": "l"},
)
"""Every reading of the ambiguous ``1`` and ``|``, for texts that mix them."""

_FORMAT_CHARS = (
    r"[\p{Cf}\u034f\u115f\u1160\u3164\uffa0]"  # zero-width, joiners, soft hyphen, fillers
)
_DOTS = r"[·•∙⋅・‧]"  # look-alike dots between spaced-out letters: "G·U·C·C·I"
_MARKS_ON_ALPHABETS = r"([\p{Latin}\p{Greek}\p{Cyrillic}])\p{Mn}+"  # accents; kana marks survive
_SPACERS = r"\s.\-_*·•|/+~:,=\\#'’"  # between spaced-out letters: "G U C C I", "G|U|C|C|I"
_CUTTERS = r".\-_*·•/~|+=\\#"  # inside a cut word: "Guc-ci", "Guc|ci"
_SPACED_LETTERS = re.compile(  # three or more single letters (or leet digits), one separator style
    rf"(?<![^\W_])[^\W_](?P<sep>[{_SPACERS}]{{1,3}})[^\W_]"
    r"(?:(?P=sep)[^\W_])+(?![^\W_])"
)
_SPACING = re.compile(rf"[{_SPACERS}]+")
_CUT = re.compile(
    rf"(?<=[^\W_])(?:[{_CUTTERS}]+| [{_CUTTERS}]+ )(?=[^\W_])"
)  # "Guc-ci", "L.o.u.i.s", "CH . ANEL"
_CUT_PASSES = 4  # a pass joins every other cut of a run ("L.o.u.i.s": "Lo.ui.s", then "Louis")
_CUT_LETTER, _CUTTER = r"[\p{L}\p{N}]", rf"[{_CUTTERS}]"
_CUT_PAIR = rf"({_CUT_LETTER})(?:{_CUTTER}+| {_CUTTER}+ )({_CUT_LETTER})"
SPACED_HINT = (  # Rust regex: three single letters or digits split by separators
    rf"(?:^|[^a-zA-Z0-9])[a-zA-Z0-9][{_SPACERS}]{{1,3}}[a-zA-Z0-9][{_SPACERS}]{{1,3}}[a-zA-Z0-9]"
    r"(?:$|[^a-zA-Z0-9])"
)
OBFUSCATION_HINT = (  # Rust regex: a leet character beside a letter, a cut (any script),
    # spaced letters
    r"[a-zA-Z][0-9@$!|+]|[0-9@$!|+][a-zA-Z]|" + _CUT_PAIR + "|" + SPACED_HINT
)
"""Rows of (folded) text that can hide a mark from a literal scan; only these get variants.

A cut is what :func:`deobfuscated_rows` joins, by the same pattern, in letters and digits of
any script ("Guc-ci", "L.V", "CH . ANEL", "古-驰"). A mark written wholly in leet ("8055" for
boss) has no leet character beside a letter: :func:`leet_term_hint` adds the catalog's marks
that can be so written. (A letter, separator, letter alternative stood in for those before:
it also matched every sentence's end, "wool. Ships", and so 78 % of simulated descriptions.)"""

_LEET_FORMS: dict[str, set[str]] = {}
for _table in LEET_TABLES:
    for _character, _letter in _table.items():
        _LEET_FORMS.setdefault(_letter, set()).add(_character)


def leet_term_hint(terms: Iterable[str]) -> str:
    """A Rust regex for the ``terms`` (folded marks) with at least one word written wholly in
    leet, bounded as words: "8055" (boss), "14 perla" (la perla), "66" (gg). A word can be so
    written when its characters are letters with a leet form or digits, a letter among them;
    each such word matches as written or as its leet forms (``[8][0][$5][$5]``), the others as
    written (any case), words apart by white space. A term of one word needs two characters or
    more (a lone "4" would hint every text with a number); empty when none can be written so."""
    patterns = []
    for term in sorted(set(terms)):
        words = term.split()
        leetable = [_leetable(word) and (len(words) > 1 or len(word) > 1) for word in words]
        if not any(leetable):
            continue
        parts = [
            f"(?:{_written(word)}|{_leet_classes(word)})" if can else _written(word)
            for word, can in zip(words, leetable, strict=True)
        ]
        patterns.append(r"\s+".join(parts))
    if not patterns:
        return ""
    return rf"(?:^|[^a-zA-Z0-9])(?:{'|'.join(patterns)})(?:$|[^a-zA-Z0-9])"


def _leetable(word: str) -> bool:
    """Letters with leet forms and digits only, and a letter among them."""
    has_letter = any(c in _LEET_FORMS for c in word)
    return has_letter and all(c in _LEET_FORMS or c in string.digits for c in word)


def _leet_classes(word: str) -> str:
    return "".join(f"[{''.join(sorted(_LEET_FORMS.get(c, {c})))}]" for c in word)


def _written(word: str) -> str:
    """The word as written, any case (Rust's regex takes every escape ``re.escape`` makes)."""
    return f"(?i:{re.escape(word)})"


@cache
def confusables() -> dict[str, str]:
    """Homoglyph -> ASCII lower-case letter or digit, from the ``confusable_homoglyphs`` table.

    Covers Cyrillic, Greek, fullwidth, mathematical and other look-alikes of a-z and 0-9;
    lower-case forms of upper-case homoglyphs are folded too (Cyrillic ``К`` -> ``k``), and
    ``data/homoglyphs.yaml`` adds look-alikes the table lacks (Cyrillic ``п`` -> ``n``).
    """
    data = json.loads(
        (resources.files("confusable_homoglyphs") / "confusables.json").read_text("utf-8")
    )
    pairs: list[tuple[str, str]] = _supplement()
    # letters before digits, so a glyph that looks like both "l" and "1" folds to the letter
    for target in string.ascii_lowercase + string.ascii_uppercase + string.digits:
        for entry in data.get(target, ()):
            pairs += [(form, target.lower()) for form in {entry["c"], entry["c"].lower()}]
    pairs = [(glyph, target) for glyph, target in pairs if len(glyph) == 1 and not glyph.isascii()]
    glyphs = pl.Series([glyph for glyph, _ in pairs], dtype=pl.String)
    # keep only glyphs the earlier fold steps leave alone, so that folding is idempotent
    stable = pl.select(_fold_base(pl.lit(glyphs)) == glyphs).to_series().to_list()
    table: dict[str, str] = {}
    for (glyph, target), keep in zip(pairs, stable, strict=True):
        if keep:
            table.setdefault(glyph, target)
    return table


def _fold_base(text: pl.Expr) -> pl.Expr:
    # invisible characters go first: one between a letter and its accent ("a\u200b\u0301")
    # would keep the accent from being removed
    return (
        text.str.to_lowercase()
        .str.replace_all(_FORMAT_CHARS, "")
        .str.normalize("NFKD")
        .str.replace_all(_MARKS_ON_ALPHABETS, "$1")
        .str.normalize("NFC")
        .str.to_lowercase()
        .str.replace_all(_DOTS, ".")
    )


def _supplement() -> list[tuple[str, str]]:
    """``data/homoglyphs.yaml``: look-alikes the Unicode table lacks or maps otherwise."""
    supplement = resources.files("truemark.detect") / "data" / "homoglyphs.yaml"
    pairs = []
    for line in supplement.read_text("utf-8").splitlines():
        glyph, _, target = line.partition(":")
        if not line.startswith("#") and target.strip():
            pairs.append((glyph.strip(), target.strip()))
    return pairs


def fold(text: pl.Expr) -> pl.Expr:
    """Unicode compatibility form, case folded, zero-width and accents removed, homoglyphs to ASCII,
    look-alike dots to ".".

    ``"Ｇｕсｃі\u200b"`` (fullwidth, Cyrillic, zero-width) folds to ``"gucci"``.
    """
    table = confusables()
    # a look-alike becomes a Latin letter ("×" -> "x"): the marks on it go as on any Latin
    # letter (a second fold removed them)
    mapped = _fold_base(text).str.replace_many(list(table), list(table.values()))
    return mapped.str.replace_all(_MARKS_ON_ALPHABETS, "$1")


def leet(text: pl.Expr, table: dict[str, str] = LEET_TO_I) -> pl.Expr:
    """Leetspeak variant of already folded text: ``"r0l3x"`` -> ``"rolex"``; same length."""
    return text.str.replace_many(list(table), list(table.values()))


def leet_bytes(table: dict[str, str] = LEET_TO_I) -> np.ndarray:
    """:func:`leet` as a byte table (uint8, 256) over UTF-8: every key and letter is ASCII, and
    no byte of a multi-byte character is, so ``leet_bytes(table)[utf8]`` is ``leet`` of it."""
    byte_table = np.arange(256, dtype=np.uint8)
    for character, letter in table.items():
        if len(character + letter) != 2 or not (character + letter).isascii():
            raise ValueError(f"a byte table maps one ASCII character to one: {character!r}")
        byte_table[ord(character)] = ord(letter)
    return byte_table


def collapse_spacing(text: str) -> str:
    """Join runs of three or more single letters split by spaces or punctuation: "g.u.c.c.i"."""
    return _SPACED_LETTERS.sub(lambda run: _SPACING.sub("", run.group()), text)


def join_cut_words(text: str) -> str:
    """Drop punctuation between two letters of a word: "Guc-ci" -> "Gucci", "L.V" -> "LV"."""
    return _CUT.sub("", text)


def deobfuscate(text: str) -> str:
    """The spacing variant: spaced-out letters collapsed, then cut words joined."""
    return join_cut_words(collapse_spacing(text))


def deobfuscate_column(texts: pl.Series) -> pl.Series:
    """:func:`deobfuscate` over a column (see :func:`deobfuscated_rows`); ``texts`` itself is
    left as it was."""
    rows, forms = deobfuscated_rows(prepare(texts, separated=False))
    if not rows.size:
        return texts
    return texts.clone().scatter(rows, string_series(texts.name, forms.offsets, forms.values))


def deobfuscated_rows(column: Column) -> tuple[np.ndarray, Column]:
    """The rows (positions, ascending) of texts (``column``, their scannable form) that
    :func:`deobfuscate` changes, and what it makes of them. Spaced letters are collapsed only
    in the texts :data:`SPACED_HINT` matches (a few percent), then cut words joined, each by a
    kernel (:mod:`~truemark.detect.cut_kernel`) over the column's bytes; the hint too (its
    regular expression cost twice the rest). Both only delete characters, so a row either
    reports changing is changed."""
    hinted = spaced_hint_rows(column.offsets, column.values, *_spaced_hint_classes())
    spaced = np.flatnonzero(hinted)
    collapsed = np.zeros(0, dtype=np.int64)
    if spaced.size:
        part = column.take(spaced)
        rows, offsets, data = collapse_spaced(part.offsets, part.values, *_spacing_classes())
        collapsed = spaced[rows]
        column = column.splice(collapsed, Column(data, offsets, column.separated))
    rows, offsets, data = join_cuts(column.offsets, column.values, *_cut_classes(), _CUT_PASSES)
    if rows.size:
        column = column.splice(rows, Column(data, offsets, column.separated))
    changed = np.union1d(collapsed, rows)
    return changed, column.take(changed)


@cache
def _spacing_classes() -> tuple[np.ndarray, np.ndarray]:
    """Per code point: a spaced-out letter or digit, a spacer (as Python's ``re`` reads
    :data:`_SPACED_LETTERS`)."""
    return in_python_class(r"[^\W_]"), in_python_class(rf"[{_SPACERS}]")


@cache
def _spaced_hint_classes() -> tuple[np.ndarray, np.ndarray]:
    """Per code point: a letter or digit, a spacer (as :data:`SPACED_HINT` reads them)."""
    return in_class("[a-zA-Z0-9]"), in_class(f"[{_SPACERS}]")


@cache
def _cut_classes() -> tuple[np.ndarray, np.ndarray]:
    """Per code point: a letter or digit of a cut word, a cutter (as :data:`_CUT_PAIR` reads
    them)."""
    return in_class(_CUT_LETTER), in_class(_CUTTER)


def fold_column(texts: pl.Series) -> pl.Series:
    """:func:`fold` applied to a series (convenience for lexicons and tests)."""
    return pl.select(fold(pl.lit(texts))).to_series().alias(texts.name)


def fold_str(text: str) -> str:
    """:func:`fold` of one string (lexicon terms, tests)."""
    return fold_column(pl.Series([text], dtype=pl.String))[0]
