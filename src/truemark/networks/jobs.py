"""One run of ``truemark networks`` from files to files, and what it found, whatever the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class NetworkJob:
    """The files of one run: the inputs, the networks file to write, and alliance intel."""

    sellers: Path
    out: Path
    listings: Path | None = None
    results: Path | None = None
    catalog: Path | None = None
    infringers: Path | None = None
    alliance_key: bytes = b""
    indicators: Path | None = None
    test_buys: Path | None = None


@dataclass
class NetworkTally:
    """Totals over the networks file, counted as its rows are written."""

    sellers: int = 0
    networked_sellers: int = 0
    networks: set[str] = field(default_factory=set)
    intel_named_sellers: int = 0
    intel_networks: set[str] = field(default_factory=set)

    def add(self, members: pl.DataFrame) -> None:
        """Count a batch of rows of the networks file."""
        self.sellers += members.height
        networked = members.filter(pl.col("network_size") > 1)
        self.networked_sellers += networked.height
        self.networks.update(networked["network_id"].unique().to_list())
        named = members.filter(pl.col("network_intel").list.len() > 0)
        self.intel_named_sellers += named.height
        self.intel_networks.update(named["network_id"].unique().to_list())


@dataclass(frozen=True)
class NetworkSummary:
    """What a run wrote and found; ``intel_sellers`` is None when no intel was given."""

    members_path: Path
    links_path: Path
    tally: NetworkTally
    links: int
    common: pl.DataFrame
    intel_sellers: int | None = None
