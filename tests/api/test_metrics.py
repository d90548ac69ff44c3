"""Operations: Prometheus /metrics, X-Request-ID, and JSON request logs carrying the request id."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.logs import configure_logging

from .conftest import Http


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_count_requests_by_route_template(http: Http) -> None:
    for _ in range(3):
        assert http.client.get("/healthz").status_code == 200
    http.client.get("/no/such/page")
    case_id = next(iter(http.cases().values()))
    http.client.get(f"/cases/{case_id}", headers=http.as_("operator"))
    response = http.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)
    ok = (("method", "GET"), ("route", "/healthz"), ("status", "200"))
    assert samples[("truemark_http_requests_total", ok)] == 3
    unmatched = (("method", "GET"), ("route", "unmatched"), ("status", "404"))
    assert samples[("truemark_http_requests_total", unmatched)] == 1
    by_template = (("method", "GET"), ("route", "/cases/{case_id}"), ("status", "200"))
    assert samples[("truemark_http_requests_total", by_template)] == 1
    count = samples[
        ("truemark_http_request_duration_seconds_count", (("method", "GET"), ("route", "/healthz")))
    ]
    assert count == 3


def test_metrics_report_listings_verdicts_and_queue_depth(http: Http) -> None:
    samples = _samples(http.client.get("/metrics").text)
    assert samples[("truemark_listings", ())] == 5
    cases = {labels: value for (name, labels), value in samples.items() if name == "truemark_cases"}
    by_verdict: dict[str, float] = {}
    for labels, value in cases.items():
        verdict = dict(labels)["verdict"]
        by_verdict[verdict] = by_verdict.get(verdict, 0) + value
    assert by_verdict == {"counterfeit": 1, "suspect": 4}
    queued = sum(value for labels, value in cases.items() if dict(labels)["status"] == "queued")
    assert samples[("truemark_review_queue_depth", ())] == queued >= 4


def test_metrics_answer_before_the_database_is_migrated(tmp_path: Path) -> None:
    client = TestClient(
        create_app(Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}", demo=True))
    )
    response = client.get("/metrics")
    assert response.status_code == 200
    names = {family.name for family in text_string_to_metric_families(response.text)}
    assert "truemark_http_requests" in names
    assert "truemark_cases" not in names


def test_request_id_is_kept_or_made(tmp_path: Path) -> None:
    client = TestClient(
        create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", demo=True))
    )
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"]
        == "abc-123"
    )
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    injected = client.get("/healthz", headers={"X-Request-ID": "a b\tc" + "x" * 200}).headers[
        "X-Request-ID"
    ]
    assert injected != "a b\tc" + "x" * 200
    assert len(injected) == 32


@pytest.fixture
def json_logs() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    access = logging.getLogger("uvicorn.access").disabled
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = access
    structlog.reset_defaults()


@pytest.mark.usefixtures("json_logs")
def test_requests_are_logged_as_json_with_their_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging()
    client = TestClient(
        create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", demo=True))
    )
    client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    request = next(line for line in lines if line["event"] == "request")
    assert request["request_id"] == "trace-42"
    assert request["route"] == "/healthz"
    assert request["status"] == 200
    assert request["level"] == "info"
    assert "timestamp" in request
