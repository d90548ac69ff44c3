"""Prometheus metrics: request counts and latencies, and the store's listings, verdicts and queue.

Each app has its own registry (so tests can build many apps); the store's counts are read at
scrape time, at most every few seconds, and left out while the tables do not exist.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from truemark.store import Store
from truemark.store.gauges import StoreCounts, store_counts

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STORE_CACHE_SECONDS = 5.0

router = APIRouter(tags=["health"])


class StoreCollector(Collector):
    """Gauges of what the store holds: listings, cases by verdict and status, queue depth."""

    def __init__(self, counts: Callable[[], StoreCounts | None]) -> None:
        self._counts = counts
        self._cached: tuple[float, StoreCounts | None] = (float("-inf"), None)

    def _read(self) -> StoreCounts | None:
        read_at, counts = self._cached
        if time.monotonic() - read_at > STORE_CACHE_SECONDS:
            counts = self._counts()
            self._cached = (time.monotonic(), counts)
        return counts

    def collect(self) -> Iterator[Metric]:
        counts = self._read()
        if counts is None:
            return
        yield GaugeMetricFamily("truemark_listings", "Listings stored", value=counts.listings)
        cases = GaugeMetricFamily(
            "truemark_cases", "Cases by scan verdict and status", labels=["verdict", "status"]
        )
        for (verdict, status), count in sorted(counts.cases.items()):
            cases.add_metric([verdict, status], count)
        yield cases
        queued = sum(n for (_, status), n in counts.cases.items() if status == "queued")
        yield GaugeMetricFamily(
            "truemark_review_queue_depth", "Cases waiting for a reviewer", value=queued
        )


class Metrics:
    """The metrics of one app."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "truemark_http_requests",
            "HTTP requests answered",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "truemark_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "truemark_http_requests_in_flight", "Requests being answered", registry=self.registry
        )

    def watch_store(self, counts: Callable[[], StoreCounts | None]) -> None:
        """Add the store's gauges, read through ``counts``."""
        self.registry.register(StoreCollector(counts))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


def install_metrics(app: FastAPI) -> Metrics:
    """Give the app its metrics; the store's gauges read the app's store (opened on first use)."""
    metrics = Metrics()

    def counts() -> StoreCounts | None:
        store: Store | None = getattr(app.state, "store", None)
        if store is None:
            store = app.state.store = Store.from_url(app.state.settings.database_url)
        return store_counts(store.engine)

    metrics.watch_store(counts)
    app.state.metrics = metrics
    return metrics


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def prometheus_metrics(request: Request) -> Response:
    """Metrics in the Prometheus text format."""
    metrics: Metrics = request.app.state.metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
