"""Tenant isolation: Kering's keys try every resource of LVMH (and of the operator and the
seller) and get 404 or 403 on every one; lists never show another tenant's rows.
"""

from __future__ import annotations

import pytest

DENIED = {403, 404}


@pytest.fixture
def lvmh_world(http):
    """LVMH has a decided case, an accepted notice, a counter-notice, a user and a key."""
    c = http.client
    dior = http.cases("lvmh")
    c.post(
        "/decisions", json={"case_id": dior["l-3"], "outcome": "confirm"}, headers=http.as_("lvmh")
    )
    notice = c.post(
        "/notices",
        json={"brand": "dior", "listing_ids": ["l-4"], "evidence": "e"},
        headers=http.as_("lvmh"),
    ).json()
    c.post(f"/notices/{notice['id']}/review", json={"accept": True}, headers=http.as_("operator"))
    with http.store.unit_of_work() as work:
        work.strikes.attach_seller("s-2", http.orgs["shop"], None)
    counter = c.post(
        "/counter-notices",
        json={"notice_id": notice["id"], "seller_id": "s-2", "statement": "s", "evidence": "e"},
        headers=http.as_("shop"),
    )
    assert counter.status_code == 201, counter.text
    user = c.post(
        "/users",
        json={"email": "x@lvmh.example", "password": "twelve chars!!", "role": "reviewer"},
        headers=http.as_("lvmh_admin"),
    ).json()
    return {
        "cases": dior,
        "notice": notice["id"],
        "counter": counter.json()["id"],
        "user": user["id"],
    }


def test_brand_a_cannot_reach_any_resource_of_brand_b(http, lvmh_world) -> None:
    c, b = http.client, lvmh_world
    lvmh, case = http.orgs["lvmh"], b["cases"]["l-3"]
    attempts = {
        "case": c.get(f"/cases/{case}", headers=http.as_("kering")),
        "assign case": c.patch(
            f"/cases/{b['cases']['l-4']}",
            json={"assignee_user_id": None},
            headers=http.as_("kering"),
        ),
        "decide": c.post(
            "/decisions",
            json={"case_id": b["cases"]["l-4"], "outcome": "reject"},
            headers=http.as_("kering"),
        ),
        "decide bulk": c.post(
            "/decisions/bulk",
            json={"case_ids": [b["cases"]["l-4"]], "outcome": "reject"},
            headers=http.as_("kering"),
        ),
        "notice": c.get(f"/notices/{b['notice']}", headers=http.as_("kering")),
        "review notice": c.post(
            f"/notices/{b['notice']}/review", json={"accept": False}, headers=http.as_("kering")
        ),
        "file for dior": c.post(
            "/notices",
            json={"brand": "dior", "listing_ids": ["l-3"], "evidence": "e"},
            headers=http.as_("kering"),
        ),
        "bulk for dior": c.post(
            "/notices/bulk",
            json={"notices": [{"brand": "dior", "listing_ids": ["l-3"], "evidence": "e"}]},
            headers=http.as_("kering"),
        ),
        "reputation": c.get("/notices/reputation/dior", headers=http.as_("kering")),
        "uphold": c.post("/notices/uphold-expired", headers=http.as_("kering")),
        "counter-notice": c.get(f"/counter-notices/{b['counter']}", headers=http.as_("kering")),
        "file counter": c.post(
            "/counter-notices",
            json={"notice_id": b["notice"], "seller_id": "s-2", "statement": "s", "evidence": "e"},
            headers=http.as_("kering"),
        ),
        "resolve counter": c.post(
            f"/counter-notices/{b['counter']}/resolution",
            json={"reinstate": True},
            headers=http.as_("kering"),
        ),
        "organization": c.get(f"/organizations/{lvmh}", headers=http.as_("kering")),
        "create organization": c.post(
            "/organizations", json={"name": "x", "kind": "brand"}, headers=http.as_("kering_admin")
        ),
        "users": c.get(
            "/users", params={"organization_id": lvmh}, headers=http.as_("kering_admin")
        ),
        "create user": c.post(
            "/users",
            json={
                "organization_id": lvmh,
                "email": "y@x.example",
                "password": "twelve chars!!",
                "role": "admin",
            },
            headers=http.as_("kering_admin"),
        ),
        "keys": c.get("/keys", params={"organization_id": lvmh}, headers=http.as_("kering_admin")),
        "issue key": c.post(
            "/keys",
            json={"organization_id": lvmh, "name": "x", "role": "admin"},
            headers=http.as_("kering_admin"),
        ),
        "revoke key": c.delete(
            f"/keys/{http.key_ids['lvmh']}",
            params={"organization_id": lvmh},
            headers=http.as_("kering_admin"),
        ),
        "revoke key as own": c.delete(
            f"/keys/{http.key_ids['lvmh']}", headers=http.as_("kering_admin")
        ),
        "strikes": c.get("/strikes", headers=http.as_("kering")),
        "sellers": c.get("/sellers", headers=http.as_("kering")),
        "seller": c.get("/sellers/s-2", headers=http.as_("kering")),
        "close store": c.post(
            "/sellers/s-2/closure", json={"reason": "x"}, headers=http.as_("kering_admin")
        ),
        "expire": c.post("/strikes/expire", headers=http.as_("kering_admin")),
        "networks": c.get("/networks", headers=http.as_("kering")),
        "network": c.get("/networks/n-1", headers=http.as_("kering")),
        "close network": c.post(
            "/networks/n-1/closure", json={"reason": "x"}, headers=http.as_("kering_admin")
        ),
        "import": c.post(
            "/cases/import", json={"results": [], "listings": []}, headers=http.as_("kering_admin")
        ),
    }
    leaks = {name: r.status_code for name, r in attempts.items() if r.status_code not in DENIED}
    assert leaks == {}
    for response in attempts.values():
        assert response.headers["content-type"] == "application/problem+json"

    # lists are filtered, never leaking a row of LVMH
    cases = c.get("/cases", params={"limit": 500}, headers=http.as_("kering")).json()["items"]
    assert {case["brand_slug"] for case in cases} == {"gucci"}
    assert (
        c.get("/decisions", params={"case_id": case}, headers=http.as_("kering")).json()["total"]
        == 0
    )
    assert c.get("/decisions/labels", headers=http.as_("kering")).json() == [
        {"listing_id": "l-1", "label": "counterfeit"}
    ]
    assert c.get("/notices", headers=http.as_("kering")).json()["total"] == 0
    assert c.get("/counter-notices", headers=http.as_("kering")).json()["total"] == 0
    assert [o["slug"] for o in c.get("/organizations", headers=http.as_("kering")).json()] == [
        "kering"
    ]
    # and LVMH's data is intact
    assert c.get(f"/cases/{case}", headers=http.as_("lvmh")).status_code == 200
    assert c.get("/cases", headers=http.as_("lvmh")).json()["total"] == 2


def test_a_seller_sees_only_notices_naming_its_own_stores(http, lvmh_world) -> None:
    c = http.client
    gucci = c.post(
        "/notices",
        json={"brand": "gucci", "listing_ids": ["l-5"], "evidence": "e"},
        headers=http.as_("kering"),
    ).json()  # against s-3, not the shop's
    c.post(f"/notices/{gucci['id']}/review", json={"accept": True}, headers=http.as_("operator"))
    seen = c.get("/notices", headers=http.as_("shop")).json()
    assert [n["id"] for n in seen["items"]] == [lvmh_world["notice"]]
    assert c.get(f"/notices/{gucci['id']}", headers=http.as_("shop")).status_code == 404
    assert (
        c.post(
            "/counter-notices",
            json={"notice_id": gucci["id"], "seller_id": "s-3", "statement": "s", "evidence": "e"},
            headers=http.as_("shop"),
        ).status_code
        == 404
    )
    assert (
        c.get("/strikes", params={"seller_id": "s-3"}, headers=http.as_("shop")).status_code == 404
    )
    assert c.get("/cases", headers=http.as_("shop")).status_code == 403
