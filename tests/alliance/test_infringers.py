"""Repeat infringers shared as keyed hashes: members match sellers without the raw identities."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.alliance.members import Alliance

from truemark.alliance import alliance_work, infringer_value, provenance, sellers_matching_intel
from truemark.errors import ConfigError, InputError

KEY = b"alliance-key-shared-by-members"
SELLERS = pl.DataFrame(
    {
        "seller_id": ["s-1", "s-2", "s-3"],
        "phone": ["+86 138-0013-8000", "+33 1 23 45 67 89", None],
        "email": ["Lux88@Mail.Example", "honest@mail.example", "n/a"],
        "payment_account": ["6222 0202 0011 2233", "FR7630006000011234567890189", None],
        "country": ["CN", "FR", "DE"],
    }
)


def test_a_shared_infringer_hash_finds_the_seller_under_another_spelling(members: Alliance) -> None:
    members.share("brand-a", "infringer", "all")
    phone = members.confirm("brand-a", infringer_value(KEY, "phone", "+8613800138000"), "infringer")
    email = members.confirm(
        "brand-a", infringer_value(KEY, "email", "lux88@mail.example"), "infringer"
    )

    with alliance_work(members.store) as alliance:
        matches = sellers_matching_intel(
            alliance, members.ids["brand-b"], SELLERS, KEY, members.moment
        )

    assert sorted(matches.rows()) == [
        ("s-1", "email", provenance(email)),
        ("s-1", "phone", provenance(phone)),
    ]
    assert "8000" not in phone.value
    assert phone.value.startswith("phone:")


def test_another_key_matches_nothing(members: Alliance) -> None:
    members.share("brand-a", "infringer", "all")
    members.confirm("brand-a", infringer_value(KEY, "phone", "+8613800138000"), "infringer")

    with alliance_work(members.store) as alliance:
        other = b"another-alliance-key-entirely"
        matches = sellers_matching_intel(
            alliance, members.ids["brand-b"], SELLERS, other, members.moment
        )

    assert matches.is_empty()


def test_placeholders_short_keys_and_unknown_attributes_are_refused() -> None:
    with pytest.raises(InputError, match="placeholder"):
        infringer_value(KEY, "email", "n/a")
    with pytest.raises(InputError, match="attribute 'device_id'"):
        infringer_value(KEY, "device_id", "dev-1")
    with pytest.raises(ConfigError, match="at least 16 bytes"):
        infringer_value(b"short", "phone", "+8613800138000")


@given(st.from_regex(r"[a-z]{1,10}@[a-z]{1,8}\.example", fullmatch=True))
def test_case_of_an_email_does_not_change_its_hash(email: str) -> None:
    assert infringer_value(KEY, "email", email) == infringer_value(KEY, "email", email.upper())
