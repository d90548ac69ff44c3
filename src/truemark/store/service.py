"""Import jobs behind the CLI: a catalog file, a sellers file, into the configured database."""

from __future__ import annotations

from pathlib import Path

from truemark.catalog import load_catalog
from truemark.io import read_sellers
from truemark.store.migrate import require_current
from truemark.store.reports import CatalogImportReport, SellerImportReport, SellerUpsertCounts
from truemark.store.unit_of_work import Store
from truemark.terminal import Advance


def import_catalog_file(
    path: Path, database_url: str, organization: str | None = None
) -> CatalogImportReport:
    """Validate the catalog at ``path`` and upsert it; raises ValidationError listing every
    problem of an invalid catalog before anything is written.
    """
    catalog = load_catalog(path)
    require_current(database_url)
    store = Store.from_url(database_url)
    try:
        with store.unit_of_work() as work:
            return work.catalog.import_catalog(catalog, organization)
    finally:
        store.close()


def import_sellers_file(
    path: Path,
    database_url: str,
    quarantine: Path | None = None,
    on_rows: Advance | None = None,
) -> SellerImportReport:
    """Stream the sellers file batch by batch into the store, one transaction per batch;
    invalid rows go to the quarantine file and the rest are imported.
    """
    require_current(database_url)
    store = Store.from_url(database_url)
    counts = SellerUpsertCounts()
    try:
        reader = read_sellers(path, quarantine=quarantine, on_rows=on_rows)
        for batch in reader:
            with store.unit_of_work() as work:
                counts = counts + work.sellers.upsert_batch(batch)
        return SellerImportReport(counts=counts, summary=reader.summary)
    finally:
        store.close()
