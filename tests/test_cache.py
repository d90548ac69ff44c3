"""The build cache: a value is built once per inputs, damaged entries and unusable folders only
mean building again, concurrent writers never expose half an entry, old entries are pruned."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pytest

from truemark import cache
from truemark.catalog.documents import read_document
from truemark.config import get_settings
from truemark.index.scanner import Scanner


def cached(kind: str, inputs: bytes, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    return cache.cached(kind, inputs, build, code=cache.__name__)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("TRUEMARK_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    yield tmp_path / "cache"
    get_settings.cache_clear()


class Builder:
    """Counts its builds; builds a value from its inputs."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self, text: str) -> dict[str, str]:
        self.builds += 1
        return {"value": text.upper()}


def test_a_value_is_built_once_per_inputs(folder: Path) -> None:
    build = Builder()
    for _ in range(3):
        assert cached("words", b"abc", lambda: build("abc")) == {"value": "ABC"}
    assert build.builds == 1
    assert cached("words", b"xyz", lambda: build("xyz")) == {"value": "XYZ"}
    assert cached("other-kind", b"abc", lambda: build("abc")) == {"value": "ABC"}
    assert build.builds == 3
    assert len(list((folder / "words").glob("*.pickle"))) == 2


def test_a_damaged_entry_is_built_again(folder: Path) -> None:
    build = Builder()
    cached("words", b"abc", lambda: build("abc"))
    (entry,) = (folder / "words").glob("*.pickle")
    damaged = bytearray(entry.read_bytes())
    damaged[-3] ^= 0xFF
    entry.write_bytes(bytes(damaged))
    assert cached("words", b"abc", lambda: build("abc")) == {"value": "ABC"}
    entry.write_bytes(b"short")
    assert cached("words", b"abc", lambda: build("abc")) == {"value": "ABC"}
    assert build.builds == 3
    assert cached("words", b"abc", lambda: build("abc")) == {"value": "ABC"}
    assert build.builds == 3  # the last build was stored whole again


def test_an_unusable_folder_only_means_building(folder: Path) -> None:
    folder.parent.mkdir(exist_ok=True)
    folder.write_text("a file where the cache folder should be")
    build = Builder()
    assert cached("words", b"abc", lambda: build("abc")) == {"value": "ABC"}
    assert cached("words", b"abc", lambda: build("abc")) == {"value": "ABC"}
    assert build.builds == 2


def test_the_cache_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUEMARK_BUILD_CACHE", "0")
    get_settings.cache_clear()
    build = Builder()
    cached("words", b"abc", lambda: build("abc"))
    cached("words", b"abc", lambda: build("abc"))
    assert build.builds == 2
    assert not folder.exists()


def test_concurrent_writers_leave_one_whole_entry(folder: Path) -> None:
    build = Builder()
    with ThreadPoolExecutor(8) as pool:
        values = list(pool.map(lambda _: cached("words", b"abc", lambda: build("abc")), range(32)))
    assert values == [{"value": "ABC"}] * 32
    assert len(list((folder / "words").glob("*.pickle"))) == 1
    assert not list((folder / "words").glob("*.tmp"))
    before = build.builds
    cached("words", b"abc", lambda: build("abc"))
    assert build.builds == before


def test_only_the_most_recently_used_entries_are_kept(folder: Path) -> None:
    build = Builder()
    for number in range(cache.ENTRIES_KEPT + 5):
        cached("words", str(number).encode(), lambda n=number: build(str(n)))  # type: ignore[misc]
    assert len(list((folder / "words").glob("*.pickle"))) == cache.ENTRIES_KEPT
    kept_last = build.builds
    cached("words", str(cache.ENTRIES_KEPT + 4).encode(), lambda: build("newest"))
    assert build.builds == kept_last


def test_cached_hyperscan_databases_follow_their_patterns(folder: Path) -> None:
    texts = pl.Series(["a gucci bag", "prada shoes"], dtype=pl.String)
    for _ in range(2):  # built, then loaded from the cache
        gucci = Scanner([r"\bgucci\b"], [(True, True)]).scan(texts)
        prada = Scanner([r"\bprada\b"], [(True, True)]).scan(texts)
        assert (gucci.row.tolist(), prada.row.tolist()) == ([0], [1])
    assert len(list((folder / "hyperscan").glob("*.pickle"))) == 2


def test_a_changed_catalog_file_is_parsed_again(folder: Path, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("version: 1\nbrands: []\n", encoding="utf-8")
    assert read_document(catalog).data == {"version": 1, "brands": []}
    assert read_document(catalog).data == {"version": 1, "brands": []}
    catalog.write_text("version: 2\n\nbrands: []\n", encoding="utf-8")
    changed = read_document(catalog)
    assert changed.data == {"version": 2, "brands": []}
    assert changed.locations.line(("brands",)) == 3


def test_the_reference_bank_is_hashed_once_per_photo_content(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np
    import skimage.data
    from PIL import Image

    from truemark.catalog import catalog_from_dict
    from truemark.index import pdq_banks

    image = tmp_path / "bag.png"
    Image.fromarray(skimage.data.astronaut()).save(image)
    product = {"sku": "B-1", "name": "bag", "category": "handbags", "msrp": 900, "currency": "USD"}
    brand = {"id": "acme", "name": "Acme", "owner": "Acme Inc.", "authorized_sellers": []}
    document = {"brands": [{**brand, "products": [{**product, "images": ["bag.png"]}]}]}
    catalog = catalog_from_dict(document, image_root=tmp_path)
    builds: list[int] = []
    build = pdq_banks._dihedral_bank
    monkeypatch.setattr(
        pdq_banks, "_dihedral_bank", lambda *a, **k: builds.append(1) or build(*a, **k)
    )
    first = pdq_banks.reference_bank(catalog)
    again = pdq_banks.reference_bank(catalog)
    assert len(builds) == 1
    assert np.array_equal(first.hashes, again.hashes)
    Image.fromarray(skimage.data.coffee()).save(image)  # same path, another photo
    changed = pdq_banks.reference_bank(catalog)
    assert len(builds) == 2
    assert not np.array_equal(first.hashes, changed.hashes)


def _package(root: Path) -> Path:
    """A package ``pkgx`` whose module ``a`` imports in every way a module can."""
    package = root / "pkgx"
    (package / "sub").mkdir(parents=True)
    (package / "data").mkdir()
    files = {
        "__init__.py": '"""pkgx."""\n',
        "a.py": (
            "import importlib\nimport pkgx.b as bee\nfrom . import c\n"
            "from pkgx.e import (\n    thing,  # a name, not a module (nor is other)\n    other,\n)\n"
            "from pkgx import (  # modules after comments (with parentheses)\n    h,  # (h)\n    i,\n)\n\n"
            "def lazy():\n    from .sub import f\n    return importlib.import_module('pkgx.d')\n"
        ),
        "b.py": "X = 1\n", "c.py": "from pkgx.b import X\n", "d.py": "", "e.py": "thing = other = 1\n",
        "unrelated.py": "import pkgx.a\n", "sub/__init__.py": "", "sub/f.py": "",
        "sub/g.py": "", "h.py": "", "i.py": "", "data/words.yaml": "- a\n",
    }  # fmt: skip
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    return package


def test_a_module_closure_follows_every_kind_of_import(tmp_path: Path) -> None:
    package = _package(tmp_path)
    found = {
        path.relative_to(package).as_posix() for path in cache.module_closure("pkgx.a", package)
    }
    assert found == {
        "__init__.py", "a.py", "b.py", "c.py", "d.py", "e.py", "h.py", "i.py", "sub/__init__.py",
        "sub/f.py",
    }  # fmt: skip


def test_a_code_digest_changes_with_the_code_it_runs_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value keyed by module ``a``'s code is built again when a module it imports or a data
    file beside them changes, and kept when a module it does not import changes."""
    package = _package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))

    def digest() -> bytes:
        for cached_per_process in (cache.code_digest, cache._imported, cache._file_digest):
            cached_per_process.cache_clear()
        return cache.code_digest("pkgx.a")

    first = digest()
    (package / "unrelated.py").write_text("import pkgx.a\nY = 2\n", encoding="utf-8")
    (package / "sub" / "g.py").write_text("Z = 3\n", encoding="utf-8")
    assert digest() == first
    (package / "sub" / "f.py").write_text("F = 1\n", encoding="utf-8")
    second = digest()
    assert second != first
    (package / "data" / "words.yaml").write_text("- b\n", encoding="utf-8")
    assert digest() != second


def test_the_image_banks_outlive_a_change_to_the_detectors_or_the_console() -> None:
    """The reference bank's hashes (seconds to minutes of PDQ hashing) are keyed by the code
    that computes them: no text detector, policy, scan or console module is part of it."""
    package = Path(cache.__file__).resolve().parent
    closure = {
        p.relative_to(package).parts[0]
        for p in cache.module_closure("truemark.index.pdq_banks", package)
    }
    assert {"index", "io", "cache.py"} <= closure
    assert not closure & {"detect", "policy", "scan", "web", "api", "store"}
