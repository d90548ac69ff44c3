"""The padded tree walk reaches the leaf LightGBM's own ``pred_leaf`` reaches, for every row."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pytest

from truemark.policy.model.explain import leaf_attribution
from truemark.policy.model.learned import DEFAULT_MODEL_DIR, load_model
from truemark.policy.model.trees import (
    DEEPEST,
    ZERO_THRESHOLD,
    PaddedTrees,
    exact_thresholds,
    padded_trees,
)
from truemark.policy.model.trees import leaves as tree_leaves

HUGE = np.finfo(np.float64).max
TRICKY = np.array(
    [0.0, -0.0, np.nan, np.inf, -np.inf, 5e-36, -5e-36, 1e-300, ZERO_THRESHOLD, 1e301, -HUGE]
)


def booster(
    seed: int, categorical: tuple[int, ...] = (), **params: object
) -> tuple[lgb.Booster, np.ndarray]:
    """A small booster on features that hold NaNs, zeros and repeated values, and the data."""
    rng = np.random.default_rng(seed)
    rows = 2000
    matrix = np.column_stack(
        [
            rng.normal(size=rows),
            rng.integers(0, 4, rows).astype(float),  # few values: splits between them
            np.where(rng.random(rows) < 0.3, np.nan, rng.normal(size=rows)),
            np.where(rng.random(rows) < 0.4, 0.0, rng.exponential(size=rows)),
            rng.choice([0.0, 1.0], rows),
        ]
    )
    signal = np.nan_to_num(matrix[:, 0] + matrix[:, 1] - 2 * matrix[:, 2] + matrix[:, 3], nan=-1)
    labels = (signal + rng.normal(size=rows) > 0.5).astype(int)
    settings = {"objective": "binary", "verbose": -1, "num_leaves": 15, "seed": seed, **params}
    data = lgb.Dataset(
        matrix, labels, params={"min_data_in_bin": 1}, categorical_feature=list(categorical)
    )
    return lgb.train(settings, data, num_boost_round=12), matrix


def queries(trained: lgb.Booster, matrix: np.ndarray, seed: int) -> np.ndarray:
    """Rows from the data, rows at each threshold and just beside it, and rows of values
    LightGBM reads specially (NaN, ±0, infinities, values within its zero threshold)."""
    rng = np.random.default_rng(seed)
    exact = exact_thresholds(trained.model_to_string())
    thresholds = [
        (node["split_feature"], exact[number][node["split_index"]])
        for number, tree in enumerate(trained.dump_model()["tree_info"])
        for node in _splits(tree["tree_structure"])
    ]
    rows = [matrix[rng.integers(0, len(matrix), 500)]]
    for feature, threshold in thresholds:
        for value in (threshold, np.nextafter(threshold, -np.inf), np.nextafter(threshold, np.inf)):
            row = matrix[rng.integers(0, len(matrix))].copy()
            row[feature] = value
            rows.append(row[None, :])
    special = rng.choice(TRICKY, size=(600, matrix.shape[1]))
    keep = rng.random(special.shape) < 0.5
    rows.append(np.where(keep, special, matrix[rng.integers(0, len(matrix), 600)]))
    return np.asfortranarray(np.vstack(rows))  # column-major, as the feature matrix is


def _splits(node: dict) -> list[dict]:
    if "split_feature" not in node:
        return []
    return [node, *_splits(node["left_child"]), *_splits(node["right_child"])]


def padded(trained: lgb.Booster) -> PaddedTrees | None:
    return padded_trees(trained.dump_model(), exact_thresholds(trained.model_to_string()))


def assert_same_leaves(trained: lgb.Booster, matrix: np.ndarray) -> None:
    dump = trained.dump_model()
    walked = padded(trained)
    assert walked is not None
    offsets = leaf_attribution(dump).offsets
    expected = np.asarray(trained.predict(matrix, pred_leaf=True), dtype=np.int32) + offsets
    np.testing.assert_array_equal(tree_leaves(walked, matrix, offsets), expected)


@pytest.mark.parametrize(
    "params",
    [
        {},  # NaN where the data has NaNs, None elsewhere
        {"zero_as_missing": True},  # missing type Zero
        {"use_missing": False},  # missing type None everywhere: NaN reads as 0.0
        {"max_depth": 2},
        {"linear_tree": True},  # the same splits; only the leaves' values differ
        {"num_leaves": 31, "max_depth": DEEPEST, "min_data_in_leaf": 2},  # deep, uneven
    ],
    ids=["nan", "zero", "none", "shallow", "linear", "deep"],
)
def test_every_row_reaches_the_leaf_lightgbm_gives(params: dict) -> None:
    trained, matrix = booster(seed=3, **params)
    kinds = {node["missing_type"] for tree in trained.dump_model()["tree_info"]
             for node in _splits(tree["tree_structure"])}  # fmt: skip
    if "zero_as_missing" in params:
        assert "Zero" in kinds
    if "use_missing" in params:
        assert kinds == {"None"}
    assert_same_leaves(trained, queries(trained, matrix, seed=4))


def test_trees_of_one_leaf_are_walked_too() -> None:
    trained, matrix = booster(seed=5, min_data_in_leaf=1500)  # no split can keep 1500 a side
    assert {tree["num_leaves"] for tree in trained.dump_model()["tree_info"]} == {1}
    assert_same_leaves(trained, queries(trained, matrix, seed=6))


def test_rows_in_any_layout_and_block_remainders_give_the_same_leaves() -> None:
    trained, matrix = booster(seed=7)
    rows = queries(trained, matrix, seed=8)[:131]  # two blocks of 64 and three rows
    assert_same_leaves(trained, np.ascontiguousarray(rows))
    assert_same_leaves(trained, rows[:1])


def test_models_the_walk_does_not_fit_are_left_to_lightgbm() -> None:
    deep, _ = booster(seed=9, num_leaves=255, max_depth=-1, min_data_in_leaf=1)
    depths = [tree["tree_structure"] for tree in deep.dump_model()["tree_info"]]
    assert max(_deepest(node) for node in depths) > DEEPEST
    assert padded(deep) is None
    categorical, _ = booster(seed=9, categorical=(1,))
    assert padded(categorical) is None


@pytest.mark.parametrize(
    "values",
    [
        np.where(np.arange(400) % 2 == 0, np.nan, np.linspace(-1, 1, 400)),  # NaN or not: inf
        np.where(np.arange(400) % 2 == 0, -np.inf, np.linspace(-1, 1, 400)),  # -HUGE
        np.repeat([1e301, 1e302], 200),  # 5.5e301, beyond what the JSON dump writes
    ],
    ids=["nan-against-numbers", "minus-infinity", "huge"],
)
def test_thresholds_beyond_1e300_are_read_as_the_model_holds_them(values: np.ndarray) -> None:
    labels = (np.isnan(values) | (values < -1e300) | (values > 5e301)).astype(int)
    data = lgb.Dataset(values[:, None], labels, params={"min_data_in_bin": 1})
    settings = {"objective": "binary", "verbose": -1, "min_data_in_leaf": 5}
    trained = lgb.train(settings, data, num_boost_round=3)
    exact = np.concatenate(exact_thresholds(trained.model_to_string()))
    assert np.abs(exact).max() > 1e300  # the dump would have written 1e300
    rows = np.array([np.inf, -np.inf, 1e301, -1e305, 2e300, 1e302, -1e300, np.nan, 0.0, HUGE])
    assert_same_leaves(trained, rows[:, None])


def test_a_row_of_the_wrong_width_is_refused() -> None:
    trained, matrix = booster(seed=11)
    walked = padded(trained)
    assert walked is not None
    offsets = leaf_attribution(trained.dump_model()).offsets
    with pytest.raises(ValueError, match="5 features"):
        tree_leaves(walked, matrix[:, :4], offsets)


def _deepest(node: dict) -> int:
    if "split_feature" not in node:
        return 0
    return 1 + max(_deepest(node["left_child"]), _deepest(node["right_child"]))


def test_the_packaged_model_is_walked_as_lightgbm_walks_it() -> None:
    model = load_model(DEFAULT_MODEL_DIR)
    assert model.trees is not None  # the scan's model takes the fast walk
    rng = np.random.default_rng(12)
    width = len(model.features.names)
    ordinary = rng.choice([0.0, 1.0, 2.0, 5.0, 31.0, 0.05, 0.5, 365.0], size=(3000, width))
    special = rng.choice(TRICKY, size=(3000, width))
    matrix = np.asfortranarray(np.where(rng.random((3000, width)) < 0.3, special, ordinary))
    expected = np.asarray(model.booster.predict(matrix, pred_leaf=True), dtype=np.int32)
    np.testing.assert_array_equal(model.leaves(matrix), expected + model.attribution.offsets)
