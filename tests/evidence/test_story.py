"""The story of issue 8, on SQLite and PostgreSQL: a racket is found, a test buy confirms a
fake, the brand refers the network to the police, the liaison downloads the signed pack through
the API and verifies it; a changed photo is named; an audit row edited in the database is named.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import text
from tests.evidence.conftest import CATALOG, Http, Racket, Run

from truemark.evidence.risk import fakes_per_seller
from truemark.networks.scoring import score_networks

BRAND = "aurelia-maison-sa"
PHOTO = "photos/l-1/listing-1.jpg"


def _flip_one_byte(pack: bytes, name: str) -> bytes:
    """The same ZIP with one byte in the middle of ``name`` changed."""
    source = zipfile.ZipFile(io.BytesIO(pack))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = bytearray(source.read(info))
            if info.filename == name:
                content[len(content) // 2] ^= 0x01
            target.writestr(info, bytes(content))
    return buffer.getvalue()


def _edit_audit_row(racket: Racket, sequence: int) -> None:
    """Change one audit entry behind truemark's back (PostgreSQL: with the trigger disabled)."""
    postgres = racket.store.dialect == "postgresql"
    with racket.store.engine.begin() as connection:
        if postgres:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        connection.execute(
            text("UPDATE audit_log SET actor = 'nobody' WHERE sequence = :sequence"),
            {"sequence": sequence},
        )
        if postgres:
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"))


def test_racket_to_a_verified_pack_and_a_tampered_record_named(
    racket: Racket, http: Http, run: Run, tmp_path: Path
) -> None:
    # the racket: three accounts tied by a phone and a payout account
    network = http.client.get(f"/networks/{racket.network_id}", headers=http.as_("operator"))
    assert network.json()["network"]["members"] == ["s-1", "s-2", "s-3"]

    # a test buy from the racket's listing confirms a fake
    photo = (racket.folder / "photos" / "l-2.png").read_bytes()
    bought = http.client.post(
        "/test-buys",
        headers=http.as_("brand"),
        json={
            "listing_id": "l-1",
            "order_ref": "ORD-7731",
            "ordered_at": "2026-03-02T08:00:00Z",
            "cost": "45.00",
            "currency": "USD",
            "result": "fake",
            "buyer": "investigator A. Moreau",
            "item_received": "bag without serial card, glued seams",
            "photos": [
                {"filename": "item.png", "content_base64": base64.b64encode(photo).decode()}
            ],
        },
    )
    assert bought.status_code == 201, bought.text
    assert (bought.json()["seller_id"], bought.json()["network_id"]) == ("s-1", racket.network_id)
    with racket.store.unit_of_work() as work:
        fakes = fakes_per_seller(work)
    assert fakes.rows() == [("s-1", 1)]
    members = pl.DataFrame(
        {"seller_id": ["s-1", "s-2"], "network_id": ["n", "n"], "network_size": [2, 2]}
    )
    scored = score_networks(members, None, None, fakes)  # two linked accounts: 0.15 alone
    assert scored["network_risk"].to_list() == pytest.approx([1 - 0.85 * 0.25] * 2)
    assert scored["test_buy_fakes"].to_list() == [1, 0]

    # the brand refers the network to the police and builds the signed pack
    code, out, err = run(
        "referrals", "create", "--org", BRAND, "--liaison", "guangdong-psb",
        "--network", racket.network_id, "--title", "Aurelia Lune counterfeit ring",
    )  # fmt: skip
    assert code == 0, err
    found = re.search(r"referral (\d+):", out)
    assert found, out
    referral = int(found.group(1))
    code, out, err = run(
        "evidence", "pack", "--referral", str(referral), "--out", str(tmp_path / "built.zip"),
        "--listings", str(racket.listings), "--catalog", str(CATALOG), "--org", BRAND,
    )  # fmt: skip
    assert code == 0, err

    # the liaison downloads it through the API; another police force sees nothing
    assert (
        http.client.get(f"/referrals/{referral}/pack", headers=http.as_("other_police")).status_code
        == 404
    )
    download = http.client.get(f"/referrals/{referral}/pack", headers=http.as_("police"))
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    pack, key = tmp_path / "downloaded.zip", tmp_path / "aurelia.pem"
    pack.write_bytes(download.content)
    key.write_text(
        http.client.get(f"/referrals/{referral}/pack/key", headers=http.as_("police")).text
    )
    assert PHOTO in zipfile.ZipFile(pack).namelist()

    code, out, err = run("evidence", "verify", str(pack), "--public-key", str(key))
    assert code == 0, err
    assert "intact" in out

    # one byte of one photo changed: verify names that file
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(_flip_one_byte(download.content, PHOTO))
    code, out, err = run("evidence", "verify", str(tampered), "--public-key", str(key))
    assert code == 2
    assert f"{PHOTO}: altered" in err
    assert "listing-2" not in err

    # the liaison answers; the whole record is intact
    assert (
        http.client.post(
            f"/referrals/{referral}/acknowledge", headers=http.as_("police")
        ).status_code
        == 200
    )
    raid = {"kind": "raid", "count": 3, "details": "warehouse in Baiyun district", "final": True}
    assert (
        http.client.post(
            f"/referrals/{referral}/outcomes", headers=http.as_("police"), json=raid
        ).status_code
        == 201
    )
    code, out, err = run("audit", "verify")
    assert code == 0, err

    # one audit row edited directly in the database: verify names that row
    edited = http.client.get("/audit", params={"limit": 500}, headers=http.as_("operator")).json()
    target = next(e["sequence"] for e in edited if e["action"] == "test_buy.recorded")
    _edit_audit_row(racket, target)
    code, out, err = run("audit", "verify")
    assert code == 2
    assert f"entry {target}: edited" in err
    assert err.count("entry ") == 1  # only that row is named
