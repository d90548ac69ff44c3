"""The pack itself: what it holds, the PDF rendered to PNG and looked at, files added or
removed named, and a pack signed by someone else refused."""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import orjson
import polars as pl
import pypdfium2
import pytest
from tests.evidence.conftest import CATALOG, SECRET, T0, Racket

from truemark.errors import ConfigError, InputError
from truemark.evidence import referrals, test_buys
from truemark.evidence.keys import EvidenceVault
from truemark.evidence.pack.build import build_pack
from truemark.evidence.pack.manifest import check_pack
from truemark.evidence.pack.sources import PackSources
from truemark.io.images import pdq_hash_file


@pytest.fixture
def pack(racket: Racket) -> bytes:
    """The brand's pack of the racket, with a fake confirmed by a test buy on s-1."""
    photo = test_buys.photo("item.png", (racket.folder / "photos" / "l-3.png").read_bytes())
    purchase = test_buys.Purchase(
        "l-1", "ORD-1", T0, Decimal("45"), "USD", test_buys.TestBuyResult.FAKE, "investigator A",
        "bag, no serial card", photos=(photo,),
    )  # fmt: skip
    with racket.store.unit_of_work() as work:
        test_buys.record_test_buy(work, racket.brand, purchase, T0)
        referral = referrals.create_referral(
            work, racket.brand, "guangdong-psb", "Lune ring", T0, network_id=racket.network_id
        )
    with racket.store.unit_of_work() as work:
        sources = PackSources(racket.listings, CATALOG)
        _record, content = build_pack(work, racket.brand, referral.id, sources, SECRET, T0)
    return content


def _files(pack: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(pack))
    return {name: archive.read(name) for name in archive.namelist()}


def test_the_pack_holds_the_evidence_of_the_racket(pack: bytes) -> None:
    files = _files(pack)
    listings = pl.read_csv(io.BytesIO(files["listings.csv"]))
    links = orjson.loads(files["links.json"])
    regions = pl.read_csv(io.BytesIO(files["ship_from.csv"]))
    matches = pl.read_csv(io.BytesIO(files["photo_matches.csv"]))
    assert sorted(listings["listing_id"]) == ["l-1", "l-2", "l-3"]  # not the unrelated seller
    assert listings.filter(pl.col("listing_id") == "l-2")["estimated_revenue_usd"][
        0
    ] == pytest.approx(39 * 80 * 1.08)
    assert {(link["seller_a"], link["seller_b"]) for link in links} == {
        ("s-1", "s-2"),
        ("s-1", "s-3"),
        ("s-2", "s-3"),
    }
    assert "payment_account" in links[0]["attributes"]
    assert regions.sort("ship_region")["ship_region"].to_list() == ["CN-GD", "CN-ZJ"]
    assert matches.select("listing_id", "bank", "sku").rows() == [("l-1", "reference", "AUR-100")]
    assert (
        files[matches["matched_file"][0]]
        == (CATALOG.parent / "images/aurelia/AUR-100-1.jpg").read_bytes()
    )
    assert orjson.loads(files["test_buys.json"])[0]["photos"] == ["test_buys/1/item.png"]
    assert "test_buy.recorded" in {
        entry["action"] for entry in orjson.loads(files["timeline.json"])
    }
    manifest = orjson.loads(files["manifest.json"])
    assert set(manifest["files"]) == set(files) - {"manifest.json"}


def test_the_pdf_renders_to_readable_pages(pack: bytes, tmp_path: Path) -> None:
    document = pypdfium2.PdfDocument(_files(pack)["summary.pdf"])
    pages = []
    for number in range(len(document)):
        image = document[number].render(scale=1.2).to_pil().convert("RGB")
        image.save(tmp_path / f"summary-page-{number + 1}.png")  # to look at: pytest --basetemp
        pages.append(np.asarray(image))
    text = "".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    assert len(pages) >= 2
    assert "Evidence pack: Lune ring" in text
    for heading in ("Why these accounts are linked", "Where the goods ship from", "Test buys"):
        assert heading in text
    graph_page = pages[1]
    red = (graph_page[..., 0] > 170) & (graph_page[..., 1] < 90) & (graph_page[..., 2] < 80)
    assert red.sum() > 100  # the account a test buy caught is drawn red
    assert (graph_page < 128).any(axis=2).mean() > 0.01  # ink on the page, not a blank one


def test_added_and_removed_files_are_named(pack: bytes, tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(pack))
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            if info.filename != "sellers.csv":
                target.writestr(info, source.read(info))
        target.writestr("photos/l-1/extra.jpg", b"planted")
    check = check_pack(changed)
    assert (check.removed, check.added, check.altered) == (
        ["sellers.csv"],
        ["photos/l-1/extra.jpg"],
        [],
    )
    assert check.signature_holds
    assert not check.intact


def test_a_manifest_re_signed_by_another_key_fails_against_the_pinned_key(
    pack: bytes, racket: Racket, tmp_path: Path
) -> None:
    with racket.store.unit_of_work() as work:
        key = work.evidence_keys.live(racket.orgs["brand"])
    assert key is not None
    original = tmp_path / "pack.zip"
    original.write_bytes(pack)
    assert check_pack(original, key.public_key).intact
    assert not check_pack(original, bytes(32)).signature_holds


def test_a_sealed_key_opens_only_with_its_secret(racket: Racket, pack: bytes) -> None:
    with racket.store.unit_of_work() as work:
        key = work.evidence_keys.live(racket.orgs["brand"])
    assert key is not None
    assert SECRET.encode() not in key.sealed_private_key
    EvidenceVault(SECRET).open(key)
    with pytest.raises(ConfigError, match="not the secret it was sealed with"):
        EvidenceVault("another secret").open(key)


def test_a_listing_photo_is_packed_beside_the_known_fake_it_matches(
    racket: Racket, tmp_path: Path
) -> None:
    fakes = tmp_path / "known" / "fakes.csv"
    (fakes.parent / "seen").mkdir(parents=True)
    seen = fakes.parent / "seen" / "case-88.png"
    seen.write_bytes((racket.folder / "photos" / "l-3.png").read_bytes())
    pl.DataFrame({"pdq": [pdq_hash_file(seen)[0]], "provenance": ["seen/case-88.png"]}).write_csv(
        fakes
    )
    with racket.store.unit_of_work() as work:
        referral = referrals.create_referral(
            work, racket.operator, "guangdong-psb", "s-3", T0, seller_ids=["s-3"]
        )
        sources = PackSources(racket.listings, None, fakes)
        _record, content = build_pack(work, racket.operator, referral.id, sources, SECRET, T0)
    files = _files(content)
    matches = pl.read_csv(io.BytesIO(files["photo_matches.csv"]))
    assert matches.select("listing_id", "bank", "matched_file").rows() == [
        ("l-3", "known_fake", "photos/l-3/match-1-known_fake.png")
    ]
    assert files["photos/l-3/match-1-known_fake.png"] == seen.read_bytes()


def test_a_file_that_is_not_a_pack_is_one_clear_error(tmp_path: Path) -> None:
    not_a_zip = tmp_path / "pack.zip"
    not_a_zip.write_bytes(b"PK? no")
    with pytest.raises(InputError, match=r"pack\.zip: not a readable ZIP file"):
        check_pack(not_a_zip)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("listings.csv", "listing_id\n")
    with pytest.raises(InputError, match=r"no manifest\.json in the pack"):
        check_pack(empty)


def test_a_manifest_rewritten_to_match_a_changed_file_breaks_the_signature(
    pack: bytes, tmp_path: Path
) -> None:
    files = _files(pack)
    files["sellers.csv"] = files["sellers.csv"].replace(b"Lux Outlet 88", b"Someone Else")
    manifest = orjson.loads(files["manifest.json"])
    manifest["files"]["sellers.csv"]["sha256"] = hashlib.sha256(files["sellers.csv"]).hexdigest()
    manifest["files"]["sellers.csv"]["size"] = len(files["sellers.csv"])
    files["manifest.json"] = orjson.dumps(manifest)
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    check = check_pack(forged)
    assert check.altered == []
    assert not check.signature_holds
