"""The learned model's reasons for a batch, added to the rules' in one pass (numba).

Each reason code's share of ``weight x probability`` is what its features pushed up: its
positive contribution (log-odds) over the listing's positive total, kept where it reaches the
policy's ``min_contribution`` and where the listing shows the code's evidence
(:func:`~truemark.policy.signals.reason_evidence`), and where it is stronger than the rules' own
strength for the code. As whole-array numpy steps this made six (listings x codes) arrays a
batch, each written and read once: 17.5 ms of a 65,536-listing batch's ~500; the pass writes
none. The totals are still summed by numpy (its pairwise order), so that every value is the
same (a zero's sign aside: only a strength above zero names a reason).
"""

from __future__ import annotations

import numba as nb
import numpy as np


def add_model_strengths(
    strengths: np.ndarray,
    rows: np.ndarray,
    contributions: np.ndarray,
    scale: np.ndarray,
    floor: float,
    evidence: np.ndarray,
) -> None:
    """Raise ``strengths`` (codes x listings, in place) at the listings ``rows`` to the model's.

    ``contributions`` is (len(rows) x codes) in log-odds, ``scale`` the weight x probability of
    each of ``rows``, ``evidence`` (codes x listings) where a code may be cited. Negative
    contributions (evidence of a genuine listing) give no reason; shares below ``floor`` are
    dropped."""
    if rows.size == 0:
        return
    total = np.maximum(contributions, 0.0).sum(axis=1)
    evidence = np.broadcast_to(evidence, strengths.shape)  # a frame of constants is one row
    _raise(strengths, rows.astype(np.int64), contributions, total, scale, float(floor), evidence)


@nb.njit(cache=True)
def _raise(
    strengths: np.ndarray,
    rows: np.ndarray,
    contributions: np.ndarray,
    total: np.ndarray,
    scale: np.ndarray,
    floor: float,
    evidence: np.ndarray,
) -> None:
    """The pass: each value as numpy's ``maximum``, ``divide`` (where total > 0) and ``where``
    compute it (a NaN kept by maximum, a NaN share dropped by the floor)."""
    for index in range(rows.shape[0]):
        listing = rows[index]
        for code in range(strengths.shape[0]):
            share = 0.0
            if total[index] > 0.0:
                contribution = contributions[index, code]
                positive = (
                    contribution if contribution >= 0.0 or contribution != contribution else 0.0
                )
                share = positive / total[index]
            value = share * scale[index]
            if not value >= floor or not evidence[code, listing]:
                value = 0.0
            old = strengths[code, listing]
            if not (old >= value or old != old):
                strengths[code, listing] = value
