"""What an import did: counts per table, and what it had to skip."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from truemark.errors import Problem
from truemark.io import ReadSummary


@dataclass(frozen=True, slots=True)
class TableCounts:
    """Rows inserted, updated, deleted and left unchanged in one table by one import."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        """Rows written or removed."""
        return self.inserted + self.updated + self.deleted

    def __add__(self, other: TableCounts) -> TableCounts:
        return TableCounts(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.deleted + other.deleted,
            self.unchanged + other.unchanged,
        )


@dataclass(frozen=True, slots=True)
class CatalogImportReport:
    """The outcome of importing a catalog: counts per table and the images that were skipped."""

    tables: Mapping[str, TableCounts]
    skipped_images: tuple[Problem, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the import wrote or removed anything."""
        return any(counts.changed for counts in self.tables.values())


@dataclass(frozen=True, slots=True)
class SellerUpsertCounts:
    """The outcome of upserting seller rows.

    ``duplicates`` counts rows that repeated a seller_id within one batch (the last one wins);
    ``skipped`` counts rows without a seller_id.
    """

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0

    def __add__(self, other: SellerUpsertCounts) -> SellerUpsertCounts:
        return SellerUpsertCounts(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.duplicates + other.duplicates,
            self.skipped + other.skipped,
        )


@dataclass(frozen=True, slots=True)
class SellerImportReport:
    """The outcome of importing a sellers file: what the store did, what the reader rejected."""

    counts: SellerUpsertCounts
    summary: ReadSummary  # the reader's: rows read, valid, quarantined, first problems
