"""Schema migrations, driven from Python: upgrade, current revision, drift against the models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, inspect
from sqlalchemy.exc import OperationalError

import truemark.store.models  # noqa: F401  (registers every table on Base.metadata)
from truemark.errors import ConfigError
from truemark.store.base import Base
from truemark.store.db import make_engine

SCRIPT_LOCATION = "truemark.store:migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing into the installed package (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision the installed package ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise ConfigError("truemark ships no migrations: the installation is broken")
    return head


@contextmanager
def _connection(url: str) -> Iterator[Connection]:
    """A connection to ``url``; a database that cannot be reached is a ConfigError."""
    engine = make_engine(url)
    try:
        try:
            connection = engine.connect()
        except OperationalError as exc:
            where = engine.url.render_as_string(hide_password=True)
            raise ConfigError(f"cannot open the database {where}: {exc.orig}") from None
        with connection:
            yield connection
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision``.

    On SQLite, foreign keys are switched off while tables are rebuilt (batch mode) and checked
    afterwards, as SQLite's documentation prescribes for schema changes.
    """
    with _connection(url) as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            command.upgrade(alembic_config(connection), revision)
        except CommandError as exc:
            raise ConfigError(f"cannot migrate to {revision!r}: {exc}") from None
        connection.commit()
        if sqlite:
            violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            if violations:
                raise ConfigError(f"migration left {len(violations)} broken foreign keys")


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at; None for an empty database."""
    with _connection(url) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def require_current(url: str) -> None:
    """Raise a ConfigError telling the user to run ``truemark db upgrade`` when behind."""
    current = current_revision(url)
    if current != head_revision():
        state = "empty" if current is None else f"at revision {current}"
        raise ConfigError(
            f"the database is {state}, not at the latest schema: run `truemark db upgrade`"
        )


def schema_drift(url: str) -> list[Any]:
    """Differences between the models and the migrated database (empty when they agree)."""
    with _connection(url) as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def table_names(url: str) -> list[str]:
    """Names of the tables in the database at ``url`` (for diagnostics and tests)."""
    with _connection(url) as connection:
        return sorted(inspect(connection).get_table_names())
