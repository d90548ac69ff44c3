"""The collector while a scan starts: paused, the survivors frozen, then as it was."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator

import pytest

from truemark.scan import pool
from truemark.scan.collector import long_lived


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
