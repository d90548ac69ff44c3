"""``truemark intel``: two members exchange a bundle from the command line and B's bank holds A's
fake photo with its provenance until A retracts it; a tampered bundle is one clear error."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from tests.alliance.conftest import Run
from tests.alliance.foreign import ForeignExporter
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

    imported = run("intel", "import", "--org", "brand-b", str(bundle))[1]
    assert imported.startswith("from brand-a (local key ")
    assert imported.endswith(": 1 added, 0 retracted, 0 already held")
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
    run("intel", "confirm", "--org", "brand-a", "--kind", "cue_term", "--value", "tribute grade")
    run("intel", "export", "--org", "brand-a", "--recipient", "brand-b", "--out", str(bundle))
    bundle.write_bytes(bundle.read_bytes().replace(b"tribute grade", b"tribute-grade"))

    code, _, err = run("intel", "import", "--org", "brand-b", str(bundle))

    assert code == 2
    assert "altered after signing" in err
    assert "Traceback" not in err


def test_a_local_exporters_key_may_be_named_and_must_be_its_own(
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

    assert (code, out.split(" added")[0]) == (0, f"from brand-a (local key {key.key_id}): 1")
    pem.write_text(public_key_pem(ForeignExporter().public_key))
    code, _, err = run("intel", "import", "--org", "brand-b", str(bundle), "--public-key", str(pem))
    assert code == 2
    assert f"is not brand-a's key that signed it ({key.key_id})" in err
    pem.write_text("not a key")
    code, _, err = run("intel", "import", "--org", "brand-b", str(bundle), "--public-key", str(pem))
    assert code == 2
    assert "not a PEM public key" in err


def test_another_instances_exporter_is_believed_only_while_its_key_is_pinned(
    members: Alliance, run: Run, tmp_path: Path
) -> None:
    brand_z = ForeignExporter()
    bundle, withdrawal, pem = (tmp_path / name for name in ("z.jsonl", "z2.jsonl", "z.pem"))
    bundle.write_bytes(brand_z.bundle("brand-b"))
    withdrawal.write_bytes(brand_z.bundle("brand-b", status="retracted"))
    pem.write_text(public_key_pem(brand_z.public_key))
    untrusted = "exporter brand-z is not trusted here: pin its key with `truemark intel trust`"

    for extra in ((), ("--public-key", str(pem))):
        code, _, err = run("intel", "import", "--org", "brand-b", str(bundle), *extra)
        assert (code, untrusted in err, "Traceback" in err) == (2, True, False)
    trust = ("intel", "trust", "--exporter", "brand-z", "--public-key", str(pem))
    assert run(*trust, "--note", "by courier")[1] == f"brand-z: key {brand_z.key_id} pinned"
    listed = run("intel", "trust", "--list")[1]
    assert f"brand-z key {brand_z.key_id} pinned " in listed
    assert listed.endswith(": by courier 1 exporters pinned")
    imported = run("intel", "import", "--org", "brand-b", str(bundle))[1]
    assert (
        imported
        == f"from brand-z (pinned key {brand_z.key_id}): 1 added, 0 retracted, 0 already held"
    )

    distrusted = run("intel", "distrust", "--exporter", "brand-z", "--suspend-items")[1]
    assert "no longer trusted" in distrusted
    assert distrusted.endswith("1 item imported from brand-z suspended")
    code, _, err = run("intel", "import", "--org", "brand-b", str(withdrawal))
    assert (code, untrusted in err) == (2, True)
    assert run("intel", "trust", "--list")[1] == "0 exporters pinned"
    first_use = ("intel", "import", "--org", "brand-b", str(withdrawal), "--trust")
    assert "--public-key" in run(*first_use)[2]
    assert "1 retracted" in run(*first_use, "--public-key", brand_z.public_key.hex())[1]

    code, _, err = run("intel", "trust", "--exporter", "Brand Z", "--public-key", str(pem))
    assert (code, "'Brand Z' is not an organization slug" in err) == (2, True)
    assert "needs --exporter and --public-key" in run("intel", "trust", "--exporter", "brand-z")[2]
    with members.store.unit_of_work() as work:
        trail = [(e.action, e.actor) for e in work.audit.entries() if "trust" in e.action]
    assert [action for action, _ in trail] == ["intel.trusted", "intel.distrusted", "intel.trusted"]
    assert all(actor.startswith("cli") for _, actor in trail)
