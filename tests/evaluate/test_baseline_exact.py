"""The exact-name baseline of benchmarks/baseline_exact.py: its rule, and results per spec."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import orjson
import polars as pl

from truemark.catalog import catalog_from_dict
from truemark.evaluate import evaluate_listings

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "baseline_exact.py"
CATALOG = {
    "version": 1,
    "fx_to_usd": {"EUR": 1.1},
    "brands": [
        {"id": "gucci", "name": "Gucci", "owner": "Kering", "products": [
            {"sku": "a", "name": "bag", "category": "handbags", "msrp": 1000, "currency": "USD"},
            {"sku": "b", "name": "belt", "category": "belts", "msrp": 500, "currency": "EUR"},
            {"sku": "c", "name": "shoe", "category": "shoes", "msrp": 900, "currency": "USD"},
        ]},
        {"id": "louis-vuitton", "name": "Louis Vuitton", "owner": "LVMH", "products": [
            {"sku": "d", "name": "bag", "category": "handbags", "msrp": 2000, "currency": "USD"},
        ]},
    ],
}  # fmt: skip
# Gucci's median MSRP is 900 USD (1000, 550, 900); 30 % of it is 270 USD.
LISTINGS = pl.DataFrame(
    {
        "listing_id": ["1", "2", "3", "4", "5", "6", "7"],
        "title": ["GUCCI bag", "gucci bag", "Guccio bag", "louis vuitton speedy", "louisvuitton",
                  "sac Gucci-belt", "Gucci bag"],
        "price": [100.0, 900.0, 10.0, 500.0, 10.0, 200.0, 5.0],
        "currency": ["USD", "USD", "USD", "EUR", "USD", "EUR", "XYZ"],
    }
)  # fmt: skip


def baseline() -> ModuleType:
    spec = importlib.util.spec_from_file_location("baseline_exact", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rule_exact_name_and_low_price() -> None:
    results = baseline().baseline_results(LISTINGS.lazy(), catalog_from_dict(CATALOG)).collect()
    assert results.get_column("listing_id").to_list() == ["1", "2", "3", "4", "5", "6", "7"]
    # 1: 100/900; 4: 550/2000 = 0.275; 6: 220/900. 2 is full price, 3 and 5 misspell the
    # brand, 7's currency is unknown so its price cannot be compared.
    assert results.get_column("verdict").to_list() == [
        "counterfeit", "clear", "clear", "counterfeit", "clear", "counterfeit", "clear"
    ]  # fmt: skip
    assert results.get_column("risk").to_list() == [1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0]
    assert results.get_column("brand_id").to_list() == [
        "gucci", "gucci", None, "louis-vuitton", None, "gucci", "gucci"
    ]  # fmt: skip
    assert results.get_column("reasons").to_list()[:2] == [
        ["text.brand_exact", "price.below_msrp"], []
    ]  # fmt: skip
    signals = orjson.loads(results.get_column("signals")[3])
    assert signals == {"baseline.brand_in_title": True, "baseline.price_to_median_msrp": 0.275}


def test_script_writes_results_that_evaluate_reads(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.json"
    catalog.write_bytes(orjson.dumps(CATALOG))
    listings = tmp_path / "listings.parquet"
    LISTINGS.write_parquet(listings)
    out = tmp_path / "results.parquet"
    command = [sys.executable, str(SCRIPT), "--catalog", str(catalog), "--listings", str(listings)]
    command += ["--out", str(out)]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "3 flagged counterfeit" in finished.stdout
    labels = tmp_path / "labels.csv"
    truth = [
        "counterfeit",
        "genuine",
        "counterfeit",
        "counterfeit",
        "counterfeit",
        "genuine",
        "genuine",
    ]
    pl.DataFrame({"listing_id": LISTINGS["listing_id"], "label": truth}).write_csv(labels)
    point = evaluate_listings(labels, out).operating_points[0]
    assert (point.true_positives, point.false_positives, point.false_negatives) == (2, 1, 2)
