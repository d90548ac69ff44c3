"""Engines and sessions: SQLite with foreign keys and WAL, PostgreSQL through psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from truemark.errors import ConfigError

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
# PostgreSQL connections a process keeps open; more are opened for a moment (max_overflow) when
# needed. A server process admits no more requests at once than this (api.admission), so under
# load it never opens and closes connections over and over (each one a new backend process).
POOL_SIZE = 20


def parse_database_url(url: str | URL) -> URL:
    """The URL as SQLAlchemy reads it; plain ``postgresql://`` means psycopg 3."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ConfigError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///PATH "
            "or postgresql://USER@HOST/DB"
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, **options: Any) -> Engine:
    """An engine for ``url``; SQLite connections get foreign keys ON, WAL and a busy timeout."""
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "postgresql":
        options.setdefault("pool_pre_ping", True)
        if "poolclass" not in options:  # a NullPool (tests) keeps nothing
            options.setdefault("pool_size", POOL_SIZE)
        # JSONB never holds NaN or Infinity, so orjson reads every value json.loads would
        options.setdefault("json_deserializer", orjson.loads)
    engine = create_engine(parsed, **options)
    if parsed.get_backend_name() == "sqlite":
        in_memory = parsed.database in (None, "", ":memory:")
        event.listen(engine, "connect", _sqlite_pragmas(wal=not in_memory))
    return engine


def _sqlite_pragmas(wal: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    return on_connect


_SESSION_FACTORIES: WeakKeyDictionary[Engine, sessionmaker[Session]] = WeakKeyDictionary()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` that keep loaded values after commit; one factory per engine,
    made once (making one defines a Session class: 5x the cost of a session)."""
    factory = _SESSION_FACTORIES.get(engine)
    if factory is None:
        factory = _SESSION_FACTORIES[engine] = sessionmaker(engine, expire_on_commit=False)
    return factory


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit when the block ends normally, roll back when it raises."""
    with session_factory(engine)() as session, session.begin():
        yield session
