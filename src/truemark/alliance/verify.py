"""Verify a bundle before anything in it is believed: the signature over its content under the
key that vouches for the exporter it names (an organization of this instance: its own evidence
keys; an exporter of another instance: the key the operator pinned for it), then its content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from truemark.alliance.bundles import body_digest, claimed_exporter, parse_body, split_bundle
from truemark.alliance.work import AllianceWork
from truemark.errors import InputError, NotFoundError
from truemark.evidence.keys import key_id_of, signature_holds
from truemark.store.records import OrganizationRecord

LOCAL, PINNED = "local", "pinned"


@dataclass(frozen=True, slots=True)
class Voucher:
    """The key a bundle's signature must hold under, and whence it came: ``local`` (an evidence
    key of an organization of this instance) or ``pinned`` (pinned for a remote exporter)."""

    exporter: str
    public_key: bytes
    key_id: str
    source: str


def local_exporter(alliance: AllianceWork, exporter: str) -> OrganizationRecord | None:
    """The organization of this instance with the exporter's slug, if there is one."""
    try:
        return alliance.work.organizations.by_slug(exporter)
    except NotFoundError:
        return None


def voucher(alliance: AllianceWork, exporter: str, key_id: str, source: str) -> Voucher:
    """The key that must have signed a bundle claiming ``exporter`` and key ``key_id``: one of
    its evidence keys when it is an organization of this instance, else (or when that member
    also exports from another instance) the key pinned for it. InputError when none vouches."""
    local = local_exporter(alliance, exporter)
    if local is not None:
        record = alliance.work.evidence_keys.by_key_id(key_id)
        if record is not None and record.organization_id == local.id:
            return Voucher(exporter, record.public_key, key_id, LOCAL)
    pin = alliance.trusted.get(exporter)
    if pin is None and local is not None:
        raise InputError(
            f"{source}: signed with key {key_id}, which is not an evidence key of {exporter} "
            "here, and no key is pinned for it (`truemark intel trust`)"
        )
    if pin is None:
        raise InputError(
            f"{source}: exporter {exporter} is not trusted here: pin its key with "
            "`truemark intel trust`"
        )
    if pin.key_id != key_id:
        raise InputError(
            f"{source}: signed with a key other than the one pinned for {exporter} "
            f"(signed with {key_id}, pinned {pin.key_id})"
        )
    return Voucher(exporter, pin.public_key, pin.key_id, PINNED)


@dataclass(frozen=True, slots=True)
class VerifiedBundle:
    """A bundle whose signature held: its header, its item lines and the key that vouched."""

    header: dict[str, Any]
    items: list[dict[str, Any]]
    voucher: Voucher


def verified_bundle(
    alliance: AllianceWork, content: bytes, source: str, given_key: bytes | None = None
) -> VerifiedBundle:
    """The bundle once its signature holds under the key held here for its exporter; InputError
    saying why not. ``given_key``, when the importer names one, must be that same key."""
    body, key_id, signature = split_bundle(content, source)
    vouched = voucher(alliance, claimed_exporter(body, source), key_id, source)
    if given_key is not None and given_key != vouched.public_key:
        held = (
            f"the one pinned for {vouched.exporter}"
            if vouched.source == PINNED
            else f"{vouched.exporter}'s key that signed it"
        )
        raise InputError(
            f"{source}: the key given ({key_id_of(given_key)}) is not {held} ({vouched.key_id})"
        )
    if not signature_holds(vouched.public_key, signature, body_digest(body)):
        raise InputError(
            f"{source}: signature does not match the content: the bundle was altered after signing"
        )
    header, items = parse_body(body, source)
    return VerifiedBundle(header, items, vouched)
