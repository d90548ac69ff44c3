"""Backtests: a stored scan re-decided by a candidate policy; flips and scores checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from truemark.cli import app
from truemark.errors import InputError
from truemark.evaluate.backtest import backtest, history_files
from truemark.policy import DEFAULT_POLICY, Policy, load_policy
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import run_scan
from truemark.simulate import simulate_marketplace


def thresholds_policy(folder: Path, counterfeit: float, suspect: float, name: str) -> Path:
    """The packaged default with other thresholds (the default has no `verdict:` rule)."""
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    thresholds = "\n  counterfeit: 0.6\n  suspect: 0.4\n"
    assert thresholds in text
    assert "\n    verdict:" not in text
    text = text.replace(thresholds, f"\n  counterfeit: {counterfeit}\n  suspect: {suspect}\n")
    text = text.replace("\nname: default\n", f"\nname: {name}\n")
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3,000-listing marketplace scanned once with the default policy: ``history/``."""
    market = simulate_marketplace(tmp_path_factory.mktemp("bt-market"), 3000, seed=11, images=0)
    folder = market.out_dir / "history"
    folder.mkdir()
    spec = ScanSpec(
        catalog=market.out_dir / "catalog.yaml", sellers=market.out_dir / "sellers.parquet"
    )
    run_scan(spec, market.out_dir / "listings.parquet", folder / "results.parquet")
    return folder


@pytest.fixture(scope="module")
def stored(history: Path) -> pl.DataFrame:
    return pl.read_parquet(history / "results.parquet").join(
        pl.read_csv(history.parent / "labels.csv"), on="listing_id"
    )


def test_the_live_policy_reproduces_the_stored_verdicts(history: Path) -> None:
    live = load_policy()
    report = backtest(live, live, history, history.parent / "labels.csv")
    assert (report.new_flags, report.dropped_flags, report.listings) == (0, 0, 3000)
    stored = pl.read_parquet(history / "results.parquet")
    assert (
        report.overall.flagged_before == stored["verdict"].is_in(["counterfeit", "suspect"]).sum()
    )


def test_a_stricter_policy_reports_its_new_flags(
    history: Path, stored: pl.DataFrame, tmp_path: Path
) -> None:
    stricter = load_policy(thresholds_policy(tmp_path, 0.5, 0.3, "stricter"))
    report = backtest(load_policy(), stricter, history, history.parent / "labels.csv")
    # same rules, lower suspect threshold: exactly the clear listings with risk in [0.3, 0.4)
    newly = stored.filter((pl.col("verdict") == "clear") & (pl.col("risk") >= 0.3))
    assert newly.height > 0
    assert (report.new_flags, report.dropped_flags) == (newly.height, 0)
    assert {row["listing_id"] for row in report.new_examples} <= set(newly["listing_id"])
    assert all(row["before"] == "clear" and row["reasons"] for row in report.new_examples)
    flagged = stored["verdict"] != "clear"
    after = flagged | ((stored["verdict"] == "clear") & (stored["risk"] >= 0.3))
    fake = stored["label"] == "counterfeit"
    overall = report.overall
    assert overall.flagged_after == overall.flagged_before + newly.height == after.sum()
    assert overall.precision_before == pytest.approx((flagged & fake).sum() / flagged.sum())
    assert overall.precision_after == pytest.approx((after & fake).sum() / after.sum())
    assert overall.recall_after == pytest.approx((after & fake).sum() / fake.sum())
    assert sum(score.listings for score in report.by_brand) == report.labelled == 3000


def test_a_looser_policy_reports_its_dropped_flags(
    history: Path, stored: pl.DataFrame, tmp_path: Path
) -> None:
    looser = load_policy(thresholds_policy(tmp_path, 0.8, 0.7, "looser"))
    report = backtest(load_policy(), looser, history, history.parent / "labels.csv")
    dropped = stored.filter((pl.col("verdict") != "clear") & (pl.col("risk") < 0.7))
    assert (report.new_flags, report.dropped_flags) == (0, dropped.height)
    assert {row["listing_id"] for row in report.dropped_examples} <= set(dropped["listing_id"])


def test_the_cli_reads_every_results_format_and_writes_the_report(
    history: Path, tmp_path: Path
) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    results = pl.read_parquet(history / "results.parquet")
    results.head(1000).write_ndjson(mixed / "a.jsonl")
    results.slice(1000).drop("reasons").write_csv(mixed / "b.csv")
    (mixed / "b.quarantine.jsonl").write_text("not results\n")
    policy = thresholds_policy(tmp_path, 0.5, 0.3, "stricter")
    labels, tactics = history.parent / "labels.csv", history.parent / "tactics.csv"
    args = ["backtest", "--policy", str(policy), "--history", str(mixed), "--labels", str(labels)]
    args += ["--tactics", str(tactics), "--live", str(DEFAULT_POLICY), "--report", str(tmp_path)]
    outcome = CliRunner().invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    written = json.loads((tmp_path / "backtest.json").read_text())
    expected = backtest(load_policy(), load_policy(policy), history, labels, tactics)
    assert written["new_flags"] == expected.new_flags
    assert written["listings"] == 3000
    assert written["by_tactic"] == [score.to_dict() for score in expected.by_tactic]
    assert "# Policy backtest" in (tmp_path / "backtest.md").read_text()


def test_a_history_folder_without_results_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no results files"):
        history_files(tmp_path)


def test_a_candidate_model_replaces_the_policy_model(history: Path) -> None:
    from truemark.evaluate.backtest import candidate_policy
    from truemark.policy.model.learned import DEFAULT_MODEL_DIR

    candidate: Policy = candidate_policy(DEFAULT_POLICY, DEFAULT_MODEL_DIR)
    assert candidate.model is not None
    assert "+model:" in candidate.version
    report = backtest(load_policy(), candidate, history, history.parent / "labels.csv")
    assert (report.new_flags, report.dropped_flags) == (0, 0)  # the same model: nothing flips


def test_empty_results_files_are_skipped(history: Path, tmp_path: Path) -> None:
    from truemark.evaluate.backtest import read_history

    empty = tmp_path / "0-empty.parquet"
    pl.read_parquet(history / "results.parquet").clear().write_parquet(empty)
    listings, signals = read_history([empty, history / "results.parquet"])
    assert listings.height == signals.height == 3000
    with pytest.raises(InputError, match="hold no listings"):
        read_history([empty])
