"""The audit log in the database, on SQLite and PostgreSQL: every effect is chained, writers
never fork the chain, PostgreSQL refuses changes, and anchors catch a chain rewritten whole."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from tests.audit.conftest import Run

from truemark.audit import AuditEvent, append, entry_hash, verify_log
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.store import OrganizationKind, Store


def _event(number: int) -> AuditEvent:
    return AuditEvent(
        "user:a@example.org", "policy.promoted", "policy", f"v{number}", None, {"n": number}
    )


def test_every_effect_the_enforcer_logs_is_chained(store: Store) -> None:
    with store.unit_of_work() as work:
        brand = work.organizations.get_or_create("Kering", OrganizationKind.BRAND)
        change = StateChange("case.assigned", "case:17", (("assignee_user_id", 4),))
        logged = Enforcer(work, "user:rev@example.org", brand.id).apply([change])
    with store.unit_of_work() as work:
        [entry] = list(work.audit.entries())
        report = verify_log(work)
    assert (entry.action, entry.subject_type, entry.subject_id, entry.organization_id) == (
        "case.assigned", "case", "17", brand.id,
    )  # fmt: skip
    assert orjson.loads(entry.payload) == {"effect_id": logged[0].id, "assignee_user_id": 4}
    assert report.intact
    assert report.head_sequence == 1


def _fail_after_appending(store: Store) -> None:
    with store.unit_of_work() as work:
        append(work.audit, _event(1))
        raise RuntimeError("the state change failed")


def test_a_rolled_back_change_leaves_no_entry(store: Store) -> None:
    with pytest.raises(RuntimeError, match="state change failed"):
        _fail_after_appending(store)
    with store.unit_of_work() as work:
        assert list(work.audit.entries()) == []
        assert verify_log(work).intact


def test_concurrent_writers_never_fork_the_chain(store: Store) -> None:
    def writer(offset: int) -> None:
        for number in range(12):
            with store.unit_of_work() as work:
                append(work.audit, _event(offset + number))

    threads = [threading.Thread(target=writer, args=(offset,)) for offset in (0, 100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with store.unit_of_work() as work:
        report = verify_log(work)
        sequences = [entry.sequence for entry in work.audit.entries()]
    assert report.intact, report.breaks
    assert sequences == list(range(1, 37))


# PostgreSQL only: SQLite has no triggers that refuse writes; PostgreSQL is the production store.
@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_postgresql_refuses_to_update_or_delete_an_entry(store: Store) -> None:
    with store.unit_of_work() as work:
        append(work.audit, _event(1))
    for statement in (
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
            connection.execute(text(statement))
    with store.unit_of_work() as work:
        assert verify_log(work).intact


def _rewrite_whole_chain(store: Store, sequence: int) -> None:
    """Forge entry ``sequence`` and recompute every hash after it, and the head: the chain
    itself is consistent again; only an anchor kept elsewhere can tell."""
    with store.unit_of_work() as work:
        entries = list(work.audit.entries())
    previous = entries[sequence - 2].entry_hash
    forged = []
    for entry in entries[sequence - 1 :]:
        changed = replace(entry, previous_hash=previous)
        if entry.sequence == sequence:
            changed = replace(changed, actor="someone else")
        changed = replace(changed, entry_hash=entry_hash(changed))
        forged.append(changed)
        previous = changed.entry_hash
    postgres = store.dialect == "postgresql"
    with store.engine.begin() as connection:
        if postgres:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        for entry in forged:
            connection.execute(
                text(
                    "UPDATE audit_log SET actor = :a, previous_hash = :p, entry_hash = :h WHERE sequence = :s"
                ),
                {
                    "a": entry.actor,
                    "p": entry.previous_hash,
                    "h": entry.entry_hash,
                    "s": entry.sequence,
                },
            )
        connection.execute(text("UPDATE audit_head SET entry_hash = :h"), {"h": previous})
        if postgres:
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"))


def test_an_anchor_catches_a_chain_rewritten_whole(store: Store, run: Run, tmp_path: Path) -> None:
    with store.unit_of_work() as work:
        work.organizations.get_or_create("Marketplace", OrganizationKind.OPERATOR)
        for number in range(4):
            append(work.audit, _event(number))
    anchor = tmp_path / "anchor.json"
    code, _out, err = run("audit", "anchor", "--out", str(anchor))
    assert code == 0, err
    assert orjson.loads(anchor.read_bytes())["sequence"] == 6  # key created, anchor taken
    assert run("audit", "verify", "--anchor", str(anchor))[0] == 0

    _rewrite_whole_chain(store, 3)

    assert run("audit", "verify")[0] == 0  # the chain alone looks sound
    code, _out, err = run("audit", "verify", "--anchor", str(anchor))
    assert code == 2
    assert "entry 6" in err
    assert "rewritten" in err


def test_an_altered_anchor_is_not_trusted(store: Store, run: Run, tmp_path: Path) -> None:
    with store.unit_of_work() as work:
        work.organizations.get_or_create("Marketplace", OrganizationKind.OPERATOR)
    anchor = tmp_path / "anchor.json"
    assert run("audit", "anchor", "--out", str(anchor))[0] == 0
    body = orjson.loads(anchor.read_bytes())
    anchor.write_bytes(orjson.dumps({**body, "sequence": body["sequence"] - 1}))
    code, _out, err = run("audit", "verify", "--anchor", str(anchor))
    assert code == 2
    assert "signature does not hold" in err
