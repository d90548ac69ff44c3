"""Indexes that detectors query: the brand-mark automaton and the image hash index."""
