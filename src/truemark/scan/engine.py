"""Build the scan engine from a picklable spec: catalog, indexes, detectors in order, policy."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from truemark.catalog import Catalog, load_catalog
from truemark.detect.base import Detector
from truemark.detect.image import ImageDetector
from truemark.detect.price import PriceDetector
from truemark.detect.seller import SellerContext, SellerDetector
from truemark.detect.text import TextDetector
from truemark.io import read_sellers
from truemark.policy import load_policy
from truemark.scan.batch import ScanEngine


@dataclass(frozen=True)
class ScanSpec:
    """What a scan runs with; every process builds the same engine from it."""

    catalog: Path
    policy: Path | None = None
    sellers: Path | None = None
    networks: Path | None = None
    known_fakes: Path | None = None
    image_radius: int = 31
    batch_size: int = 65_536
    as_of: datetime = field(default_factory=lambda: start_of_today())

    def fingerprint(self) -> dict[str, str]:
        """Identify the configuration, including the content of the files it names."""
        described: dict[str, str] = {}
        for name, value in asdict(self).items():
            if isinstance(value, Path):
                described[name] = _digest(value)
            else:
                described[name] = str(value)
        return described


def start_of_today() -> datetime:
    """Midnight UTC today: the default reference time, stable so a resumed scan matches."""
    now = datetime.now(UTC)
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


def _digest(path: Path) -> str:
    if not path.exists():
        return f"{path}:missing"
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return f"{path.name}:{digest.hexdigest()[:16]}"


def _seller_context(spec: ScanSpec) -> SellerContext:
    sellers = None
    if spec.sellers is not None:
        batches = list(read_sellers(spec.sellers))
        sellers = pl.from_arrow(batches) if batches else None
    networks = pl.read_parquet(spec.networks) if spec.networks is not None else None
    return SellerContext.from_frames(sellers, networks)  # type: ignore[arg-type]


def detectors_for(catalog: Catalog, spec: ScanSpec) -> list[Detector]:
    """The detectors in the order they run: text first, the others read its brand."""
    return [
        TextDetector.from_catalog(catalog),
        PriceDetector(catalog),
        ImageDetector.from_catalog(catalog, known_fakes=spec.known_fakes, radius=spec.image_radius),
        SellerDetector(catalog, _seller_context(spec), as_of=spec.as_of),
    ]


def build_engine(spec: ScanSpec) -> ScanEngine:
    """Load everything the spec names and assemble the engine."""
    catalog = load_catalog(spec.catalog)
    return ScanEngine(
        detectors=detectors_for(catalog, spec),
        policy=load_policy(spec.policy),
        currencies=frozenset(catalog.fx_to_usd),
    )
