"""The audit tests run the CLI the way the evidence tests do."""

from tests.evidence.conftest import Run, run

__all__ = ["Run", "run"]
