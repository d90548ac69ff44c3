"""`truemark serial ...` end to end through the console entry point (SQLite and PostgreSQL)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest

from truemark.cli import main
from truemark.config import get_settings
from truemark.serial.codec import group
from truemark.store import Store

from .conftest import BAG

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    serial_store: Store,
    migrated_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Run]:
    """(exit code, stdout, stderr) of the real entry point on the test database, unwrapped."""
    monkeypatch.setenv("TRUEMARK_DATABASE_URL", migrated_database_url)
    monkeypatch.setenv("TRUEMARK_SECRET_KEY", "cli-test-secret")
    get_settings.cache_clear()

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["truemark", *args])
        code: object = 0
        try:
            main()
        except SystemExit as exit_info:
            code = exit_info.code
        captured = capsys.readouterr()
        out, err = (" ".join(text.split()) for text in (captured.out, captured.err))
        return (code if isinstance(code, int) else 1), out, err

    yield invoke
    get_settings.cache_clear()


def test_keys_issue_export_verify_and_revoke(run: Run, tmp_path: Path) -> None:
    assert run("serial", "keys", "create", "--brand", "gucci")[0] == 0
    status, out, _ = run("serial", "issue", "--brand", "gucci", "--sku", BAG, "--count", "3",
                         "--out", str(tmp_path / "issued"))  # fmt: skip
    assert status == 0
    assert "serials 1–3" in out
    code = pl.read_csv(tmp_path / "issued" / "codes.csv")["code"][0]
    keys = tmp_path / "keys.json"
    assert run("serial", "keys", "export", "--brand", "gucci", "--out", str(keys))[0] == 0

    pem = tmp_path / "key.pem"
    assert run("serial", "keys", "export", "--brand", "gucci", "--pem", "--out", str(pem))[0] == 0
    assert "signed" in run("serial", "verify", code, "--public-key", str(pem))[1]
    offline = run("serial", "verify", group(code).lower(), "--public-key", str(keys))
    online = run("serial", "verify", code)
    typo = run("serial", "verify", code[:-1] + ("0" if code[-1] != "0" else "G"))

    assert offline[0] == 0
    assert "signed" in offline[1]
    assert f"sku: {BAG}" in offline[1]
    assert online[0] == 0
    assert "genuine" in online[1]
    assert "GG Marmont bag" in online[1]
    assert typo[0] == 1
    assert "Not a valid code" in typo[1]
    key_id = pl.read_csv(tmp_path / "issued" / "codes.csv", infer_schema=False)["key_id"][0]
    assert run("serial", "keys", "revoke", "--brand", "gucci", "--key", key_id)[0] == 0
    assert "revoked" in run("serial", "verify", code)[1]


def test_user_errors_are_one_line_without_a_traceback(run: Run, tmp_path: Path) -> None:
    no_key = run("serial", "issue", "--brand", "gucci", "--sku", BAG, "--count", "1",
                 "--out", str(tmp_path))  # fmt: skip
    bad_file = tmp_path / "keys.json"
    bad_file.write_text("{}")
    bad_keys = run("serial", "verify", "X", "--public-key", str(bad_file))

    assert no_key[0] == 2
    assert "keys create --brand gucci" in no_key[2]
    assert bad_keys[0] == 2
    assert "keys.json" in bad_keys[2]
    assert "Traceback" not in no_key[2] + bad_keys[2]


def test_clones_writes_the_table_for_the_scan(run: Run, tmp_path: Path) -> None:
    run("serial", "keys", "create", "--brand", "gucci")
    run("serial", "issue", "--brand", "gucci", "--sku", BAG, "--count", "1", "--no-images",
        "--out", str(tmp_path / "issued"))  # fmt: skip
    code = pl.read_csv(tmp_path / "issued" / "codes.csv")["code"][0]
    listings = tmp_path / "listings.jsonl"
    pl.DataFrame({"listing_id": ["l1"], "seller_id": ["s-5"], "title": [f"bag {code}"],
                  "price": [1.0], "currency": ["USD"]}).write_ndjson(listings)  # fmt: skip

    status, out, _ = run("serial", "clones", "--listings", str(listings),
                         "--out", str(tmp_path / "cloned.parquet"))  # fmt: skip

    assert status == 0
    assert "1 new flags" in out
    assert pl.read_parquet(tmp_path / "cloned.parquet")["reason"].to_list() == [
        "unauthorized_seller"
    ]
