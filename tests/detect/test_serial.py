"""The serial detector: codes written in listings matched against the cloned-codes table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from truemark.detect.serial import SerialDetector, load_cloned_codes
from truemark.errors import InputError
from truemark.serial.codec import CodeFields, encode, group

CLONED = encode(CodeFields("1a2b3c4d", 1, 1, 1).payload(), bytes(64))
FORGED = encode(CodeFields("1a2b3c4d", 1, 1, 2).payload(), bytes(64))
CLEAN = encode(CodeFields("1a2b3c4d", 1, 1, 3).payload(), bytes(64))


def test_signals_follow_the_listing_order(tmp_path: Path) -> None:
    path = tmp_path / "cloned.parquet"
    pl.DataFrame(
        {
            "code": [CLONED, CLONED, FORGED],
            "reason": ["several_sellers", "unauthorized_seller", "forged_code"],
        }
    ).write_parquet(path)
    batch = pl.DataFrame(
        {
            "title": [f"bag {group(CLONED).lower()}", "plain bag", None, f"belt {CLEAN}"],
            "description": [None, f"code: {FORGED}", None, "fine"],
        }
    )

    signals = SerialDetector(load_cloned_codes(path)).signals(batch)

    assert signals.to_dict(as_series=False) == {
        "serial.code_found": [True, True, False, True],
        "serial.cloned_code": [True, False, False, False],
        "serial.forged_code": [False, True, False, False],
    }


def test_an_empty_batch_has_no_rows() -> None:
    detector = SerialDetector(pl.DataFrame({"code": [CLONED], "reason": ["several_sellers"]}))
    empty = pl.DataFrame(schema={"title": pl.String, "description": pl.String})
    assert detector.signals(empty).height == 0


def test_a_cloned_file_without_codes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cloned.csv"
    path.write_text("seller_id\ns-1\n")
    with pytest.raises(InputError, match="code and reason"):
        load_cloned_codes(path)


def test_the_detector_does_not_reach_into_the_store() -> None:
    probe = (
        "import sys, truemark.detect.serial; "
        "print(sorted(m for m in sys.modules if m.startswith('truemark.store')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"
