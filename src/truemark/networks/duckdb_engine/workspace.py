"""The work folder and DuckDB database of one run: memory limit, spill folder, clean-up."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from truemark.errors import ConfigError


@dataclass(frozen=True)
class DuckDBSettings:
    """How much memory DuckDB may use (``"2GB"``; None: DuckDB's default, 80 % of RAM), where
    it spills and stages (None: the system temporary folder), and how many threads it runs."""

    memory_limit: str | None = None
    temp_dir: Path | None = None
    threads: int | None = None


@dataclass(frozen=True)
class Workspace:
    """A connection to the run's database and the folder holding it, the staged inputs and the
    spill files; removed when the run ends."""

    con: duckdb.DuckDBPyConnection
    folder: Path

    def parquet(self, name: str) -> str:
        """A ``read_parquet`` of the staged file ``name``.parquet, for use in SQL."""
        path = str(self.folder / f"{name}.parquet").replace("'", "''")
        return f"read_parquet('{path}')"


def _configure(con: duckdb.DuckDBPyConnection, settings: DuckDBSettings, spill: Path) -> None:
    con.execute(f"SET temp_directory = '{str(spill).replace(chr(39), chr(39) * 2)}'")
    con.execute("SET preserve_insertion_order = false")
    if settings.memory_limit is not None:
        try:
            con.execute(f"SET memory_limit = '{settings.memory_limit.replace(chr(39), '')}'")
        except duckdb.Error as exc:
            raise ConfigError(
                f"--memory-limit {settings.memory_limit!r} is not a size DuckDB reads "
                f"(e.g. 512MB, 2GB): {exc}"
            ) from None
    if settings.threads is not None:
        con.execute(f"SET threads = {int(settings.threads)}")


@contextmanager
def workspace(settings: DuckDBSettings) -> Iterator[Workspace]:
    """Open a fresh work folder and database under ``settings.temp_dir``; remove both after."""
    if settings.temp_dir is not None:
        try:
            settings.temp_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"--temp-dir {settings.temp_dir}: {exc.strerror or exc}") from None
    folder = Path(tempfile.mkdtemp(prefix="truemark-networks-", dir=settings.temp_dir))
    try:
        con = duckdb.connect(str(folder / "networks.duckdb"))
        try:
            _configure(con, settings, folder / "spill")
            yield Workspace(con, folder)
        finally:
            con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
