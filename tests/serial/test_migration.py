"""The serialization migration goes down and up again cleanly (SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory

from truemark.store import make_engine, upgrade
from truemark.store.migrate import alembic_config, schema_drift, table_names

SERIAL_TABLES = {"serial_keys", "serial_ranges", "serial_verifications", "serial_clone_flags"}


def _serial_revision() -> tuple[str, str]:
    scripts = ScriptDirectory.from_config(alembic_config())
    for script in scripts.walk_revisions():
        if script.path.endswith("_serial.py"):
            return script.revision, str(script.down_revision)
    raise AssertionError("no serial migration")


def test_downgrade_removes_the_serial_tables_and_upgrade_restores_them(
    migrated_database_url: str,
) -> None:
    _, before = _serial_revision()
    engine = make_engine(migrated_database_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), before)
    engine.dispose()

    assert not SERIAL_TABLES & set(table_names(migrated_database_url))
    upgrade(migrated_database_url)
    assert set(table_names(migrated_database_url)) >= SERIAL_TABLES
    assert schema_drift(migrated_database_url) == []
