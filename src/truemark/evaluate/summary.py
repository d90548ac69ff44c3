"""The evaluation report as rich tables for the terminal."""

from __future__ import annotations

from rich import box
from rich.table import Table

from truemark.evaluate.reports import EvaluationReport
from truemark.evaluate.views import TableView, report_views


def rich_table(view: TableView) -> Table:
    """One table view as a rich table, figures right-aligned."""
    table = Table(
        title=view.title,
        caption=view.caption,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for index, header in enumerate(view.headers):
        if index == 0:
            table.add_column(header, justify="left", no_wrap=True)
        else:
            table.add_column(header, justify="right")
    for row in view.rows:
        table.add_row(*row)
    return table


def summary_tables(report: EvaluationReport) -> list[Table]:
    """Every table of the report, ready for ``console.print``."""
    return [rich_table(view) for view in report_views(report)]
