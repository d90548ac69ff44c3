"""Property tests: valid catalogs round-trip through dicts and files; junk only fails cleanly."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from truemark.catalog import Catalog, catalog_from_dict, catalog_to_dict, load_catalog
from truemark.errors import Problem, ValidationError

DATA = Path(__file__).parent.parent / "data" / "catalog"
IMAGES = ["images/aurelia/AUR-100-1.jpg"]
CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CNY"]
KNOWN = {"id", "name", "owner", "aliases", "trademarks", "authorized_sellers", "products"}
KNOWN |= {"sku", "category", "msrp", "currency", "images", "number", "office", "classes"}
KNOWN |= {"version", "fx_to_usd", "brands"}

words = st.text(min_size=1, max_size=12).map(str.strip).filter(bool)
slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
prices = st.floats(min_value=0.01, max_value=1e7, allow_nan=False) | st.integers(1, 10**7)
plain = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | words
extras = st.dictionaries(
    words.filter(lambda key: key not in KNOWN), plain | st.lists(plain, max_size=3), max_size=2
)


@st.composite
def products(draw: st.DrawFn, currencies: list[str]) -> dict[str, Any]:
    product = {
        "sku": draw(words),
        "name": draw(words),
        "category": draw(words),
        "msrp": draw(prices),
        "currency": draw(st.sampled_from(currencies)),
        "images": draw(st.lists(st.sampled_from(IMAGES), max_size=2)),
    }
    return {**draw(extras), **product}


@st.composite
def brands(draw: st.DrawFn, brand_id: str, currencies: list[str]) -> dict[str, Any]:
    items = draw(st.lists(products(currencies), max_size=4, unique_by=lambda p: p["sku"]))
    mark = st.fixed_dictionaries(
        {"number": words, "office": words, "classes": st.lists(st.integers(1, 45), max_size=3)}
    )
    brand = {
        "id": brand_id,
        "name": draw(words),
        "owner": draw(words),
        "aliases": draw(st.lists(words, max_size=3)),
        "trademarks": draw(st.lists(mark, max_size=2)),
        "authorized_sellers": sorted(set(draw(st.lists(words, max_size=3)))),
        "products": items,
    }
    return {**draw(extras), **brand}


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, Any]:
    rates = draw(
        st.dictionaries(
            st.sampled_from(CURRENCIES[1:]), st.floats(min_value=1e-4, max_value=1e3), max_size=4
        )
    )
    currencies = ["USD", *rates]
    ids = draw(st.lists(slugs, max_size=4, unique=True))
    return {
        **draw(extras),
        "version": 1,
        "fx_to_usd": rates,
        "brands": [draw(brands(brand_id, currencies)) for brand_id in ids],
    }


def same_catalog(one: Catalog, other: Catalog) -> None:
    assert one == other
    assert one.extra == other.extra
    for brand, twin in zip(one.brands, other.brands, strict=True):
        assert brand.extra == twin.extra
        assert [p.extra for p in brand.products] == [p.extra for p in twin.products]


@given(catalogs())
def test_valid_catalogs_load_and_round_trip_through_dicts(data: dict[str, Any]) -> None:
    catalog = catalog_from_dict(data, image_root=DATA)
    assert [brand.id for brand in catalog.brands] == [b["id"] for b in data["brands"]]
    for raw, brand in zip(data["brands"], catalog.brands, strict=True):
        for entry, product in zip(raw["products"], brand.products, strict=True):
            rate = 1.0 if entry["currency"] == "USD" else data["fx_to_usd"][entry["currency"]]
            assert product.msrp_usd == entry["msrp"] * rate
            assert all(image.is_file() for image in product.images)
    as_dict = catalog_to_dict(catalog)
    again = catalog_from_dict(as_dict, image_root=DATA)
    same_catalog(catalog, again)
    assert catalog_to_dict(again) == as_dict


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.sampled_from(["catalog.yaml", "catalog.json"]))
def test_valid_catalogs_round_trip_through_files(data: dict[str, Any], name: str) -> None:
    expected = catalog_from_dict(data, image_root=DATA)
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(DATA / "images", Path(folder) / "images")
        path = Path(folder) / name
        with path.open("w", encoding="utf-8") as out:
            if name.endswith(".json"):
                json.dump(data, out, ensure_ascii=False)
            else:
                yaml = YAML(typ="rt", pure=True)
                yaml.allow_unicode = (
                    False  # escaped: ruamel writes a raw NEL that reads back as a break
                )
                yaml.dump(data, out)
        loaded = load_catalog(path)
    assert loaded.brands == tuple(
        brand.__class__(**{**_fields(brand), "products": _moved(brand, DATA, Path(folder))})
        for brand in expected.brands
    )
    assert loaded.extra == expected.extra


def _fields(value: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__slots__}


def _moved(brand: Any, old: Path, new: Path) -> tuple[Any, ...]:
    """The brand's products with image paths moved from folder ``old`` to ``new``."""
    return tuple(
        product.__class__(
            **{
                **_fields(product),
                "images": tuple(new.resolve() / p.relative_to(old) for p in product.images),
            }
        )
        for product in brand.products
    )


def catalog_or_problems(load: Callable[[], Catalog]) -> Catalog | list[Problem]:
    """The loaded catalog, or the problems of the ValidationError (any other error escapes)."""
    try:
        return load()
    except ValidationError as error:
        return error.problems


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
junk = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)
field_names = st.sampled_from(sorted(KNOWN))
records = st.dictionaries(field_names, junk | st.lists(st.dictionaries(field_names, junk)))
shaped_junk = st.fixed_dictionaries(
    {"brands": st.lists(records | junk, max_size=3)},
    optional={"version": junk, "fx_to_usd": st.dictionaries(st.text(max_size=4), junk) | junk},
)


@given(junk | shaped_junk)
def test_junk_either_loads_or_raises_validation_error(data: Any) -> None:
    outcome = catalog_or_problems(lambda: catalog_from_dict(data))
    if not isinstance(outcome, Catalog):
        assert outcome
        assert all(problem.file == "<memory>" for problem in outcome)


yaml_text = st.text(alphabet=" \n\t-:[]{}&*!|>'\"#,?%@`abcdeilnorsuv01.\\", max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text | st.binary(max_size=40), st.sampled_from(["c.yaml", "c.json"]))
def test_junk_files_either_load_or_raise_validation_error(text: str | bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        outcome = catalog_or_problems(lambda: load_catalog(path))
    assert isinstance(outcome, Catalog) or outcome
