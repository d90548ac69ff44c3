"""The data structures detectors query, each built, saved, loaded and queried on its own."""

from truemark.index.marks import MarkIndex, MarkKind, MarkMatches, MarkPattern

__all__ = ["MarkIndex", "MarkKind", "MarkMatches", "MarkPattern"]
