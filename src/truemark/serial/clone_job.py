"""The clones job: find cloned codes in a listings file, tell the brands, write the table the scan
reads (``--out cloned.parquet``); without listings, export the flags already raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from truemark.errors import InputError
from truemark.io import read_listings
from truemark.serial.keyfile import KeySet, PublishedKey
from truemark.serial.listings import CLONED_SCHEMA, cloned_listing_codes, codes_in_listings
from truemark.serial.reasons import CLONE_REASONS
from truemark.store import Scope, Store
from truemark.store.serial_store import SerialWork, serial_work
from truemark.store.types import utc_now


@dataclass(frozen=True, slots=True)
class CloneReport:
    """Rows written, and how many new flags the brands were given."""

    rows: int
    new_flags: int
    out: Path


def _key_set(work: SerialWork) -> KeySet:
    keys = {
        key.key_id: PublishedKey(
            key.key_id,
            key.brand_slug,
            Ed25519PublicKey.from_public_bytes(key.public_key),
            key.status,
        )
        for key in work.keys.keys(Scope.everything())
    }
    return KeySet(keys)


def _listing_codes(listings: Path) -> pl.DataFrame:
    parts = [codes_in_listings(pl.from_arrow(batch)) for batch in read_listings(listings)]  # type: ignore[arg-type]
    if not parts:
        return pl.DataFrame(
            schema={"listing_id": pl.String, "seller_id": pl.String, "code": pl.String}
        )
    return pl.concat(parts)


def write_cloned(table: pl.DataFrame, out: Path) -> None:
    """Write the cloned-codes table as Parquet, CSV or JSONL (by the file name)."""
    if out.suffix not in (".parquet", ".csv", ".jsonl"):
        raise InputError(f"{out}: write cloned codes to a .parquet, .csv or .jsonl file")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        table.write_parquet(out)
    elif out.suffix == ".csv":
        table.write_csv(out)
    else:
        table.write_ndjson(out)


def find_clones(store: Store, out: Path, listings: Path | None = None) -> CloneReport:
    """Cloned codes of ``listings`` (flags raised for their brands), or the flags already raised."""
    found = _listing_codes(listings) if listings is not None else None
    with serial_work(store) as work:
        flags = work.events.flags(Scope.everything())
        if found is None:
            table = pl.DataFrame(
                [(None, None, f.code, f.brand_slug, f.key_id, f.serial, f.reason) for f in flags],
                schema=CLONED_SCHEMA,
                orient="row",
            )
            write_cloned(table, out)
            return CloneReport(table.height, 0, out)
        keys = _key_set(work)
        brands = {key.brand for key in keys.keys.values()}
        authorized = {
            brand: work.catalog.authorized_sellers(Scope.everything(), brand) for brand in brands
        }
        table = cloned_listing_codes(found, keys, authorized, {f.code for f in flags})
        new_flags = _raise_flags(work, table)
    write_cloned(table, out)
    return CloneReport(table.height, new_flags, out)


def _raise_flags(work: SerialWork, table: pl.DataFrame) -> int:
    """One flag per code and listing-based reason, naming the sellers that listed it."""
    grouped = (
        table.filter(pl.col("reason").is_in(list(CLONE_REASONS)))
        .group_by("key_id", "serial", "code", "reason")
        .agg(pl.col("seller_id").unique().sort())
    )
    now, raised = utc_now(), 0
    for key_id, serial, code, reason, sellers in grouped.iter_rows():
        detail = f"listed by seller{'s' if len(sellers) > 1 else ''} {', '.join(sellers)}"
        raised += work.events.flag(key_id, serial, code, reason, detail, now)
    return raised
