"""The console in a real browser: sign in, the dashboard, the queue worked with the keyboard,
a brand confirming a flag and filing notices in bulk while blind to another brand's cases, a
network graph, a referral's evidence pack downloaded and verified, and the public pages.
Every page is screenshotted (desktop and phone width) and checked with axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PIL import Image
from tests.web.conftest import axe_violations, shoot, sign_in
from tests.web.world import ConsoleWorld

from truemark.cases.queue import list_cases
from truemark.evidence.pack.manifest import check_pack
from truemark.store import Scope
from truemark.store.enforcement_records import CaseStatus
from truemark.store.paging import PageRequest
from truemark.store.repositories import CaseFilter

Console = tuple[str, ConsoleWorld]


def _status(world: ConsoleWorld, listing_id: str) -> CaseStatus:
    with world.store.unit_of_work() as work:
        cases = list_cases(work, world.operator, CaseFilter(status=None), PageRequest(500, 0))
    return next(case.status for case in cases.items if case.listing_id == listing_id)


def _case_id(world: ConsoleWorld, listing_id: str) -> int:
    with world.store.unit_of_work() as work:
        cases = work.cases.find(Scope.everything(), CaseFilter(), PageRequest(500, 0))
    return next(case.id for case in cases.items if case.listing_id == listing_id)


def _photo(folder: Path) -> Path:
    path = folder / "belt.png"
    Image.new("RGB", (96, 96), (180, 120, 40)).save(path)
    return path


def test_sign_in_lands_on_the_dashboard_with_charts(new_page: Any, console: Console) -> None:
    page = new_page
    page.goto("/console/queue")
    assert "/console/login" in page.url  # a page needs a session
    assert axe_violations(page) == []
    shoot(page, "01-login", phone=True)
    page.get_by_label("E-mail").fill(console[1].emails["operator"])
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("status").inner_text() == "wrong e-mail or password"
    sign_in(page, console[1].emails["operator"])
    page.goto("/console")
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 4")
    page.wait_for_function("Chart.instances && Object.keys(Chart.instances).length === 4")
    tiles = page.locator(".tile").all_inner_texts()
    assert any(text.startswith("5\n") and "flagged" in text for text in tiles)
    assert any("networks found" in text and text.startswith("1") for text in tiles)
    assert axe_violations(page) == []
    shoot(page, "02-dashboard", phone=True)


def test_queue_is_worked_with_the_keyboard(new_page: Any, console: Console) -> None:
    page, world = new_page, console[1]
    sign_in(page, world.emails["operator"])
    page.goto("/console/queue")
    rows = page.locator("#queue-rows tr[data-case]")
    first, second = rows.nth(0), rows.nth(1)
    first_listing = first.locator("td").nth(1).inner_text().split("\n")[1].split(" ")[0]
    second_listing = second.locator("td").nth(1).inner_text().split("\n")[1].split(" ")[0]
    assert "current" in (first.get_attribute("class") or "")
    assert axe_violations(page) == []
    shoot(page, "03-queue", phone=True)
    page.keyboard.press("c")  # confirm the first row
    page.locator("#queue-rows tr[data-case]").nth(0).locator(".pill.confirmed").wait_for()
    page.wait_for_function(
        "document.querySelector('#queue-rows tr.current') === "
        "document.querySelectorAll('#queue-rows tr[data-case]')[1]"
    )
    page.keyboard.press("r")  # the next row became current: reject it
    page.locator("#queue-rows tr[data-case]").nth(1).locator(".pill.rejected").wait_for()
    page.keyboard.press("k")
    page.keyboard.press("j")
    assert _status(world, first_listing) is CaseStatus.CONFIRMED
    assert _status(world, second_listing) is CaseStatus.REJECTED
    shoot(page, "04-queue-after-keys")


def test_listing_detail_highlights_and_explains(new_page: Any, console: Console) -> None:
    page, world = new_page, console[1]
    sign_in(page, world.emails["operator"])
    page.goto(f"/console/cases/{_case_id(world, 'l-1')}")
    assert page.locator("p.title mark.mark").first.inner_text() == "GUCCI"
    assert page.locator("p.title mark.cue").first.inner_text() == "replica"
    assert "5 % of MSRP" in page.locator("dl.facts").first.inner_text()
    assert (
        "copy" in page.get_by_role("heading", name="Why it was flagged").locator("..").inner_text()
    )
    assert page.locator("#h-history + table tbody tr").count() >= 1
    photos = page.locator(".photos img")
    assert photos.count() == 2  # the listing's photo beside the brand's reference photo
    for image in photos.all():
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
        )
    assert "PDQ distance 6" in page.locator(".photos").inner_text()
    assert axe_violations(page) == []
    shoot(page, "05-listing", phone=True)


def test_brand_confirms_its_flags_files_bulk_notices_and_sees_no_other_brand(
    new_page: Any, console: Console, tmp_path: Path
) -> None:
    page, world = new_page, console[1]
    sign_in(page, world.emails["kering"])
    page.goto("/console/queue?status=")
    listings = page.locator("#queue-rows tr[data-case]").all_inner_texts()
    assert listings
    assert all("gucci" in row and "dior" not in row.lower() for row in listings)
    page.goto(f"/console/cases/{_case_id(world, 'l-3')}")  # a Dior case
    assert page.get_by_role("heading", name="Not found").is_visible()
    page.goto("/console/queue")
    row = page.locator("#queue-rows tr", has_text="l-2")
    row.get_by_role("button", name="Confirm").click()
    row.locator(".pill.confirmed").wait_for()
    assert _status(world, "l-2") is CaseStatus.CONFIRMED
    notices = tmp_path / "notices.csv"
    notices.write_text("listing_id,brand,evidence\nl-5,gucci,logo and stitching are wrong\n")
    page.goto("/console/notices")
    page.get_by_label("Notice file (CSV)").set_input_files(str(notices))
    page.get_by_role("button", name="File notices").click()
    assert re.search(r"1 notice filed for 1 listing", page.get_by_role("status").inner_text())
    assert "gucci" in page.locator("#h-notices + table tbody").inner_text()
    assert axe_violations(page) == []
    shoot(page, "06-brand-notices", phone=True)
    page.goto("/console/brand")
    assert page.get_by_role("heading", name="Gucci").is_visible()
    page.get_by_text("Add a product").click()
    page.get_by_label("SKU").fill("gucci-belt-2")
    page.get_by_label("Name").fill("Gucci belt")
    page.get_by_label("MSRP").fill("450")
    page.get_by_label("Reference photo").set_input_files(str(_photo(tmp_path)))
    page.get_by_role("button", name="Add product").click()
    assert "product gucci-belt-2 added" in page.get_by_role("status").inner_text()
    product = page.locator("tr", has_text="gucci-belt-2")
    assert "450.00 USD" in product.inner_text()
    assert product.locator("td").last.inner_text() == "1"  # the photo was hashed and stored
    page.get_by_label("Authorize seller").fill("s-42")
    page.get_by_role("button", name="Authorize").click()
    assert page.get_by_role("listitem").filter(has_text="s-42").is_visible()
    assert axe_violations(page) == []
    shoot(page, "07-brand-portal", phone=True)
    page.goto("/console")
    assert page.get_by_role("heading", name="Kering dashboard").is_visible()
    shoot(page, "07-brand-dashboard")


def test_organization_switcher_keeps_both_accounts(new_page: Any, console: Console) -> None:
    page, world = new_page, console[1]
    sign_in(page, world.emails["kering"])
    page.get_by_role("link", name="Add account").click()
    sign_in(page, world.emails["lvmh"])
    assert page.get_by_role("heading", name="LVMH dashboard").is_visible()
    page.get_by_label("Switch organization").select_option(
        label=f"Kering — {world.emails['kering']}"
    )
    page.get_by_role("heading", name="Kering dashboard").wait_for()
    page.goto("/console/queue?status=")
    assert "dior" not in page.locator("#queue-rows").inner_text().lower()


def test_network_graph_referral_and_evidence_pack(
    new_page: Any, console: Console, tmp_path: Path
) -> None:
    page, world = new_page, console[1]
    sign_in(page, world.emails["operator"])
    page.goto("/console/networks/n-1")
    page.wait_for_selector("#graph[data-ready='3']")
    assert page.locator("#graph canvas").count() >= 1
    assert "2 fakes received in test buys" in " ".join(page.locator(".tiles").inner_text().split())
    assert "intel:kering:4f2a9c" in page.locator("#network-intel").inner_text()
    assert axe_violations(page) == []
    shoot(page, "08-network", phone=True)
    page.get_by_role("button", name="Refer to law enforcement").click()
    assert "referral" in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="Build signed pack").first.click()
    assert "pack built" in page.get_by_role("status").inner_text()
    shoot(page, "09-referrals", phone=True)
    page.context.clear_cookies()
    sign_in(page, world.emails["liaison"])
    assert page.url.endswith("/console/referrals")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download pack").first.click()
    pack = tmp_path / "pack.zip"
    download.value.save_as(pack)
    assert check_pack(pack).intact
    assert axe_violations(page) == []


def test_evaluation_page_embeds_the_newest_report(new_page: Any, console: Console) -> None:
    page, world = new_page, console[1]
    sign_in(page, world.emails["operator"])
    page.goto("/console/evaluation")
    assert "No evaluation report yet" in page.locator("main").inner_text()
    for run, heading in (("run-1", "older"), ("run-2", "newest")):
        folder = world.data_dir / "evaluation" / run
        folder.mkdir(parents=True)
        (folder / "report.html").write_text(f"<h1>{heading} evaluation</h1>")
    page.goto("/console/evaluation")
    frame = page.frame_locator("iframe[title='Evaluation report']")
    assert frame.get_by_role("heading").inner_text() == "newest evaluation"
    assert axe_violations(page) == []
    shoot(page, "11-evaluation")


def test_public_report_page_keeps_the_report(new_page: Any, console: Console) -> None:
    page = new_page
    page.goto("/report")
    assert page.get_by_role("link", name="Verify a code").is_visible()
    page.get_by_label("Listing link or number").fill("https://market.example/l/99")
    page.get_by_label("What looks wrong").fill("stitching and logo look wrong")
    assert axe_violations(page) == []
    shoot(page, "10-report", phone=True)
    page.get_by_role("button", name="Send report").click()
    assert "report was received" in page.get_by_role("status").inner_text()
    kept = (console[1].data_dir / "reports" / "suspected-fakes.jsonl").read_text()
    assert "market.example/l/99" in kept
