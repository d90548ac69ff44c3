"""Key management for brands: create, rotate, revoke, export (the jobs behind the CLI and API)."""

from __future__ import annotations

from truemark.audit import AuditEvent, append
from truemark.errors import InputError
from truemark.serial.keyfile import key_document
from truemark.serial.keys import KeyVault, public_key_pem
from truemark.store import Scope, Store
from truemark.store.serial_records import SerialKeyRecord
from truemark.store.serial_store import SerialWork, serial_work


def _audited(work: SerialWork, actor: str, action: str, key: SerialKeyRecord) -> SerialKeyRecord:
    """Record the key change in the tamper-evident audit log, in the same transaction."""
    event = AuditEvent(actor, action, "serial_key", key.key_id, payload={"brand": key.brand_slug})
    append(work.audit, event)
    return key


def create_key(
    store: Store, vault: KeyVault, brand: str, scope: Scope | None = None, actor: str = "system"
) -> SerialKeyRecord:
    """The brand's first signing key; InputError when it already has a live one (rotate it)."""
    scope = scope or Scope.everything()
    with serial_work(store) as work:
        if any(key.status == "active" for key in work.keys.keys(scope, brand)):
            raise InputError(
                f"brand {brand!r} already has a live key: use `truemark serial keys rotate`"
            )
        new = vault.generate()
        key = work.keys.add(scope, brand, new.key_id, new.public_key, new.sealed_private_key)
        return _audited(work, actor, "serial_key.created", key)


def rotate_key(
    store: Store, vault: KeyVault, brand: str, scope: Scope | None = None, actor: str = "system"
) -> SerialKeyRecord:
    """A new live key for the brand; earlier keys retire (their codes still verify)."""
    scope = scope or Scope.everything()
    with serial_work(store) as work:
        new = vault.generate()
        key = work.keys.add(scope, brand, new.key_id, new.public_key, new.sealed_private_key)
        return _audited(work, actor, "serial_key.rotated", key)


def revoke_key(
    store: Store, brand: str, key_id: str, scope: Scope | None = None, actor: str = "system"
) -> SerialKeyRecord:
    """Revoke one of the brand's keys: every code it signed now verifies as revoked."""
    with serial_work(store) as work:
        key = work.keys.revoke(scope or Scope.everything(), brand, key_id.lower())
        return _audited(work, actor, "serial_key.revoked", key)


def export_keys(store: Store, brand: str | None = None, scope: Scope | None = None) -> bytes:
    """The key file (JSON) with the public keys of one brand, or of every brand."""
    scope = scope or Scope.everything()
    with serial_work(store) as work:
        if brand is not None:
            work.catalog.brand(scope, brand)  # NotFoundError for a brand outside the scope
        keys = work.keys.keys(scope, brand)
        brands = {key.brand_slug for key in keys}
        products = [
            (product.brand_slug, product.sku)
            for product in work.catalog.products(scope, brand)
            if product.brand_slug in brands
        ]
    return key_document(keys, products)


def export_pem(store: Store, brand: str, scope: Scope | None = None) -> str:
    """The brand's live public key as PEM, for tools that know nothing of truemark."""
    with serial_work(store) as work:
        live = work.keys.signing_key(scope or Scope.everything(), brand).key
    return public_key_pem(live.public_key)
