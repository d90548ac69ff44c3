"""Combine rule firings and the model's probability into risk, verdict and ordered reasons.

Risk starts at ``weight x model probability`` (0 without a model); ``add_risk`` effects are
added, then the highest ``risk_at_least`` floor and the lowest ``risk_at_most`` cap apply, in
that order, and the result is clipped to [0, 1]. Thresholds give the verdict; the first firing
``verdict`` rule in file order overrides it. Every step is a whole-array numpy operation but
the ordering of each listing's reasons (:mod:`truemark.policy.reason_order`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
import pyarrow as pa

from truemark.policy.reason_order import ordered_codes
from truemark.policy.spec import RuleSpec

VERDICT_CODES = ("clear", "suspect", "counterfeit")


def combined_risk(base: np.ndarray, fired: np.ndarray, rules: Sequence[RuleSpec]) -> np.ndarray:
    """Risk per listing from the base risk and the (listings x rules) firing matrix."""
    risk = base.astype(np.float64, copy=True)
    floor = np.zeros_like(risk)
    cap = np.ones_like(risk)
    for index, rule in enumerate(rules):
        effect, hit = rule.effect, fired[:, index]
        if effect.kind == "add_risk":
            risk += np.where(hit, float(effect.value), 0.0)
        elif effect.kind == "risk_at_least":
            np.maximum(floor, np.where(hit, float(effect.value), 0.0), out=floor)
        elif effect.kind == "risk_at_most":
            np.minimum(cap, np.where(hit, float(effect.value), 1.0), out=cap)
    risk = np.minimum(np.maximum(np.clip(risk, 0.0, 1.0), floor), cap)
    return np.asarray(risk, dtype=np.float64)


def verdict_codes(
    risk: np.ndarray,
    fired: np.ndarray,
    rules: Sequence[RuleSpec],
    counterfeit: float,
    suspect: float,
) -> np.ndarray:
    """0 clear, 1 suspect, 2 counterfeit: thresholds first, then forced verdicts."""
    codes = (risk >= suspect).astype(np.int8) + (risk >= counterfeit).astype(np.int8)
    forced = [(i, rule) for i, rule in enumerate(rules) if rule.effect.kind == "verdict"]
    for index, rule in reversed(forced):  # the earliest rule in the file is applied last: it wins
        code = VERDICT_CODES.index(str(rule.effect.value))
        codes = np.where(fired[:, index], np.int8(code), codes)
    return codes


def verdict_column(codes: np.ndarray) -> pl.Series:
    """Verdict names from their codes."""
    code = pl.Series("code", codes, dtype=pl.Int8)
    names = pl.Series(VERDICT_CODES)
    return names.gather(code.cast(pl.UInt32)).alias("verdict")


def rule_strengths(
    fired: np.ndarray, rules: Sequence[RuleSpec], codes: Sequence[str]
) -> np.ndarray:
    """(reason codes x listings) strength of the firing rules, the strongest rule per code."""
    strengths = np.zeros((len(codes), fired.shape[0]))
    for index, rule in enumerate(rules):
        row = strengths[codes.index(rule.reason)]
        np.maximum(row, np.where(fired[:, index], rule.effect.strength, 0.0), out=row)
    return strengths


def reason_lists(strengths: np.ndarray, codes: Sequence[str]) -> pl.Series:
    """Per listing, the codes with positive strength, strongest first (ties: declared order).

    ``strengths`` is (codes x listings); strengths above 1 count as 1
    (:func:`~truemark.policy.reason_order.ordered_codes`).
    """
    offsets, code = ordered_codes(np.asarray(strengths, dtype=np.float64))
    names = pl.Series(list(codes) if strengths.shape[0] else [], dtype=pl.String)
    values = names.gather(pl.Series(code, dtype=pl.UInt32)).to_arrow()
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), values)
    return pl.Series("reasons", lists, dtype=pl.List(pl.String))
