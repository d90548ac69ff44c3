"""The banks the scan and the networks read, built from the intel an organization may see:
known-fake photo hashes (``truemark scan --known-fakes``), counterfeit cue terms (``truemark scan
--cue-terms``), infringer hashes (``truemark networks --infringers``) and racket indicators
(``truemark networks --indicators``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import polars as pl

from truemark.alliance.infringers import matching_sellers
from truemark.alliance.items import CUE_TERM, INFRINGER, KINDS, PHOTO_HASH, RACKET_INDICATOR
from truemark.alliance.rules import visible_items
from truemark.alliance.work import AllianceWork
from truemark.errors import InputError
from truemark.store.alliance_records import IntelItemRecord


def provenance(item: IntelItemRecord) -> str:
    """Whose intelligence it is: ``intel:<origin organization>:<item id>`` (the first 16 hex
    digits of the item's alliance-wide uid, the same in every member's store)."""
    return f"intel:{item.origin}:{item.uid[:16]}"


def _bank(items: Sequence[IntelItemRecord], kind: str, column: str) -> pl.DataFrame:
    chosen = [item for item in items if item.kind == kind]
    return pl.DataFrame(
        {
            column: [item.value for item in chosen],
            "provenance": [provenance(item) for item in chosen],
        },
        schema={column: pl.String, "provenance": pl.String},
    )


def known_fakes_table(
    alliance: AllianceWork, organization_id: int, moment: datetime
) -> pl.DataFrame:
    """Columns pdq, provenance, brand_id: the active photo hashes the organization may see."""
    bank = _bank(visible_items(alliance, organization_id, moment), PHOTO_HASH, "pdq")
    return bank.with_columns(pl.lit(None, pl.String).alias("brand_id"))


def write_known_fakes(
    alliance: AllianceWork, organization_id: int, path: Path, moment: datetime
) -> int:
    """Write the known-fakes CSV for the organization; returns how many hashes it holds."""
    return write_bank(alliance, organization_id, PHOTO_HASH, path, moment)


def cue_terms_table(alliance: AllianceWork, organization_id: int, moment: datetime) -> pl.DataFrame:
    """Columns term, provenance: the active counterfeit cue terms the organization may see."""
    return _bank(visible_items(alliance, organization_id, moment), CUE_TERM, "term")


def infringer_table(alliance: AllianceWork, organization_id: int, moment: datetime) -> pl.DataFrame:
    """Columns value, provenance: the active infringer hashes the organization may see."""
    return _bank(visible_items(alliance, organization_id, moment), INFRINGER, "value")


def indicator_table(alliance: AllianceWork, organization_id: int, moment: datetime) -> pl.DataFrame:
    """Columns value, provenance: the active racket indicators (``TYPE:VALUE``) the organization
    may see."""
    return _bank(visible_items(alliance, organization_id, moment), RACKET_INDICATOR, "value")


def sellers_matching_intel(
    alliance: AllianceWork,
    organization_id: int,
    sellers: pl.DataFrame,
    alliance_key: bytes,
    moment: datetime,
) -> pl.DataFrame:
    """Sellers (a sellers table) matching infringer hashes the organization may see:
    ``seller_id``, ``attribute``, ``provenance``."""
    return matching_sellers(
        sellers, infringer_table(alliance, organization_id, moment), alliance_key
    )


BANKS = {
    PHOTO_HASH: known_fakes_table,
    CUE_TERM: cue_terms_table,
    INFRINGER: infringer_table,
    RACKET_INDICATOR: indicator_table,
}
"""The kinds of item that have a bank file, and the table each writes."""


def write_bank(
    alliance: AllianceWork, organization_id: int, kind: str, path: Path, moment: datetime
) -> int:
    """Write the organization's bank of ``kind`` as CSV (photo_hash: ``pdq,provenance,brand_id``;
    cue_term: ``term,provenance``; infringer and racket_indicator: ``value,provenance``);
    returns its rows."""
    if kind not in BANKS:
        what = "has no bank file" if kind in KINDS else "unknown"
        raise InputError(f"intel kind {kind!r} {what}: use one of {', '.join(BANKS)}")
    table = BANKS[kind](alliance, organization_id, moment)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.write_csv(path)
    return table.height
