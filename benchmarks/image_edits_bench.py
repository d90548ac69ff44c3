"""How many cropped or turned copies of a brand photo the reference bank's edited copies catch.

Random edits as a thief makes them (the simulator's transforms: 5-20 % of the area cropped at
a random place, 2-8 degrees turned over a white or black fill, saved as JPEG) of rendered
reference photos; for each, the nearest hash among the photo's 8 dihedral hashes alone and
among those plus its edited copies (:mod:`truemark.index.pdq_edits`). Also the time to hash a
photo's edits.

    python benchmarks/image_edits_bench.py [--samples 200] [--seed 11]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from truemark.index.pdq_edits import edited_hashes
from truemark.io.images import pdq_dihedral_hashes, pdq_hash_array
from truemark.simulate.brands import load_brands
from truemark.simulate.hashes import hamming, hex_to_array
from truemark.simulate.photos import reference_items, render_bank
from truemark.simulate.transforms import TRANSFORMS, jpeg_round_trip

RADIUS = 31


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=200, help="edits of each kind")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        bank = render_bank(rng, reference_items(rng, load_brands()), Path(scratch))
    photos = rng.integers(0, len(bank.pixels), 2 * args.samples)
    started = time.perf_counter()
    banks: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for photo in np.unique(photos):
        pixels = bank.pixels[photo]
        dihedral = hex_to_array(pdq_dihedral_hashes(pixels))
        edits = hex_to_array([digest for _, digest in edited_hashes(pixels)])
        banks[int(photo)] = dihedral, np.concatenate([dihedral, edits])
    per_photo = (time.perf_counter() - started) / len(banks)
    print(f"photos {len(banks)}, hashes a photo {len(banks[int(photos[0])][1])}, "
          f"{per_photo * 1000:.0f} ms a photo to hash")  # fmt: skip
    print(
        f"{'edit':8s} {'samples':>8s} {'dihedral only':>14s} {'with edits':>11s}  median distance"
    )
    for kind, chosen in (("crop", photos[: args.samples]), ("rotate", photos[args.samples :])):
        plain, edited = [], []
        for photo in chosen:
            query = hex_to_array(
                [pdq_hash_array(jpeg_round_trip(TRANSFORMS[kind](bank.pixels[photo], rng)))[0]]
            )
            dihedral, everything = banks[int(photo)]
            plain.append(hamming(dihedral, np.repeat(query, len(dihedral), 0)).min())
            edited.append(hamming(everything, np.repeat(query, len(everything), 0)).min())
        near, close = np.array(plain) <= RADIUS, np.array(edited) <= RADIUS
        print(f"{kind:8s} {len(chosen):8d} {near.mean():14.2f} {close.mean():11.2f}  "
              f"{np.median(plain):.0f} -> {np.median(edited):.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
