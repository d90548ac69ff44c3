"""Offline verification: a code and a key file, no database, no network."""

from __future__ import annotations

from truemark.serial.codec import InvalidCode, parse
from truemark.serial.keyfile import KeySet
from truemark.serial.outcomes import Outcome, Verdict
from truemark.serial.signing import signature_holds


def verify_offline(text: str, key_set: KeySet) -> Verdict:
    """Check a code's form and signature against published keys."""
    try:
        code = parse(text)
    except InvalidCode as exc:
        return Verdict.of(Outcome.INVALID, str(exc).capitalize() + ".")
    fields = code.fields
    key = key_set.keys.get(fields.key_id)
    if key is None:
        return Verdict.of(
            Outcome.FORGED, f"No published key has the id {fields.key_id}.", key_id=fields.key_id
        )
    if not signature_holds(key.public_key, code):
        return Verdict.of(Outcome.FORGED, key_id=fields.key_id, brand=key.brand or None)
    outcome = Outcome.REVOKED if key.status == "revoked" else Outcome.SIGNED
    return Verdict.of(
        outcome,
        brand=key.brand or None,
        sku=key_set.skus.get((key.brand, fields.sku_tag), f"tag {fields.sku_tag:08x}"),
        batch=fields.batch,
        serial=fields.serial,
        key_id=fields.key_id,
    )
