"""Which file format a path holds, taken from its name (spec/DATA.md: JSONL, CSV, Parquet)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from truemark.errors import InputError


class Format(Enum):
    """The tabular formats truemark reads and writes."""

    JSONL = ".jsonl"
    JSONL_GZ = ".jsonl.gz"
    CSV = ".csv"
    PARQUET = ".parquet"


SUFFIXES = ", ".join(f.value for f in Format)


def format_of(path: Path) -> Format:
    """The format named by the file's extension; anything else is an InputError."""
    name = path.name.lower()
    for fmt in sorted(Format, key=lambda f: -len(f.value)):
        if name.endswith(fmt.value):
            return fmt
    raise InputError(f"{path}: unknown file type (expected one of {SUFFIXES}, or a folder)")


def _ignored(path: Path) -> bool:
    return path.name.startswith((".", "_"))


def parquet_parts(folder: Path) -> list[Path]:
    """The Parquet files of a data set folder, sorted; other files there are an InputError.

    Hidden files and those starting with ``_`` (``_SUCCESS``, ``_metadata``) are ignored.
    """
    entries = sorted(p for p in folder.iterdir() if not _ignored(p))
    parts = [p for p in entries if p.is_file() and p.name.lower().endswith(".parquet")]
    odd = [p.name for p in entries if p not in parts]
    if odd:
        raise InputError(
            f"{folder}: a folder must hold only .parquet files; found {', '.join(odd)}"
        )
    if not parts:
        raise InputError(f"{folder}: folder holds no .parquet files")
    return parts
