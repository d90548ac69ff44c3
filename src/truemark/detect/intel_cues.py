"""Counterfeit cue terms from alliance intel (``truemark intel bank --kind cue_term``): read the
bank file and add its terms to the cue lexicon, folded like the packaged cues, each with whose
intelligence it is, so a listing caught by one says so in ``text.cue_source``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from truemark.detect.lexicon import Lexicon, fold_each
from truemark.errors import ValidationError
from truemark.io.bank_files import blank, read_bank_file, row_problems

CUE_TERM_COLUMNS = ("term", "provenance")


def load_cue_terms(path: Path) -> pl.DataFrame:
    """Columns ``term`` and ``provenance`` of a cue-terms file (``.csv``, ``.jsonl``, ``.parquet``).

    InputError for a missing file or column; ValidationError naming every row without a term or
    without a provenance (a cue from intel must say whose it is).
    """
    table = read_bank_file(path, "cue-terms", CUE_TERM_COLUMNS)
    ValidationError.raise_if_any(
        problem
        for column in CUE_TERM_COLUMNS
        for problem in row_problems(path, blank(table[column]), f"no {column}", column)
    )
    return table


def with_intel_cues(words: Lexicon, cues: pl.DataFrame) -> Lexicon:
    """``words`` with the cue terms of ``cues`` (term, provenance) added after the packaged ones.

    Terms are folded exactly as the packaged cues are; a term that folds to a cue already in the
    lexicon adds nothing (the first provenance of a repeated term is kept).
    """
    terms = cues["term"].to_list()
    folded = fold_each(terms)
    known = set(words.cues)
    added: dict[str, tuple[str, str]] = {}
    for fold, term, source in zip(folded, terms, cues["provenance"].to_list(), strict=True):
        if fold and fold not in known and fold not in added:
            added[fold] = (" ".join(term.lower().split()), source)
    return replace(
        words,
        cues=(*words.cues, *added),
        cue_labels=(*words.cue_labels, *(label for label, _ in added.values())),
        cue_sources=(*words.cue_sources, *(source for _, source in added.values())),
    )


def load_lexicon_with(path: Path | None, words: Lexicon) -> Lexicon:
    """The lexicon the text detector runs with: ``words``, plus the cue terms of ``path``."""
    return words if path is None else with_intel_cues(words, load_cue_terms(path))
