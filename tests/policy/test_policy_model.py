"""The learned model: train on signals whose label depends on them, calibrate, save, load, explain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sparse

from truemark.errors import InputError, ValidationError
from truemark.policy import load_policy
from truemark.policy.model import TrainingReport, load_model, train_model
from truemark.policy.model.dataset import read_training_set
from truemark.policy.model.explain import leaf_sums, leaf_table_sums
from truemark.policy.signals import conform


def synthetic_signals(rows: int, seed: int) -> tuple[pl.DataFrame, np.ndarray]:
    """Random signals and labels drawn from a known logistic function of them."""
    rng = np.random.default_rng(seed)
    cues = rng.poisson(0.3, rows)
    ratio = rng.uniform(0.01, 1.2, rows)
    fake = rng.random(rows) < 0.05
    authorized = rng.random(rows) < 0.2
    kind = rng.choice(["exact", "alias", "fuzzy"], rows)
    logit = -1.5 + 2.5 * (cues > 0) + 3.0 * (ratio < 0.25) + 5.0 * fake - 3.0 * authorized
    labels = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    frame = pl.DataFrame(
        {
            "text.brand_id": np.where(rng.random(rows) < 0.9, "gucci", None),
            "text.mark_kind": kind,
            "text.cue_count": cues,
            "price.ratio": ratio,
            "image.known_fake": fake,
            "seller.authorized": authorized,
            "seller.account_age_days": rng.integers(0, 2000, rows),  # noise: no effect
        }
    )
    return conform(frame), labels


@pytest.fixture(scope="module")
def trained() -> TrainingReport:
    signals, labels = synthetic_signals(3000, seed=1)
    return train_model(signals, labels, seed=0)


def test_the_model_beats_chance_on_the_held_out_split(trained: TrainingReport) -> None:
    assert trained.metrics["roc_auc"] > 0.8
    assert trained.metrics["pr_auc"] > trained.metrics["positive_rate"] + 0.2
    assert trained.metrics["f1"] > 0.5
    assert trained.metrics["n_test"] == 600


def test_probabilities_are_calibrated_on_fresh_data(trained: TrainingReport) -> None:
    signals, labels = synthetic_signals(4000, seed=7)
    probability = trained.model.probability(trained.model.matrix(signals))
    assert np.all((probability >= 0) & (probability <= 1))
    assert abs(probability.mean() - labels.mean()) < 0.05
    assert probability[labels == 1].mean() > probability[labels == 0].mean() + 0.3


def test_save_and_load_round_trip_without_pickle(trained: TrainingReport, tmp_path: Path) -> None:
    trained.model.save(tmp_path / "model")
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["metadata.json", "model.txt"]
    metadata = json.loads((tmp_path / "model" / "metadata.json").read_text())
    assert metadata["features"] == list(trained.model.features.names)
    assert metadata["categories"]["text.mark_kind"] == ["alias", "exact", "fuzzy"]
    assert set(metadata["metrics"]) >= {"roc_auc", "pr_auc", "f1"}
    assert len(metadata["data_sha256"]) == 64
    loaded = load_model(tmp_path / "model")
    signals, _ = synthetic_signals(500, seed=3)
    before = trained.model.probability(trained.model.matrix(signals))
    after = loaded.probability(loaded.matrix(signals))
    np.testing.assert_allclose(after, before)
    assert loaded.digest == trained.model.digest


def test_a_folder_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"model\.txt is missing"):
        load_model(tmp_path)


def test_too_few_labels_of_one_class_is_an_error() -> None:
    signals, _ = synthetic_signals(100, seed=2)
    with pytest.raises(InputError, match="each class"):
        train_model(signals, np.zeros(100, dtype=np.int8))


POLICY = """\
version: "1"
name: with-model
thresholds: {{counterfeit: 0.8, suspect: 0.5}}
model: {{path: {path}, weight: 1.0, explain: {explain}}}
rules:
  - name: known_fake
    when: image.known_fake
    effect: {{risk_at_least: 0.97}}
    reason: image.known_fake
"""


def _policy_with_model(trained: TrainingReport, tmp_path: Path, explain: str = "all"):  # type: ignore[no-untyped-def]
    trained.model.save(tmp_path / "model")
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY.format(path="model", explain=explain))
    return load_policy(path)


def test_model_reasons_follow_the_contributions(trained: TrainingReport, tmp_path: Path) -> None:
    policy = _policy_with_model(trained, tmp_path)
    listings = pl.DataFrame(
        {
            "text.brand_id": ["gucci", "gucci", "gucci"],
            "text.cue_count": [3, 0, 0],
            "price.ratio": [0.9, 0.05, 0.9],
            "image.known_fake": [False, False, True],
            "seller.authorized": [False, False, False],
        }
    )
    decided = policy.decide(listings)
    reasons = decided.get_column("reasons").to_list()
    assert reasons[0][0] == "text.counterfeit_cue"
    assert reasons[1][0] == "price.below_msrp"
    assert reasons[2][0] == "image.known_fake"
    assert decided.get_column("risk")[2] >= 0.97
    assert policy.version.startswith("with-model@1+")


def test_flagged_mode_explains_only_flagged_listings(
    trained: TrainingReport, tmp_path: Path
) -> None:
    policy = _policy_with_model(trained, tmp_path, explain="flagged")
    signals, _ = synthetic_signals(300, seed=5)
    decided = policy.decide(signals)
    clear = decided.filter(pl.col("verdict") == "clear")
    flagged = decided.filter(pl.col("verdict") != "clear")
    assert clear.height > 0
    assert flagged.height > 0
    assert clear.get_column("reasons").list.len().max() == 0
    assert flagged.get_column("reasons").list.len().min() >= 1


def test_training_set_from_scan_results(tmp_path: Path) -> None:
    signals = [
        {"text.cue_count": 1, "price.ratio": 0.1},
        {"text": {"cue_count": 0}, "price": {"ratio": 0.9}},
        {"text.cue_count": 2},
    ]
    scan = pl.DataFrame(
        {"listing_id": ["a", "b", "c"], "signals": [json.dumps(s) for s in signals]}
    )
    scan.write_parquet(tmp_path / "results.parquet")
    (tmp_path / "labels.csv").write_text(
        "listing_id,label\nc,counterfeit\na,counterfeit\nb,genuine\nz,genuine\n"
    )
    frame, labels = read_training_set(tmp_path / "labels.csv", tmp_path / "results.parquet")
    assert labels.tolist() == [1, 0, 1]
    assert frame.get_column("text.cue_count").to_list() == [1, 0, 2]
    assert frame.get_column("price.ratio").to_list() == [0.1, 0.9, None]


def test_bad_labels_are_reported_by_row(tmp_path: Path) -> None:
    pl.DataFrame({"listing_id": ["a"], "signals": ["{}"]}).write_parquet(tmp_path / "r.parquet")
    (tmp_path / "labels.csv").write_text("listing_id,label\na,counterfeit\nb,fake\n")
    with pytest.raises(ValidationError) as caught:
        read_training_set(tmp_path / "labels.csv", tmp_path / "r.parquet")
    (problem,) = caught.value.problems
    assert problem.where == "row 2"
    assert problem.field == "label"


def test_path_contributions_add_up_and_agree_with_treeshap(trained: TrainingReport) -> None:
    model = trained.model
    signals, _ = synthetic_signals(2000, seed=11)
    matrix = model.matrix(signals)
    identity = np.eye(len(model.features.names))
    leaves = model.leaves(matrix)
    fast = model.contributions(leaves, identity)
    raw = np.asarray(model.booster.predict(matrix, raw_score=True))
    probability = np.asarray(model.booster.predict(matrix))
    np.testing.assert_allclose(
        model.probability_of(leaves), np.interp(probability, model.curve_x, model.curve_y)
    )
    np.testing.assert_allclose(model.attribution.expected + fast.sum(axis=1), raw, atol=1e-9)
    exact = model.exact_contributions(matrix)
    pushed = exact.max(axis=1) > 0.5  # listings with a clear main reason
    agree = np.argmax(fast[pushed], axis=1) == np.argmax(exact[pushed], axis=1)
    assert agree.mean() > 0.9


def test_a_policy_with_a_model_can_be_sent_to_worker_processes(
    trained: TrainingReport, tmp_path: Path
) -> None:
    import pickle

    policy = _policy_with_model(trained, tmp_path)
    signals, _ = synthetic_signals(200, seed=4)
    copy = pickle.loads(pickle.dumps(policy))
    assert copy.decide(signals).equals(policy.decide(signals))


def test_rules_can_weigh_the_model_probability(trained: TrainingReport, tmp_path: Path) -> None:
    trained.model.save(tmp_path / "model")
    rules = """\
rules:
  - name: rules_only
    when: "!has(model.probability) && text.cue_count > 0"
    effect: {add_risk: 0.5}
    reason: text.counterfeit_cue
  - name: model_is_sure
    when: model.probability > 0.9
    effect: {verdict: counterfeit}
    reason: model.confident
"""
    (tmp_path / "with.yaml").write_text(
        POLICY.format(path="model", explain="all").split("rules:")[0] + rules
    )
    (tmp_path / "without.yaml").write_text(
        POLICY.format(path="none", explain="all").split("rules:")[0] + rules
    )
    listings = pl.DataFrame(
        {"text.cue_count": [3], "image.known_fake": [True], "model.probability": [0.0]}
    )
    with_model = load_policy(tmp_path / "with.yaml").decide(listings)
    without = load_policy(tmp_path / "without.yaml").decide(listings)
    assert with_model.get_column("reasons")[0][0] == "model.confident"  # input column ignored
    model = trained.model
    probability = model.probability(model.matrix(conform(listings)))[0]
    assert with_model.get_column("risk")[0] == pytest.approx(probability)  # rules_only: no add
    assert without.get_column("reasons").to_list() == [["text.counterfeit_cue"]]
    assert without.get_column("risk")[0] == pytest.approx(0.5)


def test_leaf_sums_add_in_tree_order_as_a_sparse_product_does() -> None:
    """The score and contributions are the same floats a 0/1 leaf matrix times the tables
    gives (scipy adds each row's entries in order), so results do not move by a bit."""
    rng = np.random.default_rng(3)
    offsets = np.arange(0, 40 * 15, 15, dtype=np.int32)
    columns = rng.integers(0, 15, (500, 40), dtype=np.int32) + offsets
    values, table = rng.normal(size=600) * 1e3, rng.normal(size=(600, 7))
    visited = sparse.csr_matrix(
        (np.ones(columns.size), columns.ravel(), np.arange(0, columns.size + 1, 40)),
        shape=(500, 600),
    )
    np.testing.assert_array_equal(leaf_sums(columns, values), visited @ values)
    np.testing.assert_array_equal(leaf_table_sums(columns, table), visited @ table)


def test_a_model_travels_without_its_booster(trained: TrainingReport) -> None:
    """A pickled model carries its trees and text, not the LightGBM booster; the copy scores
    the same and makes its booster again from the text when asked."""
    import pickle

    copy = pickle.loads(pickle.dumps(trained.model))
    assert copy._booster is None
    signals, _ = synthetic_signals(300, seed=5)
    matrix = trained.model.matrix(signals)
    np.testing.assert_array_equal(copy.leaves(matrix), trained.model.leaves(matrix))
    np.testing.assert_allclose(copy.probability(matrix), trained.model.probability(matrix))
    assert copy.digest == trained.model.digest


_SCAN_IMPORTS = """
import sys
from truemark.policy.model.learned import DEFAULT_MODEL_DIR, load_model
import truemark.scan.engine, truemark.scan.pool
model = load_model(DEFAULT_MODEL_DIR)
print(model.trees is not None, sorted(m for m in ("lightgbm", "sklearn") if m in sys.modules))
"""


def test_a_scan_loads_the_model_without_importing_lightgbm(tmp_path: Path) -> None:
    """The model's trees are read from the booster once and kept in the build cache: the
    second process to load the model imports neither LightGBM nor scikit-learn."""
    environment = {**os.environ, "TRUEMARK_CACHE_DIR": str(tmp_path), "TRUEMARK_BUILD_CACHE": "1"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _SCAN_IMPORTS],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True ['lightgbm', 'sklearn']", "True []"]
