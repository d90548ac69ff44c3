"""Migrations: empty database to head, on SQLite and PostgreSQL, with no drift from the models."""

from __future__ import annotations

from importlib.resources import files

import pytest
from sqlalchemy import text

from truemark.errors import ConfigError
from truemark.store import current_revision, head_revision, make_engine, require_current, upgrade
from truemark.store.migrate import schema_drift, table_names

TABLES = {
    "organizations",
    "users",
    "api_keys",
    "brands",
    "trademarks",
    "products",
    "brand_reference_images",
    "authorized_sellers",
    "sellers",
    # 0002: enforcement
    "listings",
    "cases",
    "decisions",
    "notices",
    "notice_items",
    "counter_notices",
    "outbox_messages",
    "strikes",
    "seller_standings",
    "effects",
    "networks",
    "network_members",
    "network_links",
    # 0003: serialization
    "serial_keys",
    "serial_ranges",
    "serial_verifications",
    "serial_clone_flags",
    # 0004: evidence and audit
    "audit_log",
    "audit_head",
    "test_buys",
    "test_buy_photos",
    "referrals",
    "referral_outcomes",
    "evidence_packs",
    "evidence_keys",
    # 0005: alliance
    "intel_items",
    "sharing_rules",
    # 0006: keys pinned for remote exporters
    "trusted_exporters",
}


def test_upgrade_from_empty_to_head_creates_every_table(database_url: str) -> None:
    assert current_revision(database_url) is None

    upgrade(database_url)

    assert current_revision(database_url) == head_revision()
    assert set(table_names(database_url)) == TABLES | {"alembic_version"}


def test_models_and_migrations_do_not_drift(migrated_database_url: str) -> None:
    assert schema_drift(migrated_database_url) == []


def test_drift_check_notices_a_schema_the_models_do_not_describe(
    migrated_database_url: str,
) -> None:
    engine = make_engine(migrated_database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_users_organization_id"))
    engine.dispose()

    drift = schema_drift(migrated_database_url)

    assert [change[0] for change in drift] == ["add_index"]


def test_upgrading_twice_is_harmless(migrated_database_url: str) -> None:
    upgrade(migrated_database_url)

    assert current_revision(migrated_database_url) == head_revision()


def test_a_database_behind_head_is_refused_with_the_fix(database_url: str) -> None:
    with pytest.raises(ConfigError, match="truemark db upgrade"):
        require_current(database_url)
    upgrade(database_url)
    require_current(database_url)


def test_migration_scripts_ship_inside_the_package() -> None:
    migrations = files("truemark.store") / "migrations"

    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    scripts = [entry.name for entry in (migrations / "versions").iterdir()]
    assert any(name.startswith(f"{head_revision()}_") for name in scripts)
