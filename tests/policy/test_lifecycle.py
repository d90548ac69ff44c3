"""Shadow scans, policy promotion on the audit log, and the learning loop's promotion rule."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from truemark.cases.importing import flagged_cases
from truemark.errors import InputError, ValidationError
from truemark.policy import DEFAULT_POLICY, load_policy
from truemark.policy.lifecycle import POLICY_PROMOTED, active_policy, promote_policy
from truemark.policy.retrain import MODEL_PROMOTED, active_model, is_better, retrain
from truemark.policy.shadow import decide_from_results
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import run_scan
from truemark.simulate import SimulationSummary, simulate_marketplace
from truemark.store import Store


def stricter_policy(folder: Path) -> Path:
    """The packaged default, suspect from risk 0.3 instead of 0.4."""
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    assert "\n  suspect: 0.4\n" in text
    path = folder / "stricter.yaml"
    path.write_text(text.replace("\n  suspect: 0.4\n", "\n  suspect: 0.3\n"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> SimulationSummary:
    return simulate_marketplace(tmp_path_factory.mktemp("lifecycle"), 3000, seed=13, images=0)


@pytest.fixture(scope="module")
def live_results(market: SimulationSummary) -> Path:
    out = market.out_dir / "live.parquet"
    spec = ScanSpec(catalog=market.out_dir / "catalog.yaml")
    run_scan(spec, market.out_dir / "listings.parquet", out)
    return out


def audit_entries(url: str, subject_type: str) -> list[tuple[str, str, str, dict[str, object]]]:
    with Store.from_url(url).unit_of_work() as work:
        entries = work.audit.of_subject_type(subject_type)
        return [(e.actor, e.action, e.subject_id, json.loads(e.payload)) for e in entries]


def test_a_shadow_policy_is_recorded_beside_the_live_verdicts(
    market: SimulationSummary, live_results: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shadowed.parquet"
    spec = ScanSpec(catalog=market.out_dir / "catalog.yaml")
    candidate = stricter_policy(tmp_path)
    run_scan(spec, market.out_dir / "listings.parquet", out, shadow_policy=candidate)
    live, shadowed = pl.read_parquet(live_results), pl.read_parquet(out)
    assert shadowed.columns == [*live.columns, "shadow_risk", "shadow_verdict", "shadow_reasons"]
    assert shadowed.select(live.columns).equals(live)  # the live verdicts are untouched
    expected = decide_from_results(load_policy(candidate), live)
    assert shadowed["shadow_verdict"].to_list() == expected["verdict"].cast(pl.String).to_list()
    moved = shadowed.filter(pl.col("verdict") != pl.col("shadow_verdict"))
    assert moved.height > 0
    assert moved["verdict"].unique().to_list() == ["clear"]
    assert moved["shadow_verdict"].unique().to_list() == ["suspect"]
    assert (moved["risk"] >= 0.3).all()
    assert shadowed["risk"].equals(shadowed["shadow_risk"].alias("risk"))


def test_case_import_acts_on_the_live_verdict_only(
    market: SimulationSummary, tmp_path: Path
) -> None:
    out = tmp_path / "shadowed.parquet"
    spec = ScanSpec(catalog=market.out_dir / "catalog.yaml")
    run_scan(
        spec, market.out_dir / "listings.parquet", out, shadow_policy=stricter_policy(tmp_path)
    )
    results = pl.read_parquet(out)
    listings = pl.read_parquet(market.out_dir / "listings.parquet")
    shadow_only = results.filter(
        (pl.col("verdict") == "clear") & (pl.col("shadow_verdict") != "clear")
    )
    assert shadow_only.height > 0
    rows, flagged, _ = flagged_cases(results, listings)
    live_flagged = results.filter(pl.col("verdict") != "clear", pl.col("brand_id").is_not_null())
    assert flagged == live_flagged.height
    assert not set(rows["listing_id"]) & set(shadow_only["listing_id"])


def test_promote_records_who_promoted_what_and_why(
    migrated_database_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    assert active_policy(data_dir) is None
    candidate = stricter_policy(tmp_path)
    first = promote_policy(candidate, "more recall", "alice", data_dir, migrated_database_url)
    assert active_policy(data_dir) == first.active
    assert first.active.read_bytes() == candidate.read_bytes() == first.stored.read_bytes()
    assert load_policy(first.active).version == load_policy(candidate).version == first.version
    second = promote_policy(DEFAULT_POLICY, "roll back", "bob", data_dir, migrated_database_url)
    assert second.previous == first.version
    assert first.stored.exists()  # every promoted version is kept
    assert second.stored != first.stored
    entries = audit_entries(migrated_database_url, "policy")
    assert [(actor, action, subject) for actor, action, subject, _ in entries] == [
        ("alice", POLICY_PROMOTED, first.version),
        ("bob", POLICY_PROMOTED, second.version),
    ]
    assert entries[0][3]["reason"] == "more recall"
    assert entries[1][3]["previous_version"] == first.version


def test_an_invalid_or_unexplained_promotion_changes_nothing(
    migrated_database_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nname: x\nrules:\n  - when: 'price.ratio <'\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        promote_policy(broken, "why not", "alice", data_dir, migrated_database_url)
    with pytest.raises(InputError, match="needs a reason"):
        promote_policy(DEFAULT_POLICY, "  ", "alice", data_dir, migrated_database_url)
    assert active_policy(data_dir) is None
    assert audit_entries(migrated_database_url, "policy") == []


def test_scan_uses_the_promoted_policy_when_none_is_given(
    migrated_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truemark.cli_policy_lifecycle import live_policy_path
    from truemark.config import get_settings

    monkeypatch.setenv("TRUEMARK_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        assert live_policy_path(None) is None  # nothing promoted: the packaged default
        done = promote_policy(
            stricter_policy(tmp_path), "x", "a", tmp_path / "data", migrated_database_url
        )
        assert live_policy_path(None) == done.active
        assert live_policy_path(DEFAULT_POLICY) == DEFAULT_POLICY
    finally:
        get_settings.cache_clear()


def test_retrain_promotes_only_a_better_model(
    market: SimulationSummary, live_results: Path, migrated_database_url: str, tmp_path: Path
) -> None:
    labels = pl.read_csv(market.out_dir / "labels.csv")
    holdout, train = tmp_path / "holdout.csv", tmp_path / "train.csv"
    labels.head(750).write_csv(holdout)  # a fixed evaluation set, never trained on
    labels.slice(750).write_csv(train)
    data_dir = tmp_path / "data"
    url = migrated_database_url
    good = retrain(
        train, live_results, tmp_path / "good", data_dir, url, "ml", holdout_labels=holdout
    )
    assert good.promoted
    assert good.current is None
    assert good.held_out == 750
    assert active_model(data_dir) == good.active
    assert (data_dir / "models" / "versions" / good.candidate_version / "promotion.json").exists()
    # a clearly worse candidate: its training labels shuffled, unrelated to the listings
    labels.slice(750).with_columns(pl.col("label").shuffle(seed=1)).write_csv(tmp_path / "bad.csv")
    worse = retrain(tmp_path / "bad.csv", live_results, tmp_path / "worse", data_dir, url, "ml",
                    holdout_labels=holdout)  # fmt: skip
    assert not worse.promoted
    assert worse.current is not None
    assert worse.current_version == good.candidate_version
    assert worse.candidate["pr_auc"] < worse.current["pr_auc"]
    assert json.loads((data_dir / "models" / "active" / "metadata.json").read_text())[
        "version"
    ] == (good.candidate_version)
    entries = audit_entries(migrated_database_url, "model")
    assert [(action, subject) for _, action, subject, _ in entries] == [
        (MODEL_PROMOTED, good.candidate_version)
    ]


def test_is_better_compares_pr_auc_then_f1() -> None:
    assert is_better({"pr_auc": 0.8, "f1": 0.1}, None)
    assert is_better({"pr_auc": 0.8, "f1": 0.1}, {"pr_auc": 0.7, "f1": 0.9})
    assert not is_better({"pr_auc": 0.7, "f1": 0.9}, {"pr_auc": 0.8, "f1": 0.1})
    assert is_better({"pr_auc": 0.8, "f1": 0.6}, {"pr_auc": 0.8, "f1": 0.5})
    assert not is_better({"pr_auc": 0.8, "f1": 0.5}, {"pr_auc": 0.8, "f1": 0.5})


def test_the_cli_promotes_then_scans_with_the_promoted_policy_and_a_shadow(
    market: SimulationSummary,
    migrated_database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from truemark.cli import app
    from truemark.config import get_settings

    monkeypatch.setenv("TRUEMARK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRUEMARK_DATABASE_URL", migrated_database_url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        stricter = stricter_policy(tmp_path)
        promoted = runner.invoke(app, ["policy", "promote", str(stricter), "--reason", "recall"])
        assert promoted.exit_code == 0, promoted.output
        out = tmp_path / "results.parquet"
        args = ["scan", "--catalog", str(market.out_dir / "catalog.yaml"), "--listings"]
        args += [str(market.out_dir / "listings.parquet"), "--out", str(out)]
        scanned = runner.invoke(app, [*args, "--shadow-policy", str(DEFAULT_POLICY)])
        assert scanned.exit_code == 0, scanned.output
        assert "policy: the promoted" in scanned.output
        assert "live vs shadow verdicts" in scanned.output
        results = pl.read_parquet(out)
        live = decide_from_results(load_policy(stricter), results)["verdict"].cast(pl.String)
        shadow = decide_from_results(load_policy(), results)["verdict"].cast(pl.String)
        assert results["verdict"].to_list() == live.to_list()  # the promoted policy is live
        assert results["shadow_verdict"].to_list() == shadow.to_list()
        assert results["verdict"].to_list() != results["shadow_verdict"].to_list()
        (actor, _, _, payload), *_ = audit_entries(migrated_database_url, "policy")
        assert actor.startswith("cli")
        assert payload["reason"] == "recall"
    finally:
        get_settings.cache_clear()
