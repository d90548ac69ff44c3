"""The console's pages over HTTP (no browser), on SQLite and PostgreSQL: sign-in redirects,
dashboard figures, queue filters and bulk decisions, HTML error pages, notice CSV problems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.world import PASSWORD, ConsoleWorld, build_world

from truemark.api.app import create_app
from truemark.cases.accounts import principal_of_user
from truemark.cases.notice_review import review_notice
from truemark.cases.notices import NoticeDraft, file_notice
from truemark.config import Settings
from truemark.enforce.config import default_config
from truemark.store import OrganizationKind, Role, Scope, Store
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter
from truemark.web.stats import dashboard_stats


@pytest.fixture
def site(
    store: Store, migrated_database_url: str, tmp_path: Path
) -> tuple[TestClient, ConsoleWorld]:
    world = build_world(store, tmp_path / "data")
    settings = Settings(database_url=migrated_database_url, demo=True, data_dir=world.data_dir)
    return TestClient(create_app(settings, store=store)), world


def _sign_in(client: TestClient, email: str) -> None:
    answer = client.post("/console/login", data={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text  # followed the redirect to the dashboard


def _case_ids(world: ConsoleWorld) -> dict[str, int]:
    """Each listing's case id."""
    with world.store.unit_of_work() as work:
        cases = work.cases.find(Scope.everything(), CaseFilter(), PageRequest(50, 0)).items
    return {case.listing_id: case.id for case in cases}


def test_pages_need_a_session_and_the_api_keeps_problem_json(
    site: tuple[TestClient, ConsoleWorld],
) -> None:
    client, _world = site
    answer = client.get("/console/queue", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=/console/queue"
    htmx = client.post(
        "/console/cases/1/decision", data={"outcome": "confirm"}, headers={"HX-Request": "true"}
    )
    assert htmx.headers["HX-Redirect"].startswith("/console/login")
    assert client.get("/cases").headers["content-type"] == "application/problem+json"
    wrong = client.post("/console/login", data={"email": "nobody@x.test", "password": "x"})
    assert wrong.status_code == 401
    assert "wrong e-mail or password" in wrong.text


def test_dashboard_figures_are_scoped(site: tuple[TestClient, ConsoleWorld]) -> None:
    client, world = site
    everything = dashboard_stats(world.store, None)
    assert everything.counts["flagged"] == 5
    assert everything.counts["networks"] == 1
    assert dict(everything.by_brand) == {"gucci": 3, "dior": 2}
    assert dict(everything.by_region) == {"CN": 2, "HK": 2, "TR": 1}
    assert dict(everything.by_reason)["price.below_msrp"] == 3
    assert sum(everything.trend["flagged"]) == 5
    with world.store.unit_of_work() as work:
        kering = work.organizations.by_slug("kering").id
    own = dashboard_stats(world.store, kering)
    assert dict(own.by_brand) == {"gucci": 3}
    assert own.counts["networks"] is None
    _sign_in(client, world.emails["kering"])
    page = client.get("/console").text
    assert "Kering dashboard" in page
    assert "dior" not in page


def test_queue_filters_and_bulk_decisions(site: tuple[TestClient, ConsoleWorld]) -> None:
    client, world = site
    _sign_in(client, world.emails["operator"])
    page = client.get("/console/queue", params={"brand": "dior", "min_risk": "0.6"}).text
    assert "Dior saddle AAA" in page
    assert "dior copy wallet" not in page  # risk 0.55
    assert "GUCCI" not in page
    listing = client.get("/console/queue", params={"brand": "gucci"}).text
    ids = [int(found) for found in re.findall(r'data-case="(\d+)"', listing)]
    answer = client.post(
        "/console/queue/bulk", data={"outcome": "reject", "case_ids": ids, "note": "genuine"}
    )
    assert answer.status_code == 200
    assert "3 cases rejected" in answer.text
    assert "No case matches" in client.get("/console/queue", params={"brand": "gucci"}).text
    incomplete = client.post("/console/queue/bulk", data={"case_ids": ids[:1]})
    assert incomplete.status_code == 422
    assert "outcome: Field required" in incomplete.text
    nothing = client.post("/console/queue/bulk", data={"outcome": "confirm"})
    assert nothing.status_code == 400
    assert "tick at least one case" in nothing.text
    again = client.post("/console/queue/bulk", data={"outcome": "confirm", "case_ids": ids[:1]})
    assert again.status_code == 409
    assert "already rejected" in again.text
    assert again.headers["content-type"].startswith("text/html")


def test_brand_cannot_open_another_brands_case(site: tuple[TestClient, ConsoleWorld]) -> None:
    client, world = site
    _sign_in(client, world.emails["lvmh"])
    gucci_page = client.get("/console/queue", params={"status": ""}).text
    assert "GUCCI" not in gucci_page
    with world.store.unit_of_work() as work:
        cases = work.cases.find(Scope.everything(), CaseFilter(), PageRequest(50, 0)).items
    for case in cases:
        answer = client.get(f"/console/cases/{case.id}")
        assert answer.status_code == (200 if case.brand_slug == "dior" else 404)
    assert client.get("/console/networks").status_code == 403
    assert client.get("/console/evaluation").status_code == 403


def test_a_case_caught_by_an_intel_cue_says_whose_it_was(
    site: tuple[TestClient, ConsoleWorld],
) -> None:
    client, world = site
    _sign_in(client, world.emails["kering"])
    by_listing = _case_ids(world)
    caught = client.get(f"/console/cases/{by_listing['l-5']}").text
    assert "shared as alliance intelligence by <strong>intel:kering:0123abcd</strong>" in caught
    assert "alliance intelligence" not in client.get(f"/console/cases/{by_listing['l-1']}").text


def test_bulk_notice_csv_problems_are_listed(site: tuple[TestClient, ConsoleWorld]) -> None:
    client, world = site
    _sign_in(client, world.emails["kering"])
    bad = b"listing_id,brand,evidence\nl-1,,fake\nl-404,gucci,fake\n"
    answer = client.post("/console/notices/bulk", files={"upload": ("n.csv", bad, "text/csv")})
    assert answer.status_code == 422
    assert "n.csv, row 2, field &#39;brand&#39;: is empty" in answer.text
    unknown = b"listing_id,brand,evidence\nl-404,gucci,fake\nl-1,gucci,fake\n"
    answer = client.post("/console/notices/bulk", files={"upload": ("n.csv", unknown, "text/csv")})
    assert answer.status_code == 422
    assert "unknown listing &#39;l-404&#39;" in answer.text


def test_queue_says_when_new_cases_arrive(site: tuple[TestClient, ConsoleWorld]) -> None:
    client, world = site
    _sign_in(client, world.emails["operator"])
    newest = max(
        int(x) for x in re.findall(r'data-case="(\d+)"', client.get("/console/queue").text)
    )
    assert "New cases" not in client.get("/console/queue/arrivals", params={"since": newest}).text
    assert "New cases" in client.get("/console/queue/arrivals", params={"since": newest - 1}).text


def test_seller_answers_a_notice_with_a_counter_notice(
    site: tuple[TestClient, ConsoleWorld],
) -> None:
    client, world = site
    config = default_config()
    with world.store.unit_of_work() as work:
        shop = work.organizations.get_or_create("Shop Two", OrganizationKind.SELLER)
        work.strikes.attach_seller("s-2", shop.id, "s2@shop.example")
        work.users.create(shop.id, "owner@shop.test", PASSWORD, Role.ADMIN)
        lvmh = work.users.by_email(world.emails["lvmh"])
        brand = principal_of_user(lvmh, work.organizations.by_id(lvmh.organization_id))
        notice = file_notice(work, brand, NoticeDraft("dior", ("l-4",), "fake logo"), config)
        review_notice(work, world.operator, notice.id, True, "", config)
    _sign_in(client, "owner@shop.test")
    page = client.get("/console/notices").text
    assert f"Notice {notice.id} (dior)" in page
    answer = client.post(
        f"/console/notices/{notice.id}/counter",
        data={
            "seller_id": "s-2",
            "statement": "genuine, bought from LVMH",
            "evidence": "invoice 7",
        },
    )
    assert answer.status_code == 200
    assert "counter-notice 1 filed" in answer.text
    other = client.post(
        f"/console/notices/{notice.id}/counter", data={"seller_id": "s-1", "statement": "x"}
    )
    assert other.status_code == 404  # a store that is not the seller's own


def test_a_listing_priced_against_its_product_says_so(
    site: tuple[TestClient, ConsoleWorld],
) -> None:
    """The scan matched the product (by its name words or its quoted reference): its own MSRP,
    not a typical one."""
    client, world = site
    _sign_in(client, world.emails["kering"])
    by_listing = _case_ids(world)
    priced = client.get(f"/console/cases/{by_listing['l-2']}").text
    assert "against the product&#39;s MSRP of 800.00 USD" in priced
    assert "2 % of MSRP" in priced
