"""Hash a product's reference photos: SHA-256 of the file, PDQ only when the file changed."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from truemark.catalog import Brand
from truemark.errors import InputError, Problem
from truemark.io.images import pdq_hash_file


@dataclass(frozen=True, slots=True)
class HashedImage:
    """A reference photo's content hash, PDQ hash and PDQ quality."""

    sha256: str
    pdq_hash: str
    quality: int

    def values(self) -> dict[str, str | int]:
        return {"sha256": self.sha256, "pdq_hash": self.pdq_hash, "quality": self.quality}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_image(path: Path, known: Mapping[str, HashedImage], where: str) -> HashedImage | Problem:
    """The image's hashes, reusing ``known[sha256]`` for unchanged content.

    A missing or unreadable file comes back as a Problem: the import skips it and reports it.
    """
    try:
        content = file_sha256(path)
        if content in known:
            return known[content]
        pdq, quality = pdq_hash_file(path)
    except FileNotFoundError:
        return Problem(str(path), "image file not found; skipped", where, "images")
    except (OSError, InputError) as exc:
        message = exc.message if isinstance(exc, InputError) else str(exc)
        return Problem(str(path), f"image not hashed, skipped: {message}", where, "images")
    return HashedImage(sha256=content, pdq_hash=pdq, quality=quality)


PhotoKey = tuple[int, str]  # (product id, image path)


@dataclass(slots=True)
class BrandPhotos:
    """A brand's photos: hashes of the readable ones, keys and problems of the others."""

    hashed: dict[PhotoKey, dict[str, str | int]] = field(default_factory=dict)
    unreadable: set[PhotoKey] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def hash_brand_photos(
    brand: Brand, product_ids: Mapping[str, int], known: Mapping[str, HashedImage]
) -> BrandPhotos:
    """Hash every photo of the brand's products, reusing ``known`` hashes of unchanged files."""
    photos = BrandPhotos()
    for product in brand.products:
        for path in product.images:
            key = (product_ids[product.sku], str(path))
            hashed = hash_image(path, known, f"brand {brand.id}, product {product.sku}")
            if isinstance(hashed, Problem):
                photos.problems.append(hashed)
                photos.unreadable.add(key)
            else:
                photos.hashed[key] = hashed.values()
    return photos
