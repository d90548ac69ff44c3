"""The testbuys, referrals and evidence commands, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from tests.evidence.conftest import Racket, Run

BRAND = ["--org", "aurelia-maison-sa"]


def test_a_test_buy_recorded_from_the_command_line_counts_against_the_seller(
    racket: Racket, run: Run, tmp_path: Path
) -> None:
    code, out, err = run(
        "testbuys", "record", *BRAND, "--listing", "l-2", "--order", "ORD-9", "--date", "2026-03-01",
        "--cost", "39.00", "--currency", "EUR", "--result", "fake", "--buyer", "C. Diaz",
        "--received", "bag, misspelt logo", "--photo", str(racket.folder / "photos" / "l-3.png"),
    )  # fmt: skip
    assert code == 0, err
    assert f"fake from s-2, network {racket.network_id} (1 photos)" in out
    fakes = tmp_path / "fakes.csv"
    assert run("testbuys", "fakes", "--out", str(fakes))[0] == 0
    assert pl.read_csv(fakes).rows() == [("s-2", 1)]


def test_bad_test_buy_input_is_one_clear_message(racket: Racket, run: Run) -> None:
    base = ["testbuys", "record", *BRAND, "--order", "O", "--date", "2026-03-01", "--cost", "1",
            "--currency", "USD", "--buyer", "x"]  # fmt: skip
    code, _out, err = run(*base, "--listing", "l-2", "--result", "maybe")
    assert code == 2
    assert "genuine, fake or inconclusive" in err
    code, _out, err = run(*base, "--listing", "l-404", "--result", "fake")
    assert code == 2
    assert "listing 'l-404' is not in the database: name its seller too" in err
    assert "Traceback" not in err


def test_a_referral_from_creation_to_its_outcome(racket: Racket, run: Run, tmp_path: Path) -> None:
    code, out, err = run(
        "referrals", "create", *BRAND, "--liaison", "guangdong-psb", "--title", "Lune ring",
        "--seller", "s-1", "--seller", "s-3",
    )  # fmt: skip
    assert code == 0, err
    assert "referral 1: 2 sellers sent to guangdong-psb" in out
    police = ["--org", "guangdong-psb"]
    assert run("referrals", "ack", "1", *BRAND)[0] == 2  # only the liaison answers
    assert run("referrals", "ack", "1", *police)[0] == 0
    code, out, err = run(
        "referrals", "outcome", "1", *police, "--kind", "arrests", "--count", "3",
        "--date", "2026-04-02", "--final",
    )  # fmt: skip
    assert code == 0, err
    code, out, _err = run("referrals", "list", "--org", "other-police")
    assert "Lune ring" not in out
    code, out, _err = run("referrals", "list", *police)
    assert "Lune ring" in out
    assert "closed" in out
    assert "arrests" in out


def test_the_evidence_key_is_exported_and_rotated(racket: Racket, run: Run, tmp_path: Path) -> None:
    pem = tmp_path / "aurelia.pem"
    code, out, err = run("evidence", "key", *BRAND, "--out", str(pem))
    assert code == 0, err
    assert pem.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    first = out.split()[2]
    code, out, _err = run("evidence", "key", *BRAND, "--rotate")
    assert code == 0
    assert out.split()[2] != first
    with racket.store.unit_of_work() as work:
        assert work.evidence_keys.by_key_id(first) is not None  # retired, still verifies
        live = work.evidence_keys.live(racket.orgs["brand"])
    assert live is not None
    assert live.key_id == out.split()[2]
