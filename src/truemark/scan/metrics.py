"""A finished scan's totals as Prometheus metrics, for node_exporter's textfile collector.

A scan is a batch job that ends before any scrape: it leaves its figures in a ``.prom`` file
that node_exporter (``--collector.textfile.directory``) serves, written atomically.
"""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

from truemark.scan.summary import ScanSummary


def write_scan_metrics(summary: ScanSummary, path: Path, finished_at: float) -> None:
    """Write listings scanned by verdict, quarantined, duration and rate of ``summary``."""
    registry = CollectorRegistry()
    scanned = Gauge(
        "truemark_scan_listings",
        "Listings scored by the last scan, by verdict",
        ["verdict"],
        registry=registry,
    )
    for verdict in ("counterfeit", "suspect", "clear"):
        scanned.labels(verdict).set(summary.verdicts.get(verdict, 0))
    figures = {
        "truemark_scan_quarantined": ("Listings the last scan quarantined", summary.quarantined),
        "truemark_scan_seconds": ("Duration of the last scan", summary.seconds),
        "truemark_scan_listings_per_second": ("Throughput of the last scan", summary.rate),
        "truemark_scan_finished_timestamp_seconds": ("When the last scan ended", finished_at),
    }
    for name, (description, value) in figures.items():
        Gauge(name, description, registry=registry).set(value)
    write_to_textfile(str(path), registry)
