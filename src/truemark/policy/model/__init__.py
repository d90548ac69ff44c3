"""The learned model of a policy: features from signals, training, calibration, explanations.

Its names are imported when first used (PEP 562): a scan reads the model's features and trees
and never imports training, which imports LightGBM and scikit-learn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truemark.policy.model.learned import LearnedModel, load_model
    from truemark.policy.model.training import TrainingReport, train_from_files, train_model

_HOMES = {
    "LearnedModel": "learned",
    "load_model": "learned",
    "TrainingReport": "training",
    "train_from_files": "training",
    "train_model": "training",
}

__all__ = ["LearnedModel", "TrainingReport", "load_model", "train_from_files", "train_model"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
