"""Keys, issue and online verification against the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from truemark.errors import InputError, NotFoundError
from truemark.serial.clones import CloneRules
from truemark.serial.codec import CodeFields, encode, group, parse, sku_tag
from truemark.serial.issue import issue_codes
from truemark.serial.keyring import create_key, revoke_key, rotate_key
from truemark.serial.keys import KeyVault
from truemark.serial.outcomes import Outcome
from truemark.serial.reasons import IMPOSSIBLE_TRAVEL, TOO_MANY
from truemark.serial.signing import sign_code
from truemark.serial.verify import VerificationService
from truemark.store import Scope, Store
from truemark.store.serial_store import serial_work

from .conftest import BAG


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _issue(
    store: Store, vault: KeyVault, out: Path, count: int = 3, images: bool = False
) -> list[str]:
    issue_codes(store, vault, "gucci", BAG, count, out, images=images)
    return pl.read_csv(out / "codes.csv").get_column("code").to_list()


def test_keys_rotate_and_revoke(serial_store: Store, vault: KeyVault) -> None:
    first = create_key(serial_store, vault, "gucci")
    with pytest.raises(InputError, match="rotate"):
        create_key(serial_store, vault, "gucci")
    second = rotate_key(serial_store, vault, "gucci")
    revoke_key(serial_store, "gucci", first.key_id)

    with serial_work(serial_store) as work:
        keys = {key.key_id: key.status for key in work.keys.keys(Scope.everything(), "gucci")}
        live = work.keys.signing_key(Scope.everything(), "gucci").key.key_id
    assert keys == {first.key_id: "revoked", second.key_id: "active"}
    assert live == second.key_id
    with pytest.raises(NotFoundError, match="no key"):
        revoke_key(serial_store, "dior", second.key_id)  # not Dior's key


def test_issuing_needs_a_key_and_a_known_sku(
    serial_store: Store, vault: KeyVault, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError, match="keys create"):
        _issue(serial_store, vault, tmp_path)
    create_key(serial_store, vault, "gucci")
    with pytest.raises(NotFoundError, match="NOPE"):
        issue_codes(serial_store, vault, "gucci", "NOPE", 1, tmp_path)


def test_ranges_never_overlap_and_batches_count_up(
    serial_store: Store, vault: KeyVault, tmp_path: Path
) -> None:
    create_key(serial_store, vault, "gucci")
    first = _issue(serial_store, vault, tmp_path / "a", count=3, images=True)
    issue_codes(serial_store, vault, "gucci", "GG-BELT", 2, tmp_path / "b", images=False)
    rotate_key(serial_store, vault, "gucci")
    issue_codes(serial_store, vault, "gucci", BAG, 2, tmp_path / "c", batch=40, images=False)

    with serial_work(serial_store) as work:
        ranges = work.codes.ranges(Scope.everything(), "gucci")
    assert [(r.sku, r.batch, r.first_serial, r.count) for r in ranges] == [
        (BAG, 1, 1, 3), ("GG-BELT", 2, 4, 2), (BAG, 40, 6, 2),
    ]  # fmt: skip
    assert [parse(code).fields.serial for code in first] == [1, 2, 3]
    assert sorted(p.name for p in (tmp_path / "a" / "qr").iterdir())[:2] == ["1.png", "1.svg"]
    assert (tmp_path / "a" / "labels.pdf").stat().st_size > 1000


def test_verification_outcomes(serial_store: Store, vault: KeyVault, tmp_path: Path) -> None:
    key = create_key(serial_store, vault, "gucci")
    codes = _issue(serial_store, vault, tmp_path)
    service = VerificationService(serial_store)
    with serial_work(serial_store) as work:
        sealed = work.keys.signing_key(Scope.everything(), "gucci").sealed_private_key
    private = vault.open(key.key_id, sealed)
    never_issued = sign_code(private, CodeFields(key.key_id, sku_tag("gucci", BAG), 1, 999))
    wrong_sku = sign_code(private, CodeFields(key.key_id, sku_tag("gucci", "GG-BELT"), 1, 2))
    payload = parse(codes[0]).payload
    forged = encode(payload, bytes(64))
    stranger = encode(CodeFields("00000000", 1, 1, 1).payload(), bytes(64))

    genuine = service.verify(group(codes[0]).lower(), country="fr")

    assert genuine.outcome is Outcome.GENUINE
    assert (genuine.brand_name, genuine.sku, genuine.product_name) == (
        "Gucci",
        BAG,
        "GG Marmont bag",
    )
    assert genuine.photo_path is not None
    assert genuine.photo_path.endswith("bag.png")
    assert service.verify(never_issued).outcome is Outcome.UNKNOWN
    assert service.verify(wrong_sku).outcome is Outcome.UNKNOWN
    assert service.verify(forged).outcome is Outcome.FORGED
    assert service.verify(stranger).outcome is Outcome.FORGED
    assert service.verify(codes[1][:-3]).outcome is Outcome.INVALID
    assert service.verify("hello").message.startswith("Not a valid code")
    revoke_key(serial_store, "gucci", key.key_id)
    assert service.verify(codes[1]).outcome is Outcome.REVOKED


def test_each_check_is_recorded_with_time_and_country(
    serial_store: Store, vault: KeyVault, tmp_path: Path
) -> None:
    create_key(serial_store, vault, "gucci")
    code = _issue(serial_store, vault, tmp_path)[0]
    clock = Clock()
    service = VerificationService(serial_store, clock=clock)

    service.verify(code, country="FR")
    clock.now += timedelta(minutes=5)
    service.verify(code, country="nowhere")
    service.verify(code, channel="cli", record=False)

    fields = parse(code).fields
    with serial_work(serial_store) as work:
        history = work.events.history(fields.key_id, fields.serial)
    assert [(h.verified_at, h.country, h.outcome) for h in history] == [
        (datetime(2026, 11, 25, 12, tzinfo=UTC), "FR", "genuine"),
        (datetime(2026, 11, 25, 12, 5, tzinfo=UTC), None, "genuine"),
    ]


def test_clones_by_count_and_by_travel_are_flagged_for_the_brand(
    serial_store: Store, vault: KeyVault, tmp_path: Path
) -> None:
    create_key(serial_store, vault, "gucci")
    codes = _issue(serial_store, vault, tmp_path)
    clock = Clock()
    service = VerificationService(serial_store, CloneRules(max_verifications=3), clock)

    outcomes = [service.verify(codes[0], country="FR").outcome for _ in range(4)]
    service.verify(codes[1], country="FR")
    clock.now += timedelta(hours=2)
    travelled = service.verify(codes[1], country="US")
    later = service.verify(codes[1], country="FR", record=False)

    assert outcomes == [Outcome.GENUINE] * 3 + [Outcome.SUSPECTED_CLONE]
    assert travelled.outcome is Outcome.SUSPECTED_CLONE
    assert travelled.reasons == (IMPOSSIBLE_TRAVEL,)
    assert later.outcome is Outcome.SUSPECTED_CLONE  # a flagged code stays suspect
    with serial_work(serial_store) as work:
        gucci = work.catalog.brand(Scope.everything(), "gucci")
        dior = work.catalog.brand(Scope.everything(), "dior")
        seen_by_gucci = work.events.flags(Scope.of(gucci.organization_id))
        seen_by_dior = work.events.flags(Scope.of(dior.organization_id))
    assert sorted((f.serial, f.reason) for f in seen_by_gucci) == [
        (1, TOO_MANY), (2, IMPOSSIBLE_TRAVEL),
    ]  # fmt: skip
    assert seen_by_dior == []


def test_long_histories_are_counted_in_full(
    serial_store: Store, vault: KeyVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("truemark.serial.verify.HISTORY", 2)
    create_key(serial_store, vault, "gucci")
    code = _issue(serial_store, vault, tmp_path)[0]
    service = VerificationService(serial_store, CloneRules(max_verifications=3))

    outcomes = [service.verify(code).outcome for _ in range(4)]

    assert outcomes[-1] is Outcome.SUSPECTED_CLONE
    assert outcomes[:3] == [Outcome.GENUINE] * 3


def test_forged_codes_reusing_a_serial_do_not_make_the_genuine_one_suspect(
    serial_store: Store, vault: KeyVault, tmp_path: Path
) -> None:
    create_key(serial_store, vault, "gucci")
    code = _issue(serial_store, vault, tmp_path)[0]
    forged = encode(parse(code).payload, bytes(64))
    clock = Clock()
    service = VerificationService(serial_store, CloneRules(max_verifications=2), clock)

    attempts = [service.verify(forged, country="CN").outcome for _ in range(5)]
    clock.now += timedelta(minutes=10)
    genuine = service.verify(code, country="FR")

    assert attempts == [Outcome.FORGED] * 5
    assert genuine.outcome is Outcome.GENUINE
