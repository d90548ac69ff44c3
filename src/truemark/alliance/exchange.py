"""Export a signed bundle of what an organization shares with a recipient; import one: verify the
signature, de-duplicate, store with provenance, and apply the withdrawals it carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from truemark.alliance.bundles import body_digest, encode_body, signature_line, split_bundle
from truemark.alliance.items import ACTIVE, RETRACTED, check_value, item_uid, require_member
from truemark.alliance.rules import shared_with
from truemark.alliance.verify import verified_bundle
from truemark.alliance.work import AllianceWork
from truemark.audit import AuditEvent, append
from truemark.cases.access import Principal
from truemark.errors import InputError
from truemark.evidence.keys import signer_for
from truemark.store.alliance_records import IntelItemRecord


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: items added, withdrawals applied, items already held, and the key
    (its id) that the bundle's signature was verified with."""

    exporter: str
    added: int
    retracted: int
    duplicates: int
    key_id: str = ""


def _line(item: IntelItemRecord) -> dict[str, Any]:
    return {
        "uid": item.uid,
        "kind": item.kind,
        "value": item.value,
        "source": item.source,
        "confidence": item.confidence,
        "status": item.status,
        "confirmed_at": item.confirmed_at.isoformat(),
        "expires_at": None if item.expires_at is None else item.expires_at.isoformat(),
    }


def export_bundle(
    alliance: AllianceWork,
    principal: Principal,
    exporter_id: int,
    recipient_slug: str,
    secret: str,
    moment: datetime,
) -> bytes:
    """The signed bundle of the items ``exporter_id``'s rules share with the recipient."""
    require_member(principal, exporter_id, "export")
    exporter = alliance.work.organizations.by_id(exporter_id)
    recipient = alliance.work.organizations.by_slug(recipient_slug)
    items = shared_with(alliance, exporter_id, recipient)
    body = encode_body(exporter.slug, recipient.slug, moment.isoformat(), [_line(i) for i in items])
    signer = signer_for(alliance.work, principal, exporter_id, secret, moment)
    payload = {"recipient": recipient.slug, "items": len(items), "key_id": signer.key.key_id}
    event = AuditEvent(
        principal.actor, "intel.exported", "organization", exporter.slug, exporter_id, payload
    )
    append(alliance.work.audit, event, moment)
    return body + signature_line(signer.key.key_id, signer.sign(body_digest(body)))


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

    ``public_key``: the exporter's raw Ed25519 key (another instance's); without it the key is
    looked up among this instance's evidence keys. A tampered or misaddressed bundle is refused.
    """
    require_member(principal, importer_id, "import")
    importer = alliance.work.organizations.by_id(importer_id)
    _, header, lines = verified_bundle(alliance, content, source, public_key)
    exporter = str(header.get("exporter"))
    if header.get("recipient") != importer.slug:
        raise InputError(
            f"{source}: addressed to {header.get('recipient')!r}, not {importer.slug!r}"
        )
    added = retracted = duplicates = 0
    for number, line in enumerate(lines, start=2):
        kind, value = str(line["kind"]), check_value(str(line["kind"]), str(line["value"]))
        uid = item_uid(exporter, kind, value)
        if uid != line["uid"]:
            raise InputError(f"{source}, line {number}: uid does not name this item")
        held = alliance.intel.by_uid(importer_id, uid)
        if line["status"] == RETRACTED:
            if held is not None and held.status == ACTIVE:
                alliance.intel.retract(held.id, moment)
                retracted += 1
            continue
        if held is not None:
            duplicates += 1
            continue
        alliance.intel.add(
            _imported(importer_id, exporter, uid, kind, value, line, principal.actor, moment)
        )
        added += 1
    key_id = split_bundle(content, source)[1]  # the key the signature was just verified with
    report = ImportReport(exporter, added, retracted, duplicates, key_id)
    payload = {
        "exporter": exporter,
        "added": added,
        "retracted": retracted,
        "duplicates": duplicates,
        "key_id": key_id,
        "key_given": public_key is not None,  # else held by this instance for the exporter
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
