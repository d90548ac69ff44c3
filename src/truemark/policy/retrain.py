"""The learning loop: train a candidate model, compare it with the live one, promote if better.

Labels come from reviewer decisions, brand confirmations and counter-notice outcomes
(``truemark cases labels``), plus any test-buy results added to that file. A fixed evaluation
set (``holdout_labels``), or else a seeded, stratified share of the labels (``holdout``), is
kept out of the candidate's training; both models are scored on it and the candidate is
promoted only when its PR-AUC is higher (equal PR-AUC: a higher F1 at probability 0.5). The live
model may have seen some held-out listings in its own training, which can only favour it: the
comparison errs towards keeping what runs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import orjson
import polars as pl
from sklearn.metrics import average_precision_score, f1_score
from sklearn.model_selection import train_test_split

from truemark.errors import InputError
from truemark.policy.model import LearnedModel, load_model, train_model
from truemark.policy.model.dataset import flatten_signals, read_labels, read_table
from truemark.policy.signals import conform

MODEL_PROMOTED = "model.promoted"


def models_dir(data_dir: Path) -> Path:
    """The folder of the live model and its promoted versions."""
    return data_dir / "models"


def active_model(data_dir: Path) -> Path | None:
    """The promoted live model folder, or None when no model was promoted."""
    folder = models_dir(data_dir) / "active"
    return folder if (folder / "metadata.json").is_file() else None


@dataclass(frozen=True, slots=True)
class RetrainOutcome:
    """Both models' held-out scores and what was done: promoted (where to) or kept."""

    candidate: dict[str, float]
    current: dict[str, float] | None
    candidate_version: str
    current_version: str | None
    promoted: bool
    active: Path | None
    held_out: int
    audit_sequence: int | None = None


def holdout_scores(
    model: LearnedModel, signals: pl.DataFrame, truth: np.ndarray
) -> dict[str, float]:
    """PR-AUC and F1 (probability >= 0.5) of ``model`` on labelled, conformed signals."""
    probability = model.probability(model.matrix(signals))
    return {
        "pr_auc": float(average_precision_score(truth, probability)),
        "f1": float(f1_score(truth, probability >= 0.5, zero_division=0.0)),
    }


def is_better(candidate: dict[str, float], current: dict[str, float] | None) -> bool:
    """Higher PR-AUC wins; on equal PR-AUC, higher F1; no current model: the candidate."""
    if current is None:
        return True
    return (candidate["pr_auc"], candidate["f1"]) > (current["pr_auc"], current["f1"])


def retrain(
    labels: Path,
    scan: Path,
    out: Path,
    data_dir: Path,
    database_url: str,
    actor: str,
    current: Path | None = None,
    seed: int = 0,
    holdout: float = 0.25,
    holdout_labels: Path | None = None,
) -> RetrainOutcome:
    """Train on the labels outside the holdout, save to ``out``, compare, promote when better.

    The comparison set is ``holdout_labels`` when given (those listings are never trained on),
    else a seeded, stratified ``holdout`` share of ``labels``. ``current`` defaults to the live
    model (``models/active``); a promotion is written to the audit log in the transaction that
    installs the model.
    """
    train, test = split_labels(labels, scan, holdout_labels, holdout, seed)
    report = train_model(*_xy(train), seed=seed)
    report.model.save(out)
    current = current or active_model(data_dir)
    live = load_model(current) if current is not None else None
    scores = holdout_scores(report.model, *_xy(test))
    live_scores = holdout_scores(live, *_xy(test)) if live is not None else None
    outcome = RetrainOutcome(
        scores,
        live_scores,
        report.model.version,
        live.version if live is not None else None,
        is_better(scores, live_scores),
        None,
        test.height,
    )
    return _promote(outcome, out, data_dir, database_url, actor) if outcome.promoted else outcome


def split_labels(
    labels: Path, scan: Path, holdout_labels: Path | None, holdout: float, seed: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Labelled signals (``listing_id``, signals, ``counterfeit``) to train on and to compare on."""
    results = read_table(scan, ("listing_id", "signals"))
    signals = flatten_signals(results.get_column("signals")).with_columns(
        results.get_column("listing_id").cast(pl.String).alias("listing_id")
    )
    labelled = _labelled(signals, read_labels(labels), labels, scan)
    if holdout_labels is not None:
        test = _labelled(signals, read_labels(holdout_labels), holdout_labels, scan)
        return labelled.join(test.select("listing_id"), on="listing_id", how="anti"), test
    if not 0.0 < holdout < 1.0:
        raise InputError(f"holdout must be between 0 and 1, got {holdout}")
    truth = labelled.get_column("counterfeit").to_numpy()
    rows = np.arange(labelled.height)
    try:
        train, test_rows = train_test_split(
            rows, test_size=holdout, stratify=truth, random_state=seed
        )
    except ValueError as exc:
        raise InputError(f"{labels}: too few labelled listings to hold some out ({exc})") from None
    return labelled[train], labelled[test_rows]


def _labelled(
    signals: pl.DataFrame, labelled: pl.DataFrame, labels: Path, scan: Path
) -> pl.DataFrame:
    joined = signals.join(labelled, on="listing_id", how="inner", maintain_order="left")
    if joined.height == 0:
        raise InputError(f"no listing_id of {labels} is in {scan}")
    return joined


def _xy(labelled: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray]:
    """Conformed signals and 0/1 labels."""
    return conform(labelled), labelled.get_column("counterfeit").cast(pl.Int8).to_numpy()


def _promote(
    outcome: RetrainOutcome, folder: Path, data_dir: Path, database_url: str, actor: str
) -> RetrainOutcome:
    """Audit entry and installation in one transaction: no entry, no new live model."""
    from truemark.audit import AuditEvent, append
    from truemark.store import Store

    payload: dict[str, object] = {
        "candidate": outcome.candidate,
        "current": outcome.current,
        "current_version": outcome.current_version,
        "held_out": outcome.held_out,
        "criterion": "pr_auc, then f1",
    }
    event = AuditEvent(actor, MODEL_PROMOTED, "model", outcome.candidate_version, payload=payload)
    store = Store.from_url(database_url)
    try:
        with store.unit_of_work() as work:
            sequence = append(work.audit, event).sequence
            active = _install(folder, data_dir, outcome.candidate_version, payload)
    finally:
        store.engine.dispose()
    return replace(outcome, active=active, audit_sequence=sequence)


def _install(folder: Path, data_dir: Path, version: str, scores: dict[str, object]) -> Path:
    """Copy the model to ``models/versions/<version>`` (with its scores) and make it active."""
    root = models_dir(data_dir)
    kept = root / "versions" / version
    shutil.copytree(folder, kept, dirs_exist_ok=True)
    (kept / "promotion.json").write_bytes(orjson.dumps(scores, option=orjson.OPT_INDENT_2))
    staged = root / "active.new"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(folder, staged)
    shutil.rmtree(root / "active", ignore_errors=True)
    staged.rename(root / "active")
    return root / "active"
