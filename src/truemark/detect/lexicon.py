"""The text detector's word lists, kept as data: cues, legit mentions, categories, dictionaries.

Lexicons ship as YAML in ``truemark/detect/data``; ordinary words come from the word-frequency
dictionaries of ``pyspellchecker``. Everything is read once per process and folded the same
way as listing texts.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import orjson
import polars as pl
from ruamel.yaml import YAML

from truemark.cache import cached
from truemark.detect.normalize import fold_column

DICTIONARY_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl")
COMMON_WORDS_PER_LANGUAGE = 15_000
"""A brand term among a language's this many most frequent words is ambiguous ("coach")."""
KNOWN_WORDS_PER_LANGUAGE = 60_000
"""Tokens among a language's this many most frequent words are never fuzzy-matched to a brand."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Folded terms by role; ``categories`` maps a catalog category to its product words."""

    cues: tuple[str, ...]
    cue_labels: tuple[str, ...]
    """Each cue as the lexicon writes it (lower case), for reviewers: "реплика", not its fold."""
    cue_sources: tuple[str | None, ...]
    """Whose intelligence each cue is (``intel:<origin>:<item>``); None for the packaged cues."""
    mention_before: tuple[str, ...]
    mention_after: tuple[str, ...]
    condition: tuple[str, ...]
    condition_title: tuple[str, ...]
    provenance: tuple[str, ...]
    not_cues: tuple[str, ...]
    """Phrases in which a cue word is innocent ("aaa batteries"): a cue inside one is dropped."""
    categories: Mapping[str, tuple[str, ...]]
    common_words: frozenset[str]
    known_words: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The packaged lexicons, folded (read once per process, kept in the build cache:
    reading the dictionaries takes ~1 s)."""
    return cached("lexicon", b"", _read_lexicon, code=__name__)


def _read_lexicon() -> Lexicon:
    cues, legit, categories = (_data(name) for name in ("cues", "legit", "categories"))
    common, known = _dictionary_words()
    cue_folds = fold_terms(_flatten(cues))
    labels = {fold_terms([term])[0]: term.lower() for term in reversed(_flatten(cues))}
    return Lexicon(
        cues=cue_folds,
        cue_labels=tuple(labels[term] for term in cue_folds),
        cue_sources=(None,) * len(cue_folds),
        mention_before=fold_terms(_flatten(legit["mention"]["before"])),
        mention_after=fold_terms(_flatten(legit["mention"]["after"])),
        condition=fold_terms(_flatten(legit["condition"])),
        condition_title=fold_terms(_flatten(legit["condition_title"])),
        provenance=fold_terms(_flatten(legit["provenance"])),
        not_cues=fold_terms(_flatten(legit["not_cue"])),
        categories={key.lower(): fold_terms(words) for key, words in categories.items()},
        common_words=common,
        known_words=known,
    )


def fold_each(terms: list[str]) -> list[str]:
    """Each term folded like texts, blanks squeezed (aligned with ``terms``; a blank one empty)."""
    folded = fold_column(pl.Series(terms, dtype=pl.String)).to_list()
    return [" ".join(term.split()) for term in folded]


def fold_terms(terms: list[str]) -> tuple[str, ...]:
    """Terms folded like texts, blanks squeezed, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(term for term in fold_each(terms) if term))


def _data(name: str) -> Any:
    text = (resources.files("truemark.detect") / "data" / f"{name}.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


def _flatten(entry: Any) -> list[str]:
    """All strings of a list, or of a mapping of language -> list."""
    if isinstance(entry, Mapping):
        return [str(term) for terms in entry.values() for term in terms]
    return [str(term) for term in entry]


def _dictionary_words() -> tuple[frozenset[str], frozenset[str]]:
    """(common words, known words) of the dictionary languages, most frequent first."""
    common: set[str] = set()
    known: set[str] = set()
    for language in DICTIONARY_LANGUAGES:
        packed = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
        counts: dict[str, int] = orjson.loads(gzip.decompress(packed.read_bytes()))
        words = list(counts)
        frequency = np.fromiter(counts.values(), dtype=np.int64, count=len(words))
        ranked = np.argsort(-frequency, kind="stable")  # ties in file order, like sorted()
        common.update(words[i] for i in ranked[:COMMON_WORDS_PER_LANGUAGE])
        known.update(words[i] for i in ranked[:KNOWN_WORDS_PER_LANGUAGE])
    return frozenset(common), frozenset(known)
