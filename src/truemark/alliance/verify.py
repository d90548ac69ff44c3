"""Verify a bundle before anything in it is believed: the signature over its content under the
exporter's key (given, or this instance's record of it), then its header and items."""

from __future__ import annotations

from typing import Any

from truemark.alliance.bundles import body_digest, parse_body, split_bundle
from truemark.alliance.work import AllianceWork
from truemark.errors import InputError
from truemark.evidence.keys import key_id_of, signature_holds
from truemark.store.records import OrganizationRecord


def verified_bundle(
    alliance: AllianceWork, content: bytes, source: str, public_key: bytes | None
) -> tuple[OrganizationRecord | None, dict[str, Any], list[dict[str, Any]]]:
    """The bundle's header and items once its signature holds; InputError saying why not."""
    body, key_id, signature = split_bundle(content, source)
    owner: OrganizationRecord | None = None
    if public_key is None:
        record = alliance.work.evidence_keys.by_key_id(key_id)
        if record is None:
            raise InputError(
                f"{source}: signed with key {key_id}, which this instance does not know"
            )
        public_key = record.public_key
        owner = alliance.work.organizations.by_id(record.organization_id)
    elif key_id_of(public_key) != key_id:
        raise InputError(
            f"{source}: signed with key {key_id}, not the key {key_id_of(public_key)} given"
        )
    if not signature_holds(public_key, signature, body_digest(body)):
        raise InputError(
            f"{source}: signature does not match the content: the bundle was altered after signing"
        )
    header, items = parse_body(body, source)
    if owner is not None and header.get("exporter") != owner.slug:
        raise InputError(
            f"{source}: says it is from {header.get('exporter')!r}, signed by {owner.slug!r}"
        )
    return owner, header, items
