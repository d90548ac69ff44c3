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
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA

from truemark.detect.lexicon import Lexicon
from truemark.detect.normalize import LEET_TO_I, LEET_TO_L, leet
from truemark.detect.text_fields import FieldText
from truemark.detect.token_kernel import LOWER, distinct_ids, token_spans
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

    def find(self, text: FieldText, rows: np.ndarray) -> pl.DataFrame:
        """(row, brand), by row then brand, for the given rows whose text holds a misspelled
        brand name.

        Tokens are found and hashed in one pass over the column's bytes
        (:mod:`~truemark.detect.token_kernel`); only the distinct ones become strings and are
        scored. A hit is checked against the token's own bytes, so a hash shared by two words
        (64 bits: about one batch in 10^11) could hide one of them, never invent a hit."""
        empty = pl.DataFrame(schema={"row": pl.Int64, "brand": pl.Int32})
        if not self.targets or not len(rows):
            return empty
        column = text.view_column  # folded rows in their folded form
        token_row, start, end, digest = token_spans(
            column.values, column.offsets, rows.astype(np.int64), SHORTEST_TOKEN, LONGEST_TOKEN
        )
        ids, first = distinct_ids(digest)
        words = [_word(column.values, start[i], end[i]) for i in first]
        kept = [i for i, word in enumerate(words) if word not in self._excluded]
        found = self._score(pl.Series([words[i] for i in kept], dtype=pl.String))
        if found.is_empty():
            return empty
        brand_of = dict(zip(found.get_column("token"), found.get_column("brand"), strict=True))
        matched = np.zeros(len(words), dtype=bool)
        matched[[i for i in kept if words[i] in brand_of]] = True
        pairs = set()
        for place in np.flatnonzero(matched[ids]):  # the bytes themselves, not only their hash
            word = words[ids[place]]
            if _word(column.values, start[place], end[place]) == word:
                pairs.add((int(token_row[place]), brand_of[word]))
        return pl.DataFrame(sorted(pairs), schema=empty.schema, orient="row")

    def _score(self, tokens: pl.Series) -> pl.DataFrame:
        """token -> brand for tokens close to a target (each leet reading is tried)."""
        forms = pl.DataFrame({"token": tokens}).with_columns(
            leet_i=leet(pl.col("token"), LEET_TO_I), leet_l=leet(pl.col("token"), LEET_TO_L)
        )
        forms = forms.unpivot(index="token", value_name="form").filter(
            pl.col("form").str.contains(r"^[a-z]+$")
        )
        if forms.is_empty():
            return pl.DataFrame(schema={"token": pl.String, "brand": pl.Int32})
        words = forms.get_column("form").to_list()
        distance = process.cdist(
            words, self.targets, scorer=OSA.distance, score_cutoff=2, dtype=np.uint8
        )
        first = np.array([w[0] for w in words])
        close = (distance <= self._limit) & (distance > 0) & (first[:, None] == self._first)
        best = np.where(close, distance, 255).argmin(axis=1)
        matched = close[np.arange(len(words)), best]
        return pl.DataFrame(
            {
                "token": forms.get_column("token").filter(matched),
                "brand": self.target_brand[best[matched]],
            }
        ).unique("token", keep="first")


def _word(data: np.ndarray, start: int, end: int) -> str:
    """A token's text: its bytes, lower-cased (ASCII only)."""
    return LOWER[data[start:end]].tobytes().decode("ascii")
