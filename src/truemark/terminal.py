"""What the command line shows a person: a console, progress bars, problems listed readably."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from truemark.errors import Problem

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


class Advance(Protocol):
    """Callback a long job calls with how much more it has done (rows, bytes, items)."""

    def __call__(self, amount: int, /) -> None: ...


@contextmanager
def progress_bar(description: str, total: int | None, unit: str = "rows") -> Iterator[Advance]:
    """A rich progress bar with throughput; yields the callback that advances it."""
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn() if total else TextColumn(""),
        MofNCompleteColumn() if total else TextColumn("{task.completed:,} " + unit),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn() if total else TextColumn(""),
    ]
    with Progress(*columns, console=err_console, transient=False) as progress:
        task = progress.add_task(description, total=total, rate="")

        def advance(amount: int) -> None:
            progress.advance(task, amount)
            speed = progress.tasks[task].speed
            if speed:
                progress.update(task, rate=f"{speed:,.0f} {unit}/s")

        yield advance


def print_problems(problems: Sequence[Problem], limit: int = 50) -> None:
    """List problems one per line on stderr, at most ``limit`` of them, then how many more."""
    for problem in problems[:limit]:
        err_console.print(f"  [red]✗[/red] {problem}", markup=True, soft_wrap=True)
    if len(problems) > limit:
        err_console.print(f"  … and {len(problems) - limit} more")


def print_counts(title: str, counts: Mapping[str, int | float], total: int | None = None) -> None:
    """A two-column table of counts (with a share of ``total`` when given), largest first."""
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("count", justify="right")
    if total:
        table.add_column("share", justify="right")
    for name, count in sorted(counts.items(), key=lambda item: -item[1]):
        cells = [name, f"{count:,}"]
        if total:
            cells.append(f"{100 * count / total:.1f} %")
        table.add_row(*cells)
    console.print(table)
