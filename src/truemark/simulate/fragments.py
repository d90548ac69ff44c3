"""Word pools grouped by key (language, category, brand), drawn from for whole columns at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl


class Pool:
    """Strings grouped by an integer group number; ``pick`` draws one string per row of a group."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        lengths = np.array([len(g) for g in groups], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.lengths = lengths
        flat = [str(word) for group in groups for word in group]
        self._null = len(flat)
        self.values = pl.Series([*flat, None], dtype=pl.String)

    def pick(
        self, rng: np.random.Generator, group: np.ndarray, present: np.ndarray | None = None
    ) -> pl.Series:
        """One string of ``group[i]`` per row; null where ``present`` is false or none exist."""
        lengths = self.lengths[group]
        index = self.offsets[group] + (rng.random(len(group)) * lengths).astype(np.int64)
        missing = lengths == 0
        if present is not None:
            missing |= ~present
        return self.values.gather(np.where(missing, self._null, index))


def by_language_groups(
    section: Mapping[str, Sequence[str]], languages: Sequence[str]
) -> list[list[str]]:
    """One group per language, English words where a language has none."""
    return [list(section.get(lang) or section["en"]) for lang in languages]


def decorated(words: Sequence[str], rng: np.random.Generator) -> list[str]:
    """Each word as sellers set it off in a title: plain, [bracketed], (in parens), | piped, ..."""
    shapes = ["{}", "{}", "[{}]", "({})", "{} |", "- {}", "【{}】", "*{}*", "{} !!", "~{}~"]
    out: list[str] = []
    for word in words:
        out.append(word)
        for shape in rng.choice(shapes, size=2, replace=False):
            out.append(str(shape).format(word))
    return out


def join_columns(frame: pl.DataFrame, columns: Sequence[str], separator: str = " ") -> pl.Series:
    """Concatenate the non-null fragments of each row."""
    return frame.select(
        pl.concat_str([pl.col(c) for c in columns], separator=separator, ignore_nulls=True)
    ).to_series()
