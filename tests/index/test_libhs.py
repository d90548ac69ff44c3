"""Hyperscan through the system's libhs: the same matches as the wheel, in the same order.

Both engines run here; the system one needs Debian's ``libhyperscan5`` (``make test`` installs
it). Without it these tests skip with that reason, and fail under CI=true: nothing may skip.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from truemark.catalog import load_catalog
from truemark.detect.text import TextDetector
from truemark.errors import InputError
from truemark.index import libhs
from truemark.index.scanner import _FLAGS, Hits, Scanner
from truemark.simulate import simulate_marketplace


def _use(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(libhs.ENGINE_VARIABLE, engine)
    libhs._library.cache_clear()


@pytest.fixture(autouse=True)
def _engine_restored() -> Iterator[None]:
    yield
    libhs._library.cache_clear()  # the monkeypatched variable is gone: back to the default


@pytest.fixture
def system(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system engine, or a skip (a failure under CI=true) naming what is missing."""
    _use("system", monkeypatch)
    if not libhs.available():
        reason = "libhs.so.5 is not installed: run `make native` (Debian's libhyperscan5)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: nothing may skip)", pytrace=False)
        pytest.skip(reason)


def as_rows(hits: Hits) -> list[tuple[int, int, int, int]]:
    return list(
        zip(*(c.tolist() for c in (hits.row, hits.pattern, hits.start, hits.end)), strict=True)
    )


PATTERNS = [r"\bgucci\b", r"g\W*u\W*c\W*c\W*i", r"\blouis\s+vuitton\b", "高仿", r"1:1", r"\baaa\b"]
BOUNDED = [(True, True), (False, False), (True, True), (False, False), (False, False), (True, True)]
TEXTS = pl.Series(
    [
        "xgucci louis  vuitton",
        "GUCCI 高仿 G-u-c-c-i 1:1",
        None,
        "",
        "AAA aaaa ＡＡＡ",
        "no mark here",
    ],
    dtype=pl.String,
)


def test_the_system_engine_is_used_and_finds_what_the_wheel_finds(
    system: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    native = Scanner(PATTERNS, BOUNDED)
    assert native.engine == "system"
    found = as_rows(native.scan(TEXTS))
    _use("wheel", monkeypatch)
    wheel = Scanner(PATTERNS, BOUNDED)
    assert wheel.engine == "wheel"
    assert found == as_rows(wheel.scan(TEXTS))
    assert {(0, 2, 7, 21), (1, 3, 6, 12), (4, 5, 0, 3)} <= set(found)


def test_more_matches_than_the_first_buffer_holds_are_all_kept(system: None) -> None:
    database = libhs.Database(libhs.compile_serialized(["a", "aa"], _FLAGS))
    data = np.frombuffer(b"a" * 100_000, dtype=np.uint8)
    found = database.scan(data)
    assert found.shape == (199_999, 3)
    again = database.scan(data)  # the grown buffer serves the next scan
    assert np.array_equal(found, again)
    assert database.scan(np.zeros(0, dtype=np.uint8)).shape == (0, 3)


def test_threads_scanning_one_database_each_get_their_own_matches(system: None) -> None:
    database = libhs.Database(libhs.compile_serialized(["ab", "b+"], _FLAGS))
    texts = [np.frombuffer(b"ab" * (20_000 + 7919 * n), dtype=np.uint8) for n in range(6)]
    alone = [database.scan(text) for text in texts]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(database.scan, texts * 3))
    for position, found in enumerate(together):
        assert np.array_equal(found, alone[position % len(texts)])


def test_a_pattern_libhs_refuses_is_named(system: None) -> None:
    with pytest.raises(InputError, match=r"pattern 1 \('\(unclosed'\)"):
        libhs.compile_serialized(["fine", "(unclosed"], _FLAGS)


def test_bytes_that_are_no_database_are_refused(system: None) -> None:
    with pytest.raises(ValueError, match="cannot load"):
        libhs.Database(b"not a database")


@pytest.mark.parametrize("sent_by", ["system", "wheel"])
def test_a_scanner_sent_from_either_engine_loads_or_compiles_again(
    system: None, monkeypatch: pytest.MonkeyPatch, sent_by: str
) -> None:
    _use(sent_by, monkeypatch)
    sent = pickle.dumps(Scanner(PATTERNS, BOUNDED))
    for receiver in ("system", "wheel"):
        _use(receiver, monkeypatch)
        received = pickle.loads(sent)
        assert received.engine == receiver
        assert as_rows(received.scan(TEXTS)) == as_rows(Scanner(PATTERNS, BOUNDED).scan(TEXTS))


def test_the_variable_chooses_the_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    _use("wheel", monkeypatch)
    assert not libhs.available()
    assert libhs.version() == ""
    scanner = Scanner(PATTERNS, BOUNDED)
    assert scanner.engine == "wheel"


def test_the_text_detector_gives_the_same_signals_on_both_engines(
    system: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    simulate_marketplace(tmp_path, 2000, seed=17, images=0)
    catalog = load_catalog(tmp_path / "catalog.yaml")
    listings = pl.read_parquet(tmp_path / "listings.parquet")
    assert libhs.available()  # the detector's scanners are built on the system engine
    native = TextDetector(catalog).signals(listings)
    _use("wheel", monkeypatch)
    assert not libhs.available()  # and these on the wheel
    wheel = TextDetector(catalog).signals(listings)
    assert native.equals(wheel)
    assert native["text.brand_id"].is_not_null().sum() > 500


_HANDLER_AFTER_IMPORTS = """
from truemark.index import libhs
import truemark.scan.engine, truemark.scan.pool
print(libhs.match_handler.cache_info().currsize, end=" ")
import truemark.scan.worker_start
print(libhs.match_handler.cache_info().currsize)
"""


def test_the_match_handler_is_made_by_the_fork_server_not_on_import() -> None:
    """Importing the scan's modules compiles no numba callback (the main process never scans);
    the module only the fork server imports makes it once for the workers it forks."""
    import subprocess
    import sys

    from truemark.scan.fork_server import WORKER_MODULES

    assert "truemark.scan.worker_start" in WORKER_MODULES
    ran = subprocess.run(
        [sys.executable, "-c", _HANDLER_AFTER_IMPORTS], capture_output=True, text=True, check=True
    )
    assert ran.stdout.strip() == ("0 1" if libhs.available() else "0 0")
    assert libhs.match_handler() == libhs.match_handler() != 0
