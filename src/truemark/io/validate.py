"""Check a raw batch against a record format: canonical good rows, rejected bad rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from truemark.io.checks import mask
from truemark.io.coerce import coerce
from truemark.io.dedupe import SeenKeys
from truemark.io.rows import FieldError, RawBatch, RejectedRow
from truemark.io.schema import KIND_TYPES, RecordSpec

MISSING = "required field is missing or empty"

Failure = tuple[str, np.ndarray, str]  # field, rows that fail, message


@dataclass(slots=True)
class CheckedBatch:
    """The valid rows in canonical form (extra columns after) and every rejected row."""

    valid: pa.RecordBatch
    rejects: list[RejectedRow]


class BatchValidator:
    """Validates the batches of one file in order; remembers keys to reject repeats."""

    def __init__(self, spec: RecordSpec) -> None:
        self.spec = spec
        self.seen = SeenKeys()

    def _canonical(self, raw: RawBatch) -> tuple[list[pa.Array], list[Failure]]:
        rows = raw.columns.num_rows
        present = set(raw.columns.schema.names)
        arrays: list[pa.Array] = []
        failures: list[Failure] = []
        for spec in self.spec.fields:
            if spec.name not in present:
                arrays.append(pa.nulls(rows, KIND_TYPES[spec.kind]))
                if spec.required:
                    failures.append((spec.name, np.ones(rows, dtype=bool), MISSING))
                continue
            result = coerce(raw.columns.column(spec.name), spec)
            arrays.append(result.values)
            failed = np.zeros(rows, dtype=bool)
            for rows_failing, message in result.failures:
                failures.append((spec.name, rows_failing, message))
                failed |= rows_failing
            if spec.required:
                failed |= _marked(raw, spec.name)
                missing = mask(pc.is_null(result.values)) & ~failed
                failures.append((spec.name, missing, MISSING))
        return arrays, failures

    def check(self, raw: RawBatch) -> CheckedBatch:
        """Split the batch into valid canonical rows and rejected rows with all their errors."""
        arrays, failures = self._canonical(raw)
        bad = np.zeros(raw.columns.num_rows, dtype=bool)
        for _, rows_failing, _ in failures:
            bad |= rows_failing
        bad[list(raw.field_errors)] = True
        canonical = self.spec.schema
        repeated = self.seen.repeats(arrays[canonical.get_field_index(self.spec.key)], ~bad)
        message = f"repeats a {self.spec.key} that appears earlier in the file"
        failures.append((self.spec.key, repeated, message))
        bad |= repeated
        extras = [n for n in raw.columns.schema.names if n not in canonical.names]
        columns = arrays + [raw.columns.column(n) for n in extras]
        fields = list(canonical) + [raw.columns.schema.field(n) for n in extras]
        batch = pa.RecordBatch.from_arrays(columns, schema=pa.schema(fields))
        valid = batch.filter(pa.array(~bad)) if bad.any() else batch
        return CheckedBatch(valid, raw.rejects + _rejects(raw, bad, failures))


def _marked(raw: RawBatch, name: str) -> np.ndarray:
    """Rows whose field ``name`` already failed while the source parsed it."""
    marked = np.zeros(raw.columns.num_rows, dtype=bool)
    for index, errors in raw.field_errors.items():
        marked[index] = any(error.field == name for error in errors)
    return marked


def _rejects(raw: RawBatch, bad: np.ndarray, failures: list[Failure]) -> list[RejectedRow]:
    """One rejected row per bad row, carrying every error found in it (bad rows only, in Python)."""
    indices = np.flatnonzero(bad)
    if len(indices) == 0:
        return []
    originals = raw.originals(indices)
    rejects = []
    for index, record in zip(indices, originals, strict=True):
        errors = list(raw.field_errors.get(int(index), []))
        errors += [FieldError(name, message) for name, rows, message in failures if rows[index]]
        row = int(raw.row_numbers[index])
        rejects.append(RejectedRow(raw.file, row, raw.unit, record, errors))
    return rejects
