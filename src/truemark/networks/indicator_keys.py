"""Normal forms of what racket indicators name, as polars expressions over whole columns: domain
names, handles and store names (phones, e-mails and addresses are normalized as the seller
identities are, by :mod:`truemark.networks.identifiers`). An indicator and what a seller or a
listing shows are normalized by the same functions, so they compare equal."""

from __future__ import annotations

from importlib.resources import files

import polars as pl
from ruamel.yaml import YAML

from truemark.networks.identifiers import PLACEHOLDERS

_DATA = YAML(typ="safe").load(
    files("truemark.networks").joinpath("data/indicators.yaml").read_text()
)
PLATFORMS: dict[str, list[str]] = {
    platform: [str(alias) for alias in aliases]
    for platform, aliases in _DATA["handle_platforms"].items()
}
PLATFORM_OF_ALIAS: dict[str, str] = {
    alias: platform for platform, aliases in PLATFORMS.items() for alias in aliases
}
PHONE_CUES: list[str] = [str(cue) for cue in _DATA["phone_cues"]]
SHARED_DOMAINS: list[str] = sorted(str(domain) for domain in _DATA["shared_domains"])
PUBLIC_SECOND_LEVELS: list[str] = sorted(str(label) for label in _DATA["public_second_levels"])

DOMAIN_SHAPE = r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})$"
HANDLE_SHAPE = r"^[a-z0-9_][a-z0-9_.-]{1,63}$"
DOMAIN_DEPTH = 5
"""Parent domains tried for a domain seen: shop.luxdeals.shop is luxdeals.shop's too."""


def domain_name(text: pl.Expr) -> pl.Expr:
    """The host a URL or domain names: lower case, no scheme, path, port, ``www.`` or final
    dot; null when it is not a domain name."""
    name = (
        text.str.strip_chars()
        .str.to_lowercase()
        .str.replace(r"^[a-z][a-z0-9+.\-]*://", "")
        .str.replace(r"[/?#].*$", "")
        .str.replace(r":\d*$", "")
        .str.strip_chars_end(".")
        .str.replace(r"^(?:www\d*\.)+", "")
    )
    return pl.when(name.str.contains(DOMAIN_SHAPE) & (name.str.len_chars() <= 253)).then(name)


def racket_domain(text: pl.Expr) -> pl.Expr:
    """A domain name that can be one racket's: not a shared service, not a public suffix."""
    name = domain_name(text)
    labels = name.str.split(".")
    public_suffix = (
        (labels.list.len() == 2)
        & labels.list.first().is_in(PUBLIC_SECOND_LEVELS)
        & (labels.list.last().str.len_chars() == 2)
    )
    return pl.when(~name.is_in(SHARED_DOMAINS) & ~public_suffix).then(name)


def parent_domains(name: pl.Expr) -> pl.Expr:
    """The domain and its parents of two labels or more, as a list (luxdeals.shop for
    m.luxdeals.shop)."""
    labels = name.str.split(".")
    suffixes = pl.concat_list(
        labels.list.slice(depth).list.join(".") for depth in range(DOMAIN_DEPTH)
    )
    return suffixes.list.eval(pl.element().filter(pl.element().str.contains(".", literal=True)))


def handle_name(text: pl.Expr) -> pl.Expr:
    """A handle's name: lower case, no ``@`` before nor ``.`` after; null when malformed."""
    name = text.str.strip_chars().str.to_lowercase().str.strip_chars_start("@")
    name = name.str.strip_chars_end(".")
    return pl.when(name.str.contains(HANDLE_SHAPE)).then(name)


def platform_of(alias: pl.Expr) -> pl.Expr:
    """The platform a name or profile host stands for (``tg`` -> ``telegram``); null if none."""
    return alias.str.to_lowercase().replace_strict(PLATFORM_OF_ALIAS, default=None)


def store_name_key(text: pl.Expr) -> pl.Expr:
    """A store name without case, accents, punctuation or repeated blanks; null when it has
    fewer than 3 characters or is a placeholder."""
    name = (
        text.str.normalize("NFKD")
        .str.to_lowercase()
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}+", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )
    return pl.when((name.str.len_chars() >= 3) & ~name.is_in(sorted(PLACEHOLDERS))).then(name)
