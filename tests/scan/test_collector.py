"""The collector while a scan starts: paused, the survivors frozen, then as it was."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from truemark.scan import dask_pieces, pool
from truemark.scan.collector import long_lived
from truemark.scan.engine import ScanSpec


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_objects_made_inside_are_frozen_and_the_collector_runs_again() -> None:
    gc.enable()
    gc.unfreeze()
    with long_lived():
        assert not gc.isenabled()
        kept = [{"object": number} for number in range(1_000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled()


def test_the_collector_runs_again_after_an_error_inside() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), long_lived():
        raise RuntimeError("engine build failed")
    assert gc.isenabled()


class _OneEngine:
    """The engine queue as a worker sees it: one pickled engine."""

    def get(self) -> bytes:
        return pickle.dumps({"engine": [list(range(10)) for _ in range(100)]})


def test_a_worker_collects_again_once_it_has_its_engine() -> None:
    gc.enable()
    gc.unfreeze()
    pool._receive_engine(_OneEngine())  # type: ignore[arg-type]
    assert pool._worker_engine == {"engine": [list(range(10)) for _ in range(100)]}
    assert gc.isenabled()
    assert gc.get_freeze_count() > 100  # the engine's lists, frozen
    pool._worker_engine = None


def test_a_dask_worker_freezes_the_engine_it_builds(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "version: 1\nbrands:\n  - {id: acme, name: Acme, owner: Acme, products: []}\n",
        encoding="utf-8",
    )
    gc.enable()
    gc.unfreeze()
    dask_pieces._engines.__dict__.clear()
    engine = dask_pieces.engine_for(ScanSpec(catalog=catalog))
    assert gc.isenabled()
    assert gc.get_freeze_count() > 1_000  # the engine's detectors and tables, frozen
    assert dask_pieces.engine_for(ScanSpec(catalog=catalog)) is engine  # built once
    dask_pieces._engines.__dict__.clear()
