"""Racket indicators read as typed values: every type's normal form, a clear error for an unknown
type or a malformed value, and (hypothesis) normal forms that are fixed points and do not depend
on how the value was written."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from truemark.errors import InputError
from truemark.networks.indicator_keys import PLATFORMS, PUBLIC_SECOND_LEVELS, SHARED_DOMAINS
from truemark.networks.indicators import TYPES, indicator_table, parse_indicator

NORMAL_FORMS = [
    ("domain:https://www.LuxDeals.shop/bags?page=2", "domain:luxdeals.shop"),
    ("Domain : luxdeals.shop.", "domain:luxdeals.shop"),
    ("domain:shop.luxdeals.co.uk:8080", "domain:shop.luxdeals.co.uk"),
    ("email:Orders+vip@LuxDeals.shop", "email:orders@luxdeals.shop"),
    ("handle:Telegram:@BestReps", "handle:telegram:@bestreps"),
    ("handle:TG: bestreps", "handle:telegram:@bestreps"),
    ("handle:https://t.me/bestreps", "handle:telegram:@bestreps"),
    ("handle:weixin:lux_888", "handle:wechat:@lux_888"),
    ("whatsapp:+86 138-0013-8000", "whatsapp:+8613800138000"),
    ("whatsapp:0086 (138) 0013 8000", "whatsapp:+8613800138000"),
    ("phone:+44 20 7946 0001", "phone:+442079460001"),
    (
        "ship_from:Rm 1203, 88 Huangpu Ave., Tianhe, Guangzhou",
        "ship_from:room 1203 88 huangpu avenue tianhe guangzhou",
    ),
    ("store_name:  LUX  Déals — Outlet!", "store_name:lux deals outlet"),
]


@pytest.mark.parametrize(("written", "normal"), NORMAL_FORMS)
def test_each_type_has_one_normal_form(written: str, normal: str) -> None:
    assert parse_indicator(written) == normal
    assert parse_indicator(normal) == normal


def test_the_table_says_where_each_indicator_matches() -> None:
    table = indicator_table(pl.Series([normal for _, normal in NORMAL_FORMS]))
    rows = {row["value"]: row for row in table.to_dicts()}
    assert rows["whatsapp:+8613800138000"]["space"] == "phone"  # as any phone number
    assert rows["handle:telegram:@bestreps"]["key"] == "bestreps"
    assert rows["handle:telegram:@bestreps"]["platform"] == "telegram"
    address = rows["ship_from:room 1203 88 huangpu avenue tianhe guangzhou"]
    assert (address["space"], address["key"]) == (
        "address",
        "1203 88 avenue guangzhou huangpu room tianhe",  # its words sorted, as addresses compare
    )
    assert table["value"].null_count() == 0


MALFORMED = [
    ("net-7", "write TYPE:VALUE"),
    ("website:luxdeals.shop", "TYPE one of domain, email, handle"),
    ("domain:luxdeals", "not a racket's domain name"),
    ("domain:gmail.com", "a shared service"),
    ("domain:co.uk", "a public suffix"),
    ("domain:bücher.shop", "punycode"),
    ("email:orders(at)luxdeals.shop", "not an e-mail address"),
    ("handle:bestreps", "not PLATFORM:@NAME"),
    ("handle:myspace:@bestreps", "telegram, instagram, wechat"),
    ("handle:telegram:@b", "not PLATFORM:@NAME"),
    ("whatsapp:138 0013 8000", "+ and the country code"),
    ("phone:N/A", "+ and the country code"),
    ("ship_from:CN-GD-Guangzhou", "a region such as"),
    ("ship_from:88 Huangpu", "not a street address"),
    ("store_name:--", "not a store name"),
    ("domain:   ", "not a racket's domain name"),
]


@pytest.mark.parametrize(("written", "error"), MALFORMED)
def test_a_malformed_indicator_is_one_clear_error(written: str, error: str) -> None:
    with pytest.raises(InputError, match="racket indicator") as caught:
        parse_indicator(written)
    assert error in str(caught.value)
    assert indicator_table(pl.Series([written]))["value"][0] is None


# -- property tests --------------------------------------------------------------------------

LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,12}[a-z0-9])?", fullmatch=True)
TLD = st.from_regex(r"[a-z]{2,8}", fullmatch=True)
NAME = st.from_regex(r"[a-z0-9_][a-z0-9_]{1,20}", fullmatch=True)


@st.composite
def racket_domains(draw: st.DrawFn) -> str:
    labels = draw(st.lists(LABEL, min_size=1, max_size=3))
    domain = ".".join([*labels, draw(TLD)])
    if labels[0].startswith("www") or domain in SHARED_DOMAINS:
        domain = "x" + domain
    if len(labels) == 1 and labels[0] in PUBLIC_SECOND_LEVELS:
        domain = "my" + domain
    return domain


def _mixed_case(draw: st.DrawFn, text: str) -> str:
    upper = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if up else c for c, up in zip(text, upper, strict=True))


@given(st.sampled_from(TYPES), st.text(max_size=40))
def test_whatever_is_accepted_is_its_own_normal_form(kind: str, body: str) -> None:
    try:
        normal = parse_indicator(f"{kind}:{body}")
    except InputError:
        return
    assert normal.startswith(f"{kind}:")
    assert parse_indicator(normal) == normal


@given(racket_domains(), st.data())
def test_a_domain_is_the_same_however_it_is_written(domain: str, data: st.DataObject) -> None:
    scheme = data.draw(st.sampled_from(["", "http://", "https://", "HTTPS://"]))
    www = data.draw(st.sampled_from(["", "www.", "WWW.", "www2."]))
    tail = data.draw(st.sampled_from(["", ".", "/", "/bags?x=1", ":443/shop", "#top"]))
    written = scheme + www + _mixed_case(data.draw, domain) + tail
    assert parse_indicator(f"domain:{written}") == f"domain:{domain}"


@given(NAME, st.sampled_from(sorted(PLATFORMS)), st.data())
def test_a_handle_is_the_same_however_it_is_written(
    name: str, platform: str, data: st.DataObject
) -> None:
    alias = data.draw(st.sampled_from(PLATFORMS[platform]))
    separator = "/" if "." in alias else data.draw(st.sampled_from([":", ": ", " : "]))
    at = data.draw(st.sampled_from(["", "@"]))
    written = _mixed_case(data.draw, f"{alias}{separator}{at}{name}")
    assert parse_indicator(f"handle:{written}") == f"handle:{platform}:@{name}"


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.data())
def test_a_phone_is_the_same_however_it_is_written(mobile: str, data: st.DataObject) -> None:
    prefix = data.draw(st.sampled_from(["+86", "+86 ", "0086", "0086 ", "(+86) ", "+86-"]))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(mobile) - 1), max_size=3)))
    separator = data.draw(st.sampled_from([" ", "-", ".", " - "]))
    pieces = [mobile[a:b] for a, b in zip([0, *cuts], [*cuts, len(mobile)], strict=True)]
    kind = data.draw(st.sampled_from(["whatsapp", "phone"]))
    written = prefix + separator.join(pieces)
    assert parse_indicator(f"{kind}:{written}") == f"{kind}:+86{mobile}"


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9 &'.-]{2,30}", fullmatch=True))
def test_a_store_name_ignores_case_and_punctuation(name: str) -> None:
    try:
        normal = parse_indicator(f"store_name:{name}")
    except InputError:
        return
    assert parse_indicator(f"store_name:{name.upper()}") == normal
    assert parse_indicator(f"store_name: {name.lower()} !") == normal
    assert normal == "store_name:" + " ".join(normal[11:].split())
