"""The Hyperscan column scanner: sent to another process with its compiled database."""

from __future__ import annotations

import pickle

import polars as pl

from truemark.index.scanner import Hits, Scanner

TEXTS = pl.Series(["xgucci louis  vuitton", "GUCCI", None, "no mark here"], dtype=pl.String)


def scanner() -> Scanner:
    return Scanner([r"\bgucci\b", r"\blouis\s+vuitton\b"], [(True, True), (True, True)])


def as_rows(hits: Hits) -> list[tuple[int, int, int, int]]:
    columns = (hits.row, hits.pattern, hits.start, hits.end)
    return sorted(zip(*(column.tolist() for column in columns), strict=True))


def test_a_pickled_scanner_loads_its_database_and_finds_the_same() -> None:
    original = scanner()
    copy = pickle.loads(pickle.dumps(original))
    assert (
        as_rows(copy.scan(TEXTS)) == as_rows(original.scan(TEXTS)) == [(0, 1, 7, 21), (1, 0, 0, 5)]
    )


def test_a_database_this_platform_cannot_load_is_compiled_again() -> None:
    original = scanner()
    expressions, bounded, _compiled = original.__reduce__()[1]
    assert original.engine is not None
    rebuilt = Scanner(expressions, bounded, compiled=(original.engine, b"not a hyperscan database"))
    assert rebuilt.engine == original.engine
    assert as_rows(rebuilt.scan(TEXTS)) == as_rows(original.scan(TEXTS))


def test_an_empty_scanner_pickles_and_finds_nothing() -> None:
    empty = pickle.loads(pickle.dumps(Scanner([], [])))
    assert len(empty.scan(TEXTS).row) == 0
