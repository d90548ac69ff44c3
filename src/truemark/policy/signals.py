"""The signal schema: every signal a policy may read, its type, and the reason code it backs.

This is the one declared list of signal names. Detectors emit columns named
``"<detector>.<signal>"``; rules see them in CEL as nested maps (``price.ratio``); the learned
model turns them into features; its contributions are reported as each signal's reason code.
Renaming a signal is a one-line change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

SignalKind = Literal["bool", "int", "double", "string"]
Encoding = Literal["value", "presence", "onehot"]


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal column: name, CEL type, how the model encodes it, the reason code it backs.

    ``reason`` is the code reported when this signal pushes a listing's risk up in the learned
    model (``seller.authorized`` being false pushes it up, hence ``seller.unauthorized``).
    ``encoding``: ``value`` (number or 0/1), ``presence`` (1 when not null: catalog-specific
    identifiers such as a brand id), ``onehot`` (one column per category seen in training).
    """

    name: str
    kind: SignalKind
    reason: str
    description: str
    encoding: Encoding = "value"

    @property
    def namespace(self) -> str:
        """The CEL variable holding this signal (``price`` for ``price.ratio``)."""
        return self.name.split(".", 1)[0]

    @property
    def field(self) -> str:
        """The field of the CEL variable (``ratio`` for ``price.ratio``)."""
        return self.name.split(".", 1)[1]


SIGNALS: tuple[Signal, ...] = (
    Signal(
        "text.brand_id",
        "string",
        "text.brand_mention",
        "catalog brand named or hinted at",
        "presence",
    ),
    Signal(
        "text.mark_kind",
        "string",
        "text.brand_mention",
        "how the mark was found: exact, alias, fuzzy",
        "onehot",
    ),
    Signal(
        "text.obfuscated",
        "bool",
        "text.obfuscated_mark",
        "the mark was disguised (spacing, homoglyphs, leet)",
    ),
    Signal(
        "text.cue_count",
        "int",
        "text.counterfeit_cue",
        "counterfeit cues found (replica, 1:1, AAA, 高仿)",
    ),
    Signal(
        "text.legit_mention",
        "bool",
        "text.legit_mention",
        "legitimate mention: compatible with, for, fits",
    ),
    Signal(
        "text.condition_used",
        "bool",
        "text.used_condition",
        "the listing says used, pre-owned or damaged",
    ),
    Signal("price.ratio", "double", "price.below_msrp", "listing price in USD / MSRP in USD"),
    Signal(
        "price.log2_below",
        "double",
        "price.below_msrp",
        "how many halvings below MSRP the price is",
    ),
    Signal(
        "price.outlier_score",
        "double",
        "price.outlier",
        "robust outlier score within brand and category",
    ),
    Signal(
        "price.currency_known",
        "bool",
        "price.unknown_currency",
        "the currency has an exchange rate",
    ),
    Signal(
        "image.reference_reuse",
        "bool",
        "image.reference_reuse",
        "brand reference photo reused by an unauthorized seller",
    ),
    Signal("image.known_fake", "bool", "image.known_fake", "photo matches the known-fake bank"),
    Signal(
        "image.ref_distance",
        "int",
        "image.reference_reuse",
        "Hamming distance to the nearest reference photo",
    ),
    Signal(
        "seller.authorized", "bool", "seller.unauthorized", "the seller is authorized for the brand"
    ),
    Signal(
        "seller.account_age_days",
        "int",
        "seller.new_account",
        "days since the seller account was created",
    ),
    Signal("seller.strikes", "int", "seller.prior_strikes", "past strikes against the seller"),
    Signal(
        "seller.network_risk",
        "double",
        "seller.network_risk",
        "risk of the seller's racket network",
    ),
    Signal(
        "serial.cloned",
        "bool",
        "serial.cloned_code",
        "a serial code in the listing is seen in too many places",
    ),
    Signal("network.size", "int", "seller.network_risk", "accounts in the seller's network"),
)

SIGNAL_BY_NAME: Mapping[str, Signal] = {signal.name: signal for signal in SIGNALS}

POLARS_TYPES: Mapping[SignalKind, type[pl.DataType]] = {
    "bool": pl.Boolean,
    "int": pl.Int64,
    "double": pl.Float64,
    "string": pl.String,
}


def namespaces() -> dict[str, dict[str, Signal]]:
    """CEL variables and their fields: ``{"price": {"ratio": Signal(...)}, ...}``."""
    tree: dict[str, dict[str, Signal]] = {}
    for signal in SIGNALS:
        tree.setdefault(signal.namespace, {})[signal.field] = signal
    return tree


def conform(signals: pl.DataFrame) -> pl.DataFrame:
    """Every schema signal as a column of its declared type; absent ones null, NaN read as null.

    Extra columns are dropped. A column that cannot be read as its declared type raises
    polars' own error naming it.
    """
    columns: list[pl.Expr] = []
    for signal in SIGNALS:
        dtype = POLARS_TYPES[signal.kind]
        if signal.name in signals.columns:
            column = pl.col(signal.name).cast(dtype)
            if signal.kind == "double":
                column = column.fill_nan(None)
        else:
            column = pl.lit(None, dtype=dtype)
        columns.append(column.alias(signal.name))
    return signals.with_columns(columns).select(list(SIGNAL_BY_NAME))
