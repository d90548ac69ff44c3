"""Anchors: the head of the audit chain (sequence, hash, time), signed with an organization's
evidence key and written to a file kept elsewhere. A later check against the anchor finds
entries deleted or rewritten up to it, even if the whole chain after them was recomputed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from truemark.audit.chain import canonical_json, timestamp
from truemark.audit.verify import ChainBreak
from truemark.cases.access import Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import InputError
from truemark.evidence.keys import signature_holds, signer_for
from truemark.store import UnitOfWork

ANCHOR_KIND = "truemark.audit.anchor"
TEXT_FIELDS = ("entry_hash", "anchored_at", "organization", "key_id", "public_key", "signature")


@dataclass(frozen=True, slots=True)
class Anchor:
    sequence: int
    entry_hash: str
    anchored_at: str
    organization: str  # slug of the signing organization
    key_id: str
    public_key: str  # hex of the raw Ed25519 key, for reading elsewhere; checks use the store's
    signature: str  # hex

    def signed_text(self) -> bytes:
        body = {"kind": ANCHOR_KIND, "version": 1, **asdict(self)}
        del body["signature"], body["public_key"]
        return canonical_json(body).encode()


def take_anchor(
    work: UnitOfWork, principal: Principal, organization_id: int, secret: str, moment: datetime
) -> Anchor:
    """Sign the current head (after logging that an anchor was taken) with the organization's
    evidence key."""
    organization = work.organizations.by_id(organization_id)
    signer = signer_for(work, principal, organization_id, secret, moment)
    change = StateChange("audit.anchored", f"organization:{organization_id}", ())
    Enforcer(work, principal.actor, organization_id, moment).apply([change])
    head = work.audit.head()
    unsigned = Anchor(
        head.sequence,
        head.entry_hash,
        timestamp(moment),
        organization.slug,
        signer.key.key_id,
        signer.key.public_key.hex(),
        "",
    )
    signature = signer.sign(unsigned.signed_text()).hex()
    return Anchor(**{**asdict(unsigned), "signature": signature})


def anchor_values(anchor: Anchor) -> dict[str, Any]:
    """The anchor as the JSON object of an anchor file."""
    return {"kind": ANCHOR_KIND, "version": 1, **asdict(anchor)}


def write_anchor(anchor: Anchor, path: Path) -> None:
    path.write_bytes(orjson.dumps(anchor_values(anchor), option=orjson.OPT_INDENT_2) + b"\n")


def read_anchor(path: Path) -> Anchor:
    """The anchor in ``path``; InputError naming the file and the field when it is not one."""
    try:
        body = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable anchor file ({exc})") from None
    if not isinstance(body, dict) or body.get("kind") != ANCHOR_KIND:
        raise InputError(f"{path}: not a truemark audit anchor (field 'kind')")
    missing = [name for name in Anchor.__dataclass_fields__ if name not in body]
    if missing:
        raise InputError(f"{path}: anchor lacks field(s) {', '.join(missing)}")
    sequence = body["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
        raise InputError(f"{path}: field 'sequence' must be a whole number, not {sequence!r}")
    for name in TEXT_FIELDS:
        if not isinstance(body[name], str):
            raise InputError(f"{path}: field {name!r} must be text, not {body[name]!r}")
    return Anchor(sequence, *(body[name] for name in TEXT_FIELDS))


def check_anchor(work: UnitOfWork, anchor: Anchor) -> list[ChainBreak]:
    """Problems with the chain as the anchor saw it: signature, then the anchored entry."""
    key = work.evidence_keys.by_key_id(anchor.key_id)
    if key is None:
        return [ChainBreak(anchor.sequence, f"anchor signed by unknown key {anchor.key_id}")]
    try:
        signature = bytes.fromhex(anchor.signature)
    except ValueError:
        signature = b""
    if not signature_holds(key.public_key, signature, anchor.signed_text()):
        return [ChainBreak(anchor.sequence, "the anchor's signature does not hold: not trusted")]
    entry = work.audit.entry(anchor.sequence)
    if entry is None:
        return [ChainBreak(anchor.sequence, "deleted: the anchored entry is gone")]
    if entry.entry_hash != anchor.entry_hash:
        return [
            ChainBreak(
                anchor.sequence,
                f"rewritten: anchored with hash {anchor.entry_hash[:16]}..., "
                f"now {entry.entry_hash[:16]}...",
            )
        ]
    return []
