"""Identity normalization: one phone, email or address written many ways gives one key."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from truemark.networks.identifiers import normalize_sellers


def _keys(**columns: list[str | None]) -> pl.DataFrame:
    count = len(next(iter(columns.values())))
    frame = pl.DataFrame({"seller_id": [f"s{i}" for i in range(count)], **columns})
    return normalize_sellers(frame)


def test_phone_formats_become_one_e164() -> None:
    phones = ["+86 138 0013 8000", "0086-138-0013-8000", "(+86) 13800138000", "138 0013 8000"]
    keys = _keys(phone=phones, country=["CN", "US", None, "CN"])
    assert keys["phone"].to_list() == ["+8613800138000"] * 4


def test_national_phone_needs_a_country() -> None:
    keys = _keys(phone=["020 7946 0958", "020 7946 0958"], country=["GB", None])
    assert keys["phone"].to_list() == ["+442079460958", None]


def test_email_case_plus_tags_and_gmail_dots() -> None:
    emails = ["Lucky.Star+shop1@GMAIL.com", "luckystar@googlemail.com", "lucky.star@outlook.com"]
    keys = _keys(email=emails)
    assert keys["email"].to_list() == [
        "luckystar@gmail.com",
        "luckystar@gmail.com",
        "lucky.star@outlook.com",
    ]


def test_address_order_case_punctuation_and_abbreviations() -> None:
    addresses = [
        "Bldg 5, 12 Long St., Baiyun Dist, Guangzhou",
        "guangzhou baiyun district 12 long street building 5",
    ]
    keys = _keys(address=addresses)
    assert keys["address"][0] == keys["address"][1]


def test_ip_prefixes() -> None:
    keys = _keys(ip=["203.0.113.7", "203.0.113.250", "2001:db8:1:2::5", "not an ip", "127.0.0.1"])
    assert keys["ip"].to_list() == [
        "203.0.113.0/24",
        "203.0.113.0/24",
        "2001:db8:1::/48",
        None,
        None,
    ]


def test_placeholders_are_never_evidence() -> None:
    keys = _keys(
        phone=["N/A", "000000", "", None],
        email=["test@test.com", "none", "x", "nobody"],
        payment_account=["0000", "n/a", "-", "    "],
        address=["N/A", "x", "unknown", "0"],
        device_id=["null", "1111111", "00000000-0000-0000-0000-000000000000", "tbd"],
    )
    for column in ("phone", "email", "payment_account", "address", "device_id"):
        assert keys[column].null_count() == 4, column


def test_sellers_without_identity_columns_still_normalize() -> None:
    keys = normalize_sellers(pl.DataFrame({"seller_id": ["a", "b"]}))
    assert keys.height == 2
    assert keys["phone"].null_count() == 2


@given(st.lists(st.text(max_size=40), min_size=1, max_size=20))
def test_any_text_normalizes_without_error(values: list[str]) -> None:
    keys = _keys(phone=values, email=values, address=values, ip=values, payment_account=values)
    assert keys.height == len(values)
