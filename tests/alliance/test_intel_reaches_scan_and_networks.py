"""End to end on the command line: brand A confirms a counterfeit cue term and a repeat
infringer's payout account and shares them with brand B; B imports the bundle, writes its banks, and B's
scan flags a listing by that cue alone and B's networks name the infringer's racket, each saying
it was A's intelligence. After A retracts and B re-imports, neither matches any more."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.alliance.conftest import Run
from tests.alliance.members import Alliance

from truemark.alliance import infringer_value
from truemark.config import get_settings
from truemark.networks.identifiers import normalize_sellers
from truemark.simulate import SimulationSummary

ALLIANCE_KEY = "alliance-key-shared-by-members"
CUE = "Tribute Grade"  # no packaged cue says it


@dataclass(frozen=True)
class Marketplace:
    """B's files: the catalog, the sellers, the listings with one listed by a racketeer."""

    catalog: Path
    sellers: Path
    listings: Path
    racketeer: str
    payment_account: str


@pytest.fixture
def market(intel_market: SimulationSummary, tmp_path: Path) -> Marketplace:
    root = intel_market.out_dir
    truth = pl.read_csv(root / "networks_truth.csv")
    largest = truth["network_id"].filter(truth["network_id"].str.starts_with("racket"))
    racket = truth.filter(pl.col("network_id") == largest.mode().sort()[0])
    sellers = pl.read_parquet(root / "sellers.parquet").join(racket, on="seller_id", how="semi")
    usable = normalize_sellers(sellers).filter(pl.col("payment_account").is_not_null())
    racketeer = usable["seller_id"].sort()[0]
    seller = sellers.filter(pl.col("seller_id") == racketeer)
    catalog = (root / "catalog.yaml").read_text()
    assert "Horsebit 1955 shoulder bag" in catalog
    assert "msrp: 3100.0" in catalog
    crafted = pl.DataFrame(
        {
            "listing_id": ["l-cue-only"],
            "seller_id": [racketeer],
            "title": ["Horsebit 1955 shoulder bag Gucci - tribute grade"],
            "description": ["New with tags."],
            "price": [1500.0],  # about half the bag's MSRP: not enough on its own
            "currency": ["USD"],
        }
    )
    listings = pl.read_parquet(root / "listings.parquet").head(100)
    path = tmp_path / "listings.parquet"
    pl.concat([listings, crafted], how="diagonal_relaxed").write_parquet(path)
    return Marketplace(
        root / "catalog.yaml",
        root / "sellers.parquet",
        path,
        racketeer,
        seller["payment_account"].item(),
    )


def _share_and_confirm(run: Run, market: Marketplace) -> list[str]:
    """A's rules and confirmations; the ids of the items it confirmed."""
    account = infringer_value(ALLIANCE_KEY.encode(), "payment_account", market.payment_account)
    items = []
    for kind, value in (("cue_term", CUE), ("infringer", account)):
        rule = ("intel", "rule", "--org", "brand-a", "--kind", kind, "--audience", "named")
        assert run(*rule, "--member", "brand-b")[0] == 0
        code, out, _ = run("intel", "confirm", "--org", "brand-a", "--kind", kind,
                           "--value", value, "--source", "case-17")  # fmt: skip
        assert code == 0, out
        items.append(out.split()[2])
    return items


def _exchange(run: Run, folder: Path) -> tuple[str, Path, Path]:
    """A exports to B, B imports and writes its cue-term and infringer banks."""
    bundle, cues, infringers = folder / "a-to-b.jsonl", folder / "cues.csv", folder / "inf.csv"
    assert run("intel", "export", "--org", "brand-a", "--recipient", "brand-b",
               "--out", str(bundle))[0] == 0  # fmt: skip
    code, report, _ = run("intel", "import", "--org", "brand-b", str(bundle))
    assert code == 0, report
    for kind, path in (("cue_term", cues), ("infringer", infringers)):
        code, out, _ = run("intel", "bank", "--org", "brand-b", "--kind", kind, "--out", str(path))
        assert code == 0, out
    return report, cues, infringers


def _scan(run: Run, market: Marketplace, cues: Path, out: Path) -> dict[str, Any]:
    """B's scan with the cue bank; the crafted listing's result, its signals parsed."""
    code, said, _ = run("scan", "--catalog", str(market.catalog), "--listings",
                        str(market.listings), "--sellers", str(market.sellers),
                        "--cue-terms", str(cues), "--out", str(out))  # fmt: skip
    assert code == 0, said
    row = pl.read_parquet(out).filter(pl.col("listing_id") == "l-cue-only").to_dicts()[0]
    return {**row, "signals": json.loads(row["signals"])}


def _networks(run: Run, market: Marketplace, infringers: Path, out: Path) -> pl.DataFrame:
    code, said, _ = run("networks", "--sellers", str(market.sellers), "--out", str(out),
                        "--infringers", str(infringers))  # fmt: skip
    assert code == 0, said
    return pl.read_parquet(out)


def test_cue_and_infringer_intel_reach_scan_and_networks_until_retracted(
    members: Alliance,
    run: Run,
    market: Marketplace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRUEMARK_ALLIANCE_KEY", ALLIANCE_KEY)
    get_settings.cache_clear()
    items = _share_and_confirm(run, market)

    report, cues, infringers = _exchange(run, tmp_path)
    assert report.startswith("from brand-a (local key ")
    assert ": 2 added" in report
    cue_bank, infringer_bank = pl.read_csv(cues), pl.read_csv(infringers)
    assert cue_bank.columns == ["term", "provenance"]
    assert infringer_bank.columns == ["value", "provenance"]
    assert cue_bank["term"].to_list() == [CUE]
    cue_source, account_source = cue_bank["provenance"][0], infringer_bank["provenance"][0]
    assert cue_source.startswith("intel:brand-a:")
    assert account_source.startswith("intel:brand-a:")

    caught = _scan(run, market, cues, tmp_path / "results.parquet")
    assert caught["verdict"] != "clear"
    assert "text.counterfeit_cue" in caught["reasons"]
    assert caught["signals"]["text.cue_terms"] == ["tribute grade"]
    assert caught["signals"]["text.cue_source"] == cue_source

    named = _networks(run, market, infringers, tmp_path / "networks.parquet")
    racketeer = named.filter(pl.col("seller_id") == market.racketeer)
    assert racketeer["intel_matches"].item().to_list() == [f"payment_account:{account_source}"]
    racket = named.filter(pl.col("network_id") == racketeer["network_id"].item())
    assert racket.height > 1
    assert racket["network_intel"].to_list() == [[account_source]] * racket.height
    assert named.filter(pl.col("network_intel").list.len() > 0).height == racket.height

    for item in items:
        assert run("intel", "retract", "--org", "brand-a", item)[0] == 0
    report, cues, infringers = _exchange(run, tmp_path)
    assert "2 retracted" in report
    assert pl.read_csv(cues).is_empty()
    assert pl.read_csv(infringers).is_empty()

    cleared = _scan(run, market, cues, tmp_path / "results-after.parquet")
    assert cleared["verdict"] == "clear"
    assert cleared["signals"]["text.cue_count"] == 0
    assert cleared["signals"]["text.cue_source"] is None
    unnamed = _networks(run, market, infringers, tmp_path / "networks-after.parquet")
    assert unnamed["network_intel"].list.len().sum() == 0
    assert unnamed["intel_matches"].list.len().sum() == 0
    after = unnamed.join(
        racket.select("seller_id", "network_risk"), on="seller_id", suffix="_named"
    )
    assert (after["network_risk"] < after["network_risk_named"]).all()


def test_infringers_without_an_alliance_key_is_one_clear_error(
    members: Alliance,
    run: Run,
    intel_market: SimulationSummary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("TRUEMARK_ALLIANCE_KEY", "TRUEMARK_DEMO"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    infringers = tmp_path / "infringers.csv"
    infringers.write_text("value,provenance\n")
    sellers = intel_market.out_dir / "sellers.parquet"
    code, _, err = run("networks", "--sellers", str(sellers), "--out",
                       str(tmp_path / "networks.parquet"), "--infringers", str(infringers))  # fmt: skip
    assert code == 2
    assert "TRUEMARK_ALLIANCE_KEY" in err
    assert "Traceback" not in err


def test_an_unknown_kind_has_no_bank(members: Alliance, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "rackets.csv"
    code, _, err = run("intel", "bank", "--org", "brand-b", "--kind", "racket", "--out", str(out))
    assert code == 2
    assert "intel kind 'racket' unknown" in err
    assert "racket_indicator" in err
    assert not out.exists()
