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
from truemark.detect.intel_cues import load_lexicon_with
from truemark.detect.lexicon import lexicon
from truemark.detect.price import PriceDetector
from truemark.detect.seller import SellerContext, SellerDetector
from truemark.detect.serial import SerialDetector, load_cloned_codes
from truemark.detect.text import TextDetector
from truemark.io import read_sellers
from truemark.policy import load_policy
from truemark.scan.batch import ScanEngine


def start_of_today() -> datetime:
    """Midnight UTC today: the default reference time, stable so a resumed scan matches."""
    now = datetime.now(UTC)
    return datetime(now.year, now.month, now.day, tzinfo=UTC)


@dataclass(frozen=True)
class ScanSpec:
    """What a scan runs with; every process builds the same engine from it.

    ``cue_terms``: counterfeit cue terms from alliance intel (``term``, ``provenance``), added to
    the packaged cue lexicon. ``seller_context`` is a Parquet file prepared once per scan from
    ``sellers`` and ``networks`` (see :func:`prepare_seller_context`), so workers do not re-read
    those files.
    """

    catalog: Path
    policy: Path | None = None
    sellers: Path | None = None
    networks: Path | None = None
    known_fakes: Path | None = None
    cue_terms: Path | None = None
    cloned_codes: Path | None = None
    image_radius: int = 31
    batch_size: int = 65_536
    photos_root: Path | None = None
    as_of: datetime = field(default_factory=start_of_today)
    seller_context: Path | None = field(default=None, compare=False)

    def fingerprint(self) -> dict[str, str]:
        """Identify the configuration, including the content of the files it names."""
        described: dict[str, str] = {}
        for name, value in asdict(self).items():
            if name == "seller_context":
                continue
            hashed = isinstance(value, Path) and name != "photos_root"
            described[name] = _digest(value) if hashed else str(value)
        return described


def _digest(path: Path) -> str:
    if not path.exists():
        return f"{path}:missing"
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for file in files:
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return f"{path.name}:{digest.hexdigest()[:16]}"


def prepare_seller_context(spec: ScanSpec, folder: Path, quarantine: Path) -> Path | None:
    """Read sellers and networks once (bad seller rows to ``quarantine``); save the context."""
    if spec.sellers is None and spec.networks is None:
        return None
    sellers = None
    if spec.sellers is not None:
        frame = pl.from_arrow(read_sellers(spec.sellers, quarantine=quarantine).read_all())
        assert isinstance(frame, pl.DataFrame)
        sellers = frame
    networks = pl.read_parquet(spec.networks) if spec.networks is not None else None
    path = folder / "seller_context.parquet"
    SellerContext.from_frames(sellers, networks).table.write_parquet(path)
    return path


def detectors_for(catalog: Catalog, spec: ScanSpec) -> list[Detector]:
    """The detectors in the order they run: text first, the others read its brand."""
    context = (
        SellerContext(pl.read_parquet(spec.seller_context))
        if spec.seller_context is not None
        else SellerContext.empty()
    )
    detectors: list[Detector] = [
        TextDetector(catalog, words=load_lexicon_with(spec.cue_terms, lexicon())),
        PriceDetector(catalog),
        ImageDetector.from_catalog(catalog, known_fakes=spec.known_fakes, radius=spec.image_radius),
        SellerDetector(catalog, context, as_of=spec.as_of),
    ]
    if spec.cloned_codes is not None:
        detectors.append(SerialDetector(load_cloned_codes(spec.cloned_codes)))
    return detectors


def build_engine(spec: ScanSpec) -> ScanEngine:
    """Load everything the spec names and assemble the engine."""
    catalog = load_catalog(spec.catalog)
    return ScanEngine(
        detectors=detectors_for(catalog, spec),
        policy=load_policy(spec.policy),
        currencies=frozenset(catalog.fx_to_usd),
        photos_root=spec.photos_root,
    )
