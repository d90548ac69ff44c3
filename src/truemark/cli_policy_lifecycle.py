"""Commands of the policy lifecycle: backtest, promote, retrain; the shadow comparison table."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from truemark.terminal import console


def _default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def live_policy_path(policy: Path | None) -> Path | None:
    """``policy`` if given, else the promoted active policy, else None (the packaged default)."""
    if policy is not None:
        return policy
    from truemark.config import get_settings
    from truemark.policy.lifecycle import active_policy

    return active_policy(get_settings().data_dir)


def print_shadow_comparison(results: Path) -> None:
    """Listings per (live verdict, shadow verdict) of a results file with shadow columns."""
    from truemark.policy.model.dataset import read_table
    from truemark.policy.shadow import compare_verdicts

    frame = read_table(results, ("verdict", "shadow_verdict"))
    table = Table(title="live vs shadow verdicts (shadow not acted on)", title_justify="left")
    for name in ("live", "shadow", "listings", "agree"):
        table.add_column(name, justify="right" if name == "listings" else "left")
    for live, shadow, count in compare_verdicts(frame).iter_rows():
        table.add_row(live, shadow, f"{count:,}", "yes" if live == shadow else "no")
    console.print(table)


def backtest(
    policy: Annotated[Path, typer.Option(exists=True, help="Candidate policy YAML.")],
    history: Annotated[Path, typer.Option(exists=True, help="Folder of past scan results.")],
    labels: Annotated[Path, typer.Option(exists=True, help="labels.csv: listing_id, label.")],
    model: Annotated[
        Path | None,
        typer.Option(exists=True, help="Candidate model folder (replaces the policy's)."),
    ] = None,
    tactics: Annotated[
        Path | None, typer.Option(exists=True, help="tactics.csv: listing_id, tactic.")
    ] = None,
    live: Annotated[
        Path | None, typer.Option(exists=True, help="Live policy (default: active, else built in).")
    ] = None,
    report: Annotated[Path | None, typer.Option(help="Folder for backtest.json / .md.")] = None,
) -> None:
    """Re-decide stored scans with a candidate policy: what flips, precision / recall by group."""
    from truemark.evaluate.backtest import backtest as run_backtest
    from truemark.evaluate.backtest import candidate_policy
    from truemark.evaluate.backtest_report import score_cells, write_backtest
    from truemark.policy import load_policy

    outcome = run_backtest(
        load_policy(live_policy_path(live)),
        candidate_policy(policy, model),
        history,
        labels,
        tactics,
    )
    console.print(f"live {outcome.live_version} → candidate {outcome.candidate_version}")
    console.print(
        f"{outcome.listings:,} listings re-decided ({outcome.labelled:,} labelled): "
        f"{outcome.new_flags:,} new flags, {outcome.dropped_flags:,} dropped flags"
    )
    for title, examples in (("new", outcome.new_examples), ("dropped", outcome.dropped_examples)):
        for row in examples[:5]:
            reasons = ", ".join(row["reasons"] or [])
            console.print(
                f"  {title}: {row['listing_id']} {row['before']} → {row['after']} ({reasons})"
            )
    headers = ["group", "n", "fakes", "flagged", "flagged*", "prec", "prec*", "recall", "recall*"]
    for title, scores in (
        ("overall", [outcome.overall]),
        ("by brand", outcome.by_brand),
        ("by tactic", outcome.by_tactic),
    ):
        if scores:
            table = Table(*headers, title=f"{title} (* = candidate)", title_justify="left")
            for score in scores:
                table.add_row(*score_cells(score))
            console.print(table)
    if report is not None:
        files = write_backtest(outcome, report)
        console.print(f"[green]✓[/green] report: {', '.join(str(f) for f in files)}")


def promote(
    candidate: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Policy YAML.")],
    reason: Annotated[str, typer.Option(help="Why this policy goes live (audit log).")],
    actor: Annotated[str, typer.Option(help="Who promotes it.")] = "",
) -> None:
    """Make a validated policy the live one (used by `truemark scan` without --policy)."""
    from truemark.config import get_settings
    from truemark.policy.lifecycle import promote_policy

    settings = get_settings()
    done = promote_policy(
        candidate, reason, actor or _default_actor(), settings.data_dir, settings.database_url
    )
    was = done.previous or "the packaged default"
    console.print(f"[green]✓[/green] {done.version} is live in {done.active} (was {was})")
    console.print(f"versioned copy {done.stored}; audit entry {done.audit_sequence}")


def retrain(
    labels: Annotated[Path, typer.Option(exists=True, help="labels.csv: listing_id, label.")],
    scan: Annotated[Path, typer.Option(exists=True, help="Scan results with a signals column.")],
    out: Annotated[Path, typer.Option(help="Folder for the candidate model.")],
    current: Annotated[
        Path | None, typer.Option(exists=True, help="Current model (default: the active one).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the holdout split and of training.")] = 0,
    holdout: Annotated[float, typer.Option(help="Share of labels held out to compare.")] = 0.25,
    holdout_labels: Annotated[
        Path | None,
        typer.Option(exists=True, help="Fixed labels to compare on (never trained on)."),
    ] = None,
    actor: Annotated[str, typer.Option(help="Who retrains (audit log).")] = "",
) -> None:
    """Train a candidate model; promote it only when it beats the current one on held-out labels."""
    from truemark.config import get_settings
    from truemark.policy.retrain import retrain as run_retrain

    settings = get_settings()
    outcome = run_retrain(
        labels, scan, out, settings.data_dir, settings.database_url, actor or _default_actor(),
        current=current, seed=seed, holdout=holdout, holdout_labels=holdout_labels,
    )  # fmt: skip
    table = Table("model", "version", "PR-AUC", "F1", title=f"held out: {outcome.held_out:,}")
    table.add_row("candidate", outcome.candidate_version, *_figures(outcome.candidate))
    if outcome.current is not None:
        table.add_row("current", outcome.current_version or "", *_figures(outcome.current))
    console.print(table)
    if outcome.promoted:
        console.print(
            f"[green]✓[/green] promoted to {outcome.active} (audit entry {outcome.audit_sequence})"
        )
    else:
        console.print("[yellow]kept the current model[/yellow]: the candidate is not better")


def _figures(scores: dict[str, float]) -> list[str]:
    return [f"{scores['pr_auc']:.4f}", f"{scores['f1']:.4f}"]


def register(app: typer.Typer, policy_app: typer.Typer) -> None:
    """Add the lifecycle commands to the root and policy command groups."""
    app.command("backtest")(backtest)
    app.command("retrain")(retrain)
    policy_app.command("promote")(promote)
