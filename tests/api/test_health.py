"""Health, readiness and the health page, on a migrated and on an empty database."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.store.migrate import upgrade


def _client(database_url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=database_url, demo=True)))


def test_liveness_always_answers(tmp_path: Path) -> None:
    response = _client(f"sqlite:///{tmp_path / 'x.db'}").get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_ready_only_when_migrated(database_url: str) -> None:
    client = _client(database_url)
    before = client.get("/readyz")
    assert before.status_code == 503
    assert before.json()["revision"] is None
    upgrade(database_url)
    after = client.get("/readyz")
    assert after.status_code == 200
    assert after.json()["revision"] == after.json()["head"]


def test_health_page_tells_a_person(database_url: str) -> None:
    upgrade(database_url)
    page = _client(database_url).get("/")
    assert page.status_code == 200
    assert "Ready" in page.text
    assert "<h1" in page.text


def test_unreachable_database_is_reported_not_raised() -> None:
    client = _client("postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reachable"] is False
