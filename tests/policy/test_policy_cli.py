"""``truemark policy validate`` and ``truemark train``: exit codes and what they print."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from truemark.cli import main
from truemark.policy import DEFAULT_POLICY


def _run(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["truemark", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0)


def test_validate_a_good_policy_exits_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "policy", "validate", str(DEFAULT_POLICY)) == 0
    assert "rules" in capsys.readouterr().out


def test_validate_a_bad_policy_exits_2_listing_every_problem(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = DEFAULT_POLICY.read_text().replace("price.ratio < 0.2", "price.ratoi < 0.2")
    bad = re.sub(r"counterfeit: 0\.\d+", "counterfeit: 8", bad, count=1)
    (tmp_path / "bad.yaml").write_text(bad)
    assert _run(monkeypatch, "policy", "validate", str(tmp_path / "bad.yaml")) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "did you mean 'price.ratio'?" in err
    assert "thresholds.counterfeit" in err
    assert "Traceback" not in err


def test_train_writes_a_model_folder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rng = np.random.default_rng(0)
    rows = 400
    cues = rng.integers(0, 2, rows)
    labels = np.where(rng.random(rows) < 0.1, 1 - cues, cues)
    signals = [
        json.dumps({"text.cue_count": int(c), "price.ratio": float(r)})
        for c, r in zip(cues, rng.random(rows), strict=True)
    ]
    ids = [f"l{i}" for i in range(rows)]
    pl.DataFrame({"listing_id": ids, "signals": signals}).write_parquet(
        tmp_path / "results.parquet"
    )
    label_names = ["counterfeit" if y else "genuine" for y in labels]
    pl.DataFrame({"listing_id": ids, "label": label_names}).write_csv(tmp_path / "labels.csv")
    code = _run(
        monkeypatch, "train", "--labels", str(tmp_path / "labels.csv"),
        "--scan", str(tmp_path / "results.parquet"), "--out", str(tmp_path / "model"),
    )  # fmt: skip
    assert code == 0
    assert "roc_auc" in capsys.readouterr().out
    metadata = json.loads((tmp_path / "model" / "metadata.json").read_text())
    assert metadata["metrics"]["roc_auc"] > 0.8


def test_train_with_a_missing_column_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pl.DataFrame({"listing_id": ["a"]}).write_parquet(tmp_path / "results.parquet")
    (tmp_path / "labels.csv").write_text("listing_id,label\na,genuine\n")
    code = _run(
        monkeypatch, "train", "--labels", str(tmp_path / "labels.csv"),
        "--scan", str(tmp_path / "results.parquet"), "--out", str(tmp_path / "model"),
    )  # fmt: skip
    assert code == 2
    assert "missing column(s) signals" in capsys.readouterr().err
