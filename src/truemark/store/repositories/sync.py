"""Make a set of child rows equal to what a catalog says: insert, update, delete, count."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from truemark.store.base import Base
from truemark.store.reports import TableCounts

Row = TypeVar("Row", bound=Base)


def assign(row: Base, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; True when any did (so unchanged rows are never written)."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def sync_rows(
    session: Session,
    existing: Mapping[Any, Row],
    desired: Mapping[Any, Mapping[str, Any]],
    make: Callable[[Any, Mapping[str, Any]], Row],
    keep: Collection[Any] = (),
) -> TableCounts:
    """Update rows whose key is desired, add the missing ones, delete the rest except ``keep``."""
    inserted = updated = unchanged = deleted = 0
    for key, values in desired.items():
        row = existing.get(key)
        if row is None:
            session.add(make(key, values))
            inserted += 1
        elif assign(row, values):
            updated += 1
        else:
            unchanged += 1
    for key, row in existing.items():
        if key not in desired and key not in keep:
            session.delete(row)
            deleted += 1
    return TableCounts(inserted=inserted, updated=updated, deleted=deleted, unchanged=unchanged)
