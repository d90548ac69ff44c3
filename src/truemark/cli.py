"""The ``truemark`` command line: one command per job, nothing but argument handling."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truemark import __version__
from truemark.errors import TruemarkError, ValidationError
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
        Path | None, typer.Option(exists=True, help="Policy YAML (default: built in).")
    ] = None,
    known_fakes: Annotated[
        Path | None, typer.Option(exists=True, help="Bank of known-fake photo hashes.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes scanning batches.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Listings per batch.")] = 65_536,
    resume: Annotated[bool, typer.Option(help="Reuse the batches a killed scan finished.")] = False,
) -> None:
    """Scan listings for counterfeits: risk, verdict and reasons for every listing."""
    from truemark.scan.engine import ScanSpec
    from truemark.scan.runner import run_scan
    from truemark.terminal import print_counts, progress_bar

    spec = ScanSpec(
        catalog=catalog,
        policy=policy,
        sellers=sellers,
        networks=networks,
        known_fakes=known_fakes,
        batch_size=batch_size,
    )
    with progress_bar("scanning", total=None, unit="listings") as advance:
        summary = run_scan(spec, listings, out, workers=workers, resume=resume, on_rows=advance)
    console.print(
        f"scanned {summary.scanned:,} listings in {summary.seconds:.1f} s "
        f"({summary.rate:,.0f}/s); {summary.quarantined:,} quarantined; results in {out}"
    )
    print_counts("verdicts", summary.verdicts, total=summary.scanned)
    print_counts("flagged by brand", dict(summary.brands.most_common(15)))
    print_counts("flagged by top reason", dict(summary.reasons.most_common(10)))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default: settings).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: settings).")] = None,
) -> None:
    """Serve the API and the console over HTTP."""
    from truemark.server import run_server

    run_server(host=host, port=port)


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
    from truemark.demo import prepare_demo
    from truemark.server import run_server

    prepare_demo(directory, listings=listings, seed=seed)
    if not no_serve:
        run_server(host=host, port=port)


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


def main() -> None:
    """Console-script entry point: user errors print one clear message and exit 2."""
    try:
        app()  # standalone: typer itself reports usage errors with exit code 2
    except ValidationError as exc:
        err_console.print(f"[red]error:[/red] {exc.summary}")
        print_problems(exc.problems)
        raise SystemExit(exc.exit_code) from None
    except TruemarkError as exc:
        err_console.print(f"[red]error:[/red] {exc.message}")
        raise SystemExit(exc.exit_code) from None


if __name__ == "__main__":
    main()
