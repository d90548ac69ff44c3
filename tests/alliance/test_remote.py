"""Two truemark instances on loopback, each with its own database: instance A runs the command
line (``intel push``, ``intel pull``, ``intel trust``), instance B is served over real HTTP.
B believes A's pushes only once its operator pinned A's key: then A's fake photo lands in B's
bank with A's provenance, a retraction pushed later removes it, pushing twice adds nothing; a
tampered bundle, or one claiming A but signed with another key, is refused with nothing stored;
and B's intel reaches A by a pull, with the recipient's own API key on B."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import polars as pl
import pytest
from sqlalchemy.pool import NullPool
from tests.alliance.conftest import Run
from tests.alliance.foreign import ForeignExporter
from tests.alliance.instances import SECRET_B, Instance, free_port, populate, served, silent_port
from tests.alliance.members import T0, Alliance
from tests.conftest import FAST_PASSWORD_HASHER, _fresh_schema_url, _postgres_base_url

from truemark.alliance import IntelDraft, alliance_work, confirm_item, retract_item, set_rule
from truemark.alliance.items import item_uid
from truemark.api.app import create_app
from truemark.config import Settings
from truemark.evidence.keys import key_id_of, public_key_pem
from truemark.store import Store, make_engine, upgrade
from truemark.store.alliance_records import SharingRuleRecord


def _other_database(database_url: str, folder: Path) -> Iterator[str]:
    """A second database on the same backend as ``database_url``, at head."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{folder / 'instance-b.db'}"
        upgrade(url)
        yield url
        return
    for url in _fresh_schema_url(_postgres_base_url()):
        upgrade(url)
        yield url


@pytest.fixture
def instance_b(database_url: str, tmp_path: Path) -> Iterator[Instance]:
    """Instance B: its own database, served by uvicorn on a free loopback port."""
    for url in _other_database(database_url, tmp_path):
        engine = make_engine(url, poolclass=NullPool)
        store = Store(engine, password_hasher=FAST_PASSWORD_HASHER)
        ids, keys = populate(store)
        app = create_app(Settings(database_url=url, secret_key=SECRET_B), store=store)
        with served(app) as base_url:
            yield Instance(base_url, store, ids, keys)
        engine.dispose()


def _share_fake_photo(run: Run, members: Alliance) -> str:
    """brand-a (instance A) shares photo hashes with brand-b and confirms one; its item id."""
    rule = ("intel", "rule", "--org", "brand-a", "--kind", "photo_hash", "--audience", "named")
    assert run(*rule, "--member", "brand-b")[0] == 0
    code, out, _ = run(
        "intel", "confirm", "--org", "brand-a", "--kind", "photo_hash", "--value", members.fake_pdq,
        "--source", "case-17",
    )  # fmt: skip
    assert code == 0
    return out.split()[2]


def _a_key(members: Alliance) -> bytes:
    with alliance_work(members.store) as alliance:
        key = alliance.work.evidence_keys.live(members.ids["brand-a"])
    assert key is not None
    return key.public_key


def test_push_lands_in_the_other_instance_once_and_a_retraction_removes_it(
    members: Alliance, run: Run, instance_b: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = _share_fake_photo(run, members)
    monkeypatch.setenv("B_KEY", instance_b.keys["brand-b"])
    push = ("intel", "push", "--org", "brand-a", "--recipient", "brand-b")
    push += ("--to", instance_b.url + "/", "--token-env", "B_KEY")

    code, _, err = run(*push)

    assert code == 2
    assert "refused (400): bundle: exporter brand-a is not trusted here: pin its key with" in err
    assert instance_b.held("brand-b") == []
    instance_b.pin("brand-a", _a_key(members))

    code, out, err = run(*push)

    assert (code, err) == (0, "")
    key_id = key_id_of(_a_key(members))
    assert f"from brand-a (pinned key {key_id}): 1 added, 0 retracted, 0 already held" in out
    uid = item_uid("brand-a", "photo_hash", members.fake_pdq)
    assert instance_b.bank("brand-b") == [(members.fake_pdq, f"intel:brand-a:{uid[:16]}")]
    assert "brand-a" not in instance_b.ids  # B needs to know nothing of the exporter but its key

    assert "0 added, 0 retracted, 1 already held" in run(*push)[1]
    assert len(instance_b.held("brand-b")) == 1

    assert run("intel", "retract", "--org", "brand-a", item)[0] == 0
    assert "0 added, 1 retracted, 0 already held" in run(*push)[1]
    assert instance_b.bank("brand-b") == []
    assert [i.status for i in instance_b.held("brand-b")] == ["retracted"]
    with instance_b.store.unit_of_work() as work:
        entries = [e for e in work.audit.entries() if e.action.startswith("intel.")]
    assert [e.action for e in entries] == ["intel.trusted"] + ["intel.imported"] * 3
    assert all(f'"key_id":"{key_id}"' in e.payload for e in entries)
    assert all('"key_source":"pinned"' in e.payload for e in entries[1:])


def test_a_tampered_or_misaddressed_bundle_is_refused_and_nothing_stored(
    members: Alliance,
    run: Run,
    instance_b: Instance,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _share_fake_photo(run, members)
    bundle = tmp_path / "a-to-b.jsonl"
    export = ("intel", "export", "--org", "brand-a", "--recipient", "brand-b")
    assert run(*export, "--out", str(bundle))[0] == 0
    tampered = bundle.read_bytes().replace(b"case-17", b"case-99")
    headers = {"Authorization": f"Bearer {instance_b.keys['brand-b']}"}

    answer = httpx.post(
        f"{instance_b.url}/intel/bundles",
        content=tampered,
        params={"public_key": _a_key(members).hex()},
        headers={**headers, "Content-Type": "application/x-ndjson"},
    )

    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert "exporter brand-a is not trusted here" in answer.json()["detail"]
    instance_b.pin("brand-a", _a_key(members))
    assert "altered after signing" in _post(instance_b, tampered).json()["detail"]
    impostor = ForeignExporter("brand-a")  # holds brand-b's API key on B, not brand-a's key
    forged = _post(instance_b, impostor.bundle("brand-b"), impostor.public_key)
    assert forged.status_code == 400
    assert "signed with a key other than the one pinned for brand-a" in forged.json()["detail"]
    unknown = _post(instance_b, ForeignExporter("brand-q").bundle("brand-b"))
    assert "exporter brand-q is not trusted here" in unknown.json()["detail"]
    assert instance_b.held("brand-b") == []
    monkeypatch.setenv("C_KEY", instance_b.keys["brand-c"])
    code, _, err = run(
        "intel", "push", "--org", "brand-a", "--recipient", "brand-b", "--to", instance_b.url,
        "--token-env", "C_KEY",
    )  # fmt: skip
    assert code == 2
    assert (
        f"{instance_b.url}/intel/bundles refused (400): bundle: addressed to 'brand-b', not 'brand-c'"
        in err
    )
    assert "Traceback" not in err
    assert instance_b.held("brand-b") == instance_b.held("brand-c") == []


def _post(instance_b: Instance, bundle: bytes, public_key: bytes | None = None) -> httpx.Response:
    """POST a bundle to B with brand-b's API key (and a public key, as old pushers did)."""
    params = {} if public_key is None else {"public_key": public_key.hex()}
    headers = {"Authorization": f"Bearer {instance_b.keys['brand-b']}"}
    headers["Content-Type"] = "application/x-ndjson"
    return httpx.post(
        f"{instance_b.url}/intel/bundles", content=bundle, params=params, headers=headers
    )


def _b_shares_with_c(instance_b: Instance, value: str, exporter: str = "brand-b") -> int:
    """On instance B, the exporter shares photo hashes with brand-c and confirms one; its id."""
    with alliance_work(instance_b.store) as alliance:
        admin, org = instance_b.admin(exporter), instance_b.ids[exporter]
        rule = SharingRuleRecord(org, "photo_hash", "named", ("brand-c",), True)
        set_rule(alliance, admin, org, rule, T0)
        draft = IntelDraft("photo_hash", value, "case-b-4", 0.8)
        return confirm_item(alliance, admin, org, draft, T0).id


def _a_bank(run: Run, slug: str, folder: Path) -> list[tuple[str, str]]:
    bank = folder / f"{slug}-bank.csv"
    assert run("intel", "bank", "--org", slug, "--out", str(bank))[0] == 0
    table = pl.read_csv(bank, schema_overrides={"brand_id": pl.String})
    return list(zip(table["pdq"], table["provenance"], strict=True))


def test_pull_fetches_what_the_other_instance_shares_and_verifies_it_first(
    members: Alliance,
    run: Run,
    instance_b: Instance,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    item = _b_shares_with_c(instance_b, members.fake_pdq, "brand-d")
    d_key = instance_b.public_key("brand-d")
    pem = tmp_path / "brand-d.pem"
    pem.write_text(public_key_pem(d_key))
    monkeypatch.setenv("C_KEY", instance_b.keys["brand-c"])  # brand-c's own key on B
    pull = ("intel", "pull", "--org", "brand-c", "--from", instance_b.url, "--token-env", "C_KEY")
    pull += ("--exporter", "brand-d")

    untrusted = run(*pull)
    assert untrusted[0] == 2
    assert (
        "exporter brand-d is not trusted here: pin its key with `truemark intel trust`"
        in (untrusted[2])
    )
    wrong_key = run(*pull, "--public-key", _a_key_hex(run, members, tmp_path), "--trust")
    assert wrong_key[0] == 2
    assert "signed with a key other than the one pinned for brand-d" in wrong_key[2]
    assert run("intel", "trust", "--list")[1] == "0 exporters pinned"  # the failed pull pinned none
    assert _a_bank(run, "brand-c", tmp_path) == []

    code, out, _ = run(*pull, "--public-key", str(pem), "--trust")
    assert code == 0
    key_id = key_id_of(d_key)
    assert f"pulled from {instance_b.url}: from brand-d (pinned key {key_id}): 1 added" in out
    uid = item_uid("brand-d", "photo_hash", members.fake_pdq)
    assert _a_bank(run, "brand-c", tmp_path) == [(members.fake_pdq, f"intel:brand-d:{uid[:16]}")]
    assert f"brand-d key {key_id} pinned" in run("intel", "trust", "--list")[1]
    assert "0 added, 0 retracted, 1 already held" in run(*pull)[1]
    for_b = ("intel", "pull", "--org", "brand-b", "--from", instance_b.url, "--token-env", "C_KEY")
    code, _, err = run(*for_b, "--exporter", "brand-d")  # brand-c's key, brand-b's bundle
    assert (code, "the API key in $C_KEY may not do this" in err) == (2, True)

    with alliance_work(instance_b.store) as alliance:
        retract_item(alliance, instance_b.admin("brand-d"), instance_b.ids["brand-d"], item, T0)
    assert "1 retracted" in run(*pull)[1]
    assert _a_bank(run, "brand-c", tmp_path) == []
    with instance_b.store.unit_of_work() as work:
        fetched = [e.payload for e in work.audit.entries() if e.action == "intel.exported"]
    assert sum('"fetched_by":"brand-c"' in payload for payload in fetched) == 5


def test_a_member_of_both_instances_is_believed_under_either_key_once_pinned(
    members: Alliance,
    run: Run,
    instance_b: Instance,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _b_shares_with_c(instance_b, members.fake_pdq)  # brand-b is a member here (A) too
    b_key = instance_b.public_key("brand-b").hex()
    monkeypatch.setenv("B_KEY", instance_b.keys["brand-b"])  # the exporter's own key on B
    pull = ("intel", "pull", "--org", "brand-c", "--from", instance_b.url, "--token-env", "B_KEY")

    code, _, err = run(*pull, "--public-key", b_key, "--trust")

    assert code == 2
    assert "not an evidence key of brand-b here, and no key is pinned for it" in err
    assert run("intel", "trust", "--exporter", "brand-b", "--public-key", b_key)[0] == 0
    assert "from brand-b (pinned key " in run(*pull)[1]
    members.share("brand-b", "cue_term", "all")
    members.confirm("brand-b", "tribute grade", kind="cue_term")
    bundle = tmp_path / "b-here.jsonl"
    run("intel", "export", "--org", "brand-b", "--recipient", "brand-c", "--out", str(bundle))
    here = run("intel", "import", "--org", "brand-c", str(bundle))[1]
    assert here.startswith("from brand-b (local key ")
    assert here.endswith(": 1 added, 0 retracted, 0 already held")
    uid = item_uid("brand-b", "photo_hash", members.fake_pdq)  # B's brand-b's, by the pull
    assert _a_bank(run, "brand-c", tmp_path) == [(members.fake_pdq, f"intel:brand-b:{uid[:16]}")]


def _a_key_hex(run: Run, members: Alliance, folder: Path) -> str:
    """brand-a's key on instance A: a key that did not sign B's bundles."""
    run("intel", "export", "--org", "brand-a", "--recipient", "brand-b", "--out",
        str(folder / "unused.jsonl"))  # fmt: skip
    return _a_key(members).hex()


def test_each_way_a_push_can_fail_is_one_line_without_a_traceback(
    members: Alliance, run: Run, instance_b: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("B_KEY", instance_b.keys["brand-b"])
    monkeypatch.setenv("WRONG_KEY", "tm_00000000_not-a-key-of-instance-b")
    monkeypatch.setenv("VIEWER_KEY", instance_b.keys["brand-b-viewer"])
    monkeypatch.delenv("UNSET_KEY", raising=False)
    closed = f"http://127.0.0.1:{free_port()}"

    def push(url: str, token_env: str = "B_KEY", *extra: str) -> str:
        code, out, err = run(
            "intel", "push", "--org", "brand-a", "--recipient", "brand-b", "--to", url,
            "--token-env", token_env, *extra,
        )  # fmt: skip
        assert code == 2, out  # (out holds instance B's request log lines: it runs in-process)
        assert "Traceback" not in err
        assert err.count("error:") == 1
        return err

    assert f"cannot reach {closed}/intel/bundles: connection refused" in push(closed)
    with silent_port() as port:
        silent = f"http://127.0.0.1:{port}"
        assert f"{silent}/intel/bundles did not answer within 0.5 s" in push(
            silent, "B_KEY", "--timeout", "0.5"
        )
    where = f"{instance_b.url}/intel/bundles"
    assert f"{where} refused the API key in $WRONG_KEY: " in push(instance_b.url, "WRONG_KEY")
    refused = push(instance_b.url, "VIEWER_KEY")
    assert f"{where}: the API key in $VIEWER_KEY may not do this: " in refused
    assert "UNSET_KEY is not set" in push(instance_b.url, "UNSET_KEY")
    literal = push(instance_b.url, instance_b.keys["brand-b"])
    assert "name of an environment variable" in literal
    assert instance_b.keys["brand-b"] not in literal
    for address in ("ftp://127.0.0.1/", "127.0.0.1:8000", "http://[::1"):
        assert "not an http:// or https:// address" in push(address)
    assert instance_b.held("brand-b") == []
