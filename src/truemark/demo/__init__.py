"""`make demo`: a simulated marketplace, scanned, linked, loaded, with demo logins."""

from truemark.demo.prepare import DEMO_LOGINS, prepare_demo

__all__ = ["DEMO_LOGINS", "prepare_demo"]
