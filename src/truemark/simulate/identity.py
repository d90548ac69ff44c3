"""Identity attributes of seller accounts, written the messy ways people write them.

Every function is columnar: canonical values (numbers, word indexes) go in as arrays, one
formatting variant per account is drawn, and polars builds the strings.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.simulate.hashes import to_hex_series
from truemark.simulate.vocabulary import vocabulary


def _pick(words: list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(words, dtype=pl.String).gather(index)


def _variant(frame: pl.DataFrame, variants: list[pl.Expr], choice: np.ndarray) -> pl.Series:
    """Row i takes ``variants[choice[i]]``."""
    frame = frame.with_columns(pl.Series("_v", choice))
    expr = pl.coalesce(
        [pl.when(pl.col("_v") == k).then(variant) for k, variant in enumerate(variants)]
    )
    return frame.select(expr.alias("value")).to_series()


def phones(rng: np.random.Generator, calling_code: pl.Series, national: np.ndarray) -> pl.Series:
    """One phone number per account in one of several formats (+86 138 1234 5678, 0086..., ...)."""
    digits = pl.Series(national).cast(pl.String).str.zfill(10)
    frame = pl.DataFrame({"cc": calling_code, "n": digits})
    n, cc = pl.col("n"), pl.col("cc")
    a, b, c = n.str.slice(0, 3), n.str.slice(3, 3), n.str.slice(6, 4)
    variants = [
        pl.concat_str(pl.lit("+"), cc, pl.lit(" "), a, pl.lit(" "), b, pl.lit(" "), c),
        pl.concat_str(pl.lit("+"), cc, n),
        pl.concat_str(pl.lit("00"), cc, n),
        pl.concat_str(pl.lit("(+"), cc, pl.lit(") "), a, pl.lit("-"), b, pl.lit("-"), c),
        pl.concat_str(pl.lit("0"), n),
        pl.concat_str(cc, pl.lit("-"), a, pl.lit("-"), b, c),
        pl.concat_str(pl.lit("+"), cc, pl.lit("."), a, pl.lit("."), b, pl.lit("."), c),
    ]
    return _variant(frame, variants, rng.integers(0, len(variants), len(national)))


def emails(rng: np.random.Generator, local: pl.Series, provider: pl.Series) -> pl.Series:
    """Emails with case changes, dots and plus tags (all reach the same mailbox)."""
    frame = pl.DataFrame(
        {
            "l": local,
            "p": provider,
            "t": _pick(["shop", "2", "store", "biz", "x"], rng.integers(0, 5, len(local))),
        }
    )
    at = pl.concat_str(pl.lit("@"), pl.col("p"))
    local_expr = pl.col("l")
    variants = [
        pl.concat_str(local_expr, at),
        pl.concat_str(local_expr.str.to_uppercase(), at.str.to_uppercase()),
        pl.concat_str(local_expr.str.slice(0, 3), pl.lit("."), local_expr.str.slice(3), at),
        pl.concat_str(local_expr, pl.lit("+"), pl.col("t"), at),
        pl.concat_str(local_expr.str.slice(0, 1).str.to_uppercase(), local_expr.str.slice(1), at),
    ]
    return _variant(frame, variants, rng.choice(5, size=len(local), p=[0.5, 0.1, 0.15, 0.15, 0.1]))


def addresses(
    rng: np.random.Generator,
    number: np.ndarray,
    street: np.ndarray,
    street_type: np.ndarray,
    city: pl.Series,
) -> pl.Series:
    """Street addresses with abbreviations, case changes and typos."""
    places = vocabulary("places")
    kinds: list[list[str]] = places["street_types"]
    spelling = rng.integers(0, 8, len(number))
    width = np.array([len(k) for k in kinds])[street_type]
    flat = [w for k in kinds for w in k]
    offsets = np.concatenate([[0], np.cumsum([len(k) for k in kinds])[:-1]])
    type_word = _pick(flat, offsets[street_type] + np.minimum(spelling, width - 1) * (spelling < 4))
    frame = pl.DataFrame(
        {
            "no": pl.Series(number).cast(pl.String),
            "st": _pick(places["streets"], street),
            "ty": type_word,
            "city": city,
        }
    )
    base = pl.concat_str(
        pl.col("no"),
        pl.lit(" "),
        pl.col("st"),
        pl.lit(" "),
        pl.col("ty"),
        pl.lit(", "),
        pl.col("city"),
    )
    typo = pl.concat_str(
        pl.col("no"),
        pl.lit(" "),
        pl.col("st").str.slice(0, 2),
        pl.col("st").str.slice(3),
        pl.lit(" "),
        pl.col("ty"),
        pl.lit(", "),
        pl.col("city"),
    )
    variants = [
        base,
        base.str.to_uppercase(),
        base.str.to_lowercase(),
        typo,
        base.str.replace_all(",", ""),
    ]
    return _variant(
        frame, variants, rng.choice(5, size=len(number), p=[0.5, 0.12, 0.12, 0.14, 0.12])
    )


def device_ids(rng: np.random.Generator, raw: np.ndarray) -> pl.Series:
    """Device fingerprints as UUIDs from 16 random bytes, in lower or upper case."""
    frame = pl.DataFrame({"h": to_hex_series(raw)})
    h = pl.col("h")
    uuid = pl.concat_str(
        h.str.slice(0, 8),
        pl.lit("-"),
        h.str.slice(8, 4),
        pl.lit("-"),
        h.str.slice(12, 4),
        pl.lit("-"),
        h.str.slice(16, 4),
        pl.lit("-"),
        h.str.slice(20, 12),
    )
    return _variant(frame, [uuid, uuid.str.to_uppercase()], rng.integers(0, 2, len(raw)))


def ips(prefix: np.ndarray, last_octet: np.ndarray) -> pl.Series:
    """IPv4 addresses from a /24 prefix (three octets as one integer) and a last octet."""
    frame = pl.DataFrame({"p": prefix, "l": last_octet})
    octets = [((pl.col("p") // (256**k)) % 256).cast(pl.String) for k in (2, 1, 0)]
    return frame.select(
        pl.concat_str(*octets, pl.col("l").cast(pl.String), separator=".")
    ).to_series()


def payment_accounts(
    rng: np.random.Generator, provider: pl.Series, number: np.ndarray
) -> pl.Series:
    """Payout accounts: one account number written with or without provider and spaces."""
    frame = pl.DataFrame({"pr": provider, "n": pl.Series(number).cast(pl.String).str.zfill(16)})
    n = pl.col("n")
    spaced = pl.concat_str(
        n.str.slice(0, 4), n.str.slice(4, 4), n.str.slice(8, 4), n.str.slice(12, 4), separator=" "
    )
    variants = [
        pl.concat_str(pl.col("pr"), pl.lit(":"), n),
        spaced,
        n,
        pl.concat_str(pl.col("pr").str.to_uppercase(), pl.lit(" "), spaced),
    ]
    return _variant(frame, variants, rng.integers(0, len(variants), len(number)))
