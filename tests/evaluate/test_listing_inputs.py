"""Every bad input is a clear, located error: file, line or row, and field."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson
import polars as pl
import pytest

from truemark.errors import InputError, ValidationError
from truemark.evaluate import evaluate, evaluate_listings, evaluate_networks

CsvFile = Callable[[str, list[str], Sequence[tuple[object, ...]]], Path]
LABEL_HEADER = ["listing_id", "label"]
RESULT_HEADER = ["listing_id", "risk", "verdict"]


def problems_of(labels: Path, results: Path, tactics: Path | None = None) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        evaluate_listings(labels, results, tactics)
    return [str(problem) for problem in caught.value.problems]


def test_duplicate_listing_ids(csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "genuine"), ("a", "counterfeit")])
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.1", "clear"), ("a", "0.1", "clear")])
    found = problems_of(labels, results)
    assert any(
        "labels.csv, line 3, field 'listing_id'" in p and "more than once" in p for p in found
    )
    assert any("results.csv, line 3" in p and "'a'" in p for p in found)


def test_unknown_label_and_verdict(csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "fake"), ("b", "Genuine")])
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.1", "clear"), ("b", "0.2", "bad")])
    found = problems_of(labels, results)
    assert len(found) == 2  # "Genuine" is accepted: labels ignore case
    assert "labels.csv, line 2, field 'label': unknown label ('fake')" in found[0]
    assert "hint: use counterfeit or genuine" in found[0]
    assert "results.csv, line 3, field 'verdict': unknown verdict ('bad')" in found[1]


@pytest.mark.parametrize(
    ("risk", "message"),
    [
        ("1.5", "risk outside [0, 1]"),
        ("-0.1", "risk outside [0, 1]"),
        ("NaN", "risk outside [0, 1]"),
        ("high", "risk is not a number"),
        ("", "missing risk"),
    ],
)
def test_bad_risk(csv_file: CsvFile, risk: str, message: str) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "genuine"), ("b", "genuine")])
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.5", "clear"), ("b", risk, "clear")])
    found = problems_of(labels, results)
    assert len(found) == 1
    assert found[0].startswith(f"{results}, line 3, field 'risk': {message}")


def test_missing_and_extra_listing_ids(csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "genuine"), ("b", "counterfeit")])
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.5", "clear"), ("z", "0.5", "clear")])
    found = problems_of(labels, results)
    assert found[0].startswith(f"{labels}, line 3, field 'listing_id': labelled listing has no")
    assert "('b')" in found[0]
    assert found[1].startswith(f"{results}, line 3, field 'listing_id': listing_id has no label")


def test_many_bad_rows_are_summarized(csv_file: CsvFile) -> None:
    rows = [(f"x{i}", "genuine") for i in range(25)]
    labels = csv_file("labels.csv", LABEL_HEADER, rows)
    results = csv_file("results.csv", RESULT_HEADER, [("x0", "0.5", "clear")])
    found = problems_of(labels, results)
    assert len(found) == 11
    assert found[-1].endswith("(14 more rows like this)")


def test_missing_column(csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", ["listing_id", "truth"], [("a", "genuine")])
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.5", "clear")])
    found = problems_of(labels, results)
    assert found == [f"{labels}, field 'label': missing required column 'label'"]


def test_tactics_of_unlabelled_listings(csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "counterfeit")])
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.9", "counterfeit")])
    tactics = csv_file("tactics.csv", ["listing_id", "tactic"], [("a", "x"), ("q", "y"), ("a", "")])
    found = problems_of(labels, results, tactics)
    assert any(
        "tactics.csv, line 3, field 'listing_id': listing_id has no label" in p for p in found
    )
    assert any("tactics.csv, line 4, field 'tactic': empty tactic" in p for p in found)


def test_unreadable_files(tmp_path: Path, csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "genuine")])
    broken = tmp_path / "results.parquet"
    broken.write_bytes(b"not a parquet file")
    with pytest.raises(InputError, match=r"results.parquet: cannot read as parquet"):
        evaluate_listings(labels, broken)
    with pytest.raises(InputError, match="no such file"):
        evaluate_listings(labels, tmp_path / "absent.csv")
    spreadsheet = tmp_path / "results.xlsx"
    spreadsheet.write_bytes(b"PK")
    with pytest.raises(InputError, match="unknown format"):
        evaluate_listings(labels, spreadsheet)


def test_jsonl_gz_and_parquet_folder_are_read(tmp_path: Path, csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("1", "counterfeit"), ("2", "genuine")])
    lines = [{"listing_id": 1, "risk": 1.0, "verdict": "counterfeit"},
             {"listing_id": 2, "risk": 0.25, "verdict": "clear", "signals": {"a": 1}}]  # fmt: skip
    jsonl = tmp_path / "results.jsonl.gz"
    jsonl.write_bytes(gzip.compress(b"\n".join(orjson.dumps(line) for line in lines)))
    assert evaluate_listings(labels, jsonl).operating_points[0].f1 == 1.0
    folder = tmp_path / "results"
    folder.mkdir()
    for index, line in enumerate(lines):
        row = {key: line[key] for key in ("risk", "verdict")} | {"listing_id": str(index + 1)}
        pl.DataFrame([row]).write_parquet(folder / f"part-{index}.parquet")
    assert evaluate_listings(labels, folder).roc_auc == 1.0


def test_jsonl_errors_name_lines(tmp_path: Path, csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("1", "counterfeit"), ("2", "genuine")])
    jsonl = tmp_path / "results.jsonl"
    jsonl.write_text('{"listing_id": "1", "risk": 0.5, "verdict": "clear"}\n'
                     '{"listing_id": "2", "risk": 2.0, "verdict": "clear"}\n')  # fmt: skip
    assert problems_of(labels, jsonl) == [
        f"{jsonl}, line 2, field 'risk': risk outside [0, 1] ('2.0') (hint: a number in [0, 1])"
    ]


def test_network_file_errors(csv_file: CsvFile) -> None:
    truth = csv_file("truth.csv", ["seller_id", "network_id"], [("s1", "R"), ("s1", "R")])
    networks = csv_file("networks.csv", ["seller_id", "network_id"], [("s1", ""), ("", "N")])
    with pytest.raises(ValidationError) as caught:
        evaluate_networks(truth, networks)
    found = [str(problem) for problem in caught.value.problems]
    assert any(
        "truth.csv, line 3, field 'seller_id': seller_id appears more than once" in p for p in found
    )
    assert any("networks.csv, line 3, field 'seller_id': empty seller_id" in p for p in found)
    assert any("networks.csv, line 2, field 'network_id': empty network_id" in p for p in found)


def test_networks_need_truth(ten: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="--networks and --truth go together"):
        evaluate(ten["labels"], ten["results"], networks=ten["labels"])


def test_tactic_of_a_labelled_listing_without_result(csv_file: CsvFile) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "counterfeit"), ("b", "genuine")])
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.9", "counterfeit")])
    tactics = csv_file("tactics.csv", ["listing_id", "tactic"], [("b", "used_damaged")])
    found = problems_of(labels, results, tactics)
    assert len(found) == 1  # b has a label: only its missing result is a problem
    assert "labelled listing has no result" in found[0]


def test_many_repeats_of_one_id_stay_cheap(csv_file: CsvFile) -> None:
    # 20,000 rows of one id on each side would join into 400 million rows if not deduplicated.
    labels = csv_file("labels.csv", LABEL_HEADER, [("a", "genuine")] * 20_000)
    results = csv_file("results.csv", RESULT_HEADER, [("a", "0.1", "clear")] * 20_000)
    found = problems_of(labels, results)
    assert len(found) == 22
    assert found[10].endswith("(19,989 more rows like this)")


def test_files_without_rows(csv_file: CsvFile, tmp_path: Path) -> None:
    labels = csv_file("labels.csv", LABEL_HEADER, [])
    results = csv_file("results.csv", RESULT_HEADER, [])
    found = problems_of(labels, results)
    assert found == [
        f"{labels}: no rows: nothing to evaluate",
        f"{results}: no rows: nothing to evaluate",
    ]
    truth = csv_file("truth.csv", ["seller_id", "network_id"], [("a", "R"), ("b", "R")])
    networks = tmp_path / "networks.csv"
    networks.write_text("seller_id,network_id\n")
    report = evaluate_networks(truth, networks)  # no network found: every seller alone
    assert report.pairwise.recall == 0.0
    assert report.pairwise.precision is None
