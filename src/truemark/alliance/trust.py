"""The keys pinned for exporters of other instances (``intel trust``): the operator pins, replaces
and unpins them, audited; ``verify`` believes a remote exporter's bundle only under its pin."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from truemark.alliance.bundles import claimed_exporter, split_bundle
from truemark.alliance.items import ACTIVE, SUSPENDED
from truemark.alliance.verify import local_exporter
from truemark.alliance.work import AllianceWork
from truemark.audit import AuditEvent, append
from truemark.cases.access import ADMINS, Principal
from truemark.errors import InputError, NotFoundError
from truemark.evidence.keys import key_id_of, read_public_key_pem
from truemark.store import OrganizationKind
from truemark.store.alliance_records import TrustedExporterRecord

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
OPERATOR = frozenset({OrganizationKind.OPERATOR})


def parse_public_key(text: str, source: str) -> bytes:
    """A raw Ed25519 key given as 64 hex digits or as PEM text."""
    if re.fullmatch(r"\s*[0-9a-fA-F]{64}\s*", text):
        return bytes.fromhex(text.strip())
    if "-----BEGIN" in text:
        return read_public_key_pem(text.encode(), source)
    raise InputError(f"{source}: neither 64 hex digits nor a PEM public key")


def trust_exporter(
    alliance: AllianceWork,
    principal: Principal,
    exporter: str,
    public_key: bytes,
    note: str,
    moment: datetime,
) -> TrustedExporterRecord:
    """Pin ``public_key`` for the exporter of another instance (replacing a key pinned before).
    The slug may also be an organization of this instance (the same member exporting from both
    instances): its bundles are then believed under its evidence keys here or the pinned key."""
    principal.require(OPERATOR, ADMINS, "pin exporters' keys")
    _check_slug(exporter)
    if len(public_key) != 32:
        raise InputError("an exporter's key is a raw Ed25519 key: 32 bytes (64 hex digits)")
    before = alliance.trusted.get(exporter)
    record = alliance.trusted.pin(
        {
            "exporter": exporter,
            "key_id": key_id_of(public_key),
            "public_key": public_key,
            "note": note[:400],
            "pinned_by": principal.actor,
            "pinned_at": moment,
        }
    )
    payload: dict[str, str | None] = {"key_id": record.key_id, "note": record.note}
    payload["replaced"] = None if before is None else before.key_id
    _audit(alliance, principal, "intel.trusted", exporter, payload, moment)
    return record


def distrust_exporter(
    alliance: AllianceWork,
    principal: Principal,
    exporter: str,
    moment: datetime,
    suspend_items: bool = False,
) -> tuple[TrustedExporterRecord, int]:
    """Unpin the exporter's key: its bundles are refused from now on. With ``suspend_items``
    (a key believed stolen, an exporter found sharing bad intel) the items already imported from
    it stop matching too: they are *suspended*, not retracted (only the exporter can say it
    withdrew an item), until a bundle under a key pinned again carries them. Answers the pin
    removed and how many items were suspended."""
    principal.require(OPERATOR, ADMINS, "unpin exporters' keys")
    record = alliance.trusted.get(exporter)
    if record is None:
        raise NotFoundError(f"no key is pinned for exporter {exporter}")
    alliance.trusted.remove(exporter)
    suspended = alliance.intel.set_status_from(exporter, ACTIVE, SUSPENDED) if suspend_items else 0
    payload: dict[str, str | int] = {"key_id": record.key_id}
    if suspend_items:
        payload["suspended_items"] = suspended
    _audit(alliance, principal, "intel.distrusted", exporter, payload, moment)
    return record, suspended


def pin_on_first_use(
    alliance: AllianceWork,
    principal: Principal,
    content: bytes,
    source: str,
    public_key: bytes,
    moment: datetime,
) -> TrustedExporterRecord | None:
    """Pin ``public_key`` for the remote exporter the bundle names if no key is pinned for it
    yet (``--trust``). A key pinned before stays (the import then checks the key given against
    it), and a slug of an organization of this instance is never pinned by first use: that takes
    an explicit ``intel trust``."""
    exporter = claimed_exporter(split_bundle(content, source)[0], source)
    if alliance.trusted.get(exporter) is not None or local_exporter(alliance, exporter):
        return None
    note = f"pinned on first use, importing {source}"
    return trust_exporter(alliance, principal, exporter, public_key, note, moment)


def trusted_exporters(alliance: AllianceWork, principal: Principal) -> list[TrustedExporterRecord]:
    """Every remote exporter with a pinned key."""
    principal.require(OPERATOR, None, "see the pinned exporters' keys")
    return alliance.trusted.all()


def _check_slug(exporter: str) -> None:
    if not SLUG.fullmatch(exporter) or len(exporter) > 100:
        raise InputError(f"exporter {exporter!r} is not an organization slug (brand-a)")


def _audit(
    alliance: AllianceWork,
    principal: Principal,
    action: str,
    exporter: str,
    payload: Mapping[str, str | int | None],
    moment: datetime,
) -> None:
    event = AuditEvent(
        principal.actor, action, "exporter", exporter, principal.organization_id, dict(payload)
    )
    append(alliance.work.audit, event, moment)
