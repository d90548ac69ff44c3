"""Bulk upsert of Arrow rows: INSERT ... ON CONFLICT DO UPDATE on SQLite and PostgreSQL.

Only rows whose values differ are rewritten; the result says how many rows were inserted and
how many updated (the others already held the values given). PostgreSQL receives one array per
column (``unnest``), so a batch is a single statement; SQLite gets a batched executemany.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import pyarrow as pa
from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    DateTime,
    Table,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert
from sqlalchemy.types import TypeEngine

from truemark.errors import ConfigError
from truemark.store.types import UTCDateTime

LOOKUP_CHUNK = 5_000  # keys per IN (...) query on SQLite, below its parameter limit


@dataclass(frozen=True, slots=True)
class Upserted:
    """Rows inserted and rows updated by one bulk upsert."""

    inserted: int
    updated: int


def bulk_upsert(
    session: Session,
    table: Table,
    rows: pa.Table,
    key: str,
    on_change: Mapping[str, Any] | None = None,
) -> Upserted:
    """Upsert ``rows`` (unique on ``key``; columns named as in ``table``) into ``table``.

    Every column other than ``key`` is compared; ``on_change`` sets further columns (such as
    ``updated_at``) on the rows that changed.
    """
    if rows.num_rows == 0:
        return Upserted(0, 0)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return _postgresql(session, table, rows, key, on_change or {})
    if dialect == "sqlite":
        return _sqlite(session, table, rows, key, on_change or {})
    raise ConfigError(f"bulk upsert is not supported on {dialect!r}")


def _on_conflict(
    statement: postgresql.Insert | sqlite.Insert,
    table: Table,
    key: str,
    columns: Sequence[str],
    on_change: Mapping[str, Any],
) -> Insert:
    if not columns:
        return statement.on_conflict_do_nothing(index_elements=[table.c[key]])
    excluded = statement.excluded
    changes: list[ColumnElement[bool]] = [
        table.c[name].is_distinct_from(excluded[name]) for name in columns
    ]
    values: dict[str, Any] = {name: excluded[name] for name in columns}
    values.update(on_change)
    return statement.on_conflict_do_update(
        index_elements=[table.c[key]], set_=values, where=or_(*changes)
    )


def _unnested(table: Table, name: str, column: pa.ChunkedArray) -> ColumnElement[Any]:
    """``unnest(:values)`` of one column, sent to PostgreSQL as a single typed array."""
    kind = table.c[name].type
    if isinstance(kind, JSON):
        texts = [None if v is None else orjson.dumps(v).decode() for v in column.to_pylist()]
        values = bindparam(f"{name}_values", texts, type_=postgresql.ARRAY(Text))
        return cast(func.unnest(values), postgresql.JSONB).label(name)
    item: TypeEngine[Any] = DateTime(timezone=True) if isinstance(kind, UTCDateTime) else kind
    array = postgresql.ARRAY(item)
    values = bindparam(f"{name}_values", column.to_pylist(), type_=array)
    return func.unnest(values).label(name)


def _postgresql(
    session: Session, table: Table, rows: pa.Table, key: str, on_change: Mapping[str, Any]
) -> Upserted:
    names = rows.column_names
    source = select(*(_unnested(table, name, rows[name]) for name in names))
    statement = postgresql.insert(table).from_select(names, source)
    inserted = literal_column("xmax = 0", Boolean)  # a row version no one replaced: new
    upsert = _on_conflict(
        statement, table, key, [n for n in names if n != key], on_change
    ).returning(inserted)
    flags = list(session.execute(upsert).scalars())
    return Upserted(inserted=sum(flags), updated=len(flags) - sum(flags))


def _sqlite(
    session: Session, table: Table, rows: pa.Table, key: str, on_change: Mapping[str, Any]
) -> Upserted:
    existing = _existing(session, table, key, rows[key].to_pylist())
    columns = [n for n in rows.column_names if n != key]
    upsert = _on_conflict(sqlite.insert(table), table, key, columns, on_change)
    written = set(session.execute(upsert.returning(table.c[key]), rows.to_pylist()).scalars())
    updated = len(written & existing)
    return Upserted(inserted=len(written) - updated, updated=updated)


def _existing(session: Session, table: Table, key: str, values: list[Any]) -> set[Any]:
    found: set[Any] = set()
    for start in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[start : start + LOOKUP_CHUNK]
        found.update(session.scalars(select(table.c[key]).where(table.c[key].in_(chunk))))
    return found
