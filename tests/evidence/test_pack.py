"""The pack itself: what it holds, the PDF rendered to PNG and looked at, files added or
removed named, and a pack signed by someone else refused."""

from __future__ import annotations

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

from truemark.errors import ConfigError
from truemark.evidence import referrals, test_buys
from truemark.evidence.keys import EvidenceVault
from truemark.evidence.pack.build import build_pack
from truemark.evidence.pack.manifest import check_pack
from truemark.evidence.pack.sources import PackSources


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
