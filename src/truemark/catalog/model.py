"""The brand catalog as immutable values: brands, marks, genuine products and prices in USD."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

BASE_CURRENCY = "USD"
NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


def extra_fields(record: Mapping[Any, Any], known: frozenset[str]) -> Mapping[str, Any]:
    """The fields of ``record`` that the format does not define, copied: the contract keeps them."""
    extra = {key: deepcopy(value) for key, value in record.items() if key not in known}
    return MappingProxyType(extra) if extra else NO_EXTRA


@dataclass(frozen=True, slots=True)
class Trademark:
    """A registered mark: registration number, office (USPTO, EUIPO, ...) and Nice classes."""

    number: str
    office: str
    classes: tuple[int, ...]
    extra: Mapping[str, Any] = field(default_factory=lambda: NO_EXTRA, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Product:
    """A genuine product of a brand with its list price, in its own currency and in USD."""

    sku: str
    name: str
    category: str
    msrp: float
    currency: str  # ISO 4217, upper case
    msrp_usd: float  # msrp converted with the catalog's fx_to_usd
    images: tuple[Path, ...]  # absolute paths, resolved relative to the catalog file
    extra: Mapping[str, Any] = field(default_factory=lambda: NO_EXTRA, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Brand:
    """A brand as registered: its word mark, other marks, the sellers it allows, its products."""

    id: str  # slug
    name: str  # the word mark
    owner: str  # rights holder / alliance member
    aliases: tuple[str, ...]
    trademarks: tuple[Trademark, ...]
    authorized_sellers: frozenset[str]
    products: tuple[Product, ...]
    extra: Mapping[str, Any] = field(default_factory=lambda: NO_EXTRA, compare=False, repr=False)

    def marks(self) -> tuple[str, ...]:
        """The word mark followed by every alias: the strings to watch for in listings."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Catalog:
    """Every brand of a catalog file, the exchange rates to USD, and where the file was."""

    version: int
    fx_to_usd: Mapping[str, float]  # always contains "USD": 1.0
    brands: tuple[Brand, ...]
    source: Path | None  # the file it was read from
    image_root: Path | None = field(default=None, compare=False)  # folder image paths start from
    extra: Mapping[str, Any] = field(default_factory=lambda: NO_EXTRA, compare=False, repr=False)
    _by_id: Mapping[str, Brand] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rates = {code.upper(): float(rate) for code, rate in self.fx_to_usd.items()}
        rates[BASE_CURRENCY] = 1.0
        object.__setattr__(self, "fx_to_usd", MappingProxyType(rates))
        object.__setattr__(self, "_by_id", MappingProxyType({b.id: b for b in self.brands}))

    def brand(self, brand_id: str) -> Brand:
        """The brand with this id; KeyError when the catalog has none."""
        return self._by_id[brand_id]

    def to_usd(self, amount: float, currency: str) -> float:
        """``amount`` in ``currency`` converted to USD; KeyError for a currency without a rate."""
        return amount * self.fx_to_usd[currency.upper()]

    def knows_currency(self, currency: str) -> bool:
        """Whether the catalog has an exchange rate for ``currency`` (USD always)."""
        return currency.upper() in self.fx_to_usd

    def products(self) -> Iterator[tuple[Brand, Product]]:
        """Every product of every brand, with its brand, in catalog order."""
        for brand in self.brands:
            for product in brand.products:
                yield brand, product
