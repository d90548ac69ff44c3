"""The work folder and DuckDB database of one run: memory limit, spill folder, clean-up."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from truemark.errors import ConfigError

DEFAULT_PHOTO_INDEX_BYTES = 2 << 30
MEMORY_PER_THREAD = 256 << 20


@dataclass(frozen=True)
class DuckDBSettings:
    """How much memory DuckDB may use (``"2GB"``; None: DuckDB's default, 80 % of RAM), where
    it spills and stages (None: the system temporary folder), and how many threads it runs."""

    memory_limit: str | None = None
    temp_dir: Path | None = None
    threads: int | None = None

    def threads_to_use(self) -> int | None:
        """The threads asked for; under a memory limit, one per 256 MiB of it (joins and
        aggregations need some memory per thread), at most one per core; None: DuckDB's."""
        if self.threads is not None:
            return self.threads
        limit = size_in_bytes(self.memory_limit) if self.memory_limit else None
        if limit is None:
            return None
        return max(1, min(os.cpu_count() or 1, limit // MEMORY_PER_THREAD))

    def photo_index_bytes(self) -> int:
        """What a slice of the photo index may take: half the memory limit (2 GiB without)."""
        limit = size_in_bytes(self.memory_limit) if self.memory_limit else None
        return limit // 2 if limit else DEFAULT_PHOTO_INDEX_BYTES


def size_in_bytes(text: str) -> int | None:
    """``"512MB"`` -> 512_000_000, ``"2GiB"`` -> 2_147_483_648 (None when not a size)."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*", text.lower())
    if found is None:
        return None
    number, prefix, binary = found.groups()
    scale = (1024 if binary else 1000) ** "_kmgt".index(prefix or "_")
    return int(float(number) * scale)


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
    threads = settings.threads_to_use()
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")


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


@contextmanager
def out_of_memory_is_a_setting(settings: DuckDBSettings) -> Iterator[None]:
    """DuckDB running out of memory or of spill space is a ConfigError naming the knobs."""
    try:
        yield
    except duckdb.OutOfMemoryException as exc:
        raise ConfigError(
            f"DuckDB ran out of memory under --memory-limit {settings.memory_limit or '(default)'}"
            f" even spilling to disk; give it more memory (--memory-limit) or fewer threads "
            f"({str(exc).splitlines()[0]})"
        ) from None
