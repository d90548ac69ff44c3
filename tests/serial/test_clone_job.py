"""Codes in listings: several sellers, unauthorized sellers, forged and flagged codes; the
cloned-codes file the scan reads, and flags raised for the brand (SQLite and PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from truemark.errors import InputError
from truemark.serial.clone_job import find_clones
from truemark.serial.clones import CloneRules
from truemark.serial.codec import encode, group, parse
from truemark.serial.issue import issue_codes
from truemark.serial.keyring import create_key
from truemark.serial.keys import KeyVault
from truemark.serial.verify import VerificationService
from truemark.store import Scope, Store
from truemark.store.serial_store import serial_work

from .conftest import BAG


def _listings(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    pl.DataFrame(
        {
            "listing_id": [r[0] for r in rows],
            "seller_id": [r[1] for r in rows],
            "title": [r[2] for r in rows],
            "price": [100.0] * len(rows),
            "currency": ["USD"] * len(rows),
        }
    ).write_ndjson(path)
    return path


def test_listing_clones_are_written_and_told_to_the_brand(
    serial_store: Store, vault: KeyVault, tmp_path: Path
) -> None:
    create_key(serial_store, vault, "gucci")
    issue_codes(serial_store, vault, "gucci", BAG, 3, tmp_path / "codes", images=False)
    codes = pl.read_csv(tmp_path / "codes" / "codes.csv").get_column("code").to_list()
    VerificationService(serial_store, CloneRules(max_verifications=1)).verify(codes[2])
    VerificationService(serial_store, CloneRules(max_verifications=1)).verify(codes[2])
    forged = encode(parse(codes[0]).payload, bytes(64))
    listings = _listings(
        tmp_path / "listings.jsonl",
        [
            ("l1", "s-1", f"Genuine bag, code {group(codes[0])}"),
            ("l2", "s-9", f"bag {codes[0].lower()}"),
            ("l3", "s-1", f"belt {codes[1]}"),
            ("l4", "s-1", f"bag {codes[2]}"),
            ("l5", "s-7", f"bag {group(forged)}"),
            ("l6", "s-7", "no code here"),
        ],
    )
    out = tmp_path / "cloned.parquet"

    report = find_clones(serial_store, out, listings)

    table = pl.read_parquet(out)
    assert sorted(zip(table["listing_id"], table["reason"], strict=True)) == [
        ("l1", "several_sellers"),
        ("l2", "several_sellers"),
        ("l2", "unauthorized_seller"),
        ("l4", "flagged_by_verification"),
        ("l5", "forged_code"),
    ]
    assert report.new_flags == 2  # several sellers, unauthorized seller (code 1)
    with serial_work(serial_store) as work:
        flags = work.events.flags(Scope.everything(), "gucci")
    details = {f.reason: f.detail for f in flags if f.serial == 1}
    assert details == {
        "several_sellers": "listed by sellers s-1, s-9",
        "unauthorized_seller": "listed by seller s-9",
    }
    assert find_clones(serial_store, out, listings).new_flags == 0  # told once

    exported = find_clones(serial_store, tmp_path / "flags.csv")
    assert exported.rows == 3
    assert set(pl.read_csv(tmp_path / "flags.csv")["reason"]) == {
        "several_sellers", "unauthorized_seller", "too_many_verifications",
    }  # fmt: skip


def test_the_output_format_is_checked(serial_store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="parquet"):
        find_clones(serial_store, tmp_path / "cloned.xlsx")
