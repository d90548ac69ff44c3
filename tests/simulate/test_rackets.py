"""Rackets share identities messily, in chains; honest sellers share weak attributes; garbage exists."""

from __future__ import annotations

import re

import polars as pl
from rapidfuzz import fuzz

from truemark.simulate import SimulationSummary
from truemark.simulate.vocabulary import vocabulary

STREET_WORDS = {
    re.sub(r"[^a-z0-9 ]", "", spelling.lower()): re.sub(r"[^a-z0-9 ]", "", forms[0].lower())
    for forms in vocabulary("places")["street_types"]
    for spelling in forms
}


def _address(text: str) -> str:
    words = re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()
    return " ".join(STREET_WORDS.get(w, w) for w in words)


GARBAGE = {
    "",
    "n/a",
    "test@test.com",
    "none@none.com",
    "noemail",
    "000000",
    "0000000000",
    "123456",
    "-",
    "unknown",
    "00000000-0000-0000-0000-000000000000",
    "0.0.0.0",
    "127.0.0.1",
}


def _keys(row: dict[str, str]) -> dict[str, str | None]:
    def keep(value: str | None, key: str) -> str | None:
        return None if value is None or value.strip().lower() in GARBAGE else key

    email = (row["email"] or "").lower()
    local, _, domain = email.partition("@")
    return {
        "phone": keep(row["phone"], re.sub(r"\D", "", row["phone"] or "")[-10:]),
        "email": keep(row["email"], local.split("+")[0].replace(".", "") + "@" + domain),
        "payment_account": keep(
            row["payment_account"], re.sub(r"\D", "", row["payment_account"] or "")
        ),
        "device_id": keep(row["device_id"], (row["device_id"] or "").lower()),
        "ip": keep(row["ip"], ".".join((row["ip"] or "").split(".")[:3])),
        "address": keep(row["address"], _address(row["address"] or "")),
    }


def _linked(a: dict[str, str | None], b: dict[str, str | None]) -> set[str]:
    shared = {k for k in a if a[k] is not None and k != "address" and a[k] == b[k]}
    if a["address"] and b["address"] and fuzz.token_sort_ratio(a["address"], b["address"]) >= 80:
        shared.add("address")
    return shared


def _rackets(market: SimulationSummary) -> list[list[dict[str, str | None]]]:
    sellers = pl.read_parquet(market.out_dir / "sellers.parquet")
    truth = pl.read_csv(market.out_dir / "networks_truth.csv")
    joined = sellers.join(truth, on="seller_id").filter(
        pl.col("network_id").str.starts_with("racket")
    )
    return [
        [_keys(r) for r in group.iter_rows(named=True)]
        for _, group in joined.group_by("network_id")
    ]


def test_rackets_are_connected_but_no_attribute_links_all(market: SimulationSummary) -> None:
    rackets = _rackets(market)
    assert len(rackets) >= 5
    assert max(len(r) for r in rackets) >= 3
    for members in rackets:
        reached, frontier = {0}, [0]
        while frontier:
            i = frontier.pop()
            for j in range(len(members)):
                if j not in reached and _linked(members[i], members[j]):
                    reached.add(j)
                    frontier.append(j)
        assert len(reached) == len(members)
        if len(members) >= 3:
            for attribute in members[0]:
                values = {m[attribute] for m in members}
                assert len(values) > 1 or values == {None}


def test_garbage_and_weak_shared_attributes_exist(market: SimulationSummary) -> None:
    sellers = pl.read_parquet(market.out_dir / "sellers.parquet")
    assert sellers["email"].is_in(["test@test.com", "N/A", ""]).any()
    assert sellers["phone"].is_in(["000000", "N/A", ""]).any()
    truth = pl.read_csv(market.out_dir / "networks_truth.csv")
    alone = sellers.join(truth, on="seller_id").filter(pl.col("network_id").str.starts_with("solo"))
    centres = alone.group_by("address").len().filter(pl.col("len") >= 3)
    assert centres.height > 0
    assert alone["ip"].str.starts_with("203.0.113.").sum() >= 2
