"""The ``images`` and ``image_pdq`` columns of a batch, rendering the first few photos as files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from truemark.simulate.hashes import random_hashes, to_hex_series
from truemark.simulate.listing_photos import PhotoChoice, render_photo, renderable
from truemark.simulate.plan import FAKE, Plan
from truemark.simulate.subject import Subject
from truemark.simulate.world import World


def image_columns(
    rng: np.random.Generator,
    world: World,
    plan: Plan,
    subject: Subject,
    choice: PhotoChoice,
    listing_ids: pl.Series,
    render: int,
    out_dir: Path,
) -> tuple[pl.Series, pl.Series]:
    size = len(listing_ids)
    hashes = choice.hashes.copy()
    has_photo = (rng.random(size) >= 0.03) | (choice.source != 0)
    second = has_photo & (rng.random(size) < 0.1)
    rendered = np.flatnonzero(has_photo & renderable(world, choice))[:render]
    second[rendered] = False
    written = np.full(size, None, dtype=object)
    for row in rendered:
        relative = f"images/listings/{listing_ids[int(row)]}.jpg"
        category = world.text.categories[int(subject.category[row])]
        label = (
            world.brands[int(plan.brand[row])].name
            if plan.kind[row] == FAKE and rng.random() < 0.5
            else None
        )
        hashes[row] = render_photo(world, choice, int(row), category, label, out_dir / relative)
        written[int(row)] = relative
    path = pl.Series("p", written, dtype=pl.String)
    paths = pl.select(pl.when(path.is_not_null()).then(pl.concat_list(path))).to_series()
    first = to_hex_series(hashes)
    extra = pl.Series("b", [None], dtype=pl.String).extend_constant(None, size - 1)
    extra = extra.scatter(
        np.flatnonzero(second), to_hex_series(random_hashes(rng, int(second.sum())))
    )
    frame = pl.DataFrame({"a": first, "b": extra, "has": has_photo, "two": second})
    pdq = frame.select(
        pl.when(~pl.col("has"))
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .when(pl.col("two"))
        .then(pl.concat_list("a", "b"))
        .otherwise(pl.concat_list("a"))
        .alias("image_pdq")
    ).to_series()
    return paths.alias("images"), pdq
