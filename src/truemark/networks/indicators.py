"""Racket indicators: typed values (``domain:luxdeals.shop``, ``handle:telegram:@bestreps``,
``whatsapp:+8613800138000``, ``ship_from:<address>``, ``store_name:<name>``) that mark the
sellers of a confirmed racket, read and normalized over whole columns.

Each type names a space of keys that sellers and listings show: phones (``phone``,
``whatsapp``) are E.164 numbers, ``ship_from`` is an address compared as its sorted words, a
handle's key is its name and it carries its platform.
"""

from __future__ import annotations

import polars as pl

from truemark.errors import InputError
from truemark.networks.identifiers import address_key, address_text, email_key, phone_key
from truemark.networks.indicator_keys import (
    PLATFORMS,
    handle_name,
    platform_of,
    racket_domain,
    store_name_key,
)

SPACES = {
    "domain": "domain",
    "email": "email",
    "handle": "handle",
    "phone": "phone",
    "whatsapp": "phone",
    "ship_from": "address",
    "store_name": "store_name",
}
"""Each indicator type and the space of keys it is compared in."""
TYPES = tuple(SPACES)
HINTS = {
    "domain": "not a racket's domain name: write it like luxdeals.shop (non-ASCII names in "
    "punycode, xn--...); a shared service (gmail.com, t.me) or a public suffix (co.uk) names "
    "everyone",
    "email": "not an e-mail address (like orders@luxdeals.shop)",
    "handle": f"not PLATFORM:@NAME, like telegram:@bestreps (platform one of "
    f"{', '.join(PLATFORMS)}; a name of letters, digits, _ . -)",
    "phone": "not a phone number in international form (+ and the country code, "
    "like +86 138 0013 8000)",
    "ship_from": "not a street address: give it with its number and at least three words (a "
    "region such as CN-GD-Guangzhou would name every seller there)",
    "store_name": "not a store name (at least 3 letters or digits)",
}
HINTS["whatsapp"] = HINTS["phone"]
INDICATOR_SCHEMA = pl.Schema(
    {
        "value": pl.String,
        "type": pl.String,
        "space": pl.String,
        "key": pl.String,
        "platform": pl.String,
    }
)


def _ship_from(body: pl.Expr) -> pl.Expr:
    """An address with a number and three words or more: a place, not a region."""
    text = address_text(body)
    street = (text.str.count_matches(" ") >= 2) & text.str.contains(r"\d")
    return pl.when(street).then(text)


def _handle(body: pl.Expr) -> pl.Expr:
    """``PLATFORM:@NAME`` (or a profile link, ``t.me/NAME``) as ``platform:@name``."""
    parts = body.str.strip_chars().str.extract_groups(
        r"^(?i:https?://)?(?i:www\.)?(?P<platform>[^\s:/@]+)\s*[:/]\s*(?P<name>\S+)$"
    )
    platform, name = platform_of(parts.struct["platform"]), handle_name(parts.struct["name"])
    return pl.concat_str(platform, pl.lit(":@"), name)


def indicator_table(values: pl.Series) -> pl.DataFrame:
    """Each value read as an indicator: ``value`` (its normal form ``type:body``; null when
    malformed), ``type``, and the ``space``, ``key`` and ``platform`` it matches on."""
    frame = pl.DataFrame({"raw": values.cast(pl.String)}).with_columns(
        pl.col("raw").str.extract(r"^\s*([A-Za-z_]+)\s*:", 1).str.to_lowercase().alias("type"),
        pl.col("raw").str.replace(r"^\s*[A-Za-z_]+\s*:\s*", "").alias("body"),
    )
    kind, body = pl.col("type"), pl.col("body")
    is_phone = kind.is_in(["phone", "whatsapp"])
    numbers = frame.select(pl.when(is_phone).then(body))[:, 0]
    nowhere = pl.Series([None] * frame.height, dtype=pl.String)
    frame = frame.with_columns(phone_key(numbers, nowhere).alias("number"))
    normal = (
        pl.when(kind == "domain")
        .then(racket_domain(body))
        .when(kind == "email")
        .then(email_key(body))
        .when(kind == "handle")
        .then(_handle(body))
        .when(is_phone)
        .then(pl.col("number"))
        .when(kind == "ship_from")
        .then(_ship_from(body))
        .when(kind == "store_name")
        .then(store_name_key(body))
    )
    frame = frame.with_columns(normal.alias("normal"))
    handle = pl.col("normal").str.split_exact(":@", 1).struct
    key = (
        pl.when(kind == "ship_from")
        .then(address_key(pl.col("normal")))
        .when(kind == "handle")
        .then(handle[1])
        .otherwise(pl.col("normal"))
    )
    return frame.select(
        pl.concat_str(kind, pl.lit(":"), pl.col("normal")).alias("value"),
        kind.alias("type"),
        kind.replace_strict(SPACES, default=None).alias("space"),
        key.alias("key"),
        pl.when(kind == "handle").then(handle[0]).alias("platform"),
    ).cast(INDICATOR_SCHEMA)


def parse_indicator(value: str) -> str:
    """The normal form of one indicator (``TYPE:VALUE``); InputError saying what is wrong."""
    kind = value.partition(":")[0].strip().lower() if ":" in value else ""
    if kind not in SPACES:
        raise InputError(
            f"racket indicator {value!r}: write TYPE:VALUE with TYPE one of {', '.join(TYPES)} "
            "(e.g. domain:luxdeals.shop, handle:telegram:@bestreps, whatsapp:+8613800138000)"
        )
    normal = indicator_table(pl.Series([value]))["value"][0]
    if normal is None:
        raise InputError(f"racket indicator {value!r}: {HINTS[kind]}")
    return str(normal)
