"""The fuzzy matcher's tokenizer: the tokens a regular expression finds, from the bytes."""

from __future__ import annotations

import re

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from truemark.detect.token_kernel import distinct_ids, same_words, token_spans
from truemark.index.scanner import prepare

TOKEN = re.compile(r"[a-z0-9@$!|]{4,24}")


def ascii_lower(text: str) -> str:
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in text)


def spans_as_text(texts: list[str], rows: np.ndarray) -> list[tuple[int, str]]:
    column = prepare(pl.Series(texts, dtype=pl.String))
    row, start, end, _ = token_spans(column.values, column.offsets, rows, 4, 24)
    data = column.values
    return [
        (int(r), ascii_lower(data[s:e].tobytes().decode()))
        for r, s, e in zip(row, start, end, strict=True)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcXYZ019@$!|_ -.éД古\n", max_size=80), min_size=1, max_size=8))
def test_tokens_are_what_the_expression_finds(texts: list[str]) -> None:
    rows = np.arange(len(texts), dtype=np.int64)[::2]  # every other row
    expected = [(int(r), token) for r in rows for token in TOKEN.findall(ascii_lower(texts[r]))]
    assert spans_as_text(texts, rows) == expected


def test_a_long_run_is_cut_into_pieces_of_the_longest() -> None:
    texts = ["x" * 30 + " Gucci-BAG 2024 GUCCI", "abc", "a" * 51]
    found = spans_as_text(texts, np.arange(3, dtype=np.int64))
    assert found == [
        (0, "x" * 24),  # the last 6 make a token of their own
        (0, "xxxxxx"),
        (0, "gucci"),
        (0, "2024"),
        (0, "gucci"),
        (2, "a" * 24),
        (2, "a" * 24),  # three left over: too short
    ]


def test_equal_tokens_hash_alike_whatever_their_case() -> None:
    column = prepare(pl.Series(["Gucci gucci GUCCI prada"]))
    _, _, _, digest = token_spans(column.values, column.offsets, np.array([0]), 4, 24)
    assert digest[0] == digest[1] == digest[2] != digest[3]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=6), max_size=60))
def test_distinct_ids_number_hashes_by_first_appearance(values: list[int]) -> None:
    digest = np.array(values, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    ids, first = distinct_ids(digest)
    order = list(dict.fromkeys(values))
    assert ids.tolist() == [order.index(v) for v in values]
    assert first.tolist() == [values.index(v) for v in order]


def test_same_words_compares_each_token_in_lower_case_with_its_word() -> None:
    column = prepare(pl.Series(["GUCI bag", "rolxe ROLXE", "guccy"], dtype=pl.String))
    row, start, end, _ = token_spans(column.values, column.offsets, np.arange(3), 4, 24)
    words = [b"guci", b"rolxe", b"gucci"]
    word_bytes = np.frombuffer(b"".join(words), dtype=np.uint8)
    offsets = np.cumsum([0, *map(len, words)], dtype=np.int64)
    # guci -> "guci"; rolxe twice -> "rolxe"; guccy -> "gucci" (same length, other bytes);
    # "guci" again under no word (-1)
    tokens = len(row)
    assert tokens == 4
    which = np.array([0, 1, 1, 2], dtype=np.int64)
    same = same_words(column.values, start, end, word_bytes, offsets, which)
    assert same.tolist() == [True, True, True, False]
    # no word; "rolxe" against "gucci" (same length); "ROLXE" against "guci"; "guccy" against
    # "rolxe"
    which = np.array([-1, 2, 0, 1], dtype=np.int64)
    same = same_words(column.values, start, end, word_bytes, offsets, which)
    assert same.tolist() == [False, False, False, False]
