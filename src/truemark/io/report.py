"""How a read's summary is shown to a person: a small table of counts and the commonest errors."""

from __future__ import annotations

from rich.table import Table

from truemark.io.reader import ReadSummary


def summary_table(summary: ReadSummary, top: int = 10) -> Table:
    """Rows read, valid and quarantined, then the most frequent errors with their counts."""
    table = Table(title=f"{summary.path}", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("rows", justify="right")
    table.add_row("rows read", f"{summary.rows_read:,}")
    table.add_row("valid", f"[green]{summary.rows_valid:,}[/green]")
    style = "red" if summary.rows_quarantined else "green"
    table.add_row("quarantined", f"[{style}]{summary.rows_quarantined:,}[/{style}]")
    if summary.quarantine_path is not None:
        table.add_row("quarantine file", str(summary.quarantine_path))
    for kind, count in summary.top_errors(top):
        table.add_row(f"  {kind}", f"{count:,}")
    return table
