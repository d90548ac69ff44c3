"""The quarantine file: one JSON object per rejected row, with the row as read and its errors."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import IO, Any

import orjson

from truemark.io.rows import RejectedRow

QUARANTINE_SUFFIX = ".quarantine.jsonl"
_DATA_SUFFIXES = (".jsonl.gz", ".jsonl", ".csv", ".parquet")


def quarantine_path_for(path: Path) -> Path:
    """``<stem>.quarantine.jsonl`` beside ``path`` (an input file, a folder or an output file)."""
    name = path.name
    for suffix in _DATA_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(name + QUARANTINE_SUFFIX)


def _fallback(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def quarantine_line(reject: RejectedRow) -> bytes:
    """The JSON line of one rejected row: ``{"file", "row", "record", "errors"}``."""
    entry = {
        "file": str(reject.file),
        "row": reject.row,
        "record": reject.record,
        "errors": [{"field": e.field, "message": e.message} for e in reject.errors],
    }
    return orjson.dumps(entry, default=_fallback, option=orjson.OPT_NON_STR_KEYS) + b"\n"


class QuarantineWriter:
    """Appends rejected rows to the quarantine file, created on the first one.

    A quarantine file left by an earlier run at the same path is removed when this opens,
    so the file on disk always belongs to the latest read.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self._file: IO[bytes] | None = None
        path.unlink(missing_ok=True)

    def write(self, rejects: list[RejectedRow]) -> None:
        """Write the rejected rows, in file order."""
        if not rejects:
            return
        if self._file is None:
            self._file = self.path.open("wb")
        ordered = sorted(rejects, key=lambda r: (str(r.file), r.row))
        self._file.write(b"".join(quarantine_line(r) for r in ordered))
        self.rows += len(rejects)

    def close(self) -> None:
        """Flush and close the file, if one was written."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> QuarantineWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
