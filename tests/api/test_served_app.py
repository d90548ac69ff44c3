"""The app as `truemark serve` runs it: what it was built with is kept out of full collections."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from fastapi.testclient import TestClient

from truemark.config import get_settings
from truemark.server import FreezeWhenWarm, create_served_app


@pytest.fixture
def served_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TRUEMARK_DATABASE_URL", f"sqlite:///{tmp_path / 'served.db'}")
    monkeypatch.setenv("TRUEMARK_DEMO", "1")
    get_settings.cache_clear()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access").disabled
    yield
    gc.unfreeze()
    get_settings.cache_clear()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = access
    structlog.reset_defaults()


@pytest.mark.usefixtures("served_settings")
def test_the_built_app_is_frozen_out_of_the_collector_and_serves() -> None:
    app = create_served_app()
    assert gc.get_freeze_count() > 10_000  # modules, routes, models
    assert len(gc.get_objects(generation=2)) < gc.get_freeze_count()
    assert TestClient(app).get("/healthz").json()["status"] == "ok"


@pytest.mark.usefixtures("served_settings")
def test_what_the_first_requests_build_is_frozen_once_warm() -> None:
    served = create_served_app()
    assert isinstance(served, FreezeWhenWarm)
    served.remaining = 3
    client = TestClient(served)
    for _ in range(2):
        assert client.get("/healthz").status_code == 200
    built_by_requests = len(gc.get_objects())
    frozen_before = gc.get_freeze_count()

    assert client.get("/healthz").status_code == 200  # the third request: frozen as it starts

    assert served.remaining == 0
    assert gc.get_freeze_count() - frozen_before > built_by_requests // 2
    assert client.get("/healthz").json()["status"] == "ok"
