"""Train a calibrated LightGBM model on labelled signals and measure it on a held-out split.

The labelled rows are split (stratified, seeded) into train 60 %, calibration 20 % and test
20 %: LightGBM learns on train (early stopping on calibration), an isotonic curve maps its
scores to probabilities on calibration, and the metrics are taken on test alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import polars as pl
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score
from sklearn.model_selection import train_test_split

from truemark.errors import InputError
from truemark.policy.model.dataset import read_training_set
from truemark.policy.model.features import fit_features
from truemark.policy.model.learned import LearnedModel

_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.3,
    "num_leaves": 15,
    "max_depth": 5,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbosity": -1,
}
_ROUNDS = 40  # few, small trees: the scan predicts on every listing (cost ~ trees)
_MIN_ROWS_PER_CLASS = 10


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """What training produced: the model and its held-out metrics."""

    model: LearnedModel
    metrics: dict[str, float]


def train_model(signals: pl.DataFrame, labels: np.ndarray, seed: int = 0) -> TrainingReport:
    """Train on a conformed signal frame and 0/1 labels (1 = counterfeit)."""
    y = np.asarray(labels, dtype=np.int8)
    counts = np.bincount(y, minlength=2)
    if counts.min() < _MIN_ROWS_PER_CLASS:
        message = f"need at least {_MIN_ROWS_PER_CLASS} labelled listings of each class"
        raise InputError(f"{message}, got {counts[1]} counterfeit and {counts[0]} genuine")
    features = fit_features(signals)
    x = features.matrix(signals)
    rows = np.arange(len(y))
    train, rest = train_test_split(rows, test_size=0.4, stratify=y, random_state=seed)
    calib, test = train_test_split(rest, test_size=0.5, stratify=y[rest], random_state=seed)
    params = {**_PARAMS, "seed": seed}
    booster = lgb.train(
        params,
        lgb.Dataset(x[train], y[train], feature_name=_safe_names(features.names)),
        num_boost_round=_ROUNDS,
        valid_sets=[lgb.Dataset(x[calib], y[calib])],
        callbacks=[lgb.early_stopping(20, verbose=False)],
    )
    isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    isotonic.fit(booster.predict(x[calib]), y[calib])
    model = LearnedModel(
        booster,
        features,
        np.asarray(isotonic.X_thresholds_, dtype=np.float64),
        np.asarray(isotonic.y_thresholds_, dtype=np.float64),
        {},
    )
    metrics = _metrics(y[test], model.probability(x[test]))
    metrics.update(n_train=len(train), n_calibration=len(calib), n_test=len(test))
    data_hash = hashlib.sha256(x.tobytes() + y.tobytes()).hexdigest()
    created = datetime.now(UTC).replace(microsecond=0)
    model.metadata.update(
        version=f"{created:%Y%m%dT%H%M%SZ}-{data_hash[:8]}",
        created_at=created.isoformat(),
        data_sha256=data_hash,
        metrics=metrics,
        lightgbm_version=lgb.__version__,
        best_iteration=int(booster.best_iteration or booster.current_iteration()),
    )
    return TrainingReport(model, metrics)


def _metrics(truth: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    return {
        "roc_auc": float(roc_auc_score(truth, probability)),
        "pr_auc": float(average_precision_score(truth, probability)),
        "f1": float(f1_score(truth, probability >= 0.5)),
        "positive_rate": float(truth.mean()),
    }


def _safe_names(names: tuple[str, ...]) -> list[str]:
    """LightGBM refuses some characters in feature names; the metadata keeps the real ones."""
    return [f"f{i}" for i in range(len(names))]


def train_from_files(labels: Path, scan: Path, out: Path, seed: int = 0) -> TrainingReport:
    """Train on labels joined to a scan's signals, and save the model folder to ``out``."""
    signals, y = read_training_set(labels, scan)
    report = train_model(signals, y, seed=seed)
    report.model.save(out)
    return report
