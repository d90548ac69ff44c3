"""Two members exchange a signed bundle: brand A's confirmed fake photo is caught in brand B's
scan with A named as its source; A's retraction removes it; altered bundles are refused."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from PIL import Image
from tests.alliance.members import Alliance

from truemark.alliance import (
    ImportReport,
    alliance_work,
    export_bundle,
    import_bundle,
    provenance,
    retract_item,
    write_known_fakes,
)
from truemark.catalog import Catalog, catalog_from_dict
from truemark.detect.image import ImageDetector
from truemark.errors import InputError
from truemark.evidence.keys import key_id_of


def _bundle(members: Alliance, exporter: str, recipient: str) -> bytes:
    with alliance_work(members.store) as alliance:
        principal = members.admin(exporter)
        ids = members.ids[exporter]
        return export_bundle(alliance, principal, ids, recipient, members.secret, members.moment)


def _import(
    members: Alliance, importer: str, bundle: bytes, public_key: bytes | None = None
) -> ImportReport:
    with alliance_work(members.store) as alliance:
        principal = members.admin(importer)
        return import_bundle(
            alliance,
            principal,
            members.ids[importer],
            bundle,
            "bundle.jsonl",
            members.moment,
            public_key,
        )


def _catalog(folder: Path) -> Catalog:
    Image.new("RGB", (64, 64), (200, 30, 30)).save(folder / "ref.png")
    product = {
        "sku": "AC-1",
        "name": "Bag",
        "category": "bags",
        "msrp": 900,
        "currency": "USD",
        "images": ["ref.png"],
    }
    brand = {"id": "acme", "name": "Acme", "marks": ["acme"], "authorized_sellers": ["s-acme"]}
    return catalog_from_dict(
        {"version": 1, "brands": [{**brand, "products": [product]}]}, image_root=folder
    )


def _known_fake_source(members: Alliance, folder: Path) -> str | None:
    bank = folder / "known_fakes.csv"
    with alliance_work(members.store) as alliance:
        write_known_fakes(alliance, members.ids["brand-b"], bank, members.moment)
    detector = ImageDetector.from_catalog(_catalog(folder), bank)
    listing = pl.DataFrame({"seller_id": ["s-x"], "image_pdq": [[members.fake_pdq]]})
    source: str | None = detector.signals(listing)["image.known_fake_source"][0]
    return source


def test_fake_confirmed_by_a_is_caught_in_b_scan_until_a_retracts(
    members: Alliance, tmp_path: Path
) -> None:
    members.share("brand-a", "photo_hash", "named", "brand-b")
    item = members.confirm("brand-a")

    report = _import(members, "brand-b", _bundle(members, "brand-a", "brand-b"))

    assert (report.exporter, report.added, report.retracted) == ("brand-a", 1, 0)
    assert _known_fake_source(members, tmp_path) == provenance(item)
    assert provenance(item).startswith("intel:brand-a:")

    with alliance_work(members.store) as alliance:
        retract_item(
            alliance, members.admin("brand-a"), members.ids["brand-a"], item.id, members.moment
        )
    report = _import(members, "brand-b", _bundle(members, "brand-a", "brand-b"))

    assert report.retracted == 1
    assert _known_fake_source(members, tmp_path) is None


def test_importing_a_bundle_twice_adds_nothing_new(members: Alliance) -> None:
    members.share("brand-a", "photo_hash", "all")
    members.confirm("brand-a")
    bundle = _bundle(members, "brand-a", "brand-b")

    _import(members, "brand-b", bundle)
    again = _import(members, "brand-b", bundle)

    assert (again.added, again.duplicates) == (0, 1)


def test_a_tampered_bundle_is_refused_and_nothing_is_stored(members: Alliance) -> None:
    members.share("brand-a", "photo_hash", "all")
    members.confirm("brand-a")
    bundle = _bundle(members, "brand-a", "brand-b")
    tampered = bundle.replace(b'"confidence":0.95', b'"confidence":0.99')
    assert tampered != bundle

    with pytest.raises(InputError, match="altered after signing"):
        _import(members, "brand-b", tampered)
    with pytest.raises(InputError, match="last line is not a bundle signature"):
        _import(members, "brand-b", bundle.rsplit(b"\n", 2)[0] + b"\n")
    with alliance_work(members.store) as alliance:
        assert alliance.intel.held_by([members.ids["brand-b"]]) == []


def test_a_bundle_is_only_for_its_recipient_and_its_exporter_key(members: Alliance) -> None:
    members.share("brand-a", "photo_hash", "all")
    members.confirm("brand-a")
    bundle = _bundle(members, "brand-a", "brand-b")

    with pytest.raises(InputError, match="addressed to 'brand-b', not 'brand-c'"):
        _import(members, "brand-c", bundle)
    with alliance_work(members.store) as alliance:
        key = alliance.work.evidence_keys.live(members.ids["brand-a"])
        other = alliance.work.evidence_keys.live(members.ids["brand-b"])
    assert key is not None
    assert _import(members, "brand-b", bundle, key.public_key).added == 1
    _bundle(members, "brand-b", "brand-a")  # gives brand-b a key of its own
    with alliance_work(members.store) as alliance:
        other = alliance.work.evidence_keys.live(members.ids["brand-b"])
    assert other is not None
    given = key_id_of(other.public_key)
    with pytest.raises(InputError, match=f"key given \\({given}\\) is not brand-a's key that"):
        _import(members, "brand-b", bundle, other.public_key)
