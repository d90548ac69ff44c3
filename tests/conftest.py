"""Shared fixtures: an empty database per test, on SQLite and on PostgreSQL, and one at head.

The PostgreSQL variant needs ``TRUEMARK_TEST_DATABASE_URL``; each test gets a schema of its own
(so tests run in parallel under pytest-xdist), dropped afterwards. Without the variable the
PostgreSQL variant is skipped with a visible reason, except under ``CI=true``, where it fails:
nothing may skip in CI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from truemark.store import Store, make_engine, upgrade

# CI runs on 2 shared cores: a property test is judged on its results, not on its speed.
# In CI the examples are derandomized, so a run is reproducible; locally they vary run to run.
settings.register_profile(
    "truemark",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"},
)
settings.load_profile("truemark")


POSTGRES_URL_ENV = "TRUEMARK_TEST_DATABASE_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if url:
        return url
    reason = (
        f"PostgreSQL variant not run: set {POSTGRES_URL_ENV}="
        "postgresql+psycopg://postgres@127.0.0.1:5432/test to run it"
    )
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: nothing may skip)", pytrace=False)
    pytest.skip(reason)


def _fresh_schema_url(base_url: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema; the schema is dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base_url, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("db")
        yield f"sqlite:///{folder / 'truemark.db'}"
        return
    yield from _fresh_schema_url(_postgres_base_url())


@pytest.fixture
def migrated_database_url(database_url: str) -> str:
    """URL of a database migrated to the newest revision."""
    upgrade(database_url)
    return database_url


@pytest.fixture
def migrated_engine(migrated_database_url: str) -> Iterator[Engine]:
    """An engine on a database at head; disposed after the test."""
    engine = make_engine(migrated_database_url)
    yield engine
    engine.dispose()


# argon2 with the cheapest parameters it allows: tests create many users on 2 shared cores.
FAST_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def store(migrated_engine: Engine) -> Store:
    """The store on a database at head (user passwords hashed with cheap argon2 parameters)."""
    return Store(migrated_engine, password_hasher=FAST_PASSWORD_HASHER)
