"""Racket finding end to end on a small marketplace with chained rackets and honest look-alikes."""

from __future__ import annotations

import polars as pl
import pytest

from truemark.networks.pipeline import NetworkFindings, find_networks


def _sellers() -> pl.DataFrame:
    rows = [
        # racket 1: a chain; no single attribute is shared by all four accounts
        ("r1a", "+86 138 0013 8000", "wang.li@gmail.com", "PAY-111", "dev-a", "1.2.3.4", "12 Long St Guangzhou"),
        ("r1b", "0086 13800138000", "other1@qq.com", "alipay 2220 1234", "dev-b", "9.9.9.9", "7 Other Rd Shenzhen"),
        ("r1c", "+86 139 1111 2222", "other2@qq.com", "ALIPAY:22201234", "dev-c", "8.8.4.4", "1 Third Ave Dongguan"),
        ("r1d", "+86 139 1111 2222", "x3@163.com", "pay-333", "dev-d", "5.5.5.5", "2 Fourth Blvd Foshan"),
        # racket 2: linked by the same device and the same gmail mailbox written differently
        ("r2a", "+1 415 555 0100", "Shop.Deals+a@gmail.com", "ACC-1", "DEV-XYZ-1", "4.4.4.4", "9 A St SF"),
        ("r2b", "+1 415 555 0199", "shopdeals@googlemail.com", "ACC-2", "dev xyz 1", "6.6.6.6", "8 B St SF"),
        # honest sellers who share a fulfilment-centre address and a co-working IP range
        *[
            (f"h{i:02d}", f"+44 20 7946 {i:04d}", f"h{i}@mail.com", f"ACC-H{i}", f"dev-h{i}",
             f"203.0.113.{i}", "Unit 1, Fulfilment Park, Leeds")
            for i in range(30)
        ],
        # garbage identifiers are never links
        ("g1", "N/A", "test@test.com", "000000", "", "", "n/a"),
        ("g2", "N/A", "test@test.com", "000000", "", "", "n/a"),
    ]  # fmt: skip
    columns = ["seller_id", "phone", "email", "payment_account", "device_id", "ip", "address"]
    return pl.DataFrame(rows, schema=columns, orient="row")


@pytest.fixture(scope="module")
def findings() -> NetworkFindings:
    return find_networks(_sellers())


def _network(findings: NetworkFindings, seller: str) -> str:
    return findings.members.filter(pl.col("seller_id") == seller)["network_id"].item()


def test_chained_racket_is_one_network(findings: NetworkFindings) -> None:
    ids = {_network(findings, s) for s in ("r1a", "r1b", "r1c", "r1d")}
    assert len(ids) == 1
    size = findings.members.filter(pl.col("seller_id") == "r1a")["network_size"].item()
    assert size == 4


def test_second_racket_is_separate(findings: NetworkFindings) -> None:
    assert _network(findings, "r2a") == _network(findings, "r2b")
    assert _network(findings, "r2a") != _network(findings, "r1a")
    links = findings.members.filter(pl.col("seller_id") == "r2a")["links"].item().to_list()
    assert links == ["device_id", "email"]


def test_honest_sellers_sharing_weak_attributes_stay_apart(findings: NetworkFindings) -> None:
    honest = findings.members.filter(pl.col("seller_id").str.starts_with("h"))
    assert honest["network_size"].to_list() == [1] * 30
    common = findings.common
    assert "address" in common["attribute"].to_list()
    assert "ip" in common["attribute"].to_list()


def test_garbage_identifiers_link_nothing(findings: NetworkFindings) -> None:
    assert _network(findings, "g1") != _network(findings, "g2")


def test_every_link_keeps_its_evidence(findings: NetworkFindings) -> None:
    links = findings.links
    row = links.filter((pl.col("seller_a") == "r1a") & (pl.col("seller_b") == "r1b")).row(
        0, named=True
    )
    assert row["attributes"] == ["phone"]
    assert row["values"] == ["+8613800138000"]
    assert row["bits"] > 8


def test_network_ids_are_stable_and_risk_bounded(findings: NetworkFindings) -> None:
    again = find_networks(_sellers().reverse())
    assert again.members.sort("seller_id").equals(findings.members.sort("seller_id"))
    risks = findings.members["network_risk"]
    assert risks.min() >= 0.0
    assert risks.max() <= 1.0
    lone = findings.members.filter(pl.col("network_size") == 1)["network_risk"]
    assert lone.max() == 0.0


def test_listing_risk_and_shared_photos_feed_in() -> None:
    sellers = pl.DataFrame({"seller_id": ["a", "b", "c"]})
    photos = ["f" * 64, "f0" * 32]  # two photos in common: one alone could be a stolen stock photo
    listings = pl.DataFrame(
        {
            "listing_id": ["l1", "l2", "l3"],
            "seller_id": ["a", "b", "c"],
            "image_pdq": [photos, photos, ["0" * 63 + "1"]],
            "quantity_sold": [10, 5, 1],
        }
    )
    results = pl.DataFrame(
        {
            "listing_id": ["l1", "l2", "l3"],
            "risk": [0.99, 0.9, 0.05],
            "verdict": ["counterfeit", "counterfeit", "clear"],
            "signals": ['{"price.usd": 20.0}', '{"price.usd": 30.0}', '{"price.usd": 5.0}'],
        }
    )
    found = find_networks(sellers, listings, results).members.sort("seller_id")
    assert found["network_size"].to_list() == [2, 2, 1]
    assert found["links"].to_list()[0] == ["image"]
    assert found["network_risk"][0] > 0.9
    assert found["network_flagged_sales_usd"][0] == pytest.approx(10 * 20.0 + 5 * 30.0)
