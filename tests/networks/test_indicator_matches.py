"""Racket indicators in the networks: sellers whose record (store name, e-mail, phone, address,
ship-from) or whose listings' text and ship-from show an indicator are matched with its
provenance, and score as alliance intel, the same in both engines."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from truemark.errors import ValidationError
from truemark.networks.indicator_matches import (
    indicator_matches,
    listing_observations,
    seller_observations,
)
from truemark.networks.indicators import indicator_table
from truemark.networks.intel import AllianceIntel, load_indicators
from truemark.networks.jobs import NetworkJob
from truemark.networks.pipeline import NetworkOptions, find_networks
from truemark.networks.run import Engine, run_networks
from truemark.networks.scoring import INTEL_RISK

A = "intel:brand-a:aaaaaaaaaaaaaaaa"
C = "intel:brand-c:cccccccccccccccc"
BANK = pl.DataFrame(
    {
        "value": [
            "domain:luxdeals.shop",
            "handle:telegram:@bestreps",
            "whatsapp:+8613800138000",
            "ship_from:Room 1203, 88 Huangpu Ave, Guangzhou",
            "store_name:Lux Deals Outlet",
            "email:orders@replica-hub.net",
        ],
        "provenance": [A, A, A, C, C, C],
    }
)
SELLERS = pl.DataFrame(
    {
        "seller_id": ["s-name", "s-mail", "s-phone", "s-addr", "s-text", "s-bare", "s-other",
                      "honest"],
        "store_name": ["LUX deals — outlet", "Shop B", "Shop C", "Shop D", "Shop E", "Shop F",
                       "Visit luxdeals.shop!", "Nice Things"],
        "email": ["a@mail.example", "sales@M.LuxDeals.shop", "c@mail.example", "d@mail.example",
                  "e@mail.example", "f@mail.example", "g@mail.example", "h@gmail.com"],
        "phone": [None, None, "138 0013 8000", None, None, None, None, "+44 20 7946 0001"],
        "address": [None, None, None, "88 Huangpu Avenue, Room 1203 - Guangzhou", None, None,
                    None, "1 Main Street, Springfield"],
        "country": ["CN", "CN", "CN", "CN", "CN", "CN", "CN", "GB"],
        "ship_from": [None, None, None, None, None, "Guangzhou; 88 Huangpu Avenue; RM 1203", None,
                      "Springfield"],  # not in spec §3, read when the file has it
    }
)  # fmt: skip
LISTINGS = pl.DataFrame(
    {
        "listing_id": ["l1", "l2", "l3", "l4", "l5", "l6"],
        "seller_id": ["s-text", "s-text", "s-bare", "honest", "honest", "nobody"],
        "title": ["Bag - TG: @BestReps", "Watch", "Shoes", "Scarf by @bestreps_fan",
                  "Wallet (instagram @bestreps)", "Belt luxdeals.shop"],
        "description": [None, "WhatsApp 138-0013-8000 or mail Orders@Replica-Hub.net", "DM @bestreps",
                        "Real leather.", "Gift.", None],
        "ship_from": ["CN-GD-Guangzhou", "CN-GD-Guangzhou", "CN", "GB", "GB", "CN"],
    }
)  # fmt: skip
EXPECTED = {
    ("s-name", "store_name.store_name", C),
    ("s-mail", "email.domain", A),  # a subdomain of the racket's domain
    ("s-phone", "phone.whatsapp", A),  # national form, read with the seller's country
    ("s-addr", "address.ship_from", C),  # the same words in another order
    ("s-text", "listing.handle", A),
    ("s-text", "listing.whatsapp", A),  # national form, read with the listing's ship-from
    ("s-text", "listing.email", C),
    ("s-bare", "listing.handle", A),  # a bare @name: any platform's
    ("s-bare", "ship_from.ship_from", C),
    ("s-other", "store_name.domain", A),
    ("nobody", "listing.domain", A),  # not in the sellers file: the runs drop it
}


def _indicators(tmp_path: Path) -> pl.DataFrame:
    path = tmp_path / "indicators.csv"
    BANK.write_csv(path)
    return load_indicators(path)


def test_record_and_listings_show_what_the_indicators_name(tmp_path: Path) -> None:
    indicators = _indicators(tmp_path)
    intel = AllianceIntel(indicators=indicators)
    found = pl.concat([intel.seller_matches(SELLERS), intel.listing_matches(LISTINGS)])
    assert set(found.iter_rows()) == EXPECTED
    assert found.height == len(EXPECTED)  # each match once


def test_the_bank_is_read_and_every_bad_row_named(tmp_path: Path) -> None:
    assert _indicators(tmp_path)["value"].to_list()[:3] == BANK["value"].to_list()[:3]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "value,provenance\n"
        "domain:luxdeals.shop,\n"
        "net-7,intel:brand-a:1\n"
        "domain:gmail.com,intel:brand-a:2\n"
        "handle:telegram:@bestreps,intel:brand-a:3\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_indicators(bad)
    where = sorted((p.where, p.field) for p in caught.value.problems)
    assert where == [("row 1", "provenance"), ("row 2", "value"), ("row 3", "value")]


def test_intel_from_indicators_raises_the_networks_risk(tmp_path: Path) -> None:
    sellers = SELLERS.with_columns(  # s-name and s-mail share a payout account: one network
        pl.Series("payment_account", ["6222 0202 0011", "6222-0202-0011", *[None] * 6])
    )
    matches = AllianceIntel(indicators=_indicators(tmp_path)).seller_matches(sellers)
    plain = find_networks(sellers, options=NetworkOptions(fuzzy=None)).members
    named = find_networks(sellers, options=NetworkOptions(fuzzy=None, intel=matches)).members
    rows = {row["seller_id"]: row for row in named.to_dicts()}
    assert rows["s-name"]["network_id"] == rows["s-mail"]["network_id"]
    assert rows["s-name"]["intel_matches"] == [f"store_name.store_name:{C}"]
    assert rows["s-mail"]["network_intel"] == sorted([A, C])
    assert rows["honest"]["network_intel"] == []
    before = plain.filter(pl.col("seller_id") == "s-name")["network_risk"].item()
    assert rows["s-name"]["network_risk"] == pytest.approx(1 - (1 - before) * (1 - INTEL_RISK))


def test_both_engines_write_the_same_intel(tmp_path: Path) -> None:
    sellers, listings = tmp_path / "sellers.parquet", tmp_path / "listings.parquet"
    SELLERS.write_parquet(sellers)
    LISTINGS.with_columns(price=pl.lit(10.0), currency=pl.lit("USD")).write_parquet(listings)
    bank = tmp_path / "indicators.csv"
    BANK.write_csv(bank)
    written = []
    for engine in Engine:
        out = tmp_path / engine.value / "networks.parquet"
        job = NetworkJob(sellers, out, listings, indicators=bank)
        summary = run_networks(job, engine)
        assert summary.intel_sellers == len({seller for seller, *_ in EXPECTED}) - 1  # nobody
        written.append(pl.read_parquet(out).sort("seller_id"))
    assert_frame_equal(written[0], written[1], check_exact=True)
    named = written[0].filter(pl.col("intel_matches").list.len() > 0)
    assert sorted(named["seller_id"]) == sorted({s for s, *_ in EXPECTED} - {"nobody"})


def _bank(*values: str) -> pl.DataFrame:
    return indicator_table(pl.Series(values)).with_columns(provenance=pl.lit(A))


def _named_in_title(title: str, bank: pl.DataFrame, ship_from: str | None = None) -> bool:
    listing = pl.DataFrame({"seller_id": ["s"], "title": [title], "ship_from": [ship_from]})
    return not indicator_matches(listing_observations(listing), bank).is_empty()


def test_an_honest_record_is_not_named() -> None:
    honest = SELLERS.filter(pl.col("seller_id") == "honest")
    observed = seller_observations(honest)
    assert set(observed["space"]) >= {"email", "domain", "phone", "address", "store_name"}
    assert indicator_matches(observed, _bank(*BANK["value"])).is_empty()


FILLER = st.lists(
    st.sampled_from(["new", "bag", "real", "photos", "for", "you", "(", ")", "-", ",", "!", "\n"])
)


@given(FILLER, FILLER, st.sampled_from(
    ["luxdeals.shop", "www.LuxDeals.shop/bags", "m.luxdeals.shop", "https://luxdeals.shop.",
     "orders@luxdeals.shop", "LUXDEALS.SHOP"]
))  # fmt: skip
def test_a_domain_written_anywhere_in_a_text_is_found(
    before: list[str], after: list[str], written: str
) -> None:
    title = " ".join([*before, written, *after])
    assert _named_in_title(title, _bank("domain:luxdeals.shop"))
    assert not _named_in_title(title, _bank("domain:otherdeals.shop"))


@given(FILLER, FILLER, st.sampled_from(
    ["TG: @BestReps", "telegram @bestreps", "Telegram ID: bestreps", "t.me/bestreps",
     "https://t.me/BestReps.", "DM @bestreps"]
))  # fmt: skip
def test_a_handle_written_anywhere_in_a_text_is_found(
    before: list[str], after: list[str], written: str
) -> None:
    title = " ".join([*before, written, *after])
    assert _named_in_title(title, _bank("handle:telegram:@bestreps"))
    assert _named_in_title(title, _bank("handle:instagram:@bestreps")) == written.startswith("DM")


@given(FILLER, FILLER, st.sampled_from(
    ["+86 138 0013 8000", "WhatsApp: 138-0013-8000", "wa.me/8613800138000", "0086 13800138000",
     "微信：13800138000", "call (+86) 138.0013.8000"]
))  # fmt: skip
def test_a_phone_written_anywhere_in_a_text_is_found(
    before: list[str], after: list[str], written: str
) -> None:
    title = " ".join([*before, written, *after])
    assert _named_in_title(title, _bank("whatsapp:+8613800138000"), "CN-GD-Guangzhou")
