"""A small simulated marketplace for scan tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from truemark.simulate import SimulationSummary, simulate_marketplace


@pytest.fixture(scope="session")
def market(tmp_path_factory: pytest.TempPathFactory) -> SimulationSummary:
    return simulate_marketplace(tmp_path_factory.mktemp("scan-market"), 3000, seed=5, images=30)


@pytest.fixture(scope="session")
def market_dir(market: SimulationSummary) -> Path:
    return market.out_dir
