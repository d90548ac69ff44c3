"""Export a signed bundle of what an organization shares with a recipient: asked for by the
exporter itself (``export_bundle``) or fetched by the recipient (``bundle_for_recipient``).
Importing one is ``imports``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from truemark.alliance.bundles import body_digest, encode_body, signature_line
from truemark.alliance.items import require_member
from truemark.alliance.rules import shared_with
from truemark.alliance.work import AllianceWork
from truemark.audit import AuditEvent, append
from truemark.cases.access import Principal
from truemark.evidence.keys import signer_for
from truemark.store.alliance_records import IntelItemRecord
from truemark.store.records import OrganizationRecord


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
    return _signed(alliance, principal, exporter, recipient, secret, moment)


def bundle_for_recipient(
    alliance: AllianceWork,
    principal: Principal,
    exporter_slug: str,
    recipient_id: int,
    secret: str,
    moment: datetime,
) -> bytes:
    """The signed bundle of what ``exporter_slug`` shares with ``recipient_id``, fetched by the
    recipient (or the operator for it): a pull with the recipient's own API key. The exporter's
    rules decide what is in it, exactly as when the exporter exports it."""
    require_member(principal, recipient_id, "fetch")
    exporter = alliance.work.organizations.by_slug(exporter_slug)
    recipient = alliance.work.organizations.by_id(recipient_id)
    return _signed(alliance, principal, exporter, recipient, secret, moment)


def _signed(
    alliance: AllianceWork,
    principal: Principal,
    exporter: OrganizationRecord,
    recipient: OrganizationRecord,
    secret: str,
    moment: datetime,
) -> bytes:
    """The bundle signed with the exporter's evidence key, audited as ``intel.exported``."""
    items = shared_with(alliance, exporter.id, recipient)
    body = encode_body(exporter.slug, recipient.slug, moment.isoformat(), [_line(i) for i in items])
    instance = Principal.system(principal.actor)  # signs for the exporter, whoever asked
    signer = signer_for(alliance.work, instance, exporter.id, secret, moment)
    payload = {"recipient": recipient.slug, "items": len(items), "key_id": signer.key.key_id}
    if principal.organization_id not in (exporter.id, None):
        payload["fetched_by"] = alliance.work.organizations.by_id(principal.organization_id).slug
    event = AuditEvent(
        principal.actor, "intel.exported", "organization", exporter.slug, exporter.id, payload
    )
    append(alliance.work.audit, event, moment)
    return body + signature_line(signer.key.key_id, signer.sign(body_digest(body)))
