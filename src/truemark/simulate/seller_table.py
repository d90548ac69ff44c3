"""The sellers file (spec/DATA.md §3): canonical identities, shared values, formats, garbage."""

from __future__ import annotations

import numpy as np
import polars as pl

from truemark.simulate import identity
from truemark.simulate.rackets import SHARED_ATTRIBUTES
from truemark.simulate.store_names import store_names
from truemark.simulate.vocabulary import vocabulary

_PAYOUT_PROVIDERS = ["paypal", "alipay", "payoneer", "iban", "wise", "stripe"]


def _words(words: list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(words, dtype=pl.String).gather(index)


def _shared(
    rng: np.random.Generator,
    source: dict[str, np.ndarray],
    home: np.ndarray,
    locations: pl.DataFrame,
) -> dict[str, pl.Series]:
    """Identity values per account: the canonical value of its source account (itself, or the
    racket account it copied), written in a format drawn for this account."""
    places = vocabulary("places")
    count = len(home)
    words = places["store_words"]
    codes = (
        locations["country"]
        .gather(home)
        .replace_strict(places["calling_codes"], return_dtype=pl.String)
    )
    national = rng.integers(1_000_000_000, 9_999_999_999, count)
    local = pl.select(
        pl.concat_str(
            _words(
                [w.lower() for w in words["first"]], rng.integers(0, len(words["first"]), count)
            ),
            _words(
                [w.lower() for w in words["second"]], rng.integers(0, len(words["second"]), count)
            ),
            pl.Series(rng.integers(0, 10_000, count)).cast(pl.String),
        )
    ).to_series()
    provider = rng.integers(0, len(places["email_providers"]), count)
    payout = (rng.integers(0, len(_PAYOUT_PROVIDERS), count), rng.integers(10**14, 10**16, count))
    street = (
        rng.integers(1, 999, count),
        rng.integers(0, len(places["streets"]), count),
        rng.integers(0, len(places["street_types"]), count),
    )
    city = locations["city"].gather(home)
    device = rng.integers(0, 256, (count, 16), dtype=np.uint8)
    prefix, last = rng.integers(1 << 16, 223 << 16, count), rng.integers(2, 255, count)
    phone, email, pay, addr, dev, ip = (
        source[a] for a in ("phone", "email", "payment_account", "address", "device_id", "ip")
    )
    exact_ip = rng.random(count) < 0.3
    return {
        "phone": identity.phones(rng, codes.gather(phone), national[phone]),
        "email": identity.emails(
            rng, local.gather(email), _words(places["email_providers"], provider[email])
        ),
        "payment_account": identity.payment_accounts(
            rng, _words(_PAYOUT_PROVIDERS, payout[0][pay]), payout[1][pay]
        ),
        "address": identity.addresses(
            rng, street[0][addr], street[1][addr], street[2][addr], city.gather(addr)
        ),
        "device_id": identity.device_ids(rng, device[dev]),
        "ip": identity.ips(prefix[ip], np.where(exact_ip, last[ip], last)),
    }


def seller_table(
    rng: np.random.Generator,
    ids: pl.Series,
    in_racket: np.ndarray,
    racket: np.ndarray,
    source: dict[str, np.ndarray],
    used: dict[str, np.ndarray],
    weak: np.ndarray,
    home: np.ndarray,
    registered: np.ndarray,
    locations: pl.DataFrame,
) -> pl.DataFrame:
    """Assemble the sellers file: shared identities, coincidental weak sharing, garbage values."""
    places = vocabulary("places")
    count = len(ids)
    values = _shared(rng, source, home, locations)
    centre = weak & (rng.random(count) < 0.5)
    office = weak & ~centre
    values["address"] = values["address"].zip_with(
        pl.Series(~centre),
        _words(
            places["fulfilment_centres"], rng.integers(0, len(places["fulfilment_centres"]), count)
        ),
    )
    office_prefix = _words(
        places["co_working_ip_prefixes"],
        rng.integers(0, len(places["co_working_ip_prefixes"]), count),
    )
    office_ip = pl.select(
        pl.concat_str(
            office_prefix, pl.lit("."), pl.Series(rng.integers(2, 40, count)).cast(pl.String)
        )
    ).to_series()
    values["ip"] = values["ip"].zip_with(pl.Series(~office), office_ip)
    garbage_rate = np.where(in_racket, 0.1, 0.05)
    for attribute in SHARED_ATTRIBUTES:
        junk = places["garbage"][attribute]
        replace = (
            (~used[attribute])
            & (rng.random(count) < garbage_rate)
            & ~(weak & (attribute in ("address", "ip")))
        )
        values[attribute] = values[attribute].zip_with(
            pl.Series(~replace), _words(junk, rng.integers(0, len(junk), count))
        )
    country = locations["country"].gather(home)
    elsewhere = locations["country"].gather(rng.integers(0, len(locations), count))
    country = country.zip_with(pl.Series(~(in_racket & (rng.random(count) < 0.2))), elsewhere)
    frame = pl.DataFrame(
        {
            "seller_id": ids,
            "store_name": store_names(rng, racket),
            "registered_at": pl.Series(registered * 1_000_000).cast(pl.Datetime("us", "UTC")),
            "country": country,
            **{
                a: values[a]
                for a in ("email", "phone", "payment_account", "address", "device_id", "ip")
            },
        }
    )
    return frame.sort("seller_id")
