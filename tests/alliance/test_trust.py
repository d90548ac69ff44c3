"""Keys pinned for exporters of other instances: a bundle is believed only when signed with the
key pinned for the exporter it names; unknown exporters, other keys and unpinned exporters are
refused with nothing stored; pinning and unpinning are the operator's and audited."""

from __future__ import annotations

import json

import pytest
from tests.alliance.foreign import ForeignExporter
from tests.alliance.members import T0, Alliance

from truemark.alliance import (
    ImportReport,
    alliance_work,
    distrust_exporter,
    import_bundle,
    trust_exporter,
    trusted_exporters,
)
from truemark.alliance.bundles import encode_body
from truemark.alliance.rules import visible_items
from truemark.alliance.trust import pin_on_first_use
from truemark.cases.access import Principal
from truemark.errors import InputError, NotFoundError, PermissionDenied

OPERATOR = Principal.system("cli:operator")


def _pin(members: Alliance, exporter: ForeignExporter, note: str = "met at the summit") -> None:
    with alliance_work(members.store) as alliance:
        trust_exporter(alliance, OPERATOR, exporter.slug, exporter.public_key, note, T0)


def _import(members: Alliance, bundle: bytes, given: bytes | None = None) -> ImportReport:
    with alliance_work(members.store) as alliance:
        principal, org = members.admin("brand-b"), members.ids["brand-b"]
        return import_bundle(alliance, principal, org, bundle, "bundle.jsonl", T0, given)


def _held(members: Alliance) -> list[str]:
    with alliance_work(members.store) as alliance:
        return [item.origin for item in alliance.intel.held_by([members.ids["brand-b"]])]


def _live(members: Alliance) -> list[str]:
    """Origins of the items brand-b's banks use now."""
    with alliance_work(members.store) as alliance:
        return [item.origin for item in visible_items(alliance, members.ids["brand-b"], T0)]


def _audit(members: Alliance, prefix: str = "intel.") -> list[tuple[str, str, dict[str, object]]]:
    with members.store.unit_of_work() as work:
        entries = [e for e in work.audit.entries() if e.action.startswith(prefix)]
    return [(e.action, e.subject_id, json.loads(e.payload)) for e in entries]


def test_a_bundle_signed_with_the_pinned_key_is_imported(members: Alliance) -> None:
    brand_z = ForeignExporter()
    _pin(members, brand_z)

    report = _import(members, brand_z.bundle("brand-b"))

    assert (report.exporter, report.added, report.key_id) == ("brand-z", 1, brand_z.key_id)
    assert report.key_source == "pinned"
    assert _held(members) == ["brand-z"]
    assert _import(members, brand_z.bundle("brand-b", status="retracted")).retracted == 1


def test_an_exporter_without_a_pinned_key_is_refused(members: Alliance) -> None:
    with pytest.raises(InputError) as refusal:
        _import(members, ForeignExporter().bundle("brand-b"))

    assert str(refusal.value) == (
        "bundle.jsonl: exporter brand-z is not trusted here: pin its key with "
        "`truemark intel trust`"
    )
    assert _held(members) == []


def test_a_bundle_signed_with_another_key_is_refused(members: Alliance) -> None:
    pinned, impostor = ForeignExporter(), ForeignExporter()
    _pin(members, pinned)

    with pytest.raises(InputError, match="signed with a key other than the one pinned for brand-z"):
        _import(members, impostor.bundle("brand-b"))
    body = encode_body("brand-z", "brand-b", T0.isoformat(), [])
    with pytest.raises(InputError, match="altered after signing"):  # claims the pinned key's id
        _import(members, impostor.signed(body, key_id=pinned.key_id))
    with pytest.raises(InputError, match=f"not the one pinned for brand-z \\({pinned.key_id}\\)"):
        _import(members, pinned.bundle("brand-b"), given=impostor.public_key)
    assert _held(members) == []


def test_a_bundle_claiming_a_member_of_this_instance_needs_that_members_key(
    members: Alliance,
) -> None:
    impostor = ForeignExporter("brand-a")
    bundle = impostor.bundle("brand-b")

    with pytest.raises(InputError, match="which is not an evidence key of brand-a here, and no"):
        _import(members, bundle)
    with alliance_work(members.store) as alliance:  # --trust never pins a member of this instance
        assert pin_on_first_use(alliance, OPERATOR, bundle, "b", impostor.public_key, T0) is None
    assert _held(members) == []
    _pin(members, impostor, "brand-a's key on its other instance")  # only said explicitly
    assert _import(members, bundle).key_source == "pinned"


def test_after_distrust_the_exporter_is_refused_and_both_are_audited(members: Alliance) -> None:
    brand_z = ForeignExporter()
    _pin(members, brand_z, "first key")
    rotated = ForeignExporter()
    _pin(members, rotated, "rotated in March")
    assert _import(members, rotated.bundle("brand-b")).added == 1

    with alliance_work(members.store) as alliance:
        removed, suspended = distrust_exporter(alliance, OPERATOR, "brand-z", T0)
        assert trusted_exporters(alliance, OPERATOR) == []
    assert removed.key_id == rotated.key_id
    assert suspended == 0
    assert _live(members) == ["brand-z"]  # what was imported still matches
    with pytest.raises(InputError, match="exporter brand-z is not trusted here"):
        _import(members, rotated.bundle("brand-b", status="retracted"))
    assert _audit(members) == [
        ("intel.trusted", "brand-z", {"key_id": brand_z.key_id, "note": "first key", "replaced": None}),
        ("intel.trusted", "brand-z", {"key_id": rotated.key_id, "note": "rotated in March", "replaced": brand_z.key_id}),
        ("intel.imported", "brand-b", {"exporter": "brand-z", "added": 1, "retracted": 0, "duplicates": 0, "key_id": rotated.key_id, "key_source": "pinned"}),
        ("intel.distrusted", "brand-z", {"key_id": rotated.key_id}),
    ]  # fmt: skip
    with alliance_work(members.store) as alliance, pytest.raises(NotFoundError):
        distrust_exporter(alliance, OPERATOR, "brand-z", T0)


def test_only_the_operators_admins_pin_and_only_slugs(members: Alliance) -> None:
    key = ForeignExporter().public_key
    with alliance_work(members.store) as alliance:
        with pytest.raises(PermissionDenied):
            trust_exporter(alliance, members.admin("brand-b"), "brand-z", key, "", T0)
        with pytest.raises(PermissionDenied):
            trusted_exporters(alliance, members.admin("brand-b"))
        with pytest.raises(InputError, match="not an organization slug"):
            trust_exporter(alliance, members.admin("operator"), "Brand Z", key, "", T0)
        with pytest.raises(InputError, match="32 bytes"):
            trust_exporter(alliance, members.admin("operator"), "brand-z", key[:16], "", T0)
        trust_exporter(alliance, members.admin("operator"), "brand-z", key, "", T0)
        assert [pin.exporter for pin in trusted_exporters(alliance, OPERATOR)] == ["brand-z"]


def test_trust_on_first_use_pins_only_when_nothing_is_pinned(members: Alliance) -> None:
    brand_z, impostor = ForeignExporter(), ForeignExporter()
    bundle = brand_z.bundle("brand-b")
    with alliance_work(members.store) as alliance:
        pin = pin_on_first_use(alliance, OPERATOR, bundle, "b.jsonl", brand_z.public_key, T0)
        assert pin is not None
        assert pin.note == "pinned on first use, importing b.jsonl"
        again = pin_on_first_use(alliance, OPERATOR, bundle, "b.jsonl", impostor.public_key, T0)
        assert again is None
        assert alliance.trusted.get("brand-z") == pin
    assert _import(members, bundle, given=brand_z.public_key).added == 1


def test_distrust_can_suspend_what_was_imported_until_trusted_again(members: Alliance) -> None:
    brand_z = ForeignExporter()
    _pin(members, brand_z)
    assert _import(members, brand_z.bundle("brand-b")).added == 1

    with alliance_work(members.store) as alliance:
        _, suspended = distrust_exporter(alliance, OPERATOR, "brand-z", T0, suspend_items=True)
    live_after_distrust = _live(members)
    _pin(members, brand_z, "key confirmed again")
    again = _import(members, brand_z.bundle("brand-b"))

    assert suspended == 1
    assert live_after_distrust == []
    assert _held(members) == ["brand-z"]  # kept, not retracted: only brand-z can withdraw it
    assert (again.added, again.duplicates) == (1, 0)
    assert _live(members) == ["brand-z"]
    assert ("intel.distrusted", "brand-z", {"key_id": brand_z.key_id, "suspended_items": 1}) in (
        _audit(members)
    )


def test_a_suspended_item_can_still_be_retracted_by_its_exporter(members: Alliance) -> None:
    brand_z = ForeignExporter()
    _pin(members, brand_z)
    _import(members, brand_z.bundle("brand-b"))
    with alliance_work(members.store) as alliance:
        distrust_exporter(alliance, OPERATOR, "brand-z", T0, suspend_items=True)
    _pin(members, brand_z)

    assert _import(members, brand_z.bundle("brand-b", status="retracted")).retracted == 1
    with alliance_work(members.store) as alliance:
        statuses = [item.status for item in alliance.intel.held_by([members.ids["brand-b"]])]
    assert statuses == ["retracted"]
    assert _import(members, brand_z.bundle("brand-b")).duplicates == 1  # retracted stays so
