"""The enforcement CLI end to end: import, queue, decide, notices, counter-notices, outbox,
strikes, networks, accounts — against SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest

from truemark.cli import main
from truemark.config import get_settings

Run = Callable[..., tuple[int, str, str]]

CATALOG = """\
version: 1
brands:
  - id: gucci
    name: Gucci
    owner: Kering
    trademarks: [{number: "111", office: USPTO, classes: [18]}]
    products: [{sku: G-1, name: Bag, category: handbags, msrp: 1000, currency: USD}]
"""


@pytest.fixture
def run(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    monkeypatch.setenv("TRUEMARK_DATABASE_URL", database_url)
    get_settings.cache_clear()

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["truemark", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        captured = capsys.readouterr()
        code = exit_info.value.code
        out, err = (" ".join(text.split()) for text in (captured.out, captured.err))
        return (code if isinstance(code, int) else 0 if code is None else 1), out, err

    yield invoke
    get_settings.cache_clear()


def _files(folder: Path) -> tuple[Path, Path, Path]:
    (folder / "catalog.yaml").write_text(CATALOG)
    pl.DataFrame(
        {
            "listing_id": ["l-1", "l-2", "l-3"],
            "seller_id": ["s-1", "s-1", "s-2"],
            "title": ["gucci replica", "gucci 1:1", "gucci aaa"],
            "price": [5.0, 6.0, 7.0],
            "currency": ["USD"] * 3,
        }
    ).write_parquet(folder / "listings.parquet")
    pl.DataFrame(
        {
            "listing_id": ["l-1", "l-2", "l-3"],
            "brand_id": ["gucci"] * 3,
            "risk": [0.99, 0.6, 0.5],
            "verdict": ["counterfeit", "suspect", "suspect"],
            "reasons": [["text.counterfeit_cue"], ["text.counterfeit_cue"], []],
            "signals": ["{}"] * 3,
        }
    ).write_parquet(folder / "results.parquet")
    pl.DataFrame(
        {
            "seller_id": ["s-1", "s-2"],
            "network_id": ["n-1", "n-1"],
            "network_size": [2, 2],
            "network_risk": [0.9, 0.9],
            "links": [["phone"], ["phone"]],
        }
    ).write_parquet(folder / "networks.parquet")
    pl.DataFrame(
        {
            "seller_a": ["s-1"],
            "seller_b": ["s-2"],
            "bits": [9.0],
            "attributes": [["phone"]],
            "values": [["+1"]],
            "network_id": ["n-1"],
        }
    ).write_parquet(folder / "networks.links.parquet")
    return folder / "catalog.yaml", folder / "results.parquet", folder / "listings.parquet"


def _ok(run: Run, *args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, (args, out, err)
    return out


def test_the_workflow_from_the_command_line(run: Run, tmp_path: Path) -> None:
    catalog, results, listings = _files(tmp_path)
    _ok(run, "db", "upgrade")
    _ok(run, "catalog", "import", str(catalog))
    assert "3 new cases (2 queued, 1 taken down by policy)" in _ok(
        run, "cases", "import", str(results), "--listings", str(listings)
    )
    queue = _ok(run, "cases", "queue")
    assert "2 of 2 queued cases" in queue
    case_id = re.search(r"(\d+)\W+gucci\W+l-2", queue)
    assert case_id
    assert "1 case(s) confirmed" in _ok(
        run, "cases", "decide", case_id.group(1), "--confirm", "--note", "fake"
    )
    _ok(run, "cases", "labels", "--out", str(tmp_path / "labels.csv"))
    assert pl.read_csv(tmp_path / "labels.csv").to_dicts() == [
        {"listing_id": "l-1", "label": "counterfeit"},
        {"listing_id": "l-2", "label": "counterfeit"},
    ]

    assert "notice 1: 1 listing(s), pending_review" in _ok(
        run,
        "notices",
        "file",
        "--org",
        "kering",
        "--brand",
        "gucci",
        "--listing",
        "l-3",
        "--evidence",
        "photos",
        "--trademark",
        "111",
    )
    assert "notice 1 accepted" in _ok(run, "notices", "review", "1", "--accept")
    _ok(run, "orgs", "create", "Shop Two", "--kind", "seller", "--seller", "s-2")
    assert "counter-notice 1 on notice 1 filed" in _ok(
        run,
        "notices",
        "counter",
        "1",
        "--seller",
        "s-2",
        "--statement",
        "mine",
        "--evidence",
        "invoice",
    )
    assert "counter-notice 1: reinstated" in _ok(run, "notices", "resolve", "1", "--reinstate")
    assert "0 notice(s) upheld" in _ok(run, "notices", "uphold-expired")
    assert "sent" in _ok(run, "notices", "deliver", "--folder", str(tmp_path / "outbox"))

    assert "s-1" in _ok(run, "strikes", "list")
    assert "0 seller(s) moved" in _ok(run, "strikes", "expire")
    assert "suspended, 6 active point(s)" in _ok(run, "sellers", "show", "s-1")
    assert "1 networks, 2 accounts, 1 links" in _ok(
        run, "sellers", "import-networks", str(tmp_path / "networks.parquet")
    )
    assert "network n-1: 2 store(s) closed" in _ok(
        run, "sellers", "close-network", "n-1", "--reason", "racket"
    )
    assert "closed" in _ok(run, "sellers", "show", "s-2")

    _ok(
        run,
        "users",
        "create",
        "--org",
        "kering",
        "--email",
        "a@kering.example",
        "--role",
        "reviewer",
        "--password",
        "twelve chars!!",
    )
    issued = _ok(run, "keys", "issue", "--org", "kering", "--name", "ci", "--role", "analyst")
    assert re.search(r"tm_[0-9a-f]{8}_", issued)
    assert "revoked" in _ok(run, "keys", "revoke", "--org", "kering", "1")
    keys = _ok(run, "keys", "list", "--org", "kering")
    assert "1 tm_" in keys
    assert "revoked" in keys
    assert "shop-two seller" in _ok(run, "orgs", "list")

    code, _, err = run("cases", "decide", "999", "--confirm")
    assert code == 2
    assert "no case 999" in err
    code, _, err = run("notices", "deliver")
    assert code == 2
    assert "exactly one of" in err
