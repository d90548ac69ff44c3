"""Spoil a share of a listings file on purpose, one kind of damage per row, and say where.

For bad-input tests and benchmarks: every kind of damage a marketplace export shows (broken JSON,
missing or mistyped fields, unknown currency, malformed photo hashes, missing photo files,
repeated ids, bytes that are not UTF-8), with the field the quarantine must blame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import polars as pl

Spoiler = Callable[[dict[str, Any], str], bytes]


def _with(**changes: Any) -> Spoiler:
    return lambda row, _: orjson.dumps({**row, **changes})


def _without(name: str) -> Spoiler:
    return lambda row, _: orjson.dumps({k: v for k, v in row.items() if k != name})


# kind -> (how the row is spoiled, the field its quarantine entry names; None: the whole row)
DAMAGE: dict[str, tuple[Spoiler, str | None]] = {
    "broken_json": (lambda row, _: orjson.dumps(row)[:-7], None),
    "not_an_object": (lambda row, _: b"[1, 2, 3]", None),
    "not_utf8": (lambda row, _: orjson.dumps(row)[:-2] + b'\xff\xfe"}', None),
    "no_title": (_without("title"), "title"),
    "empty_listing_id": (_with(listing_id=""), "listing_id"),
    "negative_price": (_with(price=-12.5), "price"),
    "price_not_a_number": (_with(price="cheap"), "price"),
    "malformed_currency": (_with(currency="dollars"), "currency"),
    "unknown_currency": (_with(currency="ZZZ"), "currency"),
    "malformed_pdq": (_with(image_pdq=["not-a-pdq-hash"]), "image_pdq"),
    "images_not_a_list": (_with(images=42), "images"),
    "missing_photo": (_with(images=["photos/missing.jpg"], image_pdq=None), "images"),
    "bad_timestamp": (_with(created_at="next tuesday"), "created_at"),
    "negative_quantity": (_with(quantity_sold=-3), "quantity_sold"),
    "repeated_id": (lambda row, first: orjson.dumps({**row, "listing_id": first}), "listing_id"),
}


@dataclass(frozen=True)
class SpoiledRow:
    """A damaged line: its 1-based line number, its listing id before damage, the kind."""

    line: int
    listing_id: str
    kind: str

    @property
    def field(self) -> str | None:
        return DAMAGE[self.kind][1]


def spoil_listings(listings: Path, out: Path, every: int = 100) -> list[SpoiledRow]:
    """Write ``listings`` (Parquet) to ``out`` as JSON Lines with every ``every``-th row damaged,
    the kinds of damage in turn; the damaged rows, in line order.
    """
    frame = pl.read_parquet(listings)
    first_id = str(frame["listing_id"][0])
    spoiled: list[SpoiledRow] = []
    kinds = list(DAMAGE)
    with out.open("wb") as handle:
        for start in range(0, frame.height, 100_000):
            chunk = frame.slice(start, 100_000)
            lines = chunk.write_ndjson().encode().splitlines()
            for offset in range(-start % every, len(lines), every):
                number = start + offset
                if number == 0:
                    continue  # the first row is the original of the repeated id
                kind = kinds[len(spoiled) % len(kinds)]
                row = orjson.loads(lines[offset])
                lines[offset] = DAMAGE[kind][0](row, first_id)
                spoiled.append(SpoiledRow(number + 1, str(row["listing_id"]), kind))
            handle.write(b"\n".join(lines) + b"\n")
    return spoiled
