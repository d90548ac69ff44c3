"""Procedurally drawn product shots: a product silhouette by category over a real photo crop."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from truemark.simulate.photo_sources import photo_crop

PHOTO_SIZE = 256
_SHAPES = {
    "handbags": "bag",
    "small_leather_goods": "wallet",
    "belts": "belt",
    "scarves": "scarf",
    "sneakers": "shoe",
    "apparel": "garment",
    "watches": "watch",
    "smartwatches": "watch",
    "jewellery": "ring",
    "sunglasses": "glasses",
    "phones": "phone",
    "tablets": "phone",
    "headphones": "earbuds",
}


def _colour(rng: np.random.Generator) -> tuple[int, int, int]:
    red, green, blue = (int(v) for v in rng.integers(0, 256, size=3))
    return red, green, blue


def _draw_shape(draw: ImageDraw.ImageDraw, shape: str, rng: np.random.Generator) -> None:
    s = PHOTO_SIZE
    cx, cy = s * rng.uniform(0.4, 0.6), s * rng.uniform(0.42, 0.62)
    w, h = s * rng.uniform(0.45, 0.75), s * rng.uniform(0.4, 0.6)
    fill, line = _colour(rng), _colour(rng)
    box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    if shape in ("bag", "wallet"):
        draw.polygon(
            [(box[0] + w * 0.1, box[1]), (box[2] - w * 0.1, box[1]), box[2:], (box[0], box[3])],
            fill=fill,
            outline=line,
        )
        if shape == "bag":
            draw.arc(
                (cx - w / 3, box[1] - h / 2, cx + w / 3, box[1] + h / 3),
                180,
                360,
                fill=line,
                width=6,
            )
    elif shape in ("watch", "ring"):
        r = min(w, h) / 2
        if shape == "watch":
            draw.rectangle((cx - r / 2, cy - r * 2, cx + r / 2, cy + r * 2), fill=line)
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r),
            fill=fill if shape == "watch" else None,
            outline=line,
            width=8,
        )
        draw.line((cx, cy, cx + r * 0.6, cy - r * 0.3), fill=line, width=3)
    elif shape == "shoe":
        draw.polygon(
            [
                (box[0], box[3]),
                (box[0], cy),
                (cx, box[1]),
                (cx + w * 0.1, cy),
                (box[2], cy + h * 0.2),
                (box[2], box[3]),
            ],
            fill=fill,
            outline=line,
        )
        draw.rectangle((box[0], box[3] - h * 0.12, box[2], box[3]), fill=line)
    elif shape in ("phone", "earbuds"):
        draw.rounded_rectangle(
            (cx - w / 4, box[1], cx + w / 4, box[3]), radius=12, fill=fill, outline=line, width=4
        )
        draw.ellipse((cx - 8, box[1] + 10, cx + 8, box[1] + 26), fill=line)
    elif shape == "glasses":
        r = w / 4
        draw.ellipse((cx - 2 * r, cy - r, cx, cy + r), outline=fill, width=8)
        draw.ellipse((cx, cy - r, cx + 2 * r, cy + r), outline=fill, width=8)
    else:  # garment, scarf, belt
        draw.rectangle(box, fill=fill, outline=line, width=4)
        for k in range(int(rng.integers(2, 6))):
            y = box[1] + (k + 1) * h / 6
            draw.line((box[0], y, box[2], y), fill=line, width=3)


def render_product_shot(
    rng: np.random.Generator, category: str, label: str | None = None
) -> np.ndarray:
    """A distinct 256x256 RGB product photo: real photo crop, drawn product, optional label text."""
    backdrop = Image.fromarray(photo_crop(rng, PHOTO_SIZE))
    image = backdrop.filter(ImageFilter.GaussianBlur(float(rng.uniform(1.5, 4.0))))
    draw = ImageDraw.Draw(image)
    _draw_shape(draw, _SHAPES.get(category, "garment"), rng)
    if label:
        font = ImageFont.load_default(size=int(rng.integers(18, 30)))
        position = (int(rng.integers(8, 60)), int(rng.integers(200, 225)))
        draw.text(position, label, fill=_colour(rng), font=font)
    return np.asarray(image)
