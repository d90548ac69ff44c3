"""Schemathesis over the whole OpenAPI document, in process, on a migrated SQLite database.

Every operation gets a bounded number of generated requests, sent with an operator admin's API
key: no answer may be a server error, and every answer must match the documented status codes
and response schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from prometheus_client.parser import text_string_to_metric_families
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)
from tests.brands import gucci_and_dior

from truemark.api.app import create_app
from truemark.config import Settings
from truemark.store import OrganizationKind, Role, Store, make_engine, upgrade

from .conftest import SCAN

EXAMPLES_PER_OPERATION = 6
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, dict[str, str]]:
    """The app on a migrated database holding two brands, cases, and an operator admin key."""
    from tests.conftest import FAST_PASSWORD_HASHER

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    upgrade(url)
    store = Store(make_engine(url), password_hasher=FAST_PASSWORD_HASHER)
    app = create_app(Settings(database_url=url, demo=True), store=store)
    catalog = gucci_and_dior()
    with store.unit_of_work() as work:
        work.catalog.import_catalog(catalog)
        operator = work.organizations.get_or_create("Marketplace", OrganizationKind.OPERATOR)
        secret = work.api_keys.issue(operator.id, "fuzzer", Role.ADMIN).secret
    headers = {"Authorization": f"Bearer {secret}"}
    imported = TestClient(app).post("/cases/import", json=SCAN, headers=headers)
    assert imported.status_code == 201, imported.text
    return app, headers


@pytest.fixture(scope="module")
def api_schema(fuzzed: tuple[FastAPI, dict[str, str]]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed[0])


def _fuzz(operation: schemathesis.APIOperation, headers: dict[str, str]) -> str | None:
    """Run the operation's generated requests; the first failure found, described, or None."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def requests_answer_within_contract(case: schemathesis.Case) -> None:
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (schemathesis.errors.SchemathesisError, BaseExceptionGroup, AssertionError):
            raise
        except Exception as error:  # raised by the app: a 500 in production
            curl = case.as_curl_command({"Authorization": "[key]"})
            raise AssertionError(
                f"server error {type(error).__name__}: {error}\n  {curl}"
            ) from error

    try:
        requests_answer_within_contract()
    except (Exception, BaseExceptionGroup) as failure:  # every failure, with its operation
        return f"{operation.label}: {failure}"
    return None


def test_every_operation_answers_within_its_contract(
    api_schema: schemathesis.BaseSchema, fuzzed: tuple[FastAPI, dict[str, str]]
) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    operations.sort(key=lambda operation: operation.method.upper() == "DELETE")  # keys revoked last
    assert len(operations) > 40
    failures = [f for f in (_fuzz(op, fuzzed[1]) for op in operations) if f is not None]
    assert not failures, "\n\n".join(failures)
    answered = TestClient(fuzzed[0]).get("/metrics").text
    sent = sum(
        sample.value
        for family in text_string_to_metric_families(answered)
        for sample in family.samples
        if sample.name == "truemark_http_requests_total"
    )
    assert sent >= 3 * len(operations)  # the app really answered the generated requests


def test_the_document_covers_the_operations(api_schema: schemathesis.BaseSchema) -> None:
    paths = set(api_schema.raw_schema["paths"])
    assert {"/healthz", "/readyz", "/metrics", "/cases", "/api/serial/verify"} <= paths


def test_found_by_fuzzing_out_of_range_integers_are_invalid_not_a_crash(
    migrated_database_url: str,
) -> None:
    store = Store(make_engine(migrated_database_url))
    with store.unit_of_work() as work:
        operator = work.organizations.get_or_create("Marketplace", OrganizationKind.OPERATOR)
        secret = work.api_keys.issue(operator.id, "regression", Role.ADMIN).secret
    app = create_app(Settings(database_url=migrated_database_url, demo=True), store=store)
    client = TestClient(app, raise_server_exceptions=False)
    listing = {"listing_id": "l-x", "seller_id": "s-x", "title": "t", "quantity_sold": 10**24}
    result = {"listing_id": "l-x", "brand_id": None, "risk": 0.5, "verdict": "clear"}
    for body in (
        {"listings": [listing], "results": []},
        {"listings": [], "results": [{**result, "signals": {"n": 10**30}}]},
    ):
        answer = client.post(
            "/cases/import", json=body, headers={"Authorization": f"Bearer {secret}"}
        )
        assert answer.status_code == 422, body
