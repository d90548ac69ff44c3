"""An alliance in one store: the operator, three brands (A, B, C) and a seller organization; and a
small simulated marketplace for the intel that reaches the scan and the networks."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
from tests.alliance.members import SECRET, Alliance

from truemark.cli import main
from truemark.config import get_settings
from truemark.simulate import SimulationSummary, simulate_marketplace
from truemark.store import OrganizationKind, Store


@pytest.fixture
def members(store: Store) -> Alliance:
    with store.unit_of_work() as work:
        ids = {
            "operator": work.organizations.get_or_create(
                "Operator", OrganizationKind.OPERATOR, "operator"
            ).id,
            "seller-x": work.organizations.get_or_create(
                "Seller X", OrganizationKind.SELLER, "seller-x"
            ).id,
        }
        for slug in ("brand-a", "brand-b", "brand-c"):
            ids[slug] = work.organizations.get_or_create(slug, OrganizationKind.BRAND, slug).id
    return Alliance(store, ids)


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    migrated_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    """``truemark ARGS`` on the test database: (exit code, stdout, stderr), whitespace folded."""
    monkeypatch.setenv("TRUEMARK_DATABASE_URL", migrated_database_url)
    monkeypatch.setenv("TRUEMARK_SECRET_KEY", SECRET)
    get_settings.cache_clear()

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["truemark", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        captured = capsys.readouterr()
        code = exit_info.value.code
        out, err = (" ".join(text.split()) for text in (captured.out, captured.err))
        return (code if isinstance(code, int) else 0 if code is None else 1), out, err

    yield invoke
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def intel_market(tmp_path_factory: pytest.TempPathFactory) -> SimulationSummary:
    """A simulated marketplace (catalog, listings, sellers with rackets), without photos."""
    return simulate_marketplace(tmp_path_factory.mktemp("intel-market"), 300, seed=7, images=0)
