"""The ``truemark`` command line: one command per job, nothing but argument handling."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truemark import __version__
from truemark.cli_enforcement import register as register_enforcement
from truemark.cli_evidence import audit_app, evidence_app
from truemark.cli_intel import intel_app
from truemark.cli_intel_remote import register as register_intel_remote
from truemark.cli_intel_trust import register as register_intel_trust
from truemark.cli_policy_lifecycle import register as register_lifecycle
from truemark.cli_referrals import referrals_app, testbuys_app
from truemark.cli_serial import serial_app
from truemark.errors import Interrupted, TruemarkError, ValidationError
from truemark.terminal import console, err_console, print_problems

app = typer.Typer(
    name="truemark",
    help="Find counterfeit listings and the rackets behind them; act on them; prove it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="The database: migrations.", no_args_is_help=True)
catalog_app = typer.Typer(help="Brand catalogs: validate and import.", no_args_is_help=True)
sellers_app = typer.Typer(help="Seller accounts: import.", no_args_is_help=True)
validate_app = typer.Typer(help="Validate input files without importing.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")
app.add_typer(sellers_app, name="sellers")
app.add_typer(validate_app, name="validate")
policy_app = typer.Typer(help="Policies: CEL rules and a learned model.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
register_lifecycle(app, policy_app)  # backtest, retrain, policy promote
register_enforcement(app, sellers_app)  # cases, notices, strikes, orgs, users, keys
app.add_typer(serial_app, name="serial")
app.add_typer(audit_app, name="audit")
app.add_typer(evidence_app, name="evidence")
app.add_typer(testbuys_app, name="testbuys")
app.add_typer(referrals_app, name="referrals")
app.add_typer(intel_app, name="intel")
register_intel_remote(intel_app)  # push and pull between instances
register_intel_trust(intel_app)  # the keys pinned for other instances' exporters

ExistingFile = Annotated[Path, typer.Argument(exists=True, dir_okay=True, readable=True)]


def _version(value: bool) -> None:
    if value:
        console.print(f"truemark {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """truemark: anti-counterfeiting for marketplaces and brands."""


@app.command()
def scan(
    catalog: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="catalog.yaml")],
    listings: Annotated[Path, typer.Option(exists=True, help="Listings file or Parquet folder.")],
    out: Annotated[Path, typer.Option(help="Results file: .parquet, .jsonl or .csv.")],
    sellers: Annotated[Path | None, typer.Option(exists=True, help="Sellers file.")] = None,
    networks: Annotated[Path | None, typer.Option(exists=True, help="networks.parquet.")] = None,
    policy: Annotated[
        Path | None,
        typer.Option(exists=True, help="Policy YAML (default: the promoted one, else built in)."),
    ] = None,
    shadow_policy: Annotated[
        Path | None, typer.Option(exists=True, help="Candidate policy run beside, never acted on.")
    ] = None,
    known_fakes: Annotated[
        Path | None, typer.Option(exists=True, help="Bank of known-fake photo hashes.")
    ] = None,
    cue_terms: Annotated[
        Path | None,
        typer.Option(exists=True, help="Counterfeit cue terms from intel (intel bank --kind)."),
    ] = None,
    cloned_codes: Annotated[
        Path | None, typer.Option(exists=True, help="Cloned serial codes (serial clones).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes scanning batches.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Listings per batch.")] = 65_536,
    resume: Annotated[bool, typer.Option(help="Reuse the batches a killed scan finished.")] = False,
    dask: Annotated[
        str | None,
        typer.Option(help="Run on Dask: a scheduler address, or local:N for N local workers."),
    ] = None,
    metrics_file: Annotated[
        Path | None, typer.Option(help="Write the totals as Prometheus metrics (a .prom file).")
    ] = None,
) -> None:
    """Scan listings for counterfeits: risk, verdict and reasons for every listing."""
    if dask is None and workers > 1:  # its imports run while this process imports its own
        from truemark.scan.fork_server import start_fork_server

        start_fork_server()
    from truemark.scan.collector import long_lived

    with long_lived():  # modules live as long as the process: no collection walks them again
        from truemark.cli_policy_lifecycle import live_policy_path, print_shadow_comparison
        from truemark.scan.allocator import keep_freed_memory
        from truemark.scan.engine import ScanSpec
        from truemark.scan.runner import run_scan
        from truemark.terminal import print_counts, progress_bar

    if dask is not None and shadow_policy is not None:
        raise TruemarkError("--shadow-policy runs in-process scans only: drop --dask")
    if policy is None and (policy := live_policy_path(None)) is not None:
        console.print(f"policy: the promoted {policy}")
    spec = ScanSpec(
        catalog=catalog,
        policy=policy,
        sellers=sellers,
        networks=networks,
        known_fakes=known_fakes,
        cue_terms=cue_terms,
        cloned_codes=cloned_codes,
        batch_size=batch_size,
    )
    with progress_bar("scanning", total=None, unit="listings") as advance:
        if dask is not None:
            from truemark.scan.dask_runner import run_scan_dask

            summary = run_scan_dask(
                spec, listings, out, address=dask, resume=resume, on_rows=advance
            )
        else:
            keep_freed_memory()  # this process reads, assembles, and scans with one worker
            summary = run_scan(
                spec, listings, out, workers=workers, resume=resume, on_rows=advance,
                shadow_policy=shadow_policy,
            )  # fmt: skip
    if metrics_file is not None:
        import time

        from truemark.scan.metrics import write_scan_metrics

        write_scan_metrics(summary, metrics_file, finished_at=time.time())
    console.print(
        f"scanned {summary.scanned:,} listings in {summary.seconds:.1f} s "
        f"({summary.rate:,.0f}/s); {summary.quarantined:,} quarantined; results in {out}"
    )
    print_counts("verdicts", summary.verdicts, total=summary.scanned)
    print_counts("flagged by brand", dict(summary.brands.most_common(15)))
    print_counts("flagged by top reason", dict(summary.reasons.most_common(10)))
    if shadow_policy is not None:
        print_shadow_comparison(out)


@app.command()
def networks(
    sellers: Annotated[Path, typer.Option(exists=True, help="Sellers file (spec §3).")],
    out: Annotated[Path, typer.Option(help="networks.parquet (or .jsonl / .csv).")],
    listings: Annotated[
        Path | None, typer.Option(exists=True, help="Listings: shared photos, sales.")
    ] = None,
    results: Annotated[
        Path | None, typer.Option(exists=True, help="Scan results: listing risk.")
    ] = None,
    catalog: Annotated[
        Path | None, typer.Option(exists=True, help="Catalog: brand photos are not evidence.")
    ] = None,
    infringers: Annotated[
        Path | None,
        typer.Option(
            exists=True, help="Infringer hashes from alliance intel (intel bank --kind infringer)."
        ),
    ] = None,
    indicators: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            help="Racket indicators from alliance intel (intel bank --kind racket_indicator): "
            "sellers whose record or listings show one.",
        ),
    ] = None,
    test_buys: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            help="Confirmed fakes per seller (truemark testbuys fakes): they raise the risk of "
            "their networks.",
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="polars (in memory) or duckdb (inputs larger than memory).")
    ] = "polars",
    memory_limit: Annotated[
        str | None, typer.Option(help="duckdb engine: DuckDB's memory limit, e.g. 2GB.")
    ] = None,
    temp_dir: Annotated[
        Path | None, typer.Option(help="duckdb engine: folder for staged inputs and spill files.")
    ] = None,
) -> None:
    """Link seller accounts run by the same operation into scored networks."""
    from truemark.config import get_settings
    from truemark.networks.duckdb_engine.workspace import DuckDBSettings
    from truemark.networks.jobs import NetworkJob
    from truemark.networks.run import Engine, run_networks
    from truemark.terminal import print_counts

    if results is not None and listings is None:
        raise TruemarkError("--results needs --listings (to know which seller listed what)")
    if engine not in {e.value for e in Engine}:
        raise TruemarkError(f"--engine must be polars or duckdb (got {engine!r})")
    if engine == Engine.POLARS.value and (memory_limit is not None or temp_dir is not None):
        raise TruemarkError("--memory-limit and --temp-dir need --engine duckdb")
    alliance_key = get_settings().require_alliance_key() if infringers is not None else b""
    job = NetworkJob(
        sellers, out, listings, results, catalog, infringers, alliance_key, indicators, test_buys
    )
    with console.status(f"linking seller accounts ({engine})"):
        summary = run_networks(job, Engine(engine), DuckDBSettings(memory_limit, temp_dir))
    tally = summary.tally
    console.print(
        f"{tally.sellers:,} sellers, {len(tally.networks):,} networks of 2+ accounts "
        f"holding {tally.networked_sellers:,} sellers; {summary.links:,} links; "
        f"written to {summary.members_path} and {summary.links_path}"
    )
    if summary.intel_sellers is not None:
        console.print(
            f"alliance intel names {summary.intel_sellers:,} sellers, in "
            f"{len(tally.intel_networks):,} networks of {tally.intel_named_sellers:,} sellers"
        )
    common = summary.common.head(10)
    if common.height:
        print_counts(
            "too common to be evidence (sellers sharing)",
            {f"{a}: {v}": n for a, v, n in common.iter_rows()},
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default: settings).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: settings).")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Server processes (default: settings, 1).")
    ] = None,
) -> None:
    """Serve the API and the console over HTTP."""
    from truemark.server import run_server

    run_server(host=host, port=port, workers=workers)


@app.command()
def demo(
    directory: Annotated[Path, typer.Option("--dir", help="Demo folder.")] = Path("demo"),
    listings: Annotated[int, typer.Option(min=100, help="Listings to simulate.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Simulator seed.")] = 7,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare only.")] = False,
) -> None:
    """Prepare the demo (migrate, simulate, scan, import) and serve the console."""
    import os

    from truemark.config import get_settings
    from truemark.demo import prepare_demo
    from truemark.server import run_server

    # the console reads photos and reports under the data folder: the demo's own folder
    os.environ["TRUEMARK_DATA_DIR"] = str(directory.resolve())
    get_settings.cache_clear()

    prepare_demo(directory, listings=listings, seed=seed)
    if not no_serve:
        run_server(host=host, port=port)


@app.command("evaluate")
def evaluate_command(
    labels: Annotated[Path, typer.Option(help="labels.csv: listing_id, label.")],
    results: Annotated[Path, typer.Option(help="Scan results: .parquet, .jsonl or .csv.")],
    tactics: Annotated[
        Path | None, typer.Option(help="tactics.csv: listing_id, tactic (several rows allowed).")
    ] = None,
    networks: Annotated[Path | None, typer.Option(help="Predicted seller networks.")] = None,
    truth: Annotated[Path | None, typer.Option(help="True networks: seller_id,network_id.")] = None,
    report: Annotated[
        Path | None, typer.Option(help="Folder for report.md, report.json, report.html.")
    ] = None,
) -> None:
    """Score scan results (and seller networks) against labels: precision, recall, AUC."""
    from truemark.evaluate import evaluate, summary_tables, write_report

    evaluation = evaluate(labels, results, tactics, networks=networks, truth=truth)
    for table in summary_tables(evaluation):
        console.print(table, "")
    if report is not None:
        written = write_report(evaluation, report)
        console.print("report: " + ", ".join(str(path) for path in written), soft_wrap=True)


@app.command()
def simulate(
    out: Annotated[Path, typer.Option(help="Folder for the simulated marketplace.")],
    listings: Annotated[int, typer.Option(min=1, help="Listings to simulate.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed writes the same bytes.")] = 7,
    images: Annotated[int, typer.Option(min=0, help="At most this many photo files.")] = 200,
    fmt: Annotated[str, typer.Option("--format", help="Listings: parquet or jsonl.")] = "parquet",
    sellers: Annotated[int | None, typer.Option(help="Seller accounts (default: by size).")] = None,
) -> None:
    """Simulate a labelled marketplace: catalog, sellers, listings, photos and the truth."""
    from truemark.simulate import simulate_marketplace
    from truemark.terminal import progress_bar

    with progress_bar("simulating", total=listings, unit="listings") as advance:
        summary = simulate_marketplace(out, listings, seed, images, fmt, sellers, on_rows=advance)
    console.print(
        f"{summary.listings:,} listings ({summary.counterfeit:,} counterfeit), "
        f"{summary.sellers:,} sellers ({summary.rackets:,} rackets), "
        f"{summary.images_rendered:,} listing photo files; written to {summary.out_dir}"
    )


@catalog_app.command("validate")
def catalog_validate(file: ExistingFile) -> None:
    """Check a brand catalog: every problem with its line, or a summary of what it holds."""
    from truemark.catalog import catalog_warnings, load_catalog, summarize
    from truemark.catalog.summary import brand_table

    catalog = load_catalog(file)
    console.print(f"[green]✓[/green] {file} is a valid catalog: {summarize(catalog).line()}")
    if catalog.brands:
        console.print(brand_table(catalog))
    for warning in catalog_warnings(catalog):
        err_console.print(f"[yellow]warning:[/yellow] {warning}")


@catalog_app.command("import")
def catalog_import(
    file: ExistingFile,
    org: Annotated[
        str | None,
        typer.Option("--org", help="Organization for every brand (default: one per owner)."),
    ] = None,
) -> None:
    """Import a brand catalog into the database; importing it again changes nothing."""
    from truemark.config import get_settings
    from truemark.store.presenting import counts_table
    from truemark.store.service import import_catalog_file

    report = import_catalog_file(file, get_settings().database_url, organization=org)
    console.print(counts_table(f"imported {file}", report.tables))
    for problem in report.skipped_images:
        err_console.print(f"[yellow]warning:[/yellow] {problem}")


QuarantineOption = Annotated[
    Path | None,
    typer.Option(help="Where bad rows go (default: <FILE stem>.quarantine.jsonl beside FILE)."),
]


def _validate_rows(kind: str, file: Path, quarantine: Path | None) -> None:
    """Read a listings or sellers file through validation; exit 1 when rows were quarantined."""
    from truemark.io import read_listings, read_sellers
    from truemark.io.report import summary_table
    from truemark.terminal import progress_bar

    reader = (read_listings if kind == "listings" else read_sellers)(file, quarantine=quarantine)
    with progress_bar(f"validating {kind}", total=reader.total_rows) as advance:
        summary = reader.validate(on_rows=advance)
    console.print(summary_table(summary))
    if summary.rows_quarantined:
        err_console.print(
            f"[yellow]{summary.rows_quarantined:,} of {summary.rows_read:,} rows quarantined[/]"
            f" to {summary.quarantine_path}"
        )
        print_problems(summary.problems, limit=10)
        raise typer.Exit(1)
    console.print(f"[green]✓[/green] all {summary.rows_read:,} {kind} rows are valid")


@validate_app.command("listings")
def validate_listings(file: ExistingFile, quarantine: QuarantineOption = None) -> None:
    """Check a listings file; bad rows go to quarantine with their errors (exit 1 if any)."""
    _validate_rows("listings", file, quarantine)


@validate_app.command("sellers")
def validate_sellers(file: ExistingFile, quarantine: QuarantineOption = None) -> None:
    """Check a sellers file; bad rows go to quarantine with their errors (exit 1 if any)."""
    _validate_rows("sellers", file, quarantine)


@sellers_app.command("import")
def sellers_import(file: ExistingFile, quarantine: QuarantineOption = None) -> None:
    """Import seller accounts in bulk; bad rows go to quarantine, the rest are imported."""
    from truemark.config import get_settings
    from truemark.io.report import summary_table
    from truemark.store.presenting import seller_counts_line
    from truemark.store.service import import_sellers_file
    from truemark.terminal import progress_bar

    with progress_bar("importing sellers", total=None) as advance:
        report = import_sellers_file(file, get_settings().database_url, quarantine, advance)
    console.print(summary_table(report.summary))
    console.print(seller_counts_line(report.counts))
    if report.summary.rows_quarantined:
        print_problems(report.summary.problems, limit=10)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Migrate the configured database to the newest schema (or to REVISION)."""
    from truemark.config import get_settings
    from truemark.store.migrate import current_revision, upgrade
    from truemark.store.presenting import safe_url

    url = get_settings().database_url
    upgrade(url, revision)
    console.print(f"[green]✓[/green] {safe_url(url)} is at revision {current_revision(url)}")


@policy_app.command("validate")
def policy_validate(file: ExistingFile) -> None:
    """Check a policy file: every problem with its line, rule and column (exit 2 if any)."""
    from truemark.policy import load_policy

    policy = load_policy(file)
    model = f"model {policy.model.version}" if policy.model else "no model"
    console.print(f"[green]✓[/green] {file}: {len(policy.rules)} rules, {model}, {policy.version}")


@app.command()
def train(
    labels: Annotated[Path, typer.Option(exists=True, help="labels.csv: listing_id, label.")],
    scan: Annotated[Path, typer.Option(exists=True, help="Scan results with a signals column.")],
    out: Annotated[Path, typer.Option(help="Folder for model.txt and metadata.json.")],
    seed: Annotated[int, typer.Option(help="Seed of the split and of LightGBM.")] = 0,
) -> None:
    """Train the policy's learned model on labelled scan results; print held-out metrics."""
    from truemark.policy.model import train_from_files

    report = train_from_files(labels, scan, out, seed=seed)
    figures = ", ".join(
        f"{name} {value}" if isinstance(value, int) else f"{name} {value:.4f}"
        for name, value in report.metrics.items()
    )
    console.print(f"[green]✓[/green] model {report.model.version} saved to {out}: {figures}")


def main() -> None:
    """Console-script entry point: user errors print one clear message and exit 2."""
    try:
        app()  # standalone: typer itself reports usage errors with exit code 2
    except ValidationError as exc:
        err_console.print(f"[red]error:[/red] {exc.summary}", soft_wrap=True)
        print_problems(exc.problems)
        raise SystemExit(exc.exit_code) from None
    except Interrupted as exc:
        err_console.print(f"[yellow]interrupted:[/yellow] {exc.message}", soft_wrap=True)
        raise SystemExit(exc.exit_code) from None
    except TruemarkError as exc:
        err_console.print(f"[red]error:[/red] {exc.message}", soft_wrap=True)
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":
    main()
