"""Misspelled brand names ("guci", "rollex", "addidas"), found once per distinct title token.

Guards against ordinary words: a token is compared only if it is 4 to 24 letters long (after
undoing leetspeak) and is not a known word of the shipped dictionaries nor a catalog term;
targets are brand words of five letters or more that are not themselves common words
("coach", "guess", "apple" are never fuzzy targets: they need context even when exact). A
token must keep the target's first letter and be within one edit (two for targets of eight
letters or more; swapping two neighbouring letters, "rolxe", is one edit). Only the texts of
rows with no mark so far are tokenized.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from truemark.detect.lexicon import Lexicon
from truemark.detect.normalize import LEET_TABLES
from truemark.detect.text_fields import FieldText
from truemark.detect.text_resolve import row_brand_keys
from truemark.detect.token_kernel import LOWER, distinct_ids, same_words, token_spans
from truemark.index.marks import MarkIndex, MarkKind

MIN_TARGET = 5
LONG_TARGET = 8
SHORTEST_TOKEN, LONGEST_TOKEN = 4, 24


class FuzzyMarks:
    """Fuzzy brand targets of one mark index."""

    def __init__(self, index: MarkIndex, lexicon: Lexicon) -> None:
        terms = [p for p in index.patterns if p.kind in (MarkKind.EXACT, MarkKind.ALIAS)]
        targets: dict[str, int] = {}
        for pattern in terms:
            for word in pattern.term.split():
                if len(word) >= MIN_TARGET and word.isalpha() and word not in lexicon.common_words:
                    targets.setdefault(word, pattern.brand)
        self.targets = list(targets)
        self.target_brand = np.array(list(targets.values()), dtype=np.int32)
        self._limit = np.where([len(t) >= LONG_TARGET for t in self.targets], 2, 1)
        self._first = np.array([t[0] for t in self.targets])
        self._excluded = lexicon.known_words | {w for p in index.patterns for w in p.term.split()}
        self._verdicts = _Verdicts()

    def find(self, text: FieldText, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, brand), by row then brand, for the given rows whose text holds a misspelled
        brand name.

        Tokens are found and hashed in one pass over the column's bytes
        (:mod:`~truemark.detect.token_kernel`). A token's verdict depends on the token alone,
        so verdicts are kept by hash (:class:`_Verdicts`), and only tokens this detector has
        not seen before become strings and are scored. A hit is checked against the token's
        own bytes, so a hash shared by two words (64 bits: about one in 10^11 for a hundred
        thousand distinct tokens) could hide one of them, never invent a hit."""
        if not self.targets or not len(rows):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
        column = text.view_column  # folded rows in their folded form
        token_row, start, end, digest = token_spans(
            column.values, column.offsets, rows.astype(np.int64), SHORTEST_TOKEN, LONGEST_TOKEN
        )
        ids, first = distinct_ids(digest)
        brand, unseen = self._verdicts.look_up(digest[first])
        if unseen.size:
            words = [_word(column.values, start[first[i]], end[first[i]]) for i in unseen]
            brand[unseen] = self._brands_of(words)
            self._verdicts.add(digest[first[unseen]], brand[unseen], words)
        return self._checked(column.values, token_row, start, end, digest, brand[ids])

    def _checked(
        self,
        data: np.ndarray,
        row: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        digest: np.ndarray,
        brand: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, brand), distinct, by row then brand, of the tokens (``brand``: each one's
        verdict) with a brand whose bytes are the word seen under their hash
        (:func:`~truemark.detect.token_kernel.same_words`)."""
        hit = np.flatnonzero(brand >= 0)
        keys, inverse = np.unique(digest[hit], return_inverse=True)
        words = [self._verdicts.word(key) for key in keys]
        encoded = [word.encode("ascii") if word is not None else b"" for word in words]
        offsets = np.cumsum([0, *map(len, encoded)], dtype=np.int64)
        which = np.array([-1 if w is None else i for i, w in enumerate(words)], dtype=np.int64)
        word_bytes = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        same = same_words(data, start[hit], end[hit], word_bytes, offsets, which[inverse])
        row, brand = row[hit][same], brand[hit][same]
        first = np.unique(row_brand_keys(row, brand), return_index=True)[1]
        return row[first], brand[first].astype(np.int32)

    def __getstate__(self) -> dict[str, object]:
        """Sent to another process without the verdicts seen so far."""
        return {**self.__dict__, "_verdicts": _Verdicts()}

    def _brands_of(self, words: list[str]) -> np.ndarray:
        """Each word's fuzzy brand, -1 for none (a known word or a catalog term never has one).
        A batch has a few hundred words not seen before: plain Python, not frames (a frame's
        every step cost more than the words' scoring)."""
        kept = [word for word in words if word not in self._excluded]
        brand_of = self._score(kept)
        return np.array([brand_of.get(word, -1) for word in words], dtype=np.int64)

    def _score(self, tokens: list[str]) -> dict[str, int]:
        """token -> brand for tokens close to a target: each leet reading is tried, the first
        close one (reading "1" as "i", then as "l") names the brand."""
        words, owners = [], []
        for table in _LEET_READINGS:
            for token in tokens:
                form = token.translate(table)
                if form.isascii() and form.isalpha() and form.islower():  # ^[a-z]+$
                    words.append(form)
                    owners.append(token)
        if not words:
            return {}
        distance = process.cdist(
            words, self.targets, scorer=OSA.distance, score_cutoff=2, dtype=np.uint8
        )
        first = np.array([w[0] for w in words])
        close = (distance <= self._limit) & (distance > 0) & (first[:, None] == self._first)
        best = np.where(close, distance, 255).argmin(axis=1)
        matched = close[np.arange(len(words)), best]
        brand_of: dict[str, int] = {}
        for place in np.flatnonzero(matched).tolist():
            brand_of.setdefault(owners[place], int(self.target_brand[best[place]]))
        return brand_of


_LEET_READINGS = tuple(str.maketrans(table) for table in LEET_TABLES[:2])
"""A token's two leet readings ("1" read as "i", then as "l": the first two of
:data:`~truemark.detect.normalize.LEET_TABLES`) as ``str.translate`` tables (each maps one
character to one)."""


class _Verdicts:
    """Fuzzy verdicts of tokens seen so far, by the token's hash: its brand or -1, and the
    words of those with a brand (to check a hit's bytes). Kept sorted for ``searchsorted``;
    cleared when a batch's tokens would take it past ``MOST`` hashes (16 MB), so memory stays
    bounded on any vocabulary."""

    MOST = 1 << 20

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self._table = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
        self._words: dict[int, str] = {}

    def look_up(self, digests: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each digest's brand (-1 for none or not seen), and the places of those not seen.
        Where all of them could not be added, the verdicts are first cleared (before the look
        up, so that the words of the hits found stay)."""
        if len(self._table[0]) + len(digests) > self.MOST:
            self._clear()
        known, brands = self._table
        place = np.minimum(np.searchsorted(known, digests), max(len(known) - 1, 0))
        seen = known[place] == digests if len(known) else np.zeros(len(digests), dtype=bool)
        return np.where(seen, brands[place] if len(known) else -1, -1), np.flatnonzero(~seen)

    def add(self, digests: np.ndarray, brands: np.ndarray, words: list[str]) -> None:
        """Verdicts of tokens not seen before."""
        known, known_brands = self._table
        order = np.argsort(digests)
        at = np.searchsorted(known, digests[order])  # a merge: no sort of the whole table
        self._table = (
            np.insert(known, at, digests[order]),
            np.insert(known_brands, at, brands[order]),
        )
        for index in np.flatnonzero(brands >= 0):
            self._words[int(digests[index])] = words[index]

    def word(self, digest: np.uint64) -> str | None:
        """The word with a brand seen under this hash."""
        return self._words.get(int(digest))


def _word(data: np.ndarray, start: int, end: int) -> str:
    """A token's text: its bytes, lower-cased (ASCII only)."""
    return LOWER[data[start:end]].tobytes().decode("ascii")
