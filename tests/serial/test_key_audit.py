"""Key changes are state changes: each lands in the tamper-evident audit log."""

from __future__ import annotations

from truemark.audit import verify_log
from truemark.serial.keyring import create_key, revoke_key, rotate_key
from truemark.serial.keys import KeyVault
from truemark.store import Store


def test_create_rotate_revoke_are_audited_in_one_intact_chain(
    serial_store: Store, vault: KeyVault
) -> None:
    first = create_key(serial_store, vault, "gucci", actor="user:ana")
    second = rotate_key(serial_store, vault, "gucci", actor="user:ana")
    revoke_key(serial_store, "gucci", first.key_id, actor="user:ben")
    with serial_store.unit_of_work() as work:
        entries = [e for e in work.audit.entries() if e.subject_type == "serial_key"]
        report = verify_log(work)
    assert [(e.action, e.subject_id, e.actor) for e in entries] == [
        ("serial_key.created", first.key_id, "user:ana"),
        ("serial_key.rotated", second.key_id, "user:ana"),
        ("serial_key.revoked", first.key_id, "user:ben"),
    ]
    assert report.intact
