"""How import outcomes are shown to a person: one small table of counts per table."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from sqlalchemy.engine import make_url

from truemark.store.reports import SellerUpsertCounts, TableCounts


def counts_table(title: str, tables: Mapping[str, TableCounts]) -> Table:
    """Inserted, updated, deleted and unchanged rows per table."""
    table = Table(title=title, title_justify="left")
    table.add_column("table")
    for heading in ("inserted", "updated", "deleted", "unchanged"):
        table.add_column(heading, justify="right")
    for name, counts in tables.items():
        table.add_row(
            name,
            f"{counts.inserted:,}",
            f"{counts.updated:,}",
            f"{counts.deleted:,}",
            f"{counts.unchanged:,}",
        )
    return table


def seller_counts_line(counts: SellerUpsertCounts) -> str:
    """One line: how many sellers were inserted, updated, left unchanged, repeated, skipped."""
    line = (
        f"sellers: {counts.inserted:,} inserted, {counts.updated:,} updated, "
        f"{counts.unchanged:,} unchanged"
    )
    if counts.duplicates:
        line += f", {counts.duplicates:,} repeated rows (the last one kept)"
    if counts.skipped:
        line += f", {counts.skipped:,} rows without a seller_id skipped"
    return line


def safe_url(url: str) -> str:
    """The database URL with any password masked, for messages."""
    return make_url(url).render_as_string(hide_password=True)
