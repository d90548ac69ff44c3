"""Bulk INSERT ... ON CONFLICT DO UPDATE for SQLite and PostgreSQL, touching only changed rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from truemark.errors import ConfigError


def upsert(
    dialect: str,
    table: Table,
    key: Sequence[str],
    compared: Sequence[str],
    on_change: dict[str, Any] | None = None,
) -> Insert:
    """An INSERT that, on a conflict of ``key``, updates the ``compared`` columns.

    The update runs only where one of the ``compared`` values differs, so an unchanged row is
    not rewritten and is not returned by RETURNING; ``on_change`` sets extra columns (e.g.
    ``updated_at``) on rows that did change.
    """
    insert: Any
    if dialect == "postgresql":
        insert = postgresql.insert
    elif dialect == "sqlite":
        insert = sqlite.insert
    else:
        raise ConfigError(f"bulk upsert is not supported on {dialect!r}")
    statement = insert(table)
    excluded = statement.excluded
    changes: list[ColumnElement[bool]] = [
        table.c[name].is_distinct_from(excluded[name]) for name in compared
    ]
    values: dict[str, Any] = {name: excluded[name] for name in compared}
    values.update(on_change or {})
    upserted: Insert = statement.on_conflict_do_update(
        index_elements=[table.c[name] for name in key], set_=values, where=or_(*changes)
    )
    return upserted
