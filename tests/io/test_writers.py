"""Writers: results and networks in every format, nested and JSON columns, and round trips."""

from __future__ import annotations

import csv
import gzip
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from truemark.errors import InputError
from truemark.io import LISTING_SCHEMA, json_field, open_writer, read_listings, write_table

OUTPUTS = ["out.parquet", "out.jsonl", "out.jsonl.gz", "out.csv"]

RESULTS = pa.schema(
    [
        ("listing_id", pa.string()),
        ("brand_id", pa.string()),
        ("risk", pa.float64()),
        ("verdict", pa.string()),
        ("reasons", pa.list_(pa.string())),
        json_field("signals"),
    ]
)
NETWORKS = pa.schema(
    [
        ("seller_id", pa.string()),
        ("network_id", pa.string()),
        ("network_size", pa.int64()),
        ("network_risk", pa.float64()),
        ("links", pa.list_(pa.string())),
    ]
)


def _results() -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "listing_id": "l-1",
                "brand_id": "gucci",
                "risk": 0.93,
                "verdict": "counterfeit",
                "reasons": ["price.below_msrp", "text.counterfeit_cue"],
                "signals": '{"price.ratio": 0.08, "text.cue": "replica"}',
            },
            {
                "listing_id": "l-2",
                "brand_id": None,
                "risk": 0.01,
                "verdict": "clear",
                "reasons": [],
                "signals": None,
            },
        ],
        schema=RESULTS,
    )


def _lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return [orjson.loads(line) for line in data.splitlines()]


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_results_in_json_lines_embed_signals_as_objects(tmp_path: Path, name: str) -> None:
    write_table(_results(), tmp_path / name)
    first, second = _lines(tmp_path / name)
    assert first["signals"] == {"price.ratio": 0.08, "text.cue": "replica"}
    assert first["reasons"] == ["price.below_msrp", "text.counterfeit_cue"]
    assert second == {**second, "brand_id": None, "reasons": [], "signals": None}


def test_results_in_csv_hold_lists_and_signals_as_json_text(tmp_path: Path) -> None:
    write_table(_results(), tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(newline="") as handle:
        first, second = list(csv.DictReader(handle))
    assert orjson.loads(first["reasons"]) == ["price.below_msrp", "text.counterfeit_cue"]
    assert orjson.loads(first["signals"])["text.cue"] == "replica"
    assert (second["brand_id"], second["reasons"], second["signals"]) == ("", "[]", "")


def test_results_in_parquet_keep_types(tmp_path: Path) -> None:
    write_table(_results(), tmp_path / "out.parquet")
    back = pq.read_table(tmp_path / "out.parquet")
    assert back.equals(_results())


@pytest.mark.parametrize("name", OUTPUTS)
def test_struct_signals_are_written_nested_or_as_json(tmp_path: Path, name: str) -> None:
    table = pa.table(
        {"listing_id": ["l-1"], "signals": pa.array([{"price.ratio": 0.5, "image.match": True}])}
    )
    path = tmp_path / name
    write_table(table, path)
    if name.endswith(".parquet"):
        assert pq.read_table(path).equals(table)
    elif name.endswith(".csv"):
        [row] = list(csv.DictReader(path.open(newline="")))
        assert orjson.loads(row["signals"]) == {"price.ratio": 0.5, "image.match": True}
    else:
        assert _lines(path)[0]["signals"] == {"price.ratio": 0.5, "image.match": True}


@pytest.mark.parametrize("name", OUTPUTS)
def test_networks_written_in_batches(tmp_path: Path, name: str) -> None:
    rows = [
        {"seller_id": f"s-{n}", "network_id": "n-1", "network_size": 3, "network_risk": 0.8}
        | {"links": ["phone", "payment_account"]}
        for n in range(3)
    ]
    path = tmp_path / name
    with open_writer(path, NETWORKS) as writer:
        writer.write(pa.RecordBatch.from_pylist(rows[:2], schema=NETWORKS))
        writer.write(pa.Table.from_pylist(rows[2:], schema=NETWORKS))
    assert writer.rows == 3
    if name.endswith(".parquet"):
        assert pq.read_table(path).to_pylist() == rows
    elif name.endswith(".csv"):
        back = list(csv.DictReader(path.open(newline="")))
        assert [orjson.loads(r["links"]) for r in back] == [r["links"] for r in rows]
        assert [int(r["network_size"]) for r in back] == [3, 3, 3]
    else:
        assert _lines(path) == rows


@pytest.mark.parametrize("name", ["l.parquet", "l.jsonl", "l.jsonl.gz", "l.csv"])
def test_listings_written_then_read_come_back_the_same(tmp_path: Path, name: str) -> None:
    row = {
        "listing_id": "l-1",
        "seller_id": "s-1",
        "title": 'Sac "GG" 高仿, 1:1\nnew',
        "description": None,
        "price": 19.99,
        "currency": "EUR",
        "category": "handbags",
        "images": ["a b.jpg", "c,d.jpg"],
        "image_pdq": ["0" * 64],
        "ship_from": "CN",
        "quantity_sold": 12,
        "created_at": datetime(2024, 5, 1, 8, 30, 15, 250_000, tzinfo=UTC),
    }
    table = pa.Table.from_pylist(
        [row, {**row, "listing_id": "l-2", "images": None}], LISTING_SCHEMA
    )
    write_table(table, tmp_path / name)
    reader = read_listings(tmp_path / name)
    assert reader.read_all().equals(table)
    assert reader.summary.rows_quarantined == 0


def test_writing_an_unknown_format_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown file type"):
        write_table(_results(), tmp_path / "out.xlsx")


def test_missing_folders_are_made_but_an_unwritable_path_is_an_input_error(tmp_path: Path) -> None:
    write_table(_results(), tmp_path / "new" / "folder" / "out.jsonl")
    assert (tmp_path / "new" / "folder" / "out.jsonl").exists()
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(InputError, match="cannot write"):
        write_table(_results(), tmp_path / "a-file" / "out.jsonl")


def test_long_text_columns_are_written_plain_in_parquet(tmp_path: Path) -> None:
    rows = {
        "listing_id": ["a", "b"] * 50,
        "brand_id": ["x", None] * 50,
        "risk": [0.5, 0.25] * 50,
        "verdict": ["clear", "suspect"] * 50,
        "reasons": [["r1"], []] * 50,
        "signals": [f'{{"n": {i}}}' for i in range(100)],
    }
    table = pa.table(rows, schema=RESULTS)
    out = tmp_path / "out.parquet"
    with open_writer(out, RESULTS, long_text=("signals",)) as writer:
        writer.write(table)
    assert pq.read_table(out).equals(table)
    group = pq.ParquetFile(out).metadata.row_group(0)
    columns = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    assert "RLE_DICTIONARY" not in columns["signals"].encodings
    assert not columns["signals"].is_stats_set
    for name in ("listing_id", "verdict", "reasons.list.element"):
        assert "RLE_DICTIONARY" in columns[name].encodings
        assert columns[name].is_stats_set
