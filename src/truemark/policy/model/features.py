"""Signals to a numeric feature matrix for LightGBM, and each feature back to its signal.

Numbers and flags are used as they are (null stays missing: LightGBM learns where it goes);
catalog-specific identifiers count only as present or absent, so a model trained on one
catalog works on another; small categorical signals are one-hot over the training vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from truemark.policy.signals import SIGNAL_BY_NAME, SIGNALS

_MAX_CATEGORIES = 20
_MIN_CATEGORY_COUNT = 5


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which features a model reads, in order, with the one-hot vocabularies learned in training."""

    names: tuple[str, ...]
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def signal_of(self, feature: str) -> str:
        """The signal a feature is computed from (``text.mark_kind=alias`` → ``text.mark_kind``)."""
        return signal_of(feature)

    def expressions(self) -> list[pl.Expr]:
        """One Float64 polars expression per feature, over a conformed signal frame."""
        columns: list[pl.Expr] = []
        for name in self.names:
            signal = self.signal_of(name)
            if name.endswith(":present"):
                column = pl.col(signal).is_not_null()
            elif "=" in name:
                column = (pl.col(signal) == name.split("=", 1)[1]).fill_null(False)
            else:
                column = pl.col(signal)
            columns.append(column.cast(pl.Float64).alias(name))
        return columns

    def matrix(self, signals: pl.DataFrame) -> np.ndarray:
        """The (listings x features) float64 matrix; NaN where a signal is missing.

        Column-major, as polars holds the columns: one copy instead of two, and LightGBM
        reads either layout (its leaves are the same; a batch predicts ~8 % faster)."""
        if not self.names:
            return np.zeros((signals.height, 0), order="F")
        frame = signals.select(self.expressions())
        return np.asfortranarray(frame.to_numpy(order="fortran"), dtype=np.float64)


def fit_features(signals: pl.DataFrame) -> FeatureSpec:
    """The feature spec of a conformed training frame: every schema signal, one-hot vocabularies."""
    names: list[str] = []
    categories: dict[str, tuple[str, ...]] = {}
    for signal in SIGNALS:
        if signal.encoding == "none":
            continue
        if signal.encoding == "value":
            names.append(signal.name)
        elif signal.encoding == "presence":
            names.append(f"{signal.name}:present")
        else:
            counts = signals.get_column(signal.name).drop_nulls().value_counts(sort=True)
            frequent = counts.filter(pl.col("count") >= _MIN_CATEGORY_COUNT).head(_MAX_CATEGORIES)
            vocabulary = tuple(sorted(str(v) for v in frequent.get_column(signal.name)))
            categories[signal.name] = vocabulary
            names += [f"{signal.name}={value}" for value in vocabulary]
    return FeatureSpec(tuple(names), categories)


def signal_of(feature: str) -> str:
    """The signal a feature name is made from (``text.brand_id:present`` → ``text.brand_id``)."""
    return feature.split("=", 1)[0].removesuffix(":present")


def feature_reason(feature: str, overrides: Mapping[str, str]) -> str:
    """The reason code a feature backs: an override (by feature, then signal), else the schema's."""
    signal = signal_of(feature)
    if feature in overrides or signal in overrides:
        return overrides.get(feature) or overrides[signal]
    category = feature.split("=", 1)[1] if "=" in feature else None
    schema = SIGNAL_BY_NAME[signal]
    return schema.category_reasons.get(category, schema.reason) if category else schema.reason
