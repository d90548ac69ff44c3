"""The signal schema: every signal a policy may read, its type, and the reason code it backs.

This is the one declared list of signal names. Detectors emit columns named
``"<detector>.<signal>"``; rules see them in CEL as nested maps (``price.ratio``); the learned
model turns them into features; its contributions are reported as each signal's reason code.
Renaming a signal is a one-line change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

NEW_ACCOUNT_DAYS = 30
"""An account younger than this is new (the reason ``seller.new_account``)."""
MODEL_PROBABILITY = "model.probability"
SignalKind = Literal["bool", "int", "double", "string"]
Encoding = Literal["value", "presence", "onehot", "none"]


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal column: name, CEL type, how the model encodes it, the reason code it backs.

    ``reason`` is the code reported when this signal pushes a listing's risk up in the learned
    model (``seller.authorized`` being false pushes it up, hence ``seller.unauthorized``).
    ``encoding``: ``value`` (number or 0/1), ``presence`` (1 when not null: catalog-specific
    identifiers such as a brand id), ``onehot`` (one column per category seen in training,
    ``category_reasons`` giving some categories their own code), ``none`` (rules only).
    """

    name: str
    kind: SignalKind
    reason: str
    description: str
    encoding: Encoding = "value"
    category_reasons: Mapping[str, str] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        """The CEL variable holding this signal (``price`` for ``price.ratio``)."""
        return self.name.split(".", 1)[0]

    @property
    def field(self) -> str:
        """The field of the CEL variable (``ratio`` for ``price.ratio``)."""
        return self.name.split(".", 1)[1]


_s = Signal


SIGNALS: tuple[Signal, ...] = (
    # text detector
    _s("text.brand_id", "string", "text.brand_mark", "catalog brand named", "presence"),
    _s("text.mark_kind", "string", "text.brand_mark", "exact, alias, abbreviation, obfuscated,"
       " reference (a product's SKU), fuzzy or none", "onehot",
       {"fuzzy": "text.fuzzy_mark", "obfuscated": "text.obfuscated_mark"}),
    _s("text.mark_in", "string", "text.brand_mark", "where the mark is: title or description",
       "onehot", {"description": "text.mark_in_description"}),
    _s("text.obfuscated", "bool", "text.obfuscated_mark", "the mark is disguised"),
    _s("text.cue_count", "int", "text.counterfeit_cue", "counterfeit cues (replica, 1:1, 高仿)"),
    _s("text.cue_source", "string", "text.counterfeit_cue", "whose alliance intel the cue was",
       "none"),
    _s("text.legit_mention", "bool", "text.legit_mention", "compatible with / for / fits"),
    _s("text.condition_used", "bool", "text.used_condition", "used, pre-owned or damaged"),
    _s("text.provenance", "bool", "text.provenance", "proof of authenticity offered"),
    _s("text.brand_count", "int", "text.brand_mark", "distinct brands named"),
    # price detector
    _s("price.usd", "double", "price.below_msrp", "listing price in USD", "none"),
    _s("price.ref_msrp_usd", "double", "price.below_msrp", "reference MSRP in USD", "none"),
    _s("price.ref_kind", "string", "price.below_msrp", "MSRP of: product, category, brand, none",
       "onehot"),
    _s("price.sku", "string", "price.below_msrp", "the matched product", "none"),
    _s("price.ratio", "double", "price.below_msrp", "price in USD / MSRP in USD"),
    _s("price.log2_below", "double", "price.below_msrp", "halvings below MSRP"),
    _s("price.currency_known", "bool", "price.unknown_currency", "the currency has a rate"),
    _s("price.outlier_score", "double", "price.outlier", "robust outlier score (planned)"),
    # image detector
    _s("image.ref_brand_id", "string", "image.reference_reuse", "brand of the nearest reference"
       " photo", "presence"),
    _s("image.ref_sku", "string", "image.reference_reuse", "its product", "none"),
    _s("image.ref_distance", "int", "image.reference_reuse", "Hamming distance to it"),
    _s("image.reference_reuse", "bool", "image.reference_reuse", "brand photo reused by a seller"
       " the brand has not authorized"),
    _s("image.known_fake", "bool", "image.known_fake", "photo matches the known-fake bank"),
    _s("image.known_fake_distance", "int", "image.known_fake", "Hamming distance to that fake"),
    _s("image.known_fake_source", "string", "image.known_fake", "where the fake came from",
       "none"),
    _s("image.photo_count", "int", "image.reference_reuse", "photos of the listing", "none"),
    # seller detector
    _s("seller.authorized", "bool", "seller.unauthorized", "authorized for the listing's brand"),
    _s("seller.known", "bool", "seller.new_account", "the seller is in the sellers file", "none"),
    _s("seller.account_age_days", "double", "seller.new_account", "days since registration"),
    _s("seller.strikes", "int", "seller.prior_strikes", "past strikes"),
    _s("seller.network_id", "string", "seller.network_risk", "the seller's network", "none"),
    _s("seller.network_size", "int", "seller.network_risk", "accounts in that network"),
    _s("seller.network_risk", "double", "seller.network_risk", "risk of that network"),
    # serial codes (planned)
    _s("serial.cloned", "bool", "serial.cloned_code", "a serial code seen in too many places"),
    # the policy's own learned model, for rules that weigh it (null when there is none)
    _s(MODEL_PROBABILITY, "double", "model.probability", "calibrated counterfeit probability",
       "none"),
)  # fmt: skip

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


NEVER_CITED = pl.lit(False)

REASON_EVIDENCE: Mapping[str, pl.Expr] = {
    "text.brand_mark": pl.col("text.brand_id").is_not_null(),
    "text.fuzzy_mark": pl.col("text.mark_kind") == "fuzzy",
    "text.obfuscated_mark": pl.col("text.obfuscated") | (pl.col("text.mark_kind") == "obfuscated"),
    "text.mark_in_description": pl.col("text.mark_in") == "description",
    "text.counterfeit_cue": pl.col("text.cue_count") > 0,
    "text.legit_mention": NEVER_CITED,
    "text.used_condition": NEVER_CITED,
    "text.provenance": NEVER_CITED,
    "price.below_msrp": pl.col("price.ratio") < 1.0,
    "price.unknown_currency": ~pl.col("price.currency_known"),
    "image.reference_reuse": pl.col("image.ref_brand_id").is_not_null(),
    "image.known_fake": pl.col("image.known_fake_distance").is_not_null(),
    "seller.unauthorized": ~pl.col("seller.authorized"),
    "seller.new_account": pl.col("seller.account_age_days") < NEW_ACCOUNT_DAYS,
    "seller.prior_strikes": pl.col("seller.strikes") > 0,
    "seller.network_risk": pl.col("seller.network_size") >= 2,
    "serial.cloned_code": pl.col("serial.cloned"),
}
"""When the learned model may cite a reason code for a listing: the evidence the code names is
there. A model also leans on absences ("not described as used", "an old account"), but a reason
says what the listing shows: "seller.new_account" for a ten-year-old account would mislead a
reviewer. Genuine-side codes (legit mention, used, provenance) are never a reason to flag."""


def reason_evidence(conformed: pl.DataFrame, codes: tuple[str, ...]) -> np.ndarray:
    """(codes x listings) true where the model may cite the code: its evidence is present
    (codes without an entry in :data:`REASON_EVIDENCE` always may)."""
    always = pl.lit(True)
    present = conformed.select(
        (REASON_EVIDENCE.get(code, always)).fill_null(False).alias(f"c{i}")
        for i, code in enumerate(codes)
    )
    return present.to_numpy().T.astype(bool, copy=False)
