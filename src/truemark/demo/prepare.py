"""The demo, step by step; every step is skipped when its output is already there."""

from __future__ import annotations

import json
from pathlib import Path

from truemark.config import get_settings
from truemark.demo.accounts import DEMO_LOGINS, DemoLogin, ensure_demo_accounts
from truemark.terminal import console, progress_bar

__all__ = ["DEMO_LOGINS", "prepare_demo"]


def _step(text: str) -> None:
    console.print(f"[bold cyan]›[/bold cyan] {text}")


def prepare_demo(directory: Path, *, listings: int, seed: int) -> list[DemoLogin]:
    """Migrate, simulate, scan, link sellers, evaluate, load everything; return the logins."""
    from truemark.store.migrate import upgrade

    settings = get_settings()
    _step("Migrating the database")
    upgrade(settings.database_url)
    fresh = _simulate(directory, listings=listings, seed=seed)
    results = _scan(directory, fresh)
    networks = _networks(directory, results, fresh)
    _evaluate(directory, results, networks, fresh, seed)
    logins = _load(directory, results, networks)
    console.print("\n[bold]Demo logins[/bold] (password after the slash):")
    for login in logins:
        console.print(
            f"  {login.email} / {login.password}   ({login.organization}, {login.role.value})",
            soft_wrap=True,
        )
    return logins


def _simulate(directory: Path, *, listings: int, seed: int) -> bool:
    """Simulate the marketplace unless the same one is there; True when made afresh."""
    from truemark.simulate import simulate_marketplace

    marker = directory / "demo.json"
    wanted = {"listings": listings, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        _step(f"Demo marketplace already in {directory}/")
        return False
    _step(f"Simulating a marketplace of {listings:,} listings in {directory}/")
    with progress_bar("simulating", total=listings, unit="listings") as advance:
        simulate_marketplace(directory, listings=listings, seed=seed, images=200, on_rows=advance)
    marker.write_text(json.dumps(wanted))
    return True


def _scan(directory: Path, fresh: bool) -> Path:
    from truemark.scan.engine import ScanSpec
    from truemark.scan.runner import run_scan

    out = directory / "results.parquet"
    if out.exists() and not fresh:
        return out
    _step("Scanning every listing")
    spec = ScanSpec(
        catalog=directory / "catalog.yaml",
        sellers=directory / "sellers.parquet",
        known_fakes=directory / "known_fakes.csv",
    )
    with progress_bar("scanning", total=None, unit="listings") as advance:
        summary = run_scan(spec, directory / "listings.parquet", out, workers=2, on_rows=advance)
    console.print(f"  {dict(summary.verdicts)}")
    return out


def _networks(directory: Path, results: Path, fresh: bool) -> Path:
    from truemark.networks.files import load_listings, load_results, load_sellers, write_findings
    from truemark.networks.pipeline import NetworkOptions, find_networks, reference_photos

    out = directory / "networks.parquet"
    if out.exists() and not fresh:
        return out
    _step("Linking seller accounts into networks")
    options = NetworkOptions(reference_photos=reference_photos(directory / "catalog.yaml"))
    findings = find_networks(
        load_sellers(directory / "sellers.parquet", out),
        load_listings(directory / "listings.parquet", out),
        load_results(results),
        options,
    )
    write_findings(findings, out)
    console.print(f"  {findings.networks:,} networks of two or more accounts")
    return out


def _evaluate(directory: Path, results: Path, networks: Path, fresh: bool, seed: int) -> None:
    """The evaluation report, where the console's evaluation page finds it (data_dir)."""
    from truemark.evaluate import evaluate, write_report

    report = get_settings().data_dir / "evaluation" / f"simulator-seed-{seed}"
    if report.exists() and not fresh:
        return
    _step("Measuring the scan against the simulator's labels")
    evaluation = evaluate(
        directory / "labels.csv",
        results,
        tactics=directory / "tactics.csv",
        networks=networks,
        truth=directory / "networks_truth.csv",
    )
    write_report(evaluation, report)


def _load(directory: Path, results: Path, networks: Path) -> list[DemoLogin]:
    """Catalog, sellers, networks and cases into the database; the demo accounts."""
    from truemark.cases.access import Principal
    from truemark.cases.importing import import_results
    from truemark.cases.jobs import read_scan_files
    from truemark.cases.networks import import_networks, read_network_files
    from truemark.enforce.config import configured
    from truemark.store import Store
    from truemark.store.service import import_catalog_file, import_sellers_file
    from truemark.store.types import utc_now

    url = get_settings().database_url
    _step("Importing the brand catalog and the sellers")
    import_catalog_file(directory / "catalog.yaml", url)
    import_sellers_file(directory / "sellers.parquet", url)
    _step("Importing networks and opening cases")
    frame, listing_frame = read_scan_files(results, directory / "listings.parquet")
    members, links = read_network_files(networks)
    store = Store.from_url(url)
    try:
        with store.unit_of_work() as work:
            principal = Principal.system("demo")
            import_networks(work, principal, members, links)
            report = import_results(work, principal, frame, listing_frame, configured(), utc_now())
            logins = ensure_demo_accounts(work, principal)
    finally:
        store.close()
    console.print(f"  {report.opened:,} new cases, {report.taken_down:,} taken down by policy")
    return logins
