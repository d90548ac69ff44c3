"""Engines and sessions: SQLite pragmas, URL handling, transactions, UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import StatementError

from truemark.errors import ConfigError
from truemark.store import make_engine, session_scope
from truemark.store.db import parse_database_url
from truemark.store.models import Organization
from truemark.store.records import OrganizationKind


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    url = parse_database_url("postgresql://postgres@127.0.0.1:5432/test")

    assert url.drivername == "postgresql+psycopg"


@pytest.mark.parametrize("url", ["mysql://root@localhost/db", "not a url"])
def test_unsupported_or_malformed_urls_are_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError):
        make_engine(url)


def _organizations(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Organization)) or 0


def _add_then_fail(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(Organization(slug="lost", name="Lost", kind=OrganizationKind.BRAND))
        session.flush()
        raise RuntimeError("the job failed half-way")


def test_session_scope_commits_or_rolls_back_as_a_whole(migrated_engine: Engine) -> None:
    with session_scope(migrated_engine) as session:
        session.add(Organization(slug="kept", name="Kept", kind=OrganizationKind.BRAND))
    with pytest.raises(RuntimeError):
        _add_then_fail(migrated_engine)

    assert _organizations(migrated_engine) == 1


def test_timestamps_come_back_timezone_aware_in_utc(migrated_engine: Engine) -> None:
    moment = datetime(2026, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=8)))
    with session_scope(migrated_engine) as session:
        session.add(
            Organization(slug="t", name="T", kind=OrganizationKind.SELLER, created_at=moment)
        )
    with session_scope(migrated_engine) as session:
        stored = session.scalars(select(Organization.created_at)).one()

    assert stored == moment
    assert stored.tzinfo == UTC


def test_naive_timestamps_are_refused(migrated_engine: Engine) -> None:
    naive = datetime(2026, 3, 1, 12, 30)
    with (
        pytest.raises(StatementError, match="without a time zone"),
        session_scope(migrated_engine) as s,
    ):
        s.add(Organization(slug="n", name="N", kind=OrganizationKind.SELLER, created_at=naive))
