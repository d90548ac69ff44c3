"""End to end on the command line: brand A confirms a racket's indicators (its web shop, its
Telegram handle, its WhatsApp number) and shares them with brand B; B imports the bundle, writes
its racket-indicator bank, and B's networks (either engine, the same files) mark the sellers
whose listings show them, and their racket, with A's provenance. After A retracts and B
re-imports, nothing is marked any more."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from tests.alliance.conftest import Run
from tests.alliance.members import Alliance

from truemark.simulate import SimulationSummary

CONFIRMED = {  # as A's analyst typed them -> their normal form
    "https://www.LuxDeals.shop/": "domain:luxdeals.shop",
    "t.me/BestReps": "handle:telegram:@bestreps",
    "+86 138-0013-8000": "whatsapp:+8613800138000",
}
KINDS = {"https": "domain", "t.me/": "handle", "+86 1": "whatsapp"}


@dataclass(frozen=True)
class Market:
    """B's sellers and listings; two sellers of one racket write the racket's contacts."""

    sellers: Path
    listings: Path
    shop_seller: str
    contact_seller: str


@pytest.fixture
def market(intel_market: SimulationSummary, tmp_path: Path) -> Market:
    root = intel_market.out_dir
    truth = pl.read_csv(root / "networks_truth.csv")
    rackets = truth.filter(pl.col("network_id").str.starts_with("racket"))
    largest = rackets.filter(pl.col("network_id") == rackets["network_id"].mode().sort()[0])
    shop_seller, contact_seller = largest["seller_id"].sort()[:2]
    crafted = pl.DataFrame(
        {
            "listing_id": ["l-shop", "l-contact"],
            "seller_id": [shop_seller, contact_seller],
            "title": ["Horsebit 1955 shoulder bag", "Jackie 1961 bag, real photos"],
            "description": ["More at www.LuxDeals.shop/bags", "TG: @BestReps / WhatsApp 138 0013 8000"],
            "price": [1500.0, 1400.0],
            "currency": ["USD", "USD"],
            "ship_from": ["CN-GD-Guangzhou", "CN-GD-Guangzhou"],
        }
    )  # fmt: skip
    listings = pl.read_parquet(root / "listings.parquet").head(100)
    path = tmp_path / "listings.parquet"
    pl.concat([listings, crafted], how="diagonal_relaxed").write_parquet(path)
    return Market(root / "sellers.parquet", path, shop_seller, contact_seller)


def _confirm(run: Run) -> list[str]:
    """A shares racket indicators with B and confirms three; the ids of the items."""
    rule = ("intel", "rule", "--org", "brand-a", "--kind", "racket_indicator")
    assert run(*rule, "--audience", "named", "--member", "brand-b")[0] == 0
    items = []
    for typed in CONFIRMED:
        kind = next(kind for start, kind in KINDS.items() if typed.startswith(start))
        code, out, err = run("intel", "confirm", "--org", "brand-a", "--kind", "racket_indicator",
                             "--value", f"{kind}:{typed}", "--source", "case-31")  # fmt: skip
        assert code == 0, err
        items.append(out.split()[2])
    return items


def _exchange(run: Run, folder: Path) -> tuple[str, pl.DataFrame, Path]:
    """A exports to B, B imports and writes its racket-indicator bank."""
    folder.mkdir()
    bundle, bank = folder / "a-to-b.jsonl", folder / "indicators.csv"
    assert run("intel", "export", "--org", "brand-a", "--recipient", "brand-b",
               "--out", str(bundle))[0] == 0  # fmt: skip
    code, report, err = run("intel", "import", "--org", "brand-b", str(bundle))
    assert code == 0, err
    code, _, err = run("intel", "bank", "--org", "brand-b", "--kind", "racket_indicator",
                         "--out", str(bank))  # fmt: skip
    assert code == 0, err
    return report, pl.read_csv(bank, infer_schema=False), bank


def _networks(run: Run, market: Market, bank: Path, folder: Path) -> pl.DataFrame:
    """B's networks with the bank, on both engines: the same file; that file."""
    written = []
    for engine in ("polars", "duckdb"):
        out = folder / engine / "networks.parquet"
        code, said, err = run("networks", "--sellers", str(market.sellers), "--listings",
                              str(market.listings), "--indicators", str(bank), "--out", str(out),
                              "--engine", engine)  # fmt: skip
        assert code == 0, err
        assert "alliance intel names" in said
        written.append(pl.read_parquet(out).sort("seller_id"))
    assert_frame_equal(written[0], written[1], check_exact=True)
    return written[0]


def test_a_confirmed_rackets_indicators_mark_its_sellers_until_retracted(
    members: Alliance, run: Run, market: Market, tmp_path: Path
) -> None:
    items = _confirm(run)
    report, bank, path = _exchange(run, tmp_path / "shared")
    assert "3 added" in report
    assert bank.columns == ["value", "provenance"]
    assert sorted(bank["value"]) == sorted(CONFIRMED.values())
    source = dict(bank.iter_rows())
    assert all(provenance.startswith("intel:brand-a:") for provenance in source.values())

    named = _networks(run, market, path, tmp_path / "named")
    by_seller = {row["seller_id"]: row for row in named.to_dicts()}
    shop, contact = by_seller[market.shop_seller], by_seller[market.contact_seller]
    assert shop["intel_matches"] == [f"listing.domain:{source['domain:luxdeals.shop']}"]
    assert contact["intel_matches"] == sorted(
        [
            f"listing.handle:{source['handle:telegram:@bestreps']}",
            f"listing.whatsapp:{source['whatsapp:+8613800138000']}",  # national, read as CN
        ]
    )
    racket = named.filter(pl.col("network_id") == shop["network_id"])
    assert racket.height > 1
    assert contact["network_id"] == shop["network_id"]
    assert racket["network_intel"].to_list() == [sorted(source.values())] * racket.height
    assert named.filter(pl.col("network_intel").list.len() > 0).height == racket.height

    for item in items:
        assert run("intel", "retract", "--org", "brand-a", item)[0] == 0
    report, bank, path = _exchange(run, tmp_path / "retracted")
    assert "3 retracted" in report
    assert bank.is_empty()
    cleared = _networks(run, market, path, tmp_path / "cleared")
    assert cleared["intel_matches"].list.len().sum() == 0
    assert cleared["network_intel"].list.len().sum() == 0
    after = cleared.join(
        racket.select("seller_id", "network_risk"), on="seller_id", suffix="_named"
    )
    assert (after["network_risk"] < after["network_risk_named"]).all()


def test_a_malformed_indicator_is_refused_on_confirm(members: Alliance, run: Run) -> None:
    for value, says in (
        ("net-7", "write TYPE:VALUE with TYPE one of domain"),
        ("website:luxdeals.shop", "with TYPE one of domain, email, handle"),
        ("whatsapp:138 0013 8000", "+ and the country code"),
        ("domain:gmail.com", "a shared service"),
    ):
        code, _, err = run("intel", "confirm", "--org", "brand-a", "--kind", "racket_indicator",
                           "--value", value)  # fmt: skip
        assert code == 2
        assert says in err
        assert "Traceback" not in err
