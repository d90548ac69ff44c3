"""The learned model of a policy: features from signals, training, calibration, explanations."""

from truemark.policy.model.learned import LearnedModel, load_model
from truemark.policy.model.training import TrainingReport, train_from_files, train_model

__all__ = ["LearnedModel", "TrainingReport", "load_model", "train_from_files", "train_model"]
