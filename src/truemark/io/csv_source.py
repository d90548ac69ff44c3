"""Stream a CSV file (header row, every cell read as text) as raw record batches."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from truemark.errors import InputError
from truemark.io.rows import FieldError, RawBatch, RejectedRow
from truemark.io.text import decode_text

ROW_BYTES_ESTIMATE = 256


def read_header(path: Path) -> list[str]:
    """Column names from the first line; an empty file or repeated names are an InputError."""
    try:
        with path.open("rb") as data:
            line = data.readline().decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(line)), [])
    except UnicodeDecodeError:
        raise InputError(f"{path}, line 1: header is not valid UTF-8") from None
    if not header:
        raise InputError(f"{path}: file is empty (expected a header row)")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InputError(f"{path}, line 1: repeated column names: {', '.join(repeated)}")
    return header


class CsvSource:
    """Rows of a CSV file; a row with the wrong number of cells is rejected, not fatal."""

    total_rows: int | None = None

    def __init__(self, path: Path, batch_size: int) -> None:
        self.path = path
        self.header = read_header(path)
        self.block_size = max(1 << 20, batch_size * ROW_BYTES_ESTIMATE)
        self._rejects: list[RejectedRow] = []
        self._skipped: list[int] = []

    def _on_invalid_row(self, row: pcsv.InvalidRow) -> str:
        number = (row.number or 0) - 1  # pyarrow counts the header as record 1
        message = f"expected {row.expected_columns} cells, found {row.actual_columns}"
        error = FieldError(None, message)
        self._rejects.append(RejectedRow(self.path, number, "row", row.text, [error]))
        self._skipped.append(number)
        return "skip"

    def _reader(self) -> pcsv.CSVStreamingReader:
        text_columns = {name: pa.binary() for name in self.header}
        try:
            return pcsv.open_csv(
                self.path,
                # one thread: only then does pyarrow number the malformed rows it skips
                read_options=pcsv.ReadOptions(block_size=self.block_size, use_threads=False),
                parse_options=pcsv.ParseOptions(
                    newlines_in_values=True, invalid_row_handler=self._on_invalid_row
                ),
                convert_options=pcsv.ConvertOptions(
                    column_types=text_columns,
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowException as exc:
            raise InputError(f"{self.path}: cannot read CSV ({exc})") from None

    def _numbers(self, after: int, count: int) -> np.ndarray:
        """Data row numbers of the next ``count`` well-formed rows, skipping rejected ones."""
        skipped = np.asarray(self._skipped, dtype=np.int64)
        span = np.arange(after + 1, after + 1 + count + len(skipped), dtype=np.int64)
        return span[~np.isin(span, skipped)][:count]

    def batches(self) -> Iterator[RawBatch]:
        """Raw batches of text columns, each carrying the malformed rows found while reading it."""
        last = 0
        reader = self._reader()
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowException as exc:
                where = f"{self.path}, after row {last}"
                raise InputError(f"{where}: cannot read CSV ({exc})") from None
            numbers = self._numbers(last, batch.num_rows)
            last = int(numbers[-1]) if len(numbers) else last
            rejects, self._rejects = self._rejects, []
            yield decode_text(RawBatch(self.path, batch, numbers, rejects=rejects))
        if self._rejects:
            text_schema = pa.schema([(name, pa.string()) for name in self.header])
            empty = pa.RecordBatch.from_pylist([], schema=text_schema)
            yield RawBatch(self.path, empty, np.zeros(0, np.int64), rejects=self._rejects)
