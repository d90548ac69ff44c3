"""`truemark db upgrade`, `catalog import` and `sellers import` against SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from truemark.cli import main
from truemark.config import get_settings
from truemark.store import Scope, Store, current_revision, head_revision

Run = Callable[..., tuple[int, str, str]]

CATALOG = """\
version: 1
fx_to_usd: {EUR: 1.08}
brands:
  - id: gucci
    name: Gucci
    owner: Kering
    aliases: ["GG"]
    trademarks:
      - {number: "1234567", office: USPTO, classes: [18, 25]}
    authorized_sellers: ["s-000123"]
    products:
      - sku: "443497-DTDIT-1000"
        name: "GG Marmont small matelasse shoulder bag"
        category: handbags
        msrp: MSRP
        currency: USD
        images: ["images/gucci-1.png"]
  - id: dior
    name: Dior
    owner: LVMH
    products:
      - {sku: CD-1, name: Saddle bag, category: handbags, msrp: 3900, currency: EUR}
"""


@pytest.fixture
def run(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Run]:
    """Run the real console entry point against the test database: (exit code, stdout, stderr),
    the output with its line wrapping undone (rich wraps at the terminal's width).
    """
    monkeypatch.setenv("TRUEMARK_DATABASE_URL", database_url)
    get_settings.cache_clear()

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["truemark", *args])
        with pytest.raises(SystemExit) as exit_info:
            main()
        captured = capsys.readouterr()
        code = exit_info.value.code
        out, err = (" ".join(text.split()) for text in (captured.out, captured.err))
        return (code if isinstance(code, int) else 1), out, err

    yield invoke
    get_settings.cache_clear()


@pytest.fixture
def catalog_file(tmp_path: Path) -> Callable[[float], Path]:
    """Writes catalog.yaml (Gucci bag at the given MSRP, with one photo) and returns its path."""
    rng = np.random.default_rng(3)
    pixels = np.kron(
        rng.integers(0, 256, (4, 4, 3), dtype=np.uint8), np.ones((16, 16, 1), np.uint8)
    )
    (tmp_path / "images").mkdir()
    Image.fromarray(pixels, "RGB").save(tmp_path / "images" / "gucci-1.png")

    def write(msrp: float) -> Path:
        path = tmp_path / "catalog.yaml"
        path.write_text(CATALOG.replace("MSRP", str(msrp)), encoding="utf-8")
        return path

    return write


def _store(url: str) -> Store:
    return Store.from_url(url)


def test_db_upgrade_migrates_the_configured_database(run: Run, database_url: str) -> None:
    code, out, _err = run("db", "upgrade")

    assert code == 0
    assert f"revision {head_revision()}" in out
    assert current_revision(database_url) == head_revision()


def test_import_before_upgrade_says_what_to_run(
    run: Run, catalog_file: Callable[[float], Path]
) -> None:
    code, _out, err = run("catalog", "import", str(catalog_file(2350)))

    assert code == 2
    assert "truemark db upgrade" in err
    assert "Traceback" not in err


def test_catalog_import_is_idempotent_and_follows_price_changes(
    run: Run, database_url: str, catalog_file: Callable[[float], Path]
) -> None:
    run("db", "upgrade")
    first = run("catalog", "import", str(catalog_file(2350)))
    again = run("catalog", "import", str(catalog_file(2350)))
    repriced = run("catalog", "import", str(catalog_file(2490.5)))

    assert [first[0], again[0], repriced[0]] == [0, 0, 0]
    assert "brand_reference_images" in first[1]
    store = _store(database_url)
    with store.unit_of_work() as work:
        kering = work.organizations.by_slug("kering")
        products = work.catalog.products(Scope.of(kering.id))
        photos = work.catalog.reference_images(Scope.of(kering.id))
    store.close()
    assert [(p.sku, float(p.msrp)) for p in products] == [("443497-DTDIT-1000", 2490.5)]
    assert len(photos) == 1


def test_catalog_import_can_name_the_organization(
    run: Run, database_url: str, catalog_file: Callable[[float], Path]
) -> None:
    run("db", "upgrade")
    code, _out, _err = run("catalog", "import", str(catalog_file(2350)), "--org", "Alliance")

    assert code == 0
    store = _store(database_url)
    with store.unit_of_work() as work:
        alliance = work.organizations.by_slug("alliance")
        brands = [brand.slug for brand in work.catalog.brands(Scope.of(alliance.id))]
    store.close()
    assert brands == ["dior", "gucci"]


def test_an_invalid_catalog_is_reported_and_nothing_is_imported(
    run: Run, database_url: str, tmp_path: Path
) -> None:
    run("db", "upgrade")
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "version: 1\nbrands:\n  - {id: a, name: A, owner: O}\n  - {id: a, name: B, owner: O}\n"
    )

    code, _out, err = run("catalog", "import", str(broken))

    assert code == 2
    assert "broken.yaml" in err
    assert "Traceback" not in err
    store = _store(database_url)
    with store.unit_of_work() as work:
        assert work.catalog.brands(Scope.everything()) == []
    store.close()


def test_sellers_import_keeps_good_rows_and_quarantines_bad_ones(
    run: Run, database_url: str, tmp_path: Path
) -> None:
    rows = [
        {"seller_id": "s-1", "store_name": "Lucky", "phone": "+86 1", "tier": "gold"},
        {"seller_id": "s-2", "registered_at": "2024-02-03T04:05:06Z"},
        {"seller_id": "s-3", "registered_at": "not a date"},
    ]
    sellers = tmp_path / "sellers.jsonl"
    sellers.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    run("db", "upgrade")

    code, out, _err = run("sellers", "import", str(sellers))
    again = run("sellers", "import", str(sellers))

    assert code == 0
    assert "2 inserted" in out
    assert "2 unchanged" in again[1]
    assert (tmp_path / "sellers.quarantine.jsonl").exists()
    store = _store(database_url)
    with store.unit_of_work() as work:
        assert work.sellers.count() == 2
        assert work.sellers.by_seller_id("s-1").extra == {"tier": "gold"}
    store.close()


def test_a_missing_file_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, _out, err = run("sellers", "import", str(tmp_path / "nope.jsonl"))

    assert code == 2
    assert "does not exist" in err
