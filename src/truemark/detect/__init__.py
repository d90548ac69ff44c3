"""Detectors: small plugins that turn a batch of listings into signal columns and reason codes."""
