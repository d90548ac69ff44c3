"""Image detector: real photos, edited and mirrored, against reference photos and known fakes."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import skimage.data
from PIL import Image, ImageEnhance

from truemark.catalog import Catalog, catalog_from_dict
from truemark.detect.image import ImageDetector
from truemark.detect.image_hashes import fill_image_pdq, hash_listing_images
from truemark.errors import InputError
from truemark.index.pdq import PdqIndex
from truemark.index.pdq_banks import (
    DIHEDRAL_VARIANTS,
    known_fake_bank,
    known_fake_photo_bank,
    reference_bank,
)
from truemark.index.pdq_edits import edited_copies
from truemark.io.images import hamming_distance, pdq_hash_array

RADIUS = 31


def photo(name: str) -> Image.Image:
    return Image.fromarray(getattr(skimage.data, name)())


def pdq(image: Image.Image) -> str:
    return pdq_hash_array(np.asarray(image.convert("RGB")))[0]


def edited(image: Image.Image) -> Image.Image:
    """What a reseller does to a photo: shrink, trim the border, re-encode as JPEG, brighten."""
    width, height = image.width * 3 // 4, image.height * 3 // 4
    trimmed = image.resize((width, height)).crop((3, 3, width - 3, height - 3))
    encoded = io.BytesIO()
    trimmed.save(encoded, "JPEG", quality=70)
    return ImageEnhance.Brightness(Image.open(io.BytesIO(encoded.getvalue()))).enhance(1.15)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Two brands, each with one product photo from skimage's bundled images."""
    folder = tmp_path_factory.mktemp("catalog")
    photo("astronaut").save(folder / "acme-1.png")
    photo("coffee").save(folder / "zenith-1.png")

    def brand(slug: str, seller: str, sku: str, image: str) -> dict[str, object]:
        return {
            "id": slug,
            "name": slug.title(),
            "owner": f"{slug.title()} Inc.",
            "trademarks": [{"number": "1", "office": "USPTO", "classes": [18]}],
            "authorized_sellers": [seller],
            "products": [
                {
                    "sku": sku,
                    "name": "bag",
                    "category": "handbags",
                    "msrp": 900,
                    "currency": "USD",
                    "images": [image],
                }
            ],
        }

    data = {
        "version": 1,
        "brands": [
            brand("acme", "s-acme", "AC-1", "acme-1.png"),
            brand("zenith", "s-zen", "ZE-1", "zenith-1.png"),
        ],
    }
    return catalog_from_dict(data, image_root=folder)


@pytest.fixture(scope="module")
def detector(catalog: Catalog) -> ImageDetector:
    fakes = known_fake_bank([pdq(photo("chelsea"))], ["case-17"], ["acme"])
    return ImageDetector.from_catalog(catalog, fakes, radius=RADIUS)


@pytest.mark.parametrize("name", ["astronaut", "coffee"])
def test_edited_photo_stays_within_radius_and_other_photos_do_not(name: str) -> None:
    original = pdq(photo(name))
    for changed in (photo(name).resize((256, 256)), edited(photo(name))):
        assert hamming_distance(original, pdq(changed)) <= RADIUS
    for other in ("chelsea", "rocket"):
        assert hamming_distance(original, pdq(photo(other))) > RADIUS


def test_reference_bank_holds_dihedral_and_edited_hashes_per_photo(catalog: Catalog) -> None:
    bank = reference_bank(catalog)
    per_photo = len(DIHEDRAL_VARIANTS) + len(list(edited_copies(np.zeros((64, 64, 3), np.uint8))))
    assert per_photo == 8 + 75 + 8  # 3 crop sizes at 25 places, 4 turns over 2 fills
    assert bank.metadata["sku"].to_list() == ["AC-1"] * per_photo + ["ZE-1"] * per_photo
    variants = bank.metadata["variant"].to_list()[:per_photo]
    assert variants[:8] == list(DIHEDRAL_VARIANTS)
    assert "crop91_100_0" in variants
    assert "rotate-6_black" in variants
    mirrored = pdq(photo("coffee").transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    assert hamming_distance(mirrored, pdq(photo("coffee"))) > RADIUS  # a plain hash would miss it
    assert bank.query_frame([mirrored], RADIUS)["sku"].unique().to_list() == ["ZE-1"]


@pytest.mark.parametrize(
    ("edit", "variants"),
    [
        (lambda image: image.crop((30, 10, 497, 477)), "crop"),  # 11 % of the area cut away
        (lambda image: image.rotate(-5, fillcolor=(255, 255, 255)), "rotate"),
        (lambda image: image.rotate(4, fillcolor=(0, 0, 0)), "rotate"),
    ],
)
def test_a_cropped_or_turned_reference_matches_its_edited_copies(
    catalog: Catalog, edit: Callable[[Image.Image], Image.Image], variants: str
) -> None:
    copy = pdq(edited_as_jpeg(edit(photo("astronaut"))))
    assert hamming_distance(copy, pdq(photo("astronaut"))) > 2 * RADIUS  # PDQ alone: no match
    found = reference_bank(catalog).query_frame([copy], RADIUS)
    assert found["sku"].unique().to_list() == ["AC-1"]
    assert all(variant.startswith(variants) for variant in found["variant"])


def edited_as_jpeg(image: Image.Image) -> Image.Image:
    encoded = io.BytesIO()
    image.convert("RGB").save(encoded, "JPEG", quality=85)
    return Image.open(io.BytesIO(encoded.getvalue()))


def test_signals_per_listing(detector: ImageDetector) -> None:
    astronaut = pdq(edited(photo("astronaut")))
    mirrored_coffee = pdq(photo("coffee").transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    batch = pl.DataFrame(
        {
            "listing_id": ["rogue", "authorized", "mirror", "fake", "none", "unrelated"],
            "seller_id": ["s-x", "s-acme", "s-x", "s-y", "s-x", "s-x"],
            "image_pdq": [
                [astronaut],
                [astronaut],
                [pdq(photo("rocket")), mirrored_coffee],
                [pdq(edited(photo("chelsea")))],
                None,
                [pdq(photo("rocket")), "not-a-hash"],
            ],
        }
    )

    signals = detector.signals(batch)

    assert signals.height == batch.height
    assert signals["image.ref_brand_id"].to_list() == ["acme", "acme", "zenith", None, None, None]
    assert signals["image.ref_sku"].to_list() == ["AC-1", "AC-1", "ZE-1", None, None, None]
    assert signals["image.reference_reuse"].to_list() == [True, False, True, False, False, False]
    assert signals["image.known_fake"].to_list() == [False, False, False, True, False, False]
    assert signals["image.known_fake_source"].to_list() == [None, None, None, "case-17", None, None]
    assert signals["image.photo_count"].to_list() == [1, 1, 2, 1, 0, 1]
    distances = signals["image.ref_distance"].to_list()
    assert 0 < distances[0] <= RADIUS
    assert distances[2] <= RADIUS
    assert distances[3] is None
    assert set(detector.reasons) == {"image.reference_reuse", "image.known_fake"}


@pytest.mark.parametrize(
    "batch",
    [
        pl.DataFrame({"seller_id": ["s-x", "s-y"], "image_pdq": [None, None]}),
        pl.DataFrame({"seller_id": ["s-x", "s-y"], "images": [["a.jpg"], []]}),
    ],
)
def test_batch_without_hashes_gives_empty_signals(
    detector: ImageDetector, batch: pl.DataFrame
) -> None:
    signals = detector.signals(batch)
    assert signals["image.photo_count"].to_list() == [0, 0]
    assert signals["image.reference_reuse"].to_list() == [False, False]
    assert signals["image.ref_distance"].to_list() == [None, None]


def test_listing_photos_are_hashed_before_the_detector(tmp_path: Path) -> None:
    photo("astronaut").save(tmp_path / "a.png")
    batch = pl.DataFrame(
        {"listing_id": ["1", "2"], "images": [["a.png"], []], "image_pdq": [None, ["ab" * 32]]}
    )

    filled = fill_image_pdq(batch, tmp_path)
    without_column = fill_image_pdq(batch.drop("image_pdq"), tmp_path)

    assert filled["image_pdq"].to_list() == [[pdq(photo("astronaut"))], ["ab" * 32]]
    assert without_column["image_pdq"].to_list() == [[pdq(photo("astronaut"))], None]
    assert hash_listing_images([tmp_path / "a.png"]) == [pdq(photo("astronaut"))]
    with pytest.raises(InputError, match=r"missing\.jpg"):
        hash_listing_images([tmp_path / "a.png", tmp_path / "missing.jpg"])


def test_known_fakes_can_come_from_a_file(catalog: Catalog, tmp_path: Path) -> None:
    fakes = tmp_path / "fakes.csv"
    fakes.write_text(f"pdq,provenance\n{pdq(photo('chelsea'))},case-9\n")
    detector = ImageDetector.from_catalog(catalog, fakes)

    batch = pl.DataFrame({"seller_id": ["s-x"], "image_pdq": [[pdq(edited(photo("chelsea")))]]})

    assert detector.signals(batch)["image.known_fake_source"].to_list() == ["case-9"]


def test_known_fakes_from_photos_match_mirrored_reposts(catalog: Catalog, tmp_path: Path) -> None:
    photo("chelsea").save(tmp_path / "fake.png")
    fakes = known_fake_photo_bank([tmp_path / "fake.png"], ["case-3"], ["acme"])
    detector = ImageDetector.from_catalog(catalog, fakes)
    mirrored = pdq(edited(photo("chelsea")).transpose(Image.Transpose.FLIP_LEFT_RIGHT))

    signals = detector.signals(pl.DataFrame({"seller_id": ["s-x"], "image_pdq": [[mirrored]]}))

    assert len(fakes) == 8
    assert signals["image.known_fake"].to_list() == [True]
    assert signals["image.known_fake_source"].to_list() == ["case-3"]


def flipped(hex_hash: str, bits: int) -> str:
    """The hash with its first ``bits`` bits flipped (one per byte, so each counts)."""
    raw = bytearray(bytes.fromhex(hex_hash))
    for byte in range(bits):
        raw[byte] ^= 1
    return raw.hex()


def test_nearest_match_per_listing_and_reuse_by_any_reference_photo() -> None:
    """Per listing: the nearest reference photo over all its photos (the first photo's on a
    tie), and reuse when any matched reference photo's brand has not authorized the seller,
    even when the nearest one's has."""
    rng = np.random.default_rng(5)
    acme, zenith, fake = (rng.bytes(32).hex() for _ in range(3))
    reference = PdqIndex.build(
        [acme, zenith], {"brand_id": ["acme", "zenith"], "sku": ["AC-1", "ZE-1"]}
    )
    fakes = known_fake_bank([fake, flipped(fake, 20)], ["near", "far"], ["acme", "acme"])
    detector = ImageDetector(reference, fakes, {"acme": ["s-acme"], "zenith": []}, radius=RADIUS)
    batch = pl.DataFrame(
        {
            "seller_id": ["s-acme", "s-acme", "s-x", None],
            "image_pdq": [
                [flipped(zenith, 9), flipped(acme, 3)],  # acme nearer; zenith's seller? no
                [flipped(acme, 4), flipped(zenith, 4)],  # a tie: the first photo's
                [flipped(fake, 12)],  # "far" (8 bits away) is nearer than "near" (12)
                [acme],
            ],
        }
    )

    signals = detector.signals(batch)

    assert signals["image.ref_brand_id"].to_list() == ["acme", "acme", None, "acme"]
    assert signals["image.ref_distance"].to_list() == [3, 4, None, 0]
    assert signals["image.reference_reuse"].to_list() == [True, True, False, True]
    assert signals["image.known_fake_source"].to_list() == [None, None, "far", None]
    assert signals["image.known_fake_distance"].to_list() == [None, None, 8, None]
    assert signals["image.photo_count"].to_list() == [2, 2, 1, 1]


def test_authorized_sellers_may_come_as_one_pass_iterators() -> None:
    rng = np.random.default_rng(6)
    acme = rng.bytes(32).hex()
    reference = PdqIndex.build([acme], {"brand_id": ["acme"], "sku": ["AC-1"]})
    sellers = {"acme": (seller for seller in ["s-acme"])}
    detector = ImageDetector(reference, known_fake_bank([], []), sellers, radius=RADIUS)
    batch = pl.DataFrame({"seller_id": ["s-acme", "s-x"], "image_pdq": [[acme], [acme]]})
    assert detector.signals(batch)["image.reference_reuse"].to_list() == [False, True]


def test_hashes_that_are_not_64_hex_digits_are_left_out(detector: ImageDetector) -> None:
    """Of the right length but not hex ("g" * 64, or multi-byte characters), too short, upper
    case (hex all the same): only the well-formed hashes count."""
    coffee = pdq(photo("coffee"))
    batch = pl.DataFrame(
        {
            "seller_id": ["s-x"] * 4,
            "image_pdq": [
                [coffee, "g" * 64],
                ["é" * 32, coffee[:-1]],
                [coffee.upper()],
                [None, coffee],
            ],
        }
    )
    signals = detector.signals(batch)
    assert signals["image.photo_count"].to_list() == [1, 0, 1, 1]
    assert signals["image.ref_brand_id"].to_list() == ["zenith", None, "zenith", "zenith"]
