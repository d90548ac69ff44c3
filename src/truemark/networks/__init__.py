"""Racket detection: link seller accounts run by the same operation, cluster and score them."""
