"""write_report: the three files, JSON that round-trips, HTML with its charts, each report kind."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson
import pytest

from truemark.errors import InputError
from truemark.evaluate import EvaluationReport, evaluate_listings, evaluate_networks, write_report

CsvFile = Callable[[str, list[str], Sequence[tuple[object, ...]]], Path]


def test_listing_report_alone(ten: dict[str, Path], tmp_path: Path) -> None:
    report = evaluate_listings(ten["labels"], ten["results"], ten["tactics"])
    written = write_report(report, tmp_path / "out")
    assert [path.name for path in written] == ["report.md", "report.json", "report.html"]
    data = orjson.loads((tmp_path / "out" / "report.json").read_bytes())
    assert data["networks"] is None
    assert data["listings"] == orjson.loads(report.to_json())
    assert data["listings"]["roc_auc"] == pytest.approx(20 / 24)
    assert data["listings"]["sources"]["tactics"] == str(ten["tactics"])
    html = (tmp_path / "out" / "report.html").read_text()
    assert html.count("<svg") == 3
    assert "Seller networks" not in html


def test_network_report_alone(tmp_path: Path) -> None:
    truth, networks = tmp_path / "truth.csv", tmp_path / "networks.jsonl"
    truth.write_text("seller_id,network_id\na,R\nb,R\nc,\n")
    networks.write_text('{"seller_id": "a", "network_id": "N", "links": ["phone"]}\n'
                        '{"seller_id": "c", "network_id": "N", "links": ["ip"]}\n')  # fmt: skip
    report = evaluate_networks(truth, networks)
    write_report(report, tmp_path / "out")
    markdown = (tmp_path / "out" / "report.md").read_text()
    assert "| honest sellers wrongly merged | 1 |" in markdown
    assert "| pairwise (pairs of sellers) | 0.000 | 0.000 | 0.000 |" in markdown
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<svg" not in html  # no listing charts without listings
    assert "Network counts" in html


def test_undefined_metrics_are_null_in_json(csv_file: CsvFile, tmp_path: Path) -> None:
    labels = csv_file("labels.csv", ["listing_id", "label"], [("a", "genuine")])
    results = csv_file("results.csv", ["listing_id", "risk", "verdict"], [("a", "0", "clear")])
    report = EvaluationReport(evaluate_listings(labels, results), None)
    data = orjson.loads(report.to_json())
    point = data["listings"]["operating_points"][0]
    assert point["precision"] is None
    assert point["recall"] is None
    assert data["listings"]["pr_auc"] is None
    assert not any(isinstance(v, float) and math.isnan(v) for v in point.values())
    markdown_dir = tmp_path / "md"
    write_report(report, markdown_dir)
    assert "| counterfeit | — | — | — | 0.000 |" in (markdown_dir / "report.md").read_text()


def test_unwritable_folder(ten: dict[str, Path], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match="cannot write the report"):
        write_report(evaluate_listings(ten["labels"], ten["results"]), blocker / "out")
