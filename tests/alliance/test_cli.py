"""``truemark intel``: two members exchange a bundle from the command line and B's bank holds A's
fake photo with its provenance until A retracts it; a tampered bundle is one clear error."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from tests.alliance.conftest import Run
from tests.alliance.members import Alliance

from truemark.alliance import alliance_work
from truemark.evidence.keys import public_key_pem


def test_exchange_from_the_command_line(members: Alliance, run: Run, tmp_path: Path) -> None:
    bundle, bank = tmp_path / "a-to-b.jsonl", tmp_path / "known_fakes.csv"
    rule = ("intel", "rule", "--org", "brand-a", "--kind", "photo_hash", "--audience", "named")
    assert run(*rule, "--member", "brand-b")[0] == 0
    code, out, _ = run(
        "intel", "confirm", "--org", "brand-a", "--kind", "photo_hash", "--value", members.fake_pdq,
        "--source", "case-17", "--confidence", "0.9",
    )  # fmt: skip
    assert code == 0
    item = out.split()[2]
    export = ("intel", "export", "--org", "brand-a", "--recipient", "brand-b", "--out", str(bundle))
    assert run(*export)[0] == 0

    assert run("intel", "import", "--org", "brand-b", str(bundle))[1].startswith(
        "from brand-a: 1 added"
    )
    assert run("intel", "bank", "--org", "brand-b", "--out", str(bank))[0] == 0
    table = pl.read_csv(bank)
    assert table.columns == ["pdq", "provenance", "brand_id"]
    assert table["pdq"].to_list() == [members.fake_pdq]
    assert table["provenance"][0].startswith("intel:brand-a:")

    assert run("intel", "retract", "--org", "brand-a", item)[0] == 0
    assert run(*export)[0] == 0
    assert "1 retracted" in run("intel", "import", "--org", "brand-b", str(bundle))[1]
    run("intel", "bank", "--org", "brand-b", "--out", str(bank))
    assert pl.read_csv(bank).height == 0


def test_a_tampered_bundle_is_one_clear_error(members: Alliance, run: Run, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.jsonl"
    run("intel", "rule", "--org", "brand-a", "--kind", "cue_term", "--audience", "all")
    run("intel", "confirm", "--org", "brand-a", "--kind", "cue_term", "--value", "mirror grade")
    run("intel", "export", "--org", "brand-a", "--recipient", "brand-b", "--out", str(bundle))
    bundle.write_bytes(bundle.read_bytes().replace(b"mirror grade", b"mirror-grade"))

    code, _, err = run("intel", "import", "--org", "brand-b", str(bundle))

    assert code == 2
    assert "altered after signing" in err
    assert "Traceback" not in err


def test_a_bundle_from_another_instance_is_checked_with_its_pem_key(
    members: Alliance, run: Run, tmp_path: Path
) -> None:
    bundle, pem = tmp_path / "bundle.jsonl", tmp_path / "brand-a.pem"
    run("intel", "rule", "--org", "brand-a", "--kind", "racket_indicator", "--audience", "all")
    run("intel", "confirm", "--org", "brand-a", "--kind", "racket_indicator",
        "--value", "domain:luxdeals.shop")  # fmt: skip
    run("intel", "export", "--org", "brand-a", "--recipient", "brand-b", "--out", str(bundle))
    with alliance_work(members.store) as alliance:
        key = alliance.work.evidence_keys.live(members.ids["brand-a"])
    assert key is not None
    pem.write_text(public_key_pem(key.public_key))

    code, out, _ = run("intel", "import", "--org", "brand-b", str(bundle), "--public-key", str(pem))

    assert (code, out.split(" added")[0]) == (0, "from brand-a: 1")
    pem.write_text("not a key")
    code, _, err = run("intel", "import", "--org", "brand-b", str(bundle), "--public-key", str(pem))
    assert code == 2
    assert "not a PEM public key" in err
