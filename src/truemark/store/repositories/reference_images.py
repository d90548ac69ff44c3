"""Hash a product's reference photos: SHA-256 of the file, PDQ only when the file changed."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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
