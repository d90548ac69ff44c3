"""Errors of the workflow that are neither missing records nor refused permissions."""

from __future__ import annotations

from truemark.errors import TruemarkError


class StateConflict(TruemarkError):
    """The record is not in a state that allows this (decided already, deadline passed, ...)."""


class NotAuthenticated(TruemarkError):
    """No valid credentials were presented."""
