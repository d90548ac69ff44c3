"""`truemark simulate` on the command line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from truemark.cli import app


def test_simulate_command_writes_jsonl(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "--out",
            str(tmp_path),
            "--listings",
            "300",
            "--seed",
            "2",
            "--images",
            "3",
            "--format",
            "jsonl",
            "--sellers",
            "60",
        ],
    )
    assert result.exit_code == 0, result.output
    listings = pl.read_ndjson(tmp_path / "listings.jsonl")
    assert listings.height == 300
    assert pl.read_csv(tmp_path / "labels.csv").height == 300


def test_bad_format_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "--out", str(tmp_path), "--listings", "10", "--format", "xml"]
    )
    assert result.exit_code != 0
    assert "parquet" in str(result.exception) or "parquet" in result.output
