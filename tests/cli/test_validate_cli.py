"""`truemark validate listings|sellers FILE`: exit 0 when clean, 1 with quarantined rows, 2 on a bad file."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from truemark.cli import main


def _listing(number: int, **changes: object) -> dict[str, object]:
    row = {
        "listing_id": f"l-{number}",
        "seller_id": "s-1",
        "title": f"Bag {number}",
        "price": 10 + number,
        "currency": "USD",
    }
    return {**row, **changes}


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return path


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.argv", ["truemark", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return int(exit_info.value.code or 0)


def test_clean_listings_exit_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _jsonl(tmp_path / "listings.jsonl", [_listing(n) for n in range(20)])
    assert _run(monkeypatch, "validate", "listings", str(path)) == 0
    assert "all 20 listings rows are valid" in capsys.readouterr().out
    assert not (tmp_path / "listings.quarantine.jsonl").exists()


def test_three_bad_rows_in_a_thousand_exit_one_with_a_quarantine_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [_listing(n) for n in range(1_000)]
    rows[1]["price"] = -1
    rows[2]["price"] = "cheap"
    rows[3]["title"] = None
    path = _jsonl(tmp_path / "listings.jsonl", rows)
    quarantine = tmp_path / "bad.jsonl"
    code = _run(monkeypatch, "validate", "listings", str(path), "--quarantine", str(quarantine))
    assert code == 1
    output = capsys.readouterr()
    assert "3 of 1,000 rows quarantined" in " ".join(output.err.split())
    assert "line 3, field 'price': not a number" in output.err
    assert len(quarantine.read_bytes().splitlines()) == 3
    assert "997" in output.out


def test_file_level_error_exits_two_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "listings.csv"
    path.write_text("listing_id,title\nl-1,Bag\n")
    assert _run(monkeypatch, "validate", "listings", str(path)) == 2
    err = capsys.readouterr().err
    assert "required columns 'seller_id', 'price', 'currency' missing" in " ".join(err.split())
    assert "Traceback" not in err


def test_empty_file_exits_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "listings.jsonl"
    path.write_bytes(b"")
    assert _run(monkeypatch, "validate", "listings", str(path)) == 2
    assert "file is empty" in capsys.readouterr().err


def test_sellers_are_validated_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"seller_id": "s-1", "phone": "+86 20 1234"}, {"seller_id": None}]
    path = _jsonl(tmp_path / "sellers.jsonl", rows)
    assert _run(monkeypatch, "validate", "sellers", str(path)) == 1
    assert "field 'seller_id': required field is missing or empty" in capsys.readouterr().err
