"""Product photos: load an image file and compute its PDQ perceptual hash (64 hex characters)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pdqhash
from PIL import Image, UnidentifiedImageError

from truemark.errors import InputError

PDQ_HEX_LENGTH = 64
_HEX = set("0123456789abcdef")


def pdq_bits_to_hex(bits: np.ndarray) -> str:
    """256 PDQ bits (most significant first) as the standard 64-character hex string."""
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def pdq_hex_to_bytes(text: str) -> bytes:
    """Parse a 64-character PDQ hex string into 32 bytes; raise ValueError when it is malformed."""
    value = text.strip().lower()
    if len(value) != PDQ_HEX_LENGTH or not set(value) <= _HEX:
        raise ValueError(f"not a PDQ hash (expected {PDQ_HEX_LENGTH} hex characters): {text!r}")
    return bytes.fromhex(value)


def is_pdq_hex(text: str) -> bool:
    """True when ``text`` is a well-formed 64-character PDQ hex string."""
    try:
        pdq_hex_to_bytes(text)
    except ValueError:
        return False
    return True


def load_rgb(path: Path) -> np.ndarray:
    """Read an image file as an RGB uint8 array; a missing or unreadable file is an InputError."""
    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB"))
    except FileNotFoundError:
        raise InputError(f"{path}: image file not found") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(f"{path}: not a readable image ({exc})") from None


def pdq_hash_array(rgb: np.ndarray) -> tuple[str, int]:
    """PDQ hash (hex) and quality (0-100) of an RGB image array."""
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb))
    return pdq_bits_to_hex(bits), int(quality)


def pdq_hash_file(path: Path) -> tuple[str, int]:
    """PDQ hash (hex) and quality of an image file."""
    return pdq_hash_array(load_rgb(path))


def pdq_dihedral_hashes(rgb: np.ndarray) -> list[str]:
    """The 8 PDQ hashes of the image's rotations and mirrors (for flip-aware matching)."""
    hashes, _quality = pdqhash.compute_dihedral(np.ascontiguousarray(rgb))
    return [pdq_bits_to_hex(bits) for bits in hashes]


def hamming_distance(left: str, right: str) -> int:
    """Number of differing bits between two PDQ hex strings."""
    return (int(left, 16) ^ int(right, 16)).bit_count()
