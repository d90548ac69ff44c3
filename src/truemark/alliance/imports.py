"""Import a bundle: verify its signature under the key held here for its exporter, check it is
addressed to the importer, de-duplicate, store with provenance, apply the withdrawals it carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from truemark.alliance.items import (
    ACTIVE,
    RETRACTED,
    SUSPENDED,
    check_value,
    item_uid,
    require_member,
)
from truemark.alliance.verify import verified_bundle
from truemark.alliance.work import AllianceWork
from truemark.audit import AuditEvent, append
from truemark.cases.access import Principal
from truemark.errors import InputError


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: items added, withdrawals applied, items already held, and the key
    that verified the signature: its id, and ``local`` (an evidence key of an organization of
    this instance) or ``pinned`` (the key the operator pinned for a remote exporter)."""

    exporter: str
    added: int
    retracted: int
    duplicates: int
    key_id: str = ""
    key_source: str = ""


def import_bundle(
    alliance: AllianceWork,
    principal: Principal,
    importer_id: int,
    content: bytes,
    source: str,
    moment: datetime,
    public_key: bytes | None = None,
) -> ImportReport:
    """Verify and import a bundle addressed to ``importer_id``.

    The signature must hold under the key held here for the exporter the bundle names (its
    evidence keys when it is an organization of this instance, else the key pinned for it);
    ``public_key``, when given, must be that key. Tampered, untrusted or misaddressed bundles
    are refused.
    """
    require_member(principal, importer_id, "import")
    importer = alliance.work.organizations.by_id(importer_id)
    bundle = verified_bundle(alliance, content, source, public_key)
    exporter = bundle.voucher.exporter
    if bundle.header.get("recipient") != importer.slug:
        raise InputError(
            f"{source}: addressed to {bundle.header.get('recipient')!r}, not {importer.slug!r}"
        )
    added = retracted = duplicates = 0
    for number, line in enumerate(bundle.items, start=2):
        kind, value = str(line["kind"]), check_value(str(line["kind"]), str(line["value"]))
        uid = item_uid(exporter, kind, value)
        if uid != line["uid"]:
            raise InputError(f"{source}, line {number}: uid does not name this item")
        held = alliance.intel.by_uid(importer_id, uid)
        if line["status"] == RETRACTED:
            if held is not None and held.status in (ACTIVE, SUSPENDED):
                alliance.intel.retract(held.id, moment)
                retracted += 1
            continue
        if held is not None and held.status == SUSPENDED:  # its exporter is trusted again
            alliance.intel.reinstate(held.id)
            added += 1
            continue
        if held is not None:
            duplicates += 1
            continue
        alliance.intel.add(
            _imported(importer_id, exporter, uid, kind, value, line, principal.actor, moment)
        )
        added += 1
    vouched = bundle.voucher
    report = ImportReport(exporter, added, retracted, duplicates, vouched.key_id, vouched.source)
    payload = {
        "exporter": exporter,
        "added": added,
        "retracted": retracted,
        "duplicates": duplicates,
        "key_id": vouched.key_id,
        "key_source": vouched.source,
    }
    event = AuditEvent(
        principal.actor, "intel.imported", "organization", importer.slug, importer_id, payload
    )
    append(alliance.work.audit, event, moment)
    return report


def _imported(
    importer_id: int,
    exporter: str,
    uid: str,
    kind: str,
    value: str,
    line: dict[str, Any],
    actor: str,
    moment: datetime,
) -> dict[str, Any]:
    try:
        confirmed = datetime.fromisoformat(str(line["confirmed_at"]))
        expires = (
            None if line["expires_at"] is None else datetime.fromisoformat(str(line["expires_at"]))
        )
        confidence = float(line["confidence"])
    except (TypeError, ValueError):
        raise InputError(
            f"bundle item {uid}: confirmed_at, expires_at or confidence malformed"
        ) from None
    if confirmed.tzinfo is None or (expires is not None and expires.tzinfo is None):
        raise InputError(f"bundle item {uid}: a time without a time zone")
    return {
        "organization_id": importer_id,
        "uid": uid,
        "origin": exporter,
        "kind": kind,
        "value": value,
        "source": str(line["source"]),
        "confidence": confidence,
        "status": ACTIVE,
        "approved": False,
        "confirmed_at": confirmed,
        "expires_at": expires,
        "created_by": actor,
        "created_at": moment,
    }
