"""Organizations, users (argon2 passwords) and API keys (hashed, shown once, revocable)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text

from truemark.errors import InputError, NotFoundError
from truemark.store import OrganizationKind, OrganizationRecord, Role, Store

PASSWORD = "correct horse battery staple"


def _organization(store: Store, name: str, kind: OrganizationKind) -> OrganizationRecord:
    with store.unit_of_work() as work:
        return work.organizations.get_or_create(name, kind)


def test_get_or_create_returns_the_same_organization(store: Store) -> None:
    first = _organization(store, "Kering S.A.", OrganizationKind.BRAND)
    again = _organization(store, "Kering S.A.", OrganizationKind.BRAND)

    assert first == again
    assert first.slug == "kering-s-a"
    with store.unit_of_work() as work:
        assert work.organizations.by_slug("kering-s-a") == first
        assert work.organizations.list(OrganizationKind.OPERATOR) == []


def test_an_unknown_slug_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError), store.unit_of_work() as work:
        work.organizations.by_slug("nobody")


def test_passwords_are_stored_as_argon2_hashes_and_verified(store: Store) -> None:
    operator = _organization(store, "Marketplace T&S", OrganizationKind.OPERATOR)
    with store.unit_of_work() as work:
        user = work.users.create(operator.id, " Ana@Example.com ", PASSWORD, Role.REVIEWER)
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()

    assert user.email == "ana@example.com"
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    with store.unit_of_work() as work:
        assert work.users.verify_password("ANA@example.com", PASSWORD) == user
        assert work.users.verify_password("ana@example.com", PASSWORD + "!") is None
        assert work.users.verify_password("eve@example.com", PASSWORD) is None
        assert work.users.in_organization(operator.id) == [user]


def test_an_e_mail_address_is_taken_only_once(store: Store) -> None:
    brand = _organization(store, "Kering", OrganizationKind.BRAND)
    with store.unit_of_work() as work:
        work.users.create(brand.id, "ana@example.com", PASSWORD, Role.ADMIN)
    with pytest.raises(InputError, match="already exists"), store.unit_of_work() as work:
        work.users.create(brand.id, "ANA@example.com", PASSWORD, Role.ANALYST)


def test_short_passwords_are_refused(store: Store) -> None:
    brand = _organization(store, "Kering", OrganizationKind.BRAND)
    with pytest.raises(InputError, match="at least"), store.unit_of_work() as work:
        work.users.create(brand.id, "ana@example.com", "short", Role.ADMIN)


def test_an_api_key_secret_is_shown_once_and_only_its_hash_is_kept(store: Store) -> None:
    brand = _organization(store, "Kering", OrganizationKind.BRAND)
    with store.unit_of_work() as work:
        issued = work.api_keys.issue(brand.id, "takedown bot", Role.REVIEWER)
    with store.engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM api_keys")).mappings().one()

    assert issued.secret.startswith(issued.key.prefix + "_")
    assert issued.secret not in {str(value) for value in row.values()}
    with store.unit_of_work() as work:
        verified = work.api_keys.verify(issued.secret)
        assert verified is not None
        assert verified.key == issued.key
        assert verified.organization == brand
        assert work.api_keys.in_organization(brand.id) == [issued.key]


def _last_character_changed(secret: str) -> str:
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


@pytest.mark.parametrize("mangle", [_last_character_changed, str.upper], ids=["edited", "upper"])
def test_a_wrong_secret_verifies_to_nothing(store: Store, mangle: Callable[[str], str]) -> None:
    brand = _organization(store, "Kering", OrganizationKind.BRAND)
    with store.unit_of_work() as work:
        issued = work.api_keys.issue(brand.id, "bot", Role.READ_ONLY)
    with store.unit_of_work() as work:
        assert work.api_keys.verify(mangle(issued.secret)) is None
        assert work.api_keys.verify("not-a-key") is None


def test_a_revoked_key_no_longer_verifies(store: Store) -> None:
    brand = _organization(store, "Kering", OrganizationKind.BRAND)
    with store.unit_of_work() as work:
        issued = work.api_keys.issue(brand.id, "bot", Role.ADMIN)
    with store.unit_of_work() as work:
        revoked = work.api_keys.revoke(brand.id, issued.key.id)

    assert revoked.revoked_at is not None
    with store.unit_of_work() as work:
        assert work.api_keys.verify(issued.secret) is None


def test_an_organization_cannot_revoke_another_organizations_key(store: Store) -> None:
    kering = _organization(store, "Kering", OrganizationKind.BRAND)
    lvmh = _organization(store, "LVMH", OrganizationKind.BRAND)
    with store.unit_of_work() as work:
        issued = work.api_keys.issue(kering.id, "bot", Role.ADMIN)
    with pytest.raises(NotFoundError), store.unit_of_work() as work:
        work.api_keys.revoke(lvmh.id, issued.key.id)
    with store.unit_of_work() as work:
        assert work.api_keys.verify(issued.secret) is not None


def _password_hash(store: Store) -> str:
    with store.engine.connect() as connection:
        stored: str = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    return stored


def test_a_hash_with_outdated_parameters_is_upgraded_at_sign_in(
    store: Store, migrated_engine: Engine
) -> None:
    brand = _organization(store, "Kering", OrganizationKind.BRAND)
    with store.unit_of_work() as work:
        work.users.create(brand.id, "ana@example.com", PASSWORD, Role.ADMIN)
    production = Store(migrated_engine)  # argon2-cffi's default parameters
    defaults = PasswordHasher()

    with production.unit_of_work() as work:
        assert work.users.verify_password("ana@example.com", PASSWORD) is not None

    upgraded = _password_hash(production)
    assert f"m={defaults.memory_cost},t={defaults.time_cost},p={defaults.parallelism}" in upgraded
    with production.unit_of_work() as work:
        assert work.users.verify_password("ana@example.com", PASSWORD) is not None
