"""A trained, calibrated LightGBM model: predict, explain, save and load (text + JSON, no pickle).

A model folder holds ``model.txt`` (LightGBM's own text format) and ``metadata.json`` (format,
version, feature list and one-hot vocabularies, isotonic calibration curve, held-out metrics,
training date and data hash).

A scan scores and explains with the model's trees as numpy tables (:class:`ModelTrees`), read
from the booster once and kept in the build cache: its processes never import LightGBM (and
with it scikit-learn, SciPy and pandas, a second of imports in each process that starts a scan).
The booster itself is made from the model's text where it is asked for (training, exact
contributions, saving).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson
import polars as pl

from truemark.cache import cached
from truemark.errors import InputError
from truemark.policy.model.explain import (
    LeafAttribution,
    leaf_attribution,
    leaf_sums,
    leaf_table_sums,
)
from truemark.policy.model.features import FeatureSpec
from truemark.policy.model.trees import PaddedTrees, exact_thresholds, padded_trees
from truemark.policy.model.trees import leaves as tree_leaves

if TYPE_CHECKING:
    import lightgbm as lgb

FORMAT = "truemark-model/1"
MODEL_FILE = "model.txt"
METADATA_FILE = "metadata.json"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "default_model"


@dataclass(frozen=True)
class ModelTrees:
    """What scoring and explaining read from a booster: its text (``model_to_string``), its
    feature count, its leaf tables and its trees padded for the numba walk."""

    text: str
    feature_count: int
    attribution: LeafAttribution
    padded: PaddedTrees | None

    @classmethod
    def of(cls, booster: lgb.Booster) -> ModelTrees:
        text = booster.model_to_string()
        dump = booster.dump_model()
        padded = padded_trees(dump, exact_thresholds(text))
        return cls(text, booster.num_feature(), leaf_attribution(dump), padded)


class LearnedModel:
    """LightGBM booster + feature spec + isotonic curve mapping its scores to probabilities."""

    def __init__(
        self,
        booster: lgb.Booster | ModelTrees,
        features: FeatureSpec,
        curve_x: np.ndarray,
        curve_y: np.ndarray,
        metadata: dict[str, Any],
    ) -> None:
        """``booster``: a trained booster, or the trees of one (:func:`load_model`)."""
        self.model = booster if isinstance(booster, ModelTrees) else ModelTrees.of(booster)
        self._booster = None if isinstance(booster, ModelTrees) else booster
        self.features = features
        self.curve_x = curve_x
        self.curve_y = curve_y
        self.metadata = metadata

    @property
    def attribution(self) -> LeafAttribution:
        """The booster's leaf tables (:class:`ModelTrees`)."""
        return self.model.attribution

    @property
    def trees(self) -> PaddedTrees | None:
        """The booster's trees padded for the numba walk, None where they cannot be."""
        return self.model.padded

    @property
    def booster(self) -> lgb.Booster:
        """The LightGBM booster, made from the model's text the first time it is asked for."""
        if self._booster is None:
            import lightgbm as lgb  # only where a booster is needed

            self._booster = lgb.Booster(model_str=self.model.text)
        return self._booster

    def __getstate__(self) -> dict[str, Any]:
        """Sent to another process without the booster (its text travels; see ``booster``)."""
        return {**self.__dict__, "_booster": None}

    @property
    def version(self) -> str:
        """The model's version string (training date and data hash)."""
        return str(self.metadata.get("version", "unknown"))

    @property
    def digest(self) -> str:
        """SHA-256 of the model text and its calibration: changes whenever predictions can."""
        payload = self.model.text.encode() + self.curve_x.tobytes()
        return hashlib.sha256(payload + self.curve_y.tobytes()).hexdigest()

    def matrix(self, signals: pl.DataFrame) -> np.ndarray:
        """Feature matrix (column-major, float64) of a conformed signal frame."""
        return self.features.matrix(signals)

    def leaves(self, matrix: np.ndarray) -> np.ndarray:
        """(rows x trees) int32: the leaf each row reaches in every tree, as its row in the
        leaf tables (``attribution.offsets[tree] + leaf``)."""
        if matrix.shape[0] == 0 or self.attribution.values.size == 0:
            return np.zeros((matrix.shape[0], 0), dtype=np.int32)
        if self.trees is not None:
            return tree_leaves(self.trees, matrix, self.attribution.offsets)
        leaves = np.asarray(self.booster.predict(matrix, pred_leaf=True), dtype=np.int32)
        return leaves.reshape(matrix.shape[0], -1) + self.attribution.offsets

    def probability(self, matrix: np.ndarray) -> np.ndarray:
        """Calibrated counterfeit probability per row of a feature matrix."""
        if matrix.shape[0] == 0:
            return np.zeros(0)
        return self._calibrated(np.asarray(self.booster.predict(matrix), dtype=np.float64))

    def probability_of(self, leaves: np.ndarray) -> np.ndarray:
        """The same probability from :meth:`leaves`, which the explanation needs anyway."""
        raw = leaf_sums(leaves, self.attribution.values)
        return self._calibrated(1.0 / (1.0 + np.exp(-raw)))

    def _calibrated(self, score: np.ndarray) -> np.ndarray:
        return np.interp(score, self.curve_x, self.curve_y)

    def contributions(self, leaves: np.ndarray, grouping: np.ndarray) -> np.ndarray:
        """Per-group contributions (log-odds) per row; ``grouping`` is (features x groups) 0/1.

        Path attribution over leaf tables (see :mod:`.explain`): a sum of table rows per
        listing, so it keeps pace with the scan.
        """
        return leaf_table_sums(leaves, self.attribution.table @ grouping)

    def exact_contributions(self, matrix: np.ndarray) -> np.ndarray:
        """LightGBM's exact TreeSHAP (``pred_contrib``) per feature, bias dropped; slow."""
        if matrix.shape[0] == 0:
            return np.zeros((0, len(self.features.names)))
        values = np.asarray(self.booster.predict(matrix, pred_contrib=True), dtype=np.float64)
        return values[:, :-1]

    def save(self, folder: Path) -> None:
        """Write ``model.txt`` and ``metadata.json`` into ``folder`` (created if needed)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(folder / MODEL_FILE))
        metadata = {
            **self.metadata,
            "format": FORMAT,
            "features": list(self.features.names),
            "categories": {k: list(v) for k, v in self.features.categories.items()},
            "calibration": {"x": self.curve_x.tolist(), "y": self.curve_y.tolist()},
        }
        options = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
        (folder / METADATA_FILE).write_bytes(orjson.dumps(metadata, option=options))


def resolve_model_dir(path: str, relative_to: Path) -> Path:
    """``default`` → the packaged model; otherwise a folder, relative to the policy file."""
    if path == "default":
        return DEFAULT_MODEL_DIR
    folder = Path(path).expanduser()
    return folder if folder.is_absolute() else relative_to / folder


def load_model(folder: Path) -> LearnedModel:
    """Load a model folder written by :meth:`LearnedModel.save`; InputError when it is not one.
    The booster's trees are read once per model text and kept in the build cache."""
    model_file, metadata_file = folder / MODEL_FILE, folder / METADATA_FILE
    for needed in (model_file, metadata_file):
        if not needed.is_file():
            raise InputError(f"{folder}: not a truemark model folder ({needed.name} is missing)")
    try:
        metadata = orjson.loads(metadata_file.read_bytes())
        features = FeatureSpec(
            tuple(metadata["features"]),
            {k: tuple(v) for k, v in metadata.get("categories", {}).items()},
        )
        curve = metadata["calibration"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"{folder}: unreadable model ({exc})") from None
    trees = cached(
        "lightgbm-trees", model_file.read_bytes(), lambda: _trees_of(folder), code=__name__
    )
    if metadata.get("format") != FORMAT:
        raise InputError(f"{metadata_file}: format {metadata.get('format')!r}, expected {FORMAT}")
    if trees.feature_count != len(features.names):
        raise InputError(f"{folder}: model.txt and metadata.json disagree on the feature count")
    xs, ys = np.asarray(curve["x"], dtype=np.float64), np.asarray(curve["y"], dtype=np.float64)
    return LearnedModel(trees, features, xs, ys, metadata)


def _trees_of(folder: Path) -> ModelTrees:
    import lightgbm as lgb  # only when the build cache lacks these trees

    try:
        return ModelTrees.of(lgb.Booster(model_file=str(folder / MODEL_FILE)))
    except lgb.basic.LightGBMError as exc:
        raise InputError(f"{folder}: unreadable model ({exc})") from None
