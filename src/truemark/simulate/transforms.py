"""Real photo transforms a stolen product photo goes through, and the JPEG round trip of a file."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont

from truemark.simulate.photo_sources import photo_crop

JPEG_QUALITY = 90
Transform = Callable[[np.ndarray, np.random.Generator], np.ndarray]


def jpeg_round_trip(rgb: np.ndarray, quality: int = JPEG_QUALITY) -> np.ndarray:
    """The pixels a reader gets back after the image is saved as a JPEG file."""
    return np.asarray(Image.open(io.BytesIO(jpeg_bytes(rgb, quality))).convert("RGB"))


def jpeg_bytes(rgb: np.ndarray, quality: int = JPEG_QUALITY) -> bytes:
    """JPEG file content of an RGB array (deterministic for the same pixels and quality)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=quality, optimize=False)
    return buffer.getvalue()


def resize(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    scale = rng.uniform(0.35, 0.85) if rng.random() < 0.7 else rng.uniform(1.2, 2.0)
    side = max(32, int(rgb.shape[0] * scale))
    return np.asarray(Image.fromarray(rgb).resize((side, side), Image.Resampling.BICUBIC))


def crop(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    height, width = rgb.shape[:2]
    keep = np.sqrt(1.0 - rng.uniform(0.05, 0.20))  # 5-20 % of the area is cut away
    cut_h, cut_w = int(height * (1 - keep)), int(width * (1 - keep))
    top, left = int(rng.integers(0, cut_h + 1)), int(rng.integers(0, cut_w + 1))
    return rgb[top : top + height - cut_h, left : left + width - cut_w].copy()


def recompress(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return jpeg_round_trip(rgb, int(rng.integers(15, 60)))


def rotate(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Turned 2-8 degrees over white or black; a grey (2-D) image stays grey (turning one
    channel instead of three is ~2x faster, and PDQ reads only the luminance)."""
    angle = float(rng.uniform(2.0, 8.0) * rng.choice([-1.0, 1.0]))
    level = 255 if rng.random() < 0.5 else 0
    fill = level if rgb.ndim == 2 else (level, level, level)
    return np.asarray(Image.fromarray(rgb).rotate(angle, Image.Resampling.BILINEAR, fillcolor=fill))


def mirror(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return np.ascontiguousarray(rgb[:, ::-1])


def brightness_contrast(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    image = ImageEnhance.Brightness(Image.fromarray(rgb)).enhance(rng.uniform(0.7, 1.35))
    return np.asarray(ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.35)))


def watermark(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    image = Image.fromarray(rgb).convert("RGBA")
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font = ImageFont.load_default(size=int(rng.integers(16, 28)))
    text = str(
        rng.choice(["WhatsApp +86 138", "luxdeals.shop", "REAL PHOTO", "TOP QUALITY", "@bestreps"])
    )
    alpha = int(rng.integers(90, 200))
    for row in range(int(rng.integers(1, 4))):
        draw.text(
            (int(rng.integers(0, 80)), 40 + row * 70), text, fill=(255, 255, 255, alpha), font=font
        )
    return np.asarray(Image.alpha_composite(image, layer).convert("RGB"))


def collage(rgb: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    side = rgb.shape[0]
    canvas = Image.new("RGB", (side, side), (255, 255, 255))
    main = int(side * rng.uniform(0.72, 0.85))
    canvas.paste(Image.fromarray(rgb).resize((main, main)), (0, 0))
    thumb = side - main
    for k in range(2):
        tile = Image.fromarray(photo_crop(rng, max(thumb, 8)))
        canvas.paste(tile, (main, k * thumb))
        canvas.paste(tile, (k * thumb, main))
    return np.asarray(canvas)


TRANSFORMS: dict[str, Transform] = {
    "resize": resize,
    "crop": crop,
    "jpeg": recompress,
    "rotate": rotate,
    "flip": mirror,
    "brightness_contrast": brightness_contrast,
    "watermark": watermark,
    "collage": collage,
}
# How often a stolen photo went through each transform (light edits are the common case).
TRANSFORM_WEIGHTS: dict[str, float] = {
    "resize": 0.22,
    "crop": 0.18,
    "jpeg": 0.16,
    "rotate": 0.08,
    "flip": 0.1,
    "brightness_contrast": 0.12,
    "watermark": 0.09,
    "collage": 0.05,
}
FLIP_DIHEDRAL_INDEX = 5  # position of the left-right mirror in pdq_dihedral_hashes
