"""Sellers matched by alliance intel: the infringer bank (``truemark intel bank --kind
infringer``: keyed hashes of repeat infringers' phones, e-mails and payout accounts) against the
keyed identities of every seller, and the racket-indicator bank (``--kind racket_indicator``)
against what sellers' records and listings show; each match says whose intelligence it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from truemark.errors import Problem, ValidationError
from truemark.io.bank_files import blank, read_bank_file, row_problems
from truemark.networks.indicator_matches import (
    indicator_matches,
    listing_observations,
    seller_observations,
)
from truemark.networks.indicators import TYPES, indicator_table
from truemark.networks.scoring import INTEL_SCHEMA

BANK_COLUMNS = ("value", "provenance")
INFRINGER_PATTERN = r"^(phone|email|payment_account):[0-9a-f]{64}$"
INFRINGER_HINT = "not ATTRIBUTE:HMAC (phone, email or payment_account; 64 hex digits)"
INDICATOR_HINT = f"not a racket indicator TYPE:VALUE ({', '.join(TYPES)}; see docs/alliance.md)"


def _problems(path: Path, table: pl.DataFrame, value_ok: pl.Series, hint: str) -> list[Problem]:
    """Every row whose value is malformed (``value_ok`` false) or that lacks its provenance."""
    return [
        *row_problems(path, ~value_ok.fill_null(False).to_numpy(), hint, "value"),
        *row_problems(path, blank(table["provenance"]), "no provenance", "provenance"),
    ]


def _read_bank(path: Path, what: str) -> pl.DataFrame:
    """Columns ``value`` and ``provenance`` (text) of a bank file (.csv, .jsonl or .parquet)."""
    return read_bank_file(path, what, BANK_COLUMNS)


def load_infringers(path: Path) -> pl.DataFrame:
    """Columns ``value`` (lower case) and ``provenance`` of an infringer bank file;
    ValidationError naming every malformed row."""
    table = _read_bank(path, "infringers")
    value_ok = table["value"].str.to_lowercase().str.contains(INFRINGER_PATTERN)
    ValidationError.raise_if_any(_problems(path, table, value_ok, INFRINGER_HINT))
    return table.with_columns(pl.col("value").str.to_lowercase())


def load_indicators(path: Path) -> pl.DataFrame:
    """A racket-indicator bank file read as indicators: ``value`` (normal form), ``type``,
    ``space``, ``key``, ``platform`` and ``provenance``; ValidationError naming every
    malformed row."""
    table = _read_bank(path, "racket indicators")
    indicators = indicator_table(table["value"])
    value_ok = indicators["value"].is_not_null()
    ValidationError.raise_if_any(_problems(path, table, value_ok, INDICATOR_HINT))
    return indicators.with_columns(table["provenance"])


def intel_matches(
    sellers: pl.DataFrame, infringers: pl.DataFrame, alliance_key: bytes
) -> pl.DataFrame:
    """``seller_id``, ``attribute``, ``provenance``: each seller identity that a shared infringer
    hash names (hashed with the alliance key as the members hashed theirs)."""
    from truemark.alliance.infringers import matching_sellers  # the alliance reads the store

    return matching_sellers(sellers, infringers, alliance_key).cast(INTEL_SCHEMA)


@dataclass(frozen=True)
class AllianceIntel:
    """The alliance banks a networks run reads, matched a batch of sellers or listings at a time
    (every engine calls these on its batches)."""

    infringers: pl.DataFrame | None = None
    indicators: pl.DataFrame | None = None
    alliance_key: bytes = b""

    def seller_matches(self, sellers: pl.DataFrame) -> pl.DataFrame:
        """The sellers of a batch named by an infringer hash or a racket indicator."""
        found = [pl.DataFrame(schema=INTEL_SCHEMA)]
        if self.infringers is not None:
            found.append(intel_matches(sellers, self.infringers, self.alliance_key))
        if self.indicators is not None:
            found.append(indicator_matches(seller_observations(sellers), self.indicators))
        return pl.concat(found)

    def listing_matches(self, listings: pl.DataFrame) -> pl.DataFrame:
        """The sellers of a batch of listings whose text or ship-from an indicator names."""
        if self.indicators is None:
            return pl.DataFrame(schema=INTEL_SCHEMA)
        return indicator_matches(listing_observations(listings), self.indicators)

    def listings_into(self, found: list[pl.DataFrame]) -> Callable[[pl.DataFrame], None] | None:
        """What sees each batch of listings: it adds the sellers the indicators name in them to
        ``found`` (None when no bank reads listings)."""
        if self.indicators is None:
            return None
        return lambda batch: found.append(self.listing_matches(batch))
