"""Listing photos: which photo each listing shows, its PDQ hash, and the few rendered as files.

A listing that reuses a photo gets the source's hash with as many bits flipped as the drawn
transform flipped on real renders (``World.distances``); one showing a crop or a turn of a
reference photo gets the hash of a real render of that edit (``World.edits``); rendered
listings get the true hash of the file written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from truemark.io.images import pdq_hash_file
from truemark.simulate.drawing import render_product_shot
from truemark.simulate.hashes import flip_bits, hex_to_array, random_hashes
from truemark.simulate.photos import EDITED
from truemark.simulate.plan import KNOWN_FAKE, OWN, REFERENCE, STOLEN
from truemark.simulate.transforms import TRANSFORM_WEIGHTS, TRANSFORMS, jpeg_bytes
from truemark.simulate.world import World

TRANSFORM_NAMES = tuple(TRANSFORMS)
_STOLEN_WEIGHTS = np.array([TRANSFORM_WEIGHTS[t] for t in TRANSFORM_NAMES] + [0.08])
_LIGHT = np.array([TRANSFORM_NAMES.index(t) for t in ("jpeg", "resize", "brightness_contrast")])
_EDITED = np.array([TRANSFORM_NAMES.index(t) for t in EDITED])  # transform code of each edit
UNCHANGED = len(TRANSFORM_NAMES)  # transform code of an exact copy


@dataclass
class PhotoChoice:
    """Per listing: where its photo comes from, which one, how it was changed, and its hash."""

    source: np.ndarray
    photo: np.ndarray  # reference bank index, fake pool index, or -1
    transform: np.ndarray  # index into TRANSFORM_NAMES, UNCHANGED, or -1 for own photos
    hashes: np.ndarray


def racket_photos(
    rng: np.random.Generator, world: World, source: np.ndarray, racket: np.ndarray
) -> np.ndarray:
    """Per listing showing its racket's own photo: which photo of the pool (-1 otherwise)."""
    known = source == KNOWN_FAKE
    photo = np.full(len(source), -1, dtype=np.int64)
    first = np.searchsorted(world.fakes.racket, racket[known], side="left")
    count = np.searchsorted(world.fakes.racket, racket[known], side="right") - first
    photo[known] = first + (rng.random(known.sum()) * count).astype(np.int64)
    return photo


def choose_photos(
    rng: np.random.Generator,
    world: World,
    source: np.ndarray,
    product: np.ndarray,
    racket_photo: np.ndarray,
    seller: np.ndarray,
) -> PhotoChoice:
    """Pick photos and transforms for one batch and derive their PDQ hashes."""
    size = len(source)
    photo = racket_photo.copy()
    transform = np.full(size, -1, dtype=np.int64)
    reused = np.isin(source, [REFERENCE, STOLEN])
    photo[reused] = world.references.photos_of(product[reused], rng.random(reused.sum()))
    known = source == KNOWN_FAKE
    fakes = world.fakes
    stolen = source == STOLEN
    transform[stolen] = rng.choice(
        len(_STOLEN_WEIGHTS), size=stolen.sum(), p=_STOLEN_WEIGHTS / _STOLEN_WEIGHTS.sum()
    )
    light = (source == REFERENCE) | known
    transform[light] = np.where(
        rng.random(light.sum()) < 0.5, UNCHANGED, rng.choice(_LIGHT, size=light.sum())
    )
    hashes = random_hashes(rng, size)
    flipped = transform == TRANSFORM_NAMES.index("flip")
    for rows, bank_hashes, bank_mirrored in (
        (reused, world.references.hashes, world.references.mirrored),
        (known, fakes.hashes, fakes.mirrored),
    ):
        hashes[rows] = np.where(
            flipped[rows, None], bank_mirrored[photo[rows]], bank_hashes[photo[rows]]
        )
    edited = np.isin(transform, _EDITED)
    changed = (transform >= 0) & ~edited
    hashes[changed] = flip_bits(rng, hashes[changed], _distances(rng, world, transform[changed]))
    owner = _owners(world, seller[edited])
    hashes[edited] = _edited_hashes(rng, world, owner, photo[edited], transform[edited])
    return PhotoChoice(source, photo, transform, hashes)


def _edited_hashes(
    rng: np.random.Generator, world: World, owner: np.ndarray, photo: np.ndarray, kind: np.ndarray
) -> np.ndarray:
    """Hashes of reference photos cropped or turned: the owner's own render of that edit of that
    photo (:class:`~truemark.simulate.photos.EditRenders`), saved once more (a JPEG round trip's
    measured bit flips)."""
    edit = np.argmax(kind[:, None] == _EDITED, axis=1)  # index into EDITED
    hashes = world.edits.hashes(owner, photo, edit)
    jpeg = world.distances["jpeg"]
    return flip_bits(rng, hashes, jpeg[rng.integers(0, len(jpeg), len(photo))])


def _owners(world: World, seller: np.ndarray) -> np.ndarray:
    """Who edits a stolen photo: the seller's racket (all its accounts reuse the file), else the
    seller; numbered racket first, then seller."""
    racket = world.sellers.racket[seller]
    rackets = int(world.sellers.racket.max()) + 1
    return np.where(racket >= 0, racket, rackets + seller)


def _distances(rng: np.random.Generator, world: World, transform: np.ndarray) -> np.ndarray:
    distances = np.zeros(len(transform), dtype=np.int64)
    for code, name in enumerate(TRANSFORM_NAMES):
        rows = transform == code
        measured = world.distances[name]
        distances[rows] = measured[rng.integers(0, len(measured), rows.sum())]
    return distances


def renderable(world: World, choice: PhotoChoice) -> np.ndarray:
    """Listings whose photo can be written as a real file (racket photos of rendered rackets)."""
    known = choice.source == KNOWN_FAKE
    ok = np.ones(len(choice.source), dtype=bool)
    ok[known] = world.fakes.rendered[choice.photo[known]] >= 0
    return ok


def render_photo(
    world: World, choice: PhotoChoice, row: int, category: str, label: str | None, path: Path
) -> np.ndarray:
    """Write listing ``row``'s photo to ``path`` and return the PDQ hash of the file (32 bytes)."""
    rng = np.random.default_rng([world.seed, 7, row])
    source, photo, transform = (
        int(choice.source[row]),
        int(choice.photo[row]),
        int(choice.transform[row]),
    )
    if source == OWN:
        pixels = render_product_shot(rng, category, label)
    else:
        bank = world.references if source in (REFERENCE, STOLEN) else world.fakes.bank
        index = photo if source in (REFERENCE, STOLEN) else int(world.fakes.rendered[photo])
        pixels = bank.pixels[index]
        if 0 <= transform < UNCHANGED:
            pixels = TRANSFORMS[TRANSFORM_NAMES[transform]](pixels, rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg_bytes(pixels))
    return hex_to_array([pdq_hash_file(path)[0]])[0]
