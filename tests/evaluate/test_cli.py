"""``truemark evaluate`` end to end on tiny files: exit codes, printed tables, report files."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import pytest

from truemark.cli import main


def run(monkeypatch: pytest.MonkeyPatch, *arguments: str | Path) -> int:
    monkeypatch.setattr(sys, "argv", ["truemark", "evaluate", *map(str, arguments)])
    with pytest.raises(SystemExit) as exit_:
        main()
    return int(exit_.value.code or 0)


def test_evaluate_prints_and_writes_report(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ten: dict[str, Path],
    tmp_path: Path,
) -> None:
    truth, networks = tmp_path / "truth.csv", tmp_path / "networks.csv"
    truth.write_text("seller_id,network_id\ns1,R\ns2,R\ns3,\n")
    networks.write_text("seller_id,network_id\ns1,N\ns2,N\n")
    out = tmp_path / "report"
    code = run(
        monkeypatch,
        *("--labels", ten["labels"], "--results", ten["results"], "--tactics", ten["tactics"]),
        *("--networks", networks, "--truth", truth, "--report", out),
    )
    printed = capsys.readouterr().out
    assert code == 0
    for shown in ("Verdicts", "0.667", "cue_word", "B-cubed", "report.html"):
        assert shown in printed
    assert sorted(path.name for path in out.iterdir()) == [
        "report.html",
        "report.json",
        "report.md",
    ]
    data = orjson.loads((out / "report.json").read_bytes())
    assert data["listings"]["operating_points"][0]["recall"] == 0.5
    assert data["networks"]["bcubed"]["f1"] == 1.0
    markdown = (out / "report.md").read_text()
    assert "| counterfeit | 0.667 | 0.500 | 0.571 | 0.167 |" in markdown


def test_report_html_is_self_contained_with_charts(
    monkeypatch: pytest.MonkeyPatch, ten: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "report"
    args = ("--labels", ten["labels"], "--results", ten["results"], "--tactics", ten["tactics"])
    assert run(monkeypatch, *args, "--report", out) == 0
    html = (out / "report.html").read_text()
    assert html.count("<svg") == 3  # PR curve, tactic recall, hard-negative FPR
    assert 'aria-label="Precision-recall curve of risk"' in html
    assert ">homoglyph</text>" in html  # a bar of the per-tactic chart
    assert '<path d="M' in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    assert "<script" not in html


def test_bad_input_exits_2_with_located_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ten: dict[str, Path],
    tmp_path: Path,
) -> None:
    results = tmp_path / "results.csv"
    results.write_text("listing_id,risk,verdict\nL1,0.5,clear\nL2,7,maybe\n")
    code = run(monkeypatch, "--labels", ten["labels"], "--results", results)
    errors = " ".join(capsys.readouterr().err.split())  # unwrapped from the terminal's width
    assert code == 2
    assert "line 3, field 'risk': risk outside [0, 1]" in errors
    assert "line 3, field 'verdict': unknown verdict" in errors
    assert "labelled listing has no result" in errors
    assert "Traceback" not in errors


def test_missing_file_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = run(monkeypatch, "--labels", tmp_path / "no.csv", "--results", tmp_path / "no.csv")
    assert code == 2
    assert "no.csv: no such file" in " ".join(capsys.readouterr().err.split())
