"""Edited copies of a reference photo, hashed: crops and slight rotations a thief applies.

PDQ shrugs off re-encoding, resizing and colour changes, and a bank of the 8 dihedral hashes
covers mirrors, but cropping 5-20 % of a photo or turning it by a few degrees moves its hash
60-140 bits away, far beyond any safe match radius. The same edits applied to the reference
photo land near such a copy: the bank holds the reference cropped at three sizes and 25
places and turned by ±3 and ±6 degrees over a white or a black fill (83 hashes a photo).
Measured on rendered simulator photos against random 5-20 % crops and 2-8 degree turns
(``benchmarks/image_edits_bench.py``), share within 31 bits of an edited copy: see there.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from PIL import Image

from truemark.io.images import pdq_hash_array

CROP_KEEPS = (0.97, 0.94, 0.91)
"""Side kept by a crop: 94 %, 88 % and 83 % of the area."""
CROP_PLACES = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Where a crop sits along each axis, from one edge to the other."""
CROP_SIDE = 128
"""Crops are cut from the photo shrunk to this longer side: PDQ reads a 64 x 64 summary of an
image, so the hash barely changes and hashing is ~4x faster."""
ROTATIONS = (-6.0, -3.0, 3.0, 6.0)
"""Degrees, counter-clockwise."""
FILLS = {"white": (255, 255, 255), "black": (0, 0, 0)}
"""What fills the corners a rotation uncovers."""


def edited_copies(rgb: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """(variant name, pixels) of every edit: ``crop94_0_50`` keeps 94 % of each side, at the
    top edge, centred left to right; ``rotate-3_white`` turns 3 degrees clockwise."""
    image = Image.fromarray(rgb)
    small = image.copy()
    small.thumbnail((CROP_SIDE, CROP_SIDE), Image.Resampling.BILINEAR)
    shrunk = np.asarray(small)
    height, width = shrunk.shape[:2]
    for keep in CROP_KEEPS:
        cut_h, cut_w = round(height * (1 - keep)), round(width * (1 - keep))
        for down in CROP_PLACES:
            for across in CROP_PLACES:
                top, left = round(cut_h * down), round(cut_w * across)
                name = f"crop{round(keep * 100)}_{round(down * 100)}_{round(across * 100)}"
                yield name, shrunk[top : top + height - cut_h, left : left + width - cut_w]
    for angle in ROTATIONS:
        for fill_name, fill in FILLS.items():
            turned = image.rotate(angle, Image.Resampling.BILINEAR, fillcolor=fill)
            yield f"rotate{angle:+g}_{fill_name}", np.asarray(turned)


def edited_hashes(rgb: np.ndarray) -> list[tuple[str, str]]:
    """(variant name, PDQ hex) of every edited copy of an RGB photo."""
    return [(name, pdq_hash_array(pixels)[0]) for name, pixels in edited_copies(rgb)]
