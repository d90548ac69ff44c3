"""Turn an Arrow batch of sellers into rows for a bulk upsert, column by column."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from truemark.errors import InputError
from truemark.store.models.sellers import IDENTITY_COLUMNS

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")


def last_per_seller(table: pa.Table) -> pa.Table:
    """Keep the last row of each seller_id, in the order the survivors appeared."""
    numbered = table.append_column("__row", pa.array(np.arange(table.num_rows), pa.int64()))
    grouped = numbered.group_by("seller_id", use_threads=False).aggregate([("__row", "max")])
    keep = pc.sort_indices(grouped["__row_max"])
    return table.take(pc.take(grouped["__row_max"], keep))


def _timestamps(name: str, column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
        return pc.cast(column, UTC_TIMESTAMP)
    try:
        return pc.cast(pc.cast(column, pa.string()), UTC_TIMESTAMP)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise InputError(f"sellers, field '{name}': not an ISO 8601 timestamp ({exc})") from None


def _json_safe(column: pa.ChunkedArray) -> pa.ChunkedArray:
    kind = column.type
    if pa.types.is_temporal(kind):
        return pc.cast(column, pa.string())
    if pa.types.is_decimal(kind):
        return pc.cast(column, pa.float64())
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        return pc.cast(column, pa.string())
    return column


def seller_table(batch: pa.RecordBatch | pa.Table) -> pa.Table:
    """The identity columns in the store's types, plus ``extra``: a struct of all other columns."""
    table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
    if "seller_id" not in table.column_names:
        raise InputError("sellers: the batch has no 'seller_id' column")
    columns: dict[str, Any] = {"seller_id": pc.cast(table["seller_id"], pa.string())}
    for name in IDENTITY_COLUMNS:
        if name not in table.column_names:
            continue
        column = table[name]
        if name == "registered_at":
            columns[name] = _timestamps(name, column)
        else:
            columns[name] = column if column.type == pa.string() else pc.cast(column, pa.string())
    others = [n for n in table.column_names if n != "seller_id" and n not in IDENTITY_COLUMNS]
    if others:
        fields = [_json_safe(table[name]).combine_chunks() for name in others]
        columns["extra"] = pa.StructArray.from_arrays(fields, names=others)
    return pa.table(columns)
