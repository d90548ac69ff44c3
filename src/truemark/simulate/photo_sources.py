"""Real photographs bundled inside the scikit-image wheel (no download), as RGB arrays."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import skimage.data as samples

_COLOUR: dict[str, Callable[[], np.ndarray]] = {
    "astronaut": samples.astronaut,
    "chelsea": samples.chelsea,
    "coffee": samples.coffee,
    "rocket": samples.rocket,
    "hubble_deep_field": samples.hubble_deep_field,
    "immunohistochemistry": samples.immunohistochemistry,
    "retina": samples.retina,
    "colorwheel": samples.colorwheel,
    "motorcycle": lambda: samples.stereo_motorcycle()[0],
    "logo": lambda: samples.logo()[..., :3],
}
_GREY: dict[str, Callable[[], np.ndarray]] = {
    "brick": samples.brick,
    "camera": samples.camera,
    "grass": samples.grass,
    "gravel": samples.gravel,
    "coins": samples.coins,
    "clock": samples.clock,
    "moon": samples.moon,
    "cell": samples.cell,
    "page": samples.page,
    "text": samples.text,
}

SOURCE_NAMES: tuple[str, ...] = tuple(_COLOUR) + tuple(_GREY)


@cache
def source_photo(name: str) -> np.ndarray:
    """One bundled photograph as an RGB uint8 array (grey ones repeated over three channels)."""
    if name in _COLOUR:
        return np.ascontiguousarray(_COLOUR[name]()[..., :3].astype(np.uint8))
    grey = _GREY[name]().astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def photo_crop(rng: np.random.Generator, size: int) -> np.ndarray:
    """A random square crop of a random bundled photograph, tinted, resized to ``size``."""
    from PIL import Image

    photo = source_photo(SOURCE_NAMES[int(rng.integers(len(SOURCE_NAMES)))])
    height, width = photo.shape[:2]
    side = int(min(height, width) * rng.uniform(0.35, 0.95))
    top = int(rng.integers(0, height - side + 1))
    left = int(rng.integers(0, width - side + 1))
    crop = photo[top : top + side, left : left + side].astype(np.float32)
    tint = rng.uniform(0.55, 1.25, size=3).astype(np.float32)
    crop = np.clip(crop * tint, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    return np.asarray(Image.fromarray(crop).resize((size, size), Image.Resampling.BILINEAR))
