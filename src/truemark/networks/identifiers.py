"""Normalize seller identity attributes into comparable keys, over whole columns at once.

Phones become E.164 (international forms directly, national forms through ``phonenumbers`` with
the seller's country, once per distinct value); emails lose case, plus tags and, at providers
that ignore them, dots; addresses lose case and punctuation, get common abbreviations expanded
and their words sorted; IPv4 addresses become their /24 and IPv6 their /48; payout accounts and
device ids lose spacing. Placeholders ("N/A", "000000", "test@test.com") become null: they are
never evidence.
"""

from __future__ import annotations

import ipaddress
from importlib.resources import files

import phonenumbers
import polars as pl
from ruamel.yaml import YAML

IDENTITY_COLUMNS = (
    "store_name",
    "email",
    "phone",
    "payment_account",
    "address",
    "device_id",
    "ip",
)

_DATA = YAML(typ="safe").load(
    files("truemark.networks").joinpath("data/identifiers.yaml").read_text()
)
PLACEHOLDERS: frozenset[str] = frozenset(_DATA["placeholders"])
DOT_BLIND_PROVIDERS: dict[str, str] = dict(_DATA["dot_blind_providers"])
ADDRESS_ABBREVIATIONS: dict[str, str] = dict(_DATA["address_abbreviations"])


def _blank_placeholders(column: pl.Expr) -> pl.Expr:
    """Null for empty values, known placeholders, and runs of one repeated character."""
    value = column.str.strip_chars().str.to_lowercase()
    squeezed = value.str.replace_all(r"[\s\-._:/]+", "")
    repeated = squeezed.str.strip_chars(squeezed.str.slice(0, 1)) == ""
    return (
        pl.when(value.is_null() | (value == "") | value.is_in(sorted(PLACEHOLDERS)) | repeated)
        .then(None)
        .otherwise(column.str.strip_chars())
    )


def email_key(column: pl.Expr) -> pl.Expr:
    """Canonical mailbox: lower case, no plus tag, no dots at dot-blind providers."""
    email = _blank_placeholders(column).str.to_lowercase()
    valid = email.str.contains(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    local = email.str.extract(r"^([^@+]+)", 1)
    domain = email.str.extract(r"@(.+)$", 1).replace(DOT_BLIND_PROVIDERS)
    local = (
        pl.when(domain == "gmail.com")
        .then(local.str.replace_all(".", "", literal=True))
        .otherwise(local)
    )
    return pl.when(valid).then(pl.concat_str(local, pl.lit("@"), domain)).otherwise(None)


def _address_words(column: pl.Expr) -> pl.Expr:
    """Address words: lower case, punctuation gone, abbreviations expanded, in their order."""
    return (
        _blank_placeholders(column)
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
        .str.split(" ")
        .list.eval(pl.element().replace(ADDRESS_ABBREVIATIONS).filter(pl.element() != ""))
    )


def address_text(column: pl.Expr) -> pl.Expr:
    """The address words in their order, for fuzzy comparison."""
    words = _address_words(column)
    return pl.when(words.list.len() >= 2).then(words.list.join(" ")).otherwise(None)


def address_key(column: pl.Expr) -> pl.Expr:
    """The address words sorted: order and punctuation vanish, for exact comparison."""
    words = _address_words(column)
    return pl.when(words.list.len() >= 2).then(words.list.sort().list.join(" ")).otherwise(None)


def payment_key(column: pl.Expr) -> pl.Expr:
    """A payout account without its provider's name ("ALIPAY: 5809 ..." -> "5809...")."""
    without_provider = column.str.replace(r"^\s*[A-Za-z]{3,12}[\s:_\-]*(\d)", "$1")
    return compact_key(without_provider)


def compact_key(column: pl.Expr) -> pl.Expr:
    """Upper case, letters and digits only (payout accounts, device ids)."""
    value = _blank_placeholders(column).str.to_uppercase().str.replace_all(r"[^\p{L}\p{N}@]+", "")
    return pl.when(value.str.len_chars() >= 4).then(value).otherwise(None)


def _ipv6_prefix(value: str) -> str | None:
    try:
        address = ipaddress.IPv6Address(value.strip())
    except ValueError:
        return None
    if address.is_loopback or address.is_unspecified:
        return None
    return str(ipaddress.IPv6Network(f"{address}/48", strict=False))


def ip_prefix(series: pl.Series) -> pl.Series:
    """The /24 (IPv4) or /48 (IPv6) network of each address; null when not an address."""
    frame = series.str.strip_chars().to_frame("ip")
    octets = pl.col("ip").str.extract_groups(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
    frame = frame.with_columns(octets.alias("octets")).unnest("octets")
    numbers = [pl.col(str(i)).cast(pl.Int32) for i in range(1, 5)]
    valid_v4 = pl.all_horizontal(n.is_between(0, 255) for n in numbers) & (numbers[0] != 0)
    valid_v4 = valid_v4 & (numbers[0] != 127)
    v4 = pl.concat_str(numbers[0], numbers[1], numbers[2], separator=".") + ".0/24"
    v6_values = frame.filter(pl.col("ip").str.contains(":"))["ip"].unique()
    v6 = pl.DataFrame(
        {"ip": v6_values, "v6": [_ipv6_prefix(v) for v in v6_values.to_list()]},
        schema={"ip": pl.String, "v6": pl.String},
    )
    frame = frame.join(v6, on="ip", how="left", maintain_order="left")
    return frame.select(pl.when(valid_v4.fill_null(False)).then(v4).otherwise(pl.col("v6")))[
        :, 0
    ].alias("ip")


def _e164(digits: str, country: str | None) -> str | None:
    try:
        number = phonenumbers.parse(digits, (country or "").upper()[:2] or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_key(phones: pl.Series, countries: pl.Series) -> pl.Series:
    """E.164 numbers; national forms are read with the seller's registration country."""
    frame = pl.DataFrame({"raw": phones, "country": countries}).with_columns(
        _blank_placeholders(pl.col("raw")).alias("raw")
    )
    cleaned = pl.col("raw").str.replace(r"\(0\)", "").str.replace_all(r"[^\d+]", "")
    frame = frame.with_columns(
        cleaned.str.replace(r"^00", "+").alias("digits"),
    )
    international = pl.col("digits").str.contains(r"^\+[1-9]\d{7,14}$")
    frame = frame.with_columns(pl.when(international).then(pl.col("digits")).alias("direct"))
    distinct = (
        frame.filter(pl.col("direct").is_null())
        .select("digits", "country")
        .drop_nulls("digits")
        .unique()
    )
    distinct = distinct.with_columns(
        pl.Series(
            "e164",
            [_e164(d, c) for d, c in distinct.iter_rows()],
            dtype=pl.String,
        )
    )
    joined = frame.join(
        distinct, on=["digits", "country"], how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.select(pl.coalesce("direct", "e164"))[:, 0].alias("phone")


def normalize_sellers(sellers: pl.DataFrame) -> pl.DataFrame:
    """One row per seller: ``seller_id`` and a key column per identity attribute (null = none)."""
    present = {c: c in sellers.columns for c in (*IDENTITY_COLUMNS, "country")}

    def text(name: str) -> pl.Expr:
        return pl.col(name).cast(pl.String) if present[name] else pl.lit(None, pl.String)

    keys = sellers.select(
        pl.col("seller_id").cast(pl.String),
        _blank_placeholders(text("store_name")).str.to_lowercase().alias("store_name"),
        email_key(text("email")).alias("email"),
        address_key(text("address")).alias("address"),
        address_text(text("address")).alias("address_text"),
        payment_key(text("payment_account")).alias("payment_account"),
        compact_key(text("device_id")).alias("device_id"),
        text("country").str.to_uppercase().alias("country"),
    )
    phones = (
        sellers["phone"].cast(pl.String)
        if present["phone"]
        else pl.Series([None] * sellers.height, dtype=pl.String)
    )
    ips = (
        sellers["ip"].cast(pl.String)
        if present["ip"]
        else pl.Series([None] * sellers.height, dtype=pl.String)
    )
    return keys.with_columns(
        phone_key(phones, keys["country"]).alias("phone"),
        ip_prefix(ips).alias("ip"),
    )
