"""Brand reference photos (rendered, saved, hashed) and the measured PDQ cost of each transform."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from truemark.io.images import pdq_dihedral_hashes, pdq_hash_array
from truemark.simulate.brands import SimBrand
from truemark.simulate.drawing import render_product_shot
from truemark.simulate.hashes import hamming, hex_to_array
from truemark.simulate.transforms import (
    FLIP_DIHEDRAL_INDEX,
    TRANSFORMS,
    jpeg_bytes,
    jpeg_round_trip,
)

MIN_REFERENCE_DISTANCE = 64  # two reference photos of different products never look alike


@dataclass(frozen=True)
class PhotoBank:
    """Saved photos with their PDQ hashes; ``mirrored`` holds the left-right mirror's hash."""

    paths: tuple[str, ...]
    owner: np.ndarray  # product index (references) or racket index (known fakes) per photo
    hashes: np.ndarray
    mirrored: np.ndarray
    pixels: tuple[np.ndarray, ...]

    def photos_of(self, owners: np.ndarray, uniform: np.ndarray) -> np.ndarray:
        """For each owner, one of its photos chosen by the uniform draws (owners sorted by id)."""
        first = np.searchsorted(self.owner, owners, side="left")
        count = np.searchsorted(self.owner, owners, side="right") - first
        return first + (uniform * count).astype(np.int64)


def hashed_photo(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decoded JPEG pixels of a photo, their PDQ hash and the hash of their mirror image."""
    pixels = jpeg_round_trip(rgb)
    digest = hex_to_array([pdq_hash_array(pixels)[0]])[0]
    mirrored = hex_to_array([pdq_dihedral_hashes(pixels)[FLIP_DIHEDRAL_INDEX]])[0]
    return pixels, digest, mirrored


def _distinct(candidate: np.ndarray, taken: list[np.ndarray]) -> bool:
    if not taken:
        return True
    others = np.stack(taken)
    return bool(
        hamming(others, np.broadcast_to(candidate, others.shape)).min() >= MIN_REFERENCE_DISTANCE
    )


def render_bank(
    rng: np.random.Generator,
    items: Sequence[tuple[int, str, str | None, str]],
    out_dir: Path | None,
) -> PhotoBank:
    """Render and hash one distinct photo per (owner, category, label, relative path); save it
    under ``out_dir`` unless that is None (photos that only listings show)."""
    pixels: list[np.ndarray] = []
    hashes: list[np.ndarray] = []
    mirrored: list[np.ndarray] = []
    owners: list[int] = []
    paths: list[str] = []
    for owner, category, label, path in items:
        for _attempt in range(20):
            photo, digest, mirror = hashed_photo(render_product_shot(rng, category, label))
            if _distinct(digest, hashes) and _distinct(mirror, hashes):
                break
        if out_dir is not None:
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(jpeg_bytes(photo))
        pixels.append(photo)
        hashes.append(digest)
        mirrored.append(mirror)
        owners.append(owner)
        paths.append(path)
    return PhotoBank(
        paths=tuple(paths),
        owner=np.array(owners, dtype=np.int64),
        hashes=np.stack(hashes) if hashes else np.zeros((0, 32), np.uint8),
        mirrored=np.stack(mirrored) if mirrored else np.zeros((0, 32), np.uint8),
        pixels=tuple(pixels),
    )


def reference_items(
    rng: np.random.Generator, brands: tuple[SimBrand, ...]
) -> list[tuple[int, str, str | None, str]]:
    """One or two reference photos per product, labelled with the brand's word mark."""
    items: list[tuple[int, str, str | None, str]] = []
    product = 0
    for brand in brands:
        for item in brand.products:
            safe_sku = "".join(c if c.isalnum() or c in "-." else "-" for c in item.sku)
            for k in range(1 + int(rng.random() < 0.5)):
                path = f"images/{brand.id}/{safe_sku}-{k + 1}.jpg"
                items.append((product, item.category, brand.name, path))
            product += 1
    return items


def transformed_distance(
    bank: PhotoBank, photo: int, name: str, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Apply one transform to a bank photo: the saved pixels and their distance to the source.

    The distance of a mirrored photo is taken to the source's mirror hash (flip-aware matching).
    """
    pixels, digest, _mirror = hashed_photo(TRANSFORMS[name](bank.pixels[photo], rng))
    source = bank.mirrored[photo] if name == "flip" else bank.hashes[photo]
    return pixels, int(hamming(digest[None, :], source[None, :])[0])


EDITED = ("crop", "rotate")
"""Transforms that move a photo's hash far (60-140 bits): a listing showing one gets the hash of
a real render of that edit (:class:`EditRenders`), so that matching it is measured, not assumed."""
EDIT_SIDE = 128
"""Crops are rendered from the photo shrunk to this longer side (~0.25 ms a render instead of
~0.7 ms; PDQ reads a 64 x 64 summary of an image, and a crop's hash barely changes). Turns are
rendered at full size (turning a small image moves its hash further than turning the photo),
in grey: PDQ reads only the luminance, and one channel turns in 0.6 ms instead of 1.4 (the
hashes differ by 0-4 bits, median 0)."""


class EditRenders:
    """PDQ hashes of real crops and turns of reference photos, one per (owner, photo, edit).

    A thief crops a stolen photo once and reuses that file: every listing of one owner (a racket,
    or a seller outside any) showing that photo with that edit gets the same render, and another
    owner gets a render of their own (a shared pool would make unrelated sellers share photos).
    Each render is drawn from its own seed, so a marketplace is the same whatever its batches.
    """

    def __init__(self, seed: int, bank: PhotoBank) -> None:
        self.seed = seed
        self._greys = [np.asarray(Image.fromarray(pixels).convert("L")) for pixels in bank.pixels]
        self._thumbnails = [_shrunk(pixels) for pixels in bank.pixels]
        self._hashes: dict[tuple[int, int, int], np.ndarray] = {}

    def hashes(self, owner: np.ndarray, photo: np.ndarray, edit: np.ndarray) -> np.ndarray:
        """(n, 32) hashes for rows of owner (>= 0), reference photo and index into EDITED."""
        found = np.zeros((len(owner), 32), dtype=np.uint8)
        for row, key in enumerate(zip(owner.tolist(), photo.tolist(), edit.tolist(), strict=True)):
            if key not in self._hashes:
                self._hashes[key] = self._render(*key)
            found[row] = self._hashes[key]
        return found

    def _render(self, owner: int, photo: int, edit: int) -> np.ndarray:
        rng = np.random.default_rng([self.seed, 11, owner, photo, edit])
        name = EDITED[edit]
        source = self._thumbnails[photo] if name == "crop" else self._greys[photo]
        edited = TRANSFORMS[name](source, rng)
        if edited.ndim == 2:  # grey: the same luminance as three equal channels
            edited = np.repeat(edited[:, :, None], 3, axis=2)
        return hex_to_array([pdq_hash_array(edited)[0]])[0]


def _shrunk(pixels: np.ndarray) -> np.ndarray:
    image = Image.fromarray(pixels)
    image.thumbnail((EDIT_SIDE, EDIT_SIDE), Image.Resampling.BILINEAR)
    return np.asarray(image)


def measure_transform_distances(
    rng: np.random.Generator, bank: PhotoBank, samples: int = 24
) -> dict[str, np.ndarray]:
    """Bit distances each transform causes, measured on real renders of the bank's photos."""
    measured: dict[str, np.ndarray] = {}
    for name in TRANSFORMS:
        photos = rng.integers(0, len(bank.paths), size=samples)
        distances = [transformed_distance(bank, int(p), name, rng)[1] for p in photos]
        measured[name] = np.sort(np.array(distances, dtype=np.int64))
    return measured
