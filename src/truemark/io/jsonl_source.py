"""Stream JSON Lines (plain or gzip) as raw record batches, one block of lines at a time.

A block is parsed by pyarrow's JSON reader; when it holds a bad line (not UTF-8, not JSON,
not one object) it is parsed again line by line with orjson so the bad line fails alone.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.json as pj

from truemark.errors import InputError
from truemark.io.records import columns_from_records
from truemark.io.rows import FieldError, RawBatch, RejectedRow
from truemark.io.schema import Kind, RecordSpec

CHUNK_BYTES = 8 << 20
BOM = b"\xef\xbb\xbf"


def _line_end(buffer: bytes, lines: int) -> int | None:
    """Offset just after the ``lines``-th newline of the buffer, or None when it has fewer."""
    newlines = np.flatnonzero(np.frombuffer(buffer, dtype=np.uint8) == 10)
    return int(newlines[lines - 1]) + 1 if len(newlines) >= lines else None


class JsonlSource:
    """Rows of a JSON Lines file, numbered by line; blank lines are skipped."""

    total_rows: int | None = None

    def __init__(self, path: Path, spec: RecordSpec, batch_size: int) -> None:
        self.path = path
        self.spec = spec
        self.batch_size = batch_size
        # Timestamps stay text as written (pyarrow would guess their type); they are parsed later.
        self._text_instants = [f.name for f in spec.fields if f.kind is Kind.TIMESTAMP]
        instants = pa.schema([(name, pa.string()) for name in self._text_instants])
        self._parse_options = pj.ParseOptions(explicit_schema=instants)
        self._open().close()

    def _open(self) -> IO[bytes] | gzip.GzipFile:
        try:
            if self.path.name.lower().endswith(".gz"):
                return gzip.open(self.path, "rb")
            return self.path.open("rb")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot open ({exc.strerror or exc})") from None

    def _blocks(self) -> Iterator[tuple[int, bytes]]:
        """(first line number, block of whole lines ending in a newline)."""
        first, buffer = 1, b""
        with self._open() as stream:
            while True:
                try:
                    chunk = stream.read(CHUNK_BYTES)
                except (OSError, EOFError) as exc:
                    raise InputError(f"{self.path}: cannot decompress ({exc})") from None
                buffer += chunk.removeprefix(BOM) if first == 1 and not buffer else chunk
                while (end := _line_end(buffer, self.batch_size)) is not None:
                    yield first, buffer[:end]
                    first, buffer = first + self.batch_size, buffer[end:]
                if not chunk:
                    break
        if buffer.strip():
            yield first, buffer if buffer.endswith(b"\n") else buffer + b"\n"

    def _fast(self, first: int, block: bytes) -> RawBatch | None:
        """The block parsed in one go by pyarrow, or None when a line needs the slow path."""
        lines = block.count(b"\n")
        # Every line must open an object: pyarrow 26 crashes on a top-level `null` line.
        if not block.startswith(b"{") or block.count(b"\n{") != lines - 1:
            return None
        if not block.isascii():
            try:
                block.decode("utf-8")
            except UnicodeDecodeError:
                return None
        options = pj.ReadOptions(block_size=len(block) + 1)
        try:
            table = pj.read_json(
                pa.BufferReader(block), read_options=options, parse_options=self._parse_options
            )
        except pa.ArrowInvalid:
            return None
        if table.num_rows != lines:
            return None
        batch = table.combine_chunks().to_batches()[0]
        unused = [n for n in self._text_instants if batch.column(n).null_count == lines]
        batch = batch.drop_columns(unused) if unused else batch
        numbers = np.arange(first, first + lines)
        return RawBatch(self.path, batch, numbers, unit="line", lines=block)

    def _slow(self, first: int, block: bytes) -> RawBatch:
        records: list[dict[str, Any]] = []
        numbers: list[int] = []
        rejects: list[RejectedRow] = []
        for number, line in enumerate(block.split(b"\n")[:-1], start=first):
            if not line.strip():
                continue
            record, problem = _parse_line(line)
            if problem is None:
                records.append(record)
                numbers.append(number)
                continue
            error = FieldError(None, problem)
            rejects.append(RejectedRow(self.path, number, "line", record, [error]))
        batch, errors = columns_from_records(records, self.spec)
        numbering = np.asarray(numbers, dtype=np.int64)
        return RawBatch(self.path, batch, numbering, "line", records, rejects, errors)

    def batches(self) -> Iterator[RawBatch]:
        """Raw batches of about ``batch_size`` lines each."""
        for first, block in self._blocks():
            yield self._fast(first, block) or self._slow(first, block)


def _parse_line(line: bytes) -> tuple[Any, str | None]:
    """The line's object, or what it held (as text) and why it cannot be a row."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace"), "not valid UTF-8"
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        reason = str(exc).split(": line ")[0]
        return text, f"not valid JSON ({reason})"
    if not isinstance(value, dict):
        return value, "not a JSON object"
    return value, None
