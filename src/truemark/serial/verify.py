"""Online verification: a code checked against the brand's keys and issue records, recorded, and
screened for cloning. Works for anyone; what it returns is safe to show to anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from truemark.serial.clones import CloneRules, clone_reasons
from truemark.serial.codec import InvalidCode, SignedCode, parse, sku_tag
from truemark.serial.countries import coarse_country
from truemark.serial.outcomes import Outcome, Verdict
from truemark.serial.signing import signature_holds
from truemark.store import Store
from truemark.store.serial_store import SerialWork, serial_work
from truemark.store.types import utc_now

HISTORY = 200  # recent checks read for the travel rule
# Only checks of the authentic code count towards cloning: forged codes reusing its serial do not.
AUTHENTIC = (Outcome.GENUINE.value, Outcome.SUSPECTED_CLONE.value)


class VerificationService:
    """Verify codes online; keeps parsed public keys in memory (a key's bytes never change)."""

    def __init__(
        self,
        store: Store,
        rules: CloneRules | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._store = store
        self._rules = rules or CloneRules()
        self._clock = clock
        self._public_keys: dict[str, Ed25519PublicKey] = {}

    @property
    def store(self) -> Store:
        """The store the service reads and records into."""
        return self._store

    def verify(
        self, text: str, country: str | None = None, channel: str = "api", record: bool = True
    ) -> Verdict:
        """The verdict on a code typed, scanned or sent by anyone; each check of a code signed by
        a known key is recorded with its time and coarse country (unless ``record`` is False:
        then nothing is written and only earlier clone flags count).
        """
        try:
            code = parse(text)
        except InvalidCode as exc:
            return Verdict.of(Outcome.INVALID, str(exc).capitalize() + ".")
        place = coarse_country(country)
        with serial_work(self._store) as work:
            verdict = self._judge(work, code, place, record)
            if not record:
                return verdict
            fields = code.fields
            work.events.record_verification(  # skipped for a key no brand has
                fields.key_id,
                fields.serial,
                fields.batch,
                verdict.outcome.value,
                place,
                channel,
                self._clock(),
            )
        return verdict

    def _public_key(self, key_id: str, raw: bytes) -> Ed25519PublicKey:
        key = self._public_keys.get(key_id)
        if key is None:
            key = self._public_keys[key_id] = Ed25519PublicKey.from_public_bytes(raw)
        return key

    def _judge(
        self, work: SerialWork, code: SignedCode, country: str | None, record: bool
    ) -> Verdict:
        fields = code.fields
        found = work.codes.look_up(fields.key_id, fields.serial)  # one round trip
        key = found.key
        if key is None:
            return Verdict.of(Outcome.FORGED)
        if not signature_holds(self._public_key(key.key_id, key.public_key), code):
            return Verdict.of(Outcome.FORGED, key_id=key.key_id)
        if key.revoked_at is not None:
            return Verdict.of(Outcome.REVOKED, key_id=key.key_id, serial=fields.serial)
        unit = found.unit
        if unit is None or sku_tag(unit.brand_slug, unit.sku) != fields.sku_tag:
            return Verdict.of(Outcome.UNKNOWN, key_id=key.key_id)
        shown: dict[str, Any] = {
            "brand": unit.brand_slug,
            "brand_name": unit.brand_name,
            "sku": unit.sku,
            "product_name": unit.product_name,
            "batch": fields.batch,
            "serial": fields.serial,
            "key_id": key.key_id,
            "photo_path": unit.photo_path,
        }
        flagged = self._clone_check(work, code, country) if record else False
        reasons = (
            work.events.flag_reasons(key.key_id, fields.serial) if flagged or found.flagged else []
        )
        if reasons:
            return Verdict.of(Outcome.SUSPECTED_CLONE, reasons=tuple(reasons), **shown)
        return Verdict.of(Outcome.GENUINE, **shown)

    def _clone_check(self, work: SerialWork, code: SignedCode, country: str | None) -> bool:
        """Flag the unit when this check breaks a rule; whether it did."""
        fields, now = code.fields, self._clock()
        history = work.events.history(fields.key_id, fields.serial, HISTORY, AUTHENTIC)
        count = len(history)
        if count == HISTORY:  # a long history: count it in full
            count = work.events.verification_count(fields.key_id, fields.serial, AUTHENTIC)
        broken = clone_reasons(history, count, country, now, self._rules)
        for reason, detail in broken:
            work.events.flag(fields.key_id, fields.serial, code.text, reason, detail, now)
        return bool(broken)
