"""Shadow mode: a candidate policy decides beside the live one; its verdicts are only recorded.

The shadow re-decides from the ``signals`` column the live scan already wrote (no detector runs
twice) and adds ``shadow_risk``, ``shadow_verdict`` and ``shadow_reasons`` to the results (extra
columns are allowed by spec §4). Nothing downstream reads them: case import, notices and strikes
act on ``verdict`` alone.
"""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from truemark.policy.engine import Policy
from truemark.policy.model.dataset import flatten_signals

SHADOW_FIELDS = (
    pa.field("shadow_risk", pa.float64()),
    pa.field("shadow_verdict", pa.string()),
    pa.field("shadow_reasons", pa.list_(pa.string())),
)


def shadow_schema(schema: pa.Schema) -> pa.Schema:
    """The results schema with the shadow columns after the live ones."""
    for shadow_field in SHADOW_FIELDS:
        schema = schema.append(shadow_field)
    return schema


def decide_from_results(policy: Policy, results: pl.DataFrame) -> pl.DataFrame:
    """``risk``, ``verdict``, ``reasons``, ``policy_version`` re-decided from stored signals."""
    if results.height == 0:
        return policy.decide(pl.DataFrame())
    return policy.decide(flatten_signals(results.get_column("signals")))


def with_shadow(policy: Policy, results: pa.Table) -> pa.Table:
    """``results`` (spec §4) plus the shadow policy's risk, verdict and reasons per row."""
    frame = pl.from_arrow(results)
    assert isinstance(frame, pl.DataFrame)
    decision = decide_from_results(policy, frame)
    shadow = pl.DataFrame(
        [
            decision["risk"].alias("shadow_risk"),
            decision["verdict"].cast(pl.String).alias("shadow_verdict"),
            decision["reasons"].cast(pl.List(pl.String)).alias("shadow_reasons"),
        ]
    )
    table = results
    for name in shadow.columns:
        table = table.append_column(name, shadow.get_column(name).to_arrow())
    return table.cast(shadow_schema(results.schema))


def compare_verdicts(results: pl.DataFrame) -> pl.DataFrame:
    """Listings per (live ``verdict``, ``shadow_verdict``) pair, most frequent first."""
    return (
        results.group_by("verdict", "shadow_verdict")
        .len("listings")
        .sort(["listings", "verdict", "shadow_verdict"], descending=[True, False, False])
    )
