"""A LightGBM model's trees, padded to one depth, and a numba walk: the leaf each row reaches.

LightGBM's ``predict(pred_leaf=True)`` turns each row of a dense matrix into (feature, value)
pairs before it walks the trees, which costs more than the walk. Here every tree is padded
into a complete binary tree of the model's depth (a leaf above the bottom becomes splits that
always go left, with the leaf below both sides), so that a walk takes the same steps for every
row and decides each without a branch, over blocks of rows at a time. Each numerical split
decides as LightGBM's ``Tree::NumericalDecision`` does, after LightGBM's reading of a dense row:

- a value within ``ZERO_THRESHOLD`` of zero reads as 0.0;
- a NaN reads as 0.0 unless the split's missing type is ``NaN``;
- missing type ``Zero``: a 0.0 takes the split's default side; missing type ``NaN``: a NaN;
- otherwise a value above the threshold goes right.

Thresholds come from the model's text, which keeps every digit and infinities; the JSON dump
writes any beyond ±1e300 as ±1e300 (LightGBM's ``AvoidInf``), and a split of NaN against every
number has the threshold +inf. :func:`padded_trees` returns None for a model this walk does not
fit (categorical splits, a tree deeper than ``DEEPEST``); its leaves then come from LightGBM.
Linear trees are walked like any other: only their leaves' values differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numba as nb
import numpy as np

ZERO_THRESHOLD = float(np.float32(1e-35))  # LightGBM's kZeroThreshold, a float 1e-35
DEEPEST = 10
"""Depth beyond which padding would cost more than it saves (1,023 splits a tree)."""
BLOCK = 64
"""Rows walked together: their features (row-major) stay in the first-level cache."""
_MISSING = ("None", "Zero", "NaN")  # LightGBM's missing types
NAN_RIGHT, ZERO_DEFAULT, DEFAULT_RIGHT = 1, 2, 4
"""Bits of a split's flags: one load in the walk instead of three."""


@dataclass(frozen=True)
class PaddedTrees:
    """Splits of each tree in heap order (the children of split ``i`` are ``2i + 1`` and
    ``2i + 2``), (trees x splits): the feature compared, its threshold, and its ``flags``
    (uint8 bits): ``NAN_RIGHT`` where a NaN goes right (the default side, or, where the missing
    type is None, the side of 0.0), ``ZERO_DEFAULT`` where a 0.0 takes the default side
    (missing type Zero), ``DEFAULT_RIGHT`` where that side is the right. ``leaf`` maps each
    bottom position to the tree's leaf; ``features`` is the width of a row."""

    features: int
    feature: np.ndarray
    threshold: np.ndarray
    flags: np.ndarray
    leaf: np.ndarray

    @property
    def depth(self) -> int:
        return int(self.leaf.shape[1]).bit_length() - 1


def padded_trees(dump: dict[str, Any], thresholds: list[np.ndarray]) -> PaddedTrees | None:
    """The trees of ``Booster.dump_model()`` with each tree's ``thresholds`` by split index
    (:func:`exact_thresholds`), or None when the walk does not fit them."""
    trees = dump["tree_info"]
    roots = [tree["tree_structure"] for tree in trees]
    if len(thresholds) != len(trees) or not all(map(_numerical, roots)):
        return None
    depth = max([1, *map(_depth, roots)])
    if depth > DEEPEST:
        return None
    splits, bottom = (1 << depth) - 1, 1 << depth
    padded = PaddedTrees(
        features=int(dump["max_feature_idx"]) + 1,
        feature=np.zeros((len(trees), splits), dtype=np.int32),
        threshold=np.full((len(trees), splits), np.inf),
        flags=np.zeros((len(trees), splits), dtype=np.uint8),
        leaf=np.zeros((len(trees), bottom), dtype=np.int32),
    )
    for number, root in enumerate(roots):
        _place(padded, number, root, 0, splits, thresholds[number])
    return padded


def exact_thresholds(model_text: str) -> list[np.ndarray]:
    """Each tree's split thresholds, by split index, from LightGBM's model text (``threshold=``
    of every ``Tree=`` section: all digits, infinities as ``inf``)."""
    trees: list[np.ndarray] = []
    for line in model_text.splitlines():
        if line.startswith("Tree="):
            trees.append(np.zeros(0))
        elif line.startswith("threshold=") and trees:
            trees[-1] = np.array(line.removeprefix("threshold=").split(), dtype=np.float64)
        elif line == "end of trees":
            break
    return trees


def _numerical(node: dict[str, Any]) -> bool:
    """Whether every split at and below ``node`` compares a number with a threshold."""
    if "split_feature" not in node:
        return True
    if node.get("decision_type") != "<=" or node.get("missing_type") not in _MISSING:
        return False
    return _numerical(node["left_child"]) and _numerical(node["right_child"])


def _depth(node: dict[str, Any]) -> int:
    """Splits on the longest path down from ``node``."""
    if "split_feature" not in node:
        return 0
    return 1 + max(_depth(node["left_child"]), _depth(node["right_child"]))


def _place(
    padded: PaddedTrees,
    tree: int,
    node: dict[str, Any],
    at: int,
    splits: int,
    thresholds: np.ndarray,
) -> None:
    """Write ``node`` at heap position ``at`` of ``tree``, and everything below it."""
    if at >= splits:  # the bottom
        padded.leaf[tree, at - splits] = int(node.get("leaf_index", 0))
        return
    below = (2 * at + 1, 2 * at + 2)
    if "split_feature" not in node:  # a leaf above the bottom: on both sides, down to it
        for child in below:
            _place(padded, tree, node, child, splits, thresholds)
        return
    threshold, missing = float(thresholds[int(node["split_index"])]), node["missing_type"]
    default_right = not node["default_left"]
    padded.feature[tree, at] = int(node["split_feature"])
    padded.threshold[tree, at] = threshold
    nan_right = default_right if missing != "None" else threshold < 0.0
    padded.flags[tree, at] = (
        NAN_RIGHT * nan_right + ZERO_DEFAULT * (missing == "Zero") + DEFAULT_RIGHT * default_right
    )
    for child, side in zip(below, (node["left_child"], node["right_child"]), strict=True):
        _place(padded, tree, side, child, splits, thresholds)


def leaves(trees: PaddedTrees, matrix: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(rows x trees) int32: ``offsets[tree]`` plus the leaf each row of ``matrix`` (one column
    per feature, read as float64) reaches in the tree."""
    if matrix.ndim != 2 or matrix.shape[1] != trees.features:
        raise ValueError(f"the model reads rows of {trees.features} features, not {matrix.shape}")
    return _walk(
        matrix.astype(np.float64, copy=False),
        trees.feature,
        trees.threshold,
        trees.flags,
        trees.leaf,
        offsets,
        trees.depth,
    )


@nb.njit(cache=True)
def _walk(
    matrix: np.ndarray,
    feature: np.ndarray,
    threshold: np.ndarray,
    flags: np.ndarray,
    leaf: np.ndarray,
    offsets: np.ndarray,
    depth: int,
) -> np.ndarray:
    rows, features = matrix.shape
    trees, splits = feature.shape
    out = np.empty((rows, trees), dtype=np.int32)
    block = np.empty((BLOCK, features))
    at = np.empty(BLOCK, dtype=np.int64)
    for start in range(0, rows, BLOCK):
        count = min(BLOCK, rows - start)
        for row in range(count):
            for column in range(features):
                value = matrix[start + row, column]
                block[row, column] = 0.0 if abs(value) <= ZERO_THRESHOLD else value
        for tree in range(trees):
            compared, above, flagged = feature[tree], threshold[tree], flags[tree]
            at[:count] = 0
            for _ in range(depth):  # one level for every row of the block, then the next
                for row in range(count):
                    split = at[row]
                    value = block[row, compared[split]]
                    bits = flagged[split]
                    right = value > above[split]
                    if value != value:  # NaN
                        right = (bits & NAN_RIGHT) != 0
                    if (bits & ZERO_DEFAULT) != 0 and value == 0.0:
                        right = (bits & DEFAULT_RIGHT) != 0
                    at[row] = 2 * split + 1 + right
            first, bottom = offsets[tree], leaf[tree]
            for row in range(count):
                out[start + row, tree] = first + bottom[at[row] - splits]
    return out
