"""Alliance intel in the networks: a racket with an account a member confirmed as a repeat
infringer scores higher, and every account of it says whose intelligence named it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from truemark.alliance import infringer_value
from truemark.errors import InputError, ValidationError
from truemark.networks.intel import intel_matches, load_infringers
from truemark.networks.pipeline import NetworkOptions, find_networks
from truemark.networks.scoring import INTEL_RISK

KEY = b"alliance-key-shared-by-members"
SELLERS = pl.DataFrame(
    {
        "seller_id": ["r-1", "r-2", "r-3", "lone", "honest"],
        "phone": ["+86 138 0013 8000", "+86 139 1111 2222", "+86 139 1111 2222", "+33 1 23 45 67 89",
                  "+44 20 7946 0001"],
        "payment_account": ["6222 0202 0011", "6222-0202-0011", "6222 9999 0033", "FR76 3000 6000", "GB29 NWBK 6016"],
        "email": ["a@x.example", "b@x.example", "c@x.example", "Lone@Shop.example", "h@x.example"],
        "country": ["CN", "CN", "CN", "FR", "GB"],
    }
)  # fmt: skip
PHONE = "intel:brand-a:1111111111111111"
EMAIL = "intel:brand-c:2222222222222222"


def _bank() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "value": [
                infringer_value(KEY, "phone", "008613800138000"),  # r-1, written otherwise
                infringer_value(KEY, "email", "lone@shop.example"),
                infringer_value(KEY, "phone", "+1 415 555 0100"),  # nobody here
            ],
            "provenance": [PHONE, EMAIL, "intel:brand-a:3333333333333333"],
        }
    )


def _by_seller(options: NetworkOptions) -> dict[str, dict[str, object]]:
    members = find_networks(SELLERS, options=options).members
    return {row["seller_id"]: row for row in members.to_dicts()}


def test_a_racket_named_by_intel_scores_higher_and_says_whose() -> None:
    plain = _by_seller(NetworkOptions(fuzzy=None))
    intel = intel_matches(SELLERS, _bank(), KEY)
    named = _by_seller(NetworkOptions(fuzzy=None, intel=intel))

    racket = ("r-1", "r-2", "r-3")
    assert {named[s]["network_id"] for s in racket} == {"net-r-1"}
    assert named["r-1"]["intel_matches"] == [f"phone:{PHONE}"]
    assert named["r-2"]["intel_matches"] == []  # linked in, not named itself
    for seller in racket:
        assert named[seller]["network_intel"] == [PHONE]
        before, after = plain[seller]["network_risk"], named[seller]["network_risk"]
        assert isinstance(before, float)
        assert isinstance(after, float)
        assert after == pytest.approx(1 - (1 - before) * (1 - INTEL_RISK))
    assert named["lone"]["network_intel"] == [EMAIL]
    assert named["lone"]["network_risk"] == pytest.approx(INTEL_RISK)  # alone, no listings
    assert named["honest"]["network_intel"] == []
    assert named["honest"]["network_risk"] == plain["honest"]["network_risk"]


def test_without_intel_the_columns_are_there_and_empty() -> None:
    members = find_networks(SELLERS, options=NetworkOptions(fuzzy=None)).members
    assert members.columns[:5] == [
        "seller_id",
        "network_id",
        "network_size",
        "network_risk",
        "links",
    ]
    assert members["intel_matches"].list.len().sum() == 0
    assert members["network_intel"].list.len().sum() == 0


def test_another_alliance_key_names_nobody() -> None:
    intel = intel_matches(SELLERS, _bank(), b"not-the-alliance-key-at-all")
    assert intel.is_empty()
    assert intel.columns == ["seller_id", "attribute", "provenance"]


def test_the_infringer_bank_is_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "infringers.csv"
    _bank().with_columns(pl.col("value").str.to_uppercase()).write_csv(good)
    assert load_infringers(good).equals(_bank())
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "value,provenance\n"
        f"{_bank()['value'][0]},\n"
        "device_id:abc,intel:brand-a:1\n"
        f"phone:{'0' * 63},intel:brand-a:2\n"
    )
    with pytest.raises(ValidationError) as caught:
        load_infringers(bad)
    where = sorted((p.where, p.field) for p in caught.value.problems)
    assert where == [("row 1", "provenance"), ("row 2", "value"), ("row 3", "value")]
    no_column = tmp_path / "values.csv"
    no_column.write_text("value\nphone:1\n")
    with pytest.raises(InputError, match="lacks column"):
        load_infringers(no_column)
