"""The store as services see it: one transaction at a time, with a repository per aggregate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truemark.store.db import make_engine, session_scope
from truemark.store.repositories import (
    ApiKeyRepository,
    CaseRepository,
    CatalogRepository,
    CounterNoticeRepository,
    DecisionRepository,
    EffectRepository,
    NetworkRepository,
    NoticeRepository,
    OrganizationRepository,
    SellerRepository,
    StrikeRepository,
    UserRepository,
)
from truemark.store.repositories.audit import AuditRepository
from truemark.store.repositories.evidence_keys import EvidenceKeyRepository
from truemark.store.repositories.referrals import ReferralRepository
from truemark.store.repositories.test_buys import TestBuyRepository


@dataclass(frozen=True, slots=True)
class UnitOfWork:
    """The repositories of one transaction; it commits when the ``with`` block ends normally."""

    organizations: OrganizationRepository
    users: UserRepository
    api_keys: ApiKeyRepository
    catalog: CatalogRepository
    sellers: SellerRepository
    cases: CaseRepository
    decisions: DecisionRepository
    notices: NoticeRepository
    counter_notices: CounterNoticeRepository
    strikes: StrikeRepository
    effects: EffectRepository
    networks: NetworkRepository
    audit: AuditRepository
    test_buys: TestBuyRepository
    referrals: ReferralRepository
    evidence_keys: EvidenceKeyRepository

    @classmethod
    def on(cls, session: Session, password_hasher: PasswordHasher | None = None) -> UnitOfWork:
        """Repositories sharing ``session``."""
        return cls(
            organizations=OrganizationRepository(session),
            users=UserRepository(session, password_hasher),
            api_keys=ApiKeyRepository(session),
            catalog=CatalogRepository(session),
            sellers=SellerRepository(session),
            cases=CaseRepository(session),
            decisions=DecisionRepository(session),
            notices=NoticeRepository(session),
            counter_notices=CounterNoticeRepository(session),
            strikes=StrikeRepository(session),
            effects=EffectRepository(session),
            networks=NetworkRepository(session),
            audit=AuditRepository(session),
            test_buys=TestBuyRepository(session),
            referrals=ReferralRepository(session),
            evidence_keys=EvidenceKeyRepository(session),
        )


class Store:
    """A database holding truemark's records; hands out units of work."""

    def __init__(self, engine: Engine, password_hasher: PasswordHasher | None = None) -> None:
        """``password_hasher``: argon2 parameters for user passwords (default: argon2-cffi's)."""
        self.engine = engine
        self._password_hasher = password_hasher or PasswordHasher()

    @classmethod
    def from_url(cls, url: str) -> Store:
        """A store on the database at ``url`` (it must already be migrated)."""
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction: committed at the end of the block, rolled back if it raises."""
        with session_scope(self.engine) as session:
            yield UnitOfWork.on(session, self._password_hasher)

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()
