"""Every endpoint of the enforcement API over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from truemark.cases.access import Principal
from truemark.cases.networks import import_networks
from truemark.store.types import utc_now


def test_scan_to_reinstatement_over_http(http) -> None:
    c = http.client
    queue = c.get(
        "/cases", params={"status": "queued", "sort": "-risk"}, headers=http.as_("kering")
    ).json()
    assert [case["listing_id"] for case in queue["items"]] == ["l-2", "l-5"]
    assert queue["total"] == 2
    l2 = queue["items"][0]["id"]
    assert c.get(f"/cases/{l2}", headers=http.as_("kering")).json()["title"] == "Gucci 1:1 belt"

    # assign to a Kering reviewer (a user made through the API), then decide in bulk
    user = c.post(
        "/users",
        json={
            "email": "rev@kering.example",
            "password": "correct horse battery",
            "role": "reviewer",
        },
        headers=http.as_("kering_admin"),
    )
    assert user.status_code == 201, user.text
    assigned = c.patch(
        f"/cases/{l2}", json={"assignee_user_id": user.json()["id"]}, headers=http.as_("kering")
    )
    assert assigned.json()["assignee_user_id"] == user.json()["id"]
    decided = c.post(
        "/decisions/bulk",
        json={"case_ids": [l2], "outcome": "confirm", "note": "fake"},
        headers=http.as_("kering"),
    )
    assert decided.status_code == 201
    assert decided.json()[0]["source"] == "review"
    l5 = http.cases("kering")["l-5"]
    one = c.post(
        "/decisions", json={"case_id": l5, "outcome": "reject"}, headers=http.as_("kering")
    )
    assert one.status_code == 201
    assert (
        c.get("/decisions", params={"case_id": l5}, headers=http.as_("kering")).json()["total"] == 1
    )

    # a notice on l-2 (relisted), accepted by the operator
    with http.store.unit_of_work() as work:
        from truemark.store.enforcement_records import ListingStatus

        work.cases.set_listing_status(["l-2"], ListingStatus.LIVE, utc_now())
    filed = c.post(
        "/notices",
        json={"brand": "gucci", "listing_ids": ["l-2"], "evidence": "photos", "trademark": "111"},
        headers=http.as_("kering"),
    )
    assert filed.status_code == 201, filed.text
    notice = filed.json()
    assert notice["status"] == "pending_review"
    assert notice["trademark"] == "USPTO 111"
    reviewed = c.post(
        f"/notices/{notice['id']}/review", json={"accept": True}, headers=http.as_("operator")
    )
    assert reviewed.json()["status"] == "accepted"
    assert c.get(f"/notices/{notice['id']}", headers=http.as_("shop")).status_code == 200
    assert c.get("/notices", headers=http.as_("shop")).json()["total"] == 1

    # the seller counters; the operator reinstates
    counter = c.post(
        "/counter-notices",
        json={
            "notice_id": notice["id"],
            "seller_id": "s-1",
            "statement": "authorized",
            "evidence": "invoice",
        },
        headers=http.as_("shop"),
    )
    assert counter.status_code == 201, counter.text
    cid = counter.json()["id"]
    assert c.get("/counter-notices", headers=http.as_("kering")).json()["total"] == 1
    assert c.get(f"/counter-notices/{cid}", headers=http.as_("shop")).json()["status"] == "pending"
    resolved = c.post(
        f"/counter-notices/{cid}/resolution",
        json={"reinstate": True, "note": "ok"},
        headers=http.as_("operator"),
    )
    assert resolved.json()["status"] == "reinstated"
    assert (
        c.get(f"/notices/{notice['id']}", headers=http.as_("kering")).json()["items"][0]["status"]
        == "reinstated"
    )

    labels = c.get("/decisions/labels", headers=http.as_("kering")).json()
    assert labels == [
        {"listing_id": "l-1", "label": "counterfeit"},
        {"listing_id": "l-2", "label": "genuine"},
        {"listing_id": "l-5", "label": "genuine"},
    ]
    csv = c.get("/decisions/labels.csv", headers=http.as_("operator"))
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "listing_id,label"
    assert len(csv.text.splitlines()) == 4

    strikes = c.get("/strikes", headers=http.as_("shop")).json()
    assert {s["seller_id"] for s in strikes["items"]} == {"s-1"}
    assert strikes["total"] == 2
    assert (
        c.get("/strikes", params={"seller_id": "s-1"}, headers=http.as_("operator")).json()["total"]
        == 2
    )
    seller = c.get("/sellers/s-1", headers=http.as_("shop")).json()
    # the strike of the confirmed l-2 case was withdrawn with the reinstatement
    assert seller["level"] == "restricted"
    assert seller["active_points"] == 3
    assert sum(s["revoked_at"] is not None for s in seller["strikes"]) == 1
    assert [
        s["seller_id"] for s in c.get("/sellers", headers=http.as_("operator")).json()["items"]
    ] == ["s-1"]


def test_bulk_notices_uphold_and_reputation(http) -> None:
    c = http.client
    bulk = c.post(
        "/notices/bulk",
        json={
            "notices": [
                {"brand": "gucci", "listing_ids": ["l-2"], "evidence": "a"},
                {"brand": "gucci", "listing_ids": ["l-5"], "evidence": "b"},
            ]
        },
        headers=http.as_("kering"),
    )
    assert bulk.status_code == 201
    assert len(bulk.json()) == 2
    pending = c.get(
        "/notices", params={"status": "pending_review"}, headers=http.as_("operator")
    ).json()
    assert pending["total"] == 2
    for notice in bulk.json():
        c.post(
            f"/notices/{notice['id']}/review", json={"accept": True}, headers=http.as_("operator")
        )
    assert c.post("/notices/uphold-expired", headers=http.as_("operator")).json() == []
    with http.store.unit_of_work() as work:
        work.notices.update(bulk.json()[0]["id"], counter_deadline=utc_now() - timedelta(minutes=1))
    assert c.post("/notices/uphold-expired", headers=http.as_("operator")).json() == [
        bulk.json()[0]["id"]
    ]
    reputation = c.get("/notices/reputation/gucci", headers=http.as_("kering")).json()
    assert reputation["reviewed"] == 2
    assert reputation["acceptance_rate"] == 1.0
    assert reputation["fast_track"] is False  # too few notices yet


def test_networks_closures_and_expiry(http) -> None:
    c = http.client
    members = pl.DataFrame(
        {
            "seller_id": ["s-1", "s-2"],
            "network_id": ["n-1", "n-1"],
            "network_size": [2, 2],
            "network_risk": [0.9, 0.9],
            "links": [["phone"], ["phone"]],
        }
    )
    links = pl.DataFrame(
        {
            "seller_a": ["s-1"],
            "seller_b": ["s-2"],
            "bits": [10.0],
            "attributes": [["phone"]],
            "values": [["+1"]],
            "network_id": ["n-1"],
        }
    )
    with http.store.unit_of_work() as work:
        import_networks(work, Principal.system(), members, links)
    assert [
        n["network_id"] for n in c.get("/networks", headers=http.as_("operator")).json()["items"]
    ] == ["n-1"]
    detail = c.get("/networks/n-1", headers=http.as_("operator")).json()
    assert detail["network"]["members"] == ["s-1", "s-2"]
    assert detail["links"][0]["values"] == ["+1"]
    closed = c.post(
        "/networks/n-1/closure", json={"reason": "racket"}, headers=http.as_("operator")
    )
    assert closed.json() == {"network_id": "n-1", "closed": ["s-1", "s-2"]}
    store = c.post(
        "/sellers/s-3/closure", json={"reason": "fraud"}, headers=http.as_("operator")
    ).json()
    assert store["level"] == "closed"
    assert store["live_listings"] == 0
    assert c.post("/strikes/expire", headers=http.as_("operator")).json() == {"moved": []}
    log = c.get("/effects", params={"subject": "seller:s-3"}, headers=http.as_("operator")).json()
    assert [e["kind"] for e in log["items"]] == ["seller.close"]
    assert log["items"][0]["actor"].startswith("key:tm_")
    assert log["items"][0]["payload"]["reason"] == "fraud"
    everything = c.get("/effects", params={"limit": 500}, headers=http.as_("operator")).json()[
        "items"
    ]
    assert [e["id"] for e in everything] == sorted(e["id"] for e in everything)
    assert c.get("/effects", headers=http.as_("kering")).status_code == 403


def test_accounts_sessions_and_keys(http) -> None:
    c = http.client
    org = c.post(
        "/organizations",
        json={"name": "Prada Group", "kind": "brand"},
        headers=http.as_("operator"),
    )
    assert org.status_code == 201
    assert org.json()["slug"] == "prada-group"
    assert len(c.get("/organizations", headers=http.as_("operator")).json()) == 5
    assert (
        c.get(f"/organizations/{org.json()['id']}", headers=http.as_("operator")).json()["kind"]
        == "brand"
    )
    assert [o["slug"] for o in c.get("/organizations", headers=http.as_("kering")).json()] == [
        "kering"
    ]

    made = c.post(
        "/users",
        json={
            "organization_id": org.json()["id"],
            "email": "Ann@Prada.example",
            "password": "twelve chars!!",
            "role": "admin",
        },
        headers=http.as_("operator"),
    )
    assert made.status_code == 201
    assert made.json()["email"] == "ann@prada.example"
    assert (
        len(
            c.get(
                "/users", params={"organization_id": org.json()["id"]}, headers=http.as_("operator")
            ).json()
        )
        == 1
    )

    bad = c.post("/auth/login", json={"email": "ann@prada.example", "password": "wrong password"})
    assert bad.status_code == 401
    assert bad.headers["content-type"] == "application/problem+json"
    session = c.post(
        "/auth/login", json={"email": "ann@prada.example", "password": "twelve chars!!"}
    )
    assert session.status_code == 200
    assert session.json()["kind"] == "brand"
    me = c.get("/auth/me", headers={"Authorization": f"Bearer {session.json()['token']}"}).json()
    assert me["actor"] == "user:ann@prada.example"
    assert me["role"] == "admin"
    assert c.get("/auth/me").json()["organization_id"] == org.json()["id"]  # the session cookie
    assert c.post("/auth/logout").status_code == 204
    c.cookies.clear()
    assert c.get("/auth/me").status_code == 401

    issued = c.post(
        "/keys", json={"name": "ci", "role": "analyst"}, headers=http.as_("kering_admin")
    )
    assert issued.status_code == 201
    assert issued.json()["secret"].startswith("tm_")
    listed = c.get("/keys", headers=http.as_("kering_admin")).json()
    assert "ci" in [key["name"] for key in listed]
    assert all("secret" not in key for key in listed)
    secret = issued.json()["secret"]
    assert c.get("/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    revoked = c.delete(f"/keys/{issued.json()['key']['id']}", headers=http.as_("kering_admin"))
    assert revoked.json()["revoked_at"] is not None
    assert c.get("/cases", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    key_log = c.get(
        "/effects",
        params={"subject": f"key:{issued.json()['key']['id']}"},
        headers=http.as_("operator"),
    ).json()["items"]
    assert [e["kind"] for e in key_log] == ["key.issued", "key.revoked"]
    assert secret not in str(key_log)


def test_errors_are_problem_json(http) -> None:
    c = http.client
    missing = c.get("/cases")
    assert missing.status_code == 401
    assert missing.json()["title"] == "NotAuthenticated"
    gone = c.get("/cases/999999", headers=http.as_("operator"))
    assert gone.status_code == 404
    assert gone.json()["type"].endswith("/not-found")
    assert (
        c.post(
            "/decisions",
            json={"case_id": http.cases()["l-2"], "outcome": "confirm"},
            headers=http.as_("kering_viewer"),
        ).status_code
        == 403
    )
    again = c.post(
        "/decisions",
        json={"case_id": http.cases()["l-1"], "outcome": "confirm"},
        headers=http.as_("operator"),
    )
    assert again.status_code == 409
    invalid = c.post(
        "/notices",
        json={"brand": "gucci", "listing_ids": ["nope"], "evidence": "x"},
        headers=http.as_("kering"),
    )
    assert invalid.status_code == 422
    assert invalid.json()["problems"][0]["field"] == "listing_ids[0]"
    shape = c.post("/decisions", json={"case_id": "x"}, headers=http.as_("operator"))
    assert shape.status_code == 422
    assert shape.headers["content-type"] == "application/problem+json"
    assert (
        c.get("/cases", params={"sort": "title"}, headers=http.as_("operator")).status_code == 400
    )
    # a bulk action is all or nothing: one unknown case rolls the whole request back
    l2 = http.cases()["l-2"]
    partial = c.post(
        "/decisions/bulk",
        json={"case_ids": [l2, 999999], "outcome": "confirm"},
        headers=http.as_("operator"),
    )
    assert partial.status_code == 404
    assert c.get(f"/cases/{l2}", headers=http.as_("operator")).json()["status"] == "queued"
    assert c.get("/openapi.json").status_code == 200
