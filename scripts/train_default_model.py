"""Train the default model that ships with truemark, on simulator data only.

Reproducible: simulate a marketplace (seed 1001), scan it (the signals do not depend on the
policy), train LightGBM + isotonic calibration on the scan's signals and the labels, and write
the model into the package. Evaluate on other seeds with ``truemark evaluate``.

    python scripts/train_default_model.py [--listings 300000] [--seed 1001]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from truemark.policy.model import train_from_files
from truemark.scan.engine import ScanSpec
from truemark.scan.runner import run_scan
from truemark.simulate import simulate_marketplace

PACKAGED = Path(__file__).resolve().parents[1] / "src" / "truemark" / "policy" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1001)
    parser.add_argument("--out", type=Path, default=PACKAGED / "default_model")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        market = Path(scratch) / "market"
        simulate_marketplace(market, args.listings, seed=args.seed, images=0)
        spec = ScanSpec(
            catalog=market / "catalog.yaml",
            sellers=market / "sellers.parquet",
            known_fakes=market / "known_fakes.csv",
        )
        results = Path(scratch) / "results.parquet"
        run_scan(spec, market / "listings.parquet", results, workers=2)
        report = train_from_files(market / "labels.csv", results, args.out, seed=args.seed)
    print(f"model written to {args.out}")
    print(report.metrics)


if __name__ == "__main__":
    main()
