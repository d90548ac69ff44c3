"""One transaction over the serialization repositories (and the catalog they read)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from truemark.store.db import session_scope
from truemark.store.repositories.audit import AuditRepository
from truemark.store.repositories.catalog import CatalogRepository
from truemark.store.repositories.serial_codes import SerialCodeRepository
from truemark.store.repositories.serial_events import SerialEventRepository
from truemark.store.repositories.serial_keys import SerialKeyRepository
from truemark.store.unit_of_work import Store


@dataclass(frozen=True, slots=True)
class SerialWork:
    """The serialization repositories of one transaction."""

    keys: SerialKeyRepository
    codes: SerialCodeRepository
    events: SerialEventRepository
    catalog: CatalogRepository
    audit: AuditRepository


@contextmanager
def serial_work(store: Store) -> Iterator[SerialWork]:
    """One transaction: committed at the end of the block, rolled back if it raises."""
    with session_scope(store.engine) as session:
        yield SerialWork(
            keys=SerialKeyRepository(session),
            codes=SerialCodeRepository(session),
            events=SerialEventRepository(session),
            catalog=CatalogRepository(session),
            audit=AuditRepository(session),
        )
