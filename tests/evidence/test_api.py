"""The evidence API on SQLite and PostgreSQL, and the liaison's isolation like any tenant's:
a referral is seen by its referrer, the liaison it was sent to and the operator — nobody else."""

from __future__ import annotations

from tests.evidence.conftest import Http, Racket

from truemark.store import Role

REFERRAL = {"liaison": "guangdong-psb", "title": "Lune ring", "seller_ids": ["s-2", "s-3"]}


def _second_brand(http: Http, racket: Racket) -> None:
    with racket.store.unit_of_work() as work:
        northpeak = work.organizations.by_slug("northpeak-outdoor-inc")
        http.keys["rival"] = work.api_keys.issue(northpeak.id, "rival", Role.ADMIN).secret


def test_only_the_referrer_the_liaison_and_the_operator_see_a_referral(
    http: Http, racket: Racket
) -> None:
    _second_brand(http, racket)
    created = http.client.post("/referrals", json=REFERRAL, headers=http.as_("brand"))
    assert created.status_code == 201, created.text
    referral = created.json()["id"]
    assert (
        http.client.post(f"/referrals/{referral}/pack", headers=http.as_("brand")).status_code
        == 201
    )

    for who in ("brand", "police", "operator"):
        assert http.client.get(f"/referrals/{referral}", headers=http.as_(who)).status_code == 200
        listed = http.client.get("/referrals", headers=http.as_(who)).json()
        assert [item["id"] for item in listed] == [referral]
    for who in ("other_police", "rival"):
        assert http.client.get("/referrals", headers=http.as_(who)).json() == []
        for method, path in [
            ("get", f"/referrals/{referral}"),
            ("get", f"/referrals/{referral}/pack"),
            ("get", f"/referrals/{referral}/pack/key"),
            ("post", f"/referrals/{referral}/acknowledge"),
        ]:
            response = http.client.request(method, path, headers=http.as_(who))
            assert response.status_code == 404, (who, path, response.text)
        outcome = http.client.post(
            f"/referrals/{referral}/outcomes", json={"kind": "raid"}, headers=http.as_(who)
        )
        assert outcome.status_code == 404


def test_the_liaison_reads_and_answers_but_cannot_refer_or_build(http: Http) -> None:
    referral = http.client.post("/referrals", json=REFERRAL, headers=http.as_("brand")).json()["id"]
    police = http.as_("police")
    assert http.client.post("/referrals", json=REFERRAL, headers=police).status_code == 403
    assert http.client.post(f"/referrals/{referral}/pack", headers=police).status_code == 403
    assert http.client.get("/test-buys", headers=police).status_code == 403
    assert http.client.get("/audit", headers=police).status_code == 403
    viewer = http.as_("police_viewer")
    assert http.client.post(f"/referrals/{referral}/acknowledge", headers=viewer).status_code == 403
    assert (
        http.client.post(f"/referrals/{referral}/acknowledge", headers=police).json()["status"]
        == "acknowledged"
    )
    assert (
        http.client.post(
            f"/referrals/{referral}/acknowledge", headers=http.as_("brand")
        ).status_code
        == 403
    )

    seizure = {"kind": "seizure", "count": 1200, "details": "1,200 bags", "final": True}
    assert (
        http.client.post(
            f"/referrals/{referral}/outcomes", json=seizure, headers=police
        ).status_code
        == 201
    )
    seen_by_brand = http.client.get(f"/referrals/{referral}", headers=http.as_("brand")).json()
    assert seen_by_brand["status"] == "closed"
    assert [(o["kind"], o["count"]) for o in seen_by_brand["outcomes"]] == [("seizure", 1200)]


def test_a_referral_goes_only_to_a_law_enforcement_organization(http: Http) -> None:
    to_brand = {**REFERRAL, "liaison": "northpeak-outdoor-inc"}
    response = http.client.post("/referrals", json=to_brand, headers=http.as_("brand"))
    assert response.status_code == 400
    assert "not a law-enforcement organization" in response.json()["detail"]


def test_test_buys_are_scoped_to_their_buyer(http: Http, racket: Racket) -> None:
    _second_brand(http, racket)
    body = {
        "listing_id": "l-3", "order_ref": "ORD-2", "ordered_at": "2026-03-01T10:00:00Z",
        "cost": "12", "currency": "USD", "result": "genuine", "buyer": "B. Ortiz",
    }  # fmt: skip
    created = http.client.post("/test-buys", json=body, headers=http.as_("brand"))
    assert created.status_code == 201, created.text
    buy = created.json()["id"]
    assert created.json()["seller_id"] == "s-3"
    assert http.client.get(f"/test-buys/{buy}", headers=http.as_("operator")).status_code == 200
    assert http.client.get(f"/test-buys/{buy}", headers=http.as_("rival")).status_code == 404
    assert http.client.get("/test-buys", headers=http.as_("rival")).json() == []
    not_a_photo = {**body, "photos": [{"filename": "x.jpg", "content_base64": "aGVsbG8="}]}
    refused = http.client.post("/test-buys", json=not_a_photo, headers=http.as_("brand"))
    assert refused.status_code == 400
    assert "x.jpg: not an image" in refused.json()["detail"]


def test_the_operator_reads_and_verifies_the_audit_log(http: Http) -> None:
    http.client.post("/referrals", json=REFERRAL, headers=http.as_("brand"))
    entries = http.client.get("/audit", headers=http.as_("operator")).json()
    assert entries[-1]["action"] == "referral.created"
    assert [e["sequence"] for e in entries] == list(range(1, len(entries) + 1))
    report = http.client.get("/audit/verify", headers=http.as_("operator")).json()
    assert report["intact"]
    assert report["head_sequence"] == len(entries)
    assert http.client.get("/audit/verify", headers=http.as_("brand")).status_code == 403
    anchor = http.client.post("/audit/anchor", headers=http.as_("operator"))
    assert anchor.status_code == 201
    assert anchor.json()["sequence"] == len(entries) + 2  # key created, anchor taken
