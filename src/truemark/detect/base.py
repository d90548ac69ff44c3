"""The detector plugin contract: a name, the columns it needs, signals(batch), reason codes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import polars as pl


@dataclass(frozen=True, slots=True)
class Reason:
    """A stable reason code (``price.below_msrp``) and the one line a reviewer reads about it."""

    code: str
    explanation: str


class Detector(Protocol):
    """A detector reads listing columns of a batch and returns signal columns, nothing else.

    Signal columns are named ``"<detector>.<signal>"``; the result has one row per input row,
    in the same order. Detectors are pure: no I/O, no writes, no global state.
    """

    @property
    def name(self) -> str:
        """The detector's name, the prefix of its signal columns."""
        ...

    @property
    def needs(self) -> Sequence[str]:
        """The listing (or earlier signal) columns it reads."""
        ...

    @property
    def reasons(self) -> Mapping[str, Reason]:
        """Its reason codes with their explanations."""
        ...

    def signals(self, batch: pl.DataFrame) -> pl.DataFrame:
        """Signal columns for every listing of the batch."""
        ...


def reason_table(*reasons: Reason) -> Mapping[str, Reason]:
    """Index reasons by code, refusing duplicates (codes are a public contract)."""
    table: dict[str, Reason] = {}
    for reason in reasons:
        if reason.code in table:
            raise ValueError(f"duplicate reason code {reason.code}")
        table[reason.code] = reason
    return table
