"""The intel API on SQLite and PostgreSQL: rules, items, bundles exchanged and retracted over
HTTP, tampered bundles refused, and each organization confined to its own intel."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from tests.alliance.foreign import ForeignExporter
from tests.alliance.members import FAKE_PHOTO_PDQ

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.evidence.keys import public_key_pem
from truemark.store import OrganizationKind, Role, Store

ORGS = {
    "operator": OrganizationKind.OPERATOR,
    "brand-a": OrganizationKind.BRAND,
    "brand-b": OrganizationKind.BRAND,
    "brand-c": OrganizationKind.BRAND,
    "shop": OrganizationKind.SELLER,
}


@dataclass
class Api:
    client: TestClient
    ids: dict[str, int]
    keys: dict[str, str]

    def as_(self, slug: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[slug]}"}

    def bundle(self, exporter: str, recipient: str) -> bytes:
        answer = self.client.get(
            "/intel/bundles", params={"recipient": recipient}, headers=self.as_(exporter)
        )
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("application/x-ndjson")
        return answer.content

    def post_bundle(self, importer: str, bundle: bytes, **params: str) -> dict[str, object]:
        headers = {**self.as_(importer), "Content-Type": "application/x-ndjson"}
        answer = self.client.post("/intel/bundles", content=bundle, headers=headers, params=params)
        return {"status": answer.status_code, **answer.json()}


@pytest.fixture
def api(store: Store, migrated_database_url: str) -> Api:
    settings = Settings(database_url=migrated_database_url, secret_key="alliance-api-secret")
    client = TestClient(create_app(settings, store=store))
    ids, keys = {}, {}
    with store.unit_of_work() as work:
        for slug, kind in ORGS.items():
            ids[slug] = work.organizations.get_or_create(slug, kind, slug).id
            keys[slug] = work.api_keys.issue(ids[slug], f"{slug}-admin", Role.ADMIN).secret
    return Api(client, ids, keys)


def _share_photo(api: Api, audience: str, *members: str) -> int:
    rule = {"audience": audience, "members": list(members), "automatic": True}
    assert (
        api.client.put("/intel/rules/photo_hash", json=rule, headers=api.as_("brand-a")).status_code
        == 200
    )
    item = {"kind": "photo_hash", "value": FAKE_PHOTO_PDQ, "source": "case-17", "confidence": 0.9}
    answer = api.client.post("/intel/items", json=item, headers=api.as_("brand-a"))
    assert answer.status_code == 201, answer.text
    assert answer.json()["origin"] == "brand-a"
    item_id: int = answer.json()["id"]
    return item_id


def _seen(api: Api, slug: str) -> list[tuple[str, str]]:
    answer = api.client.get("/intel/items", headers=api.as_(slug))
    assert answer.status_code == 200, answer.text
    return [(item["origin"], item["value"]) for item in answer.json()]


def test_a_bundle_exchanged_over_the_api_and_then_retracted(api: Api) -> None:
    item_id = _share_photo(api, "named", "brand-b")

    imported = api.post_bundle("brand-b", api.bundle("brand-a", "brand-b"))

    assert (imported["status"], imported["added"], imported["exporter"]) == (200, 1, "brand-a")
    assert _seen(api, "brand-b") == [("brand-a", FAKE_PHOTO_PDQ)]
    retracted = api.client.post(f"/intel/items/{item_id}/retract", headers=api.as_("brand-a"))
    assert retracted.json()["status"] == "retracted"
    assert api.post_bundle("brand-b", api.bundle("brand-a", "brand-b"))["retracted"] == 1
    assert _seen(api, "brand-b") == []


def test_a_tampered_bundle_is_refused_over_the_api(api: Api) -> None:
    _share_photo(api, "all")
    tampered = api.bundle("brand-a", "brand-b").replace(b"case-17", b"case-18")

    refused = api.post_bundle("brand-b", tampered)

    assert refused["status"] == 400
    assert "altered after signing" in str(refused["detail"])
    assert api.post_bundle("brand-b", b"not a bundle")["status"] == 400
    assert (
        api.post_bundle("brand-b", api.bundle("brand-a", "brand-b"), public_key="zz")["status"]
        == 400
    )


def test_each_organization_sees_and_acts_on_its_own_intel_only(api: Api) -> None:
    item_id = _share_photo(api, "named", "brand-b")
    a = api.ids["brand-a"]

    assert _seen(api, "brand-c") == []
    assert _seen(api, "shop") == []
    assert (
        api.client.get(
            "/intel/items", params={"organization_id": a}, headers=api.as_("brand-c")
        ).status_code
        == 403
    )
    assert (
        api.client.post(f"/intel/items/{item_id}/retract", headers=api.as_("brand-c")).status_code
        == 404
    )
    retract_as_a = api.client.post(
        f"/intel/items/{item_id}/retract", params={"organization_id": a}, headers=api.as_("brand-c")
    )
    assert retract_as_a.status_code == 403
    bundle_for_b = api.bundle("brand-a", "brand-b")
    assert api.post_bundle("brand-c", bundle_for_b)["status"] == 400
    assert api.bundle("brand-a", "brand-c").count(b"\n") == 2  # header and signature, no items
    item = {"kind": "cue_term", "value": "replica", "confidence": 0.5}
    assert api.client.post("/intel/items", json=item, headers=api.as_("shop")).status_code == 403
    assert api.client.get("/intel/items").status_code == 401
    assert _seen(api, "operator") == []


def test_the_operator_pins_and_unpins_remote_exporters_over_the_api(api: Api) -> None:
    brand_z = ForeignExporter()
    bundle = brand_z.bundle("brand-b")
    refused = api.post_bundle("brand-b", bundle)
    assert refused["status"] == 400
    assert "exporter brand-z is not trusted here" in str(refused["detail"])
    pem = public_key_pem(brand_z.public_key)
    pin = {"public_key": pem, "note": "exchanged at the summit"}

    assert (
        api.client.put("/intel/trusted/brand-z", json=pin, headers=api.as_("brand-b")).status_code
        == 403
    )
    pinned = api.client.put("/intel/trusted/brand-z", json=pin, headers=api.as_("operator"))

    assert pinned.status_code == 200, pinned.text
    assert pinned.json()["key_id"] == brand_z.key_id
    assert pinned.json()["public_key"] == brand_z.public_key.hex()
    listed = api.client.get("/intel/trusted", headers=api.as_("operator")).json()
    assert [(p["exporter"], p["note"]) for p in listed] == [("brand-z", "exchanged at the summit")]
    assert api.client.get("/intel/trusted", headers=api.as_("brand-b")).status_code == 403
    wrong = api.post_bundle("brand-b", bundle, public_key=ForeignExporter().public_key.hex())
    assert (wrong["status"], "not the one pinned for brand-z" in str(wrong["detail"])) == (
        400,
        True,
    )
    imported = api.post_bundle("brand-b", bundle, public_key=brand_z.public_key.hex())
    assert (imported["status"], imported["added"], imported["key_source"]) == (200, 1, "pinned")

    removed = api.client.delete(
        "/intel/trusted/brand-z", params={"suspend_items": True}, headers=api.as_("operator")
    )
    assert (removed.status_code, removed.json()["key_id"]) == (200, brand_z.key_id)
    assert removed.json()["suspended_items"] == 1
    assert (
        api.client.delete("/intel/trusted/brand-z", headers=api.as_("operator")).status_code == 404
    )
    assert (
        api.post_bundle("brand-b", brand_z.bundle("brand-b", status="retracted"))["status"] == 400
    )
    bad = api.client.put("/intel/trusted/Brand_Z", json=pin, headers=api.as_("operator"))
    assert (bad.status_code, "not an organization slug" in bad.json()["detail"]) == (400, True)
    bad_key = {"public_key": "zz"}
    assert (
        api.client.put(
            "/intel/trusted/brand-y", json=bad_key, headers=api.as_("operator")
        ).status_code
        == 400
    )


def test_a_recipient_fetches_what_an_exporter_shares_with_it(api: Api) -> None:
    _share_photo(api, "named", "brand-b")

    def fetch(caller: str, recipient: str) -> tuple[int, bytes]:
        params = {"recipient": recipient, "exporter": "brand-a"}
        answer = api.client.get("/intel/bundles", params=params, headers=api.as_(caller))
        return answer.status_code, answer.content

    status, bundle = fetch("brand-b", "brand-b")

    assert status == 200
    assert api.post_bundle("brand-b", bundle)["added"] == 1
    assert fetch("brand-c", "brand-b")[0] == 403  # another member's bundle
    status, for_c = fetch("brand-c", "brand-c")
    assert (status, for_c.count(b"\n")) == (200, 2)  # header and signature: nothing shared with C
    assert fetch("shop", "shop")[0] == 403
    unknown = api.client.get(
        "/intel/bundles",
        params={"recipient": "brand-b", "exporter": "brand-q"},
        headers=api.as_("brand-b"),
    )
    assert unknown.status_code == 404
