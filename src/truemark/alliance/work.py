"""One transaction over the store's repositories and the alliance's intel repository."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from truemark.store import Store, UnitOfWork
from truemark.store.db import session_scope
from truemark.store.repositories.intel import IntelRepository
from truemark.store.repositories.trusted_exporters import TrustedExporterRepository


@dataclass(frozen=True, slots=True)
class AllianceWork:
    """The store's unit of work (organizations, audit, evidence keys) plus the intel items and
    the keys pinned for remote exporters."""

    work: UnitOfWork
    intel: IntelRepository
    trusted: TrustedExporterRepository


@contextmanager
def alliance_work(store: Store) -> Iterator[AllianceWork]:
    """One transaction: committed at the end of the block, rolled back if it raises."""
    with session_scope(store.engine) as session:
        yield AllianceWork(
            UnitOfWork.on(session), IntelRepository(session), TrustedExporterRepository(session)
        )
