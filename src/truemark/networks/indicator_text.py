"""What a text shows that a racket indicator may name: e-mails, domains, handles and phone numbers
written in titles, descriptions or store names, found by one compiled multi-pattern over the
whole column (``str.extract_all``) and read apart by its named groups, without a loop per row.

Finding too much is harmless (a value matters only when an indicator names it); what must not
happen is missing what an indicator names, so the patterns are generous.
"""

from __future__ import annotations

import re

import polars as pl

from truemark.networks.identifiers import email_key, phone_key
from truemark.networks.indicator_keys import (
    PHONE_CUES,
    PLATFORM_OF_ALIAS,
    domain_name,
    handle_name,
    parent_domains,
    platform_of,
)

OBSERVATION_SCHEMA = pl.Schema(
    {
        "seller_id": pl.String,
        "where": pl.String,
        "space": pl.String,
        "key": pl.String,
        "platform": pl.String,
    }
)


_EDGE = r"(?-u:\b)"
"""A word boundary between ASCII word characters and others: a Unicode one would keep the regex
engine off its fast path on every non-ASCII text (a hundred times slower)."""


def _words(names: list[str]) -> str:
    """An alternation of names, longest first; ASCII names as whole words."""
    ordered = sorted(set(names), key=lambda name: (-len(name), name))
    escaped = (re.escape(name).replace(r"\ ", r"\s*") for name in ordered)
    return "|".join(
        rf"{_EDGE}{pattern}{_EDGE}" if name.isascii() else pattern
        for name, pattern in zip(ordered, escaped, strict=True)
    )


_HOSTS = "|".join(re.escape(host) for host in PLATFORM_OF_ALIAS if "." in host)
_NAME = r"[a-z0-9_][a-z0-9_.\-]{1,63}"
_NUMBER = r"\+?\d[\d \-.()]{5,18}\d"
TEXT_PATTERN = "(?i)" + "|".join(
    (
        r"(?P<email>[a-z0-9._%+\-]+@(?:[a-z0-9\-]+\.)+[a-z]{2,24})",
        r"(?:https?://)?(?:wa\.me/|api\.whatsapp\.com/send\?phone=)\+?(?P<wa_number>\d{7,15})",
        rf"(?:https?://)?(?:www\.)?(?P<host>{_HOSTS})/@?(?P<linked_name>{_NAME})",
        rf"(?:{_words(PHONE_CUES)})\W{{0,3}}(?P<cued_number>{_NUMBER})",
        rf"(?P<platform>{_words([a for a in PLATFORM_OF_ALIAS if '.' not in a])})\W{{0,3}}"
        rf"(?:(?:id|username|user|account)\W{{1,3}})?@?(?P<cued_name>{_NAME})",
        rf"(?P<number>(?:\+|{_EDGE}00)[1-9][\d \-.()]{{6,18}}\d)",
        rf"(?P<domain>{_EDGE}(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+[a-z]{{2,24}})",
        r"(?:^|[\s(\[,;:：])@(?P<bare_name>[a-z0-9_][a-z0-9_.]{1,63})",
    )
)
"""Every form at once; at each place the first form that fits is taken."""


def _hits(texts: pl.DataFrame) -> pl.DataFrame:
    """One row per match: seller_id, where, country and the named groups of the pattern."""
    found = texts.select(
        "seller_id", "where", "country", pl.col("text").str.extract_all(TEXT_PATTERN)
    )
    found = found.explode("text").drop_nulls("text")
    return found.with_columns(pl.col("text").str.extract_groups(TEXT_PATTERN)).unnest("text")


def _observed(hits: pl.DataFrame, space: str, key: pl.Expr, platform: pl.Expr) -> pl.DataFrame:
    return hits.select(
        "seller_id",
        "where",
        pl.lit(space).alias("space"),
        key.alias("key"),
        platform.alias("platform"),
    ).drop_nulls("key")


def _phones(hits: pl.DataFrame) -> pl.DataFrame:
    """Numbers: international anywhere (wa.me links lack the +), national after a cue word."""
    written = pl.coalesce(pl.concat_str(pl.lit("+"), "wa_number"), "cued_number", "number")
    numbers = hits.select("seller_id", "where", "country", written.alias("raw")).drop_nulls("raw")
    e164 = phone_key(numbers["raw"], numbers["country"])
    none = pl.lit(None, pl.String)
    return _observed(numbers.with_columns(e164.alias("e164")), "phone", pl.col("e164"), none)


def text_observations(texts: pl.DataFrame) -> pl.DataFrame:
    """What texts show: ``texts`` has seller_id, where (its field), country (to read national
    phone numbers; may be null) and text; the result has seller_id, where, space, key and
    platform (a handle's platform; null when the text did not say)."""
    hits = _hits(texts.select(pl.all().cast(pl.String)))
    none = pl.lit(None, pl.String)
    mail_domain = pl.col("email").str.extract(r"@(.+)$", 1)
    domains = hits.select(
        "seller_id", "where", domain_name(pl.coalesce("domain", mail_domain)).alias("name")
    ).drop_nulls("name")
    domains = domains.with_columns(parent_domains(pl.col("name"))).explode("name")
    return pl.concat(
        [
            _observed(hits, "email", email_key(pl.col("email")), none),
            _observed(domains, "domain", pl.col("name"), none),
            _observed(
                hits,
                "handle",
                handle_name(pl.coalesce("linked_name", "cued_name", "bare_name")),
                platform_of(pl.coalesce("host", "platform")),
            ),
            _phones(hits),
        ]
    ).cast(OBSERVATION_SCHEMA)
