"""The canonical shapes of listings and sellers (spec/DATA.md §2, §3) and their field rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
STRING_LIST = pa.list_(pa.string())
JSON_METADATA = {b"truemark.content": b"json"}


class Kind(Enum):
    """How a field's values are read, checked and stored."""

    TEXT = "text"
    PRICE = "a number"
    COUNT = "an integer"
    CURRENCY = "a currency code"
    TIMESTAMP = "an ISO 8601 timestamp"
    TEXT_LIST = "a JSON array of strings"
    PDQ_LIST = "a JSON array of PDQ hashes"


KIND_TYPES: dict[Kind, pa.DataType] = {
    Kind.TEXT: pa.string(),
    Kind.PRICE: pa.float64(),
    Kind.COUNT: pa.int64(),
    Kind.CURRENCY: pa.string(),
    Kind.TIMESTAMP: TIMESTAMP,
    Kind.TEXT_LIST: STRING_LIST,
    Kind.PDQ_LIST: STRING_LIST,
}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a record format: its name, kind, whether it must be present, its size limit."""

    name: str
    kind: Kind
    required: bool = False
    max_length: int = 1_000


@dataclass(frozen=True, slots=True)
class RecordSpec:
    """A record format: its fields in canonical order and the field that must be unique."""

    name: str
    fields: tuple[FieldSpec, ...]
    key: str

    @property
    def schema(self) -> pa.Schema:
        """The canonical Arrow schema of valid rows (extra columns come after these)."""
        return pa.schema([pa.field(f.name, KIND_TYPES[f.kind]) for f in self.fields])

    @property
    def required(self) -> list[str]:
        """Names of the fields every row must have."""
        return [f.name for f in self.fields if f.required]


LISTINGS = RecordSpec(
    name="listings",
    key="listing_id",
    fields=(
        FieldSpec("listing_id", Kind.TEXT, required=True, max_length=256),
        FieldSpec("seller_id", Kind.TEXT, required=True, max_length=256),
        FieldSpec("title", Kind.TEXT, required=True, max_length=2_000),
        FieldSpec("description", Kind.TEXT, max_length=50_000),
        FieldSpec("price", Kind.PRICE, required=True),
        FieldSpec("currency", Kind.CURRENCY, required=True),
        FieldSpec("category", Kind.TEXT),
        FieldSpec("images", Kind.TEXT_LIST, max_length=2_000),
        FieldSpec("image_pdq", Kind.PDQ_LIST),
        FieldSpec("ship_from", Kind.TEXT, max_length=200),
        FieldSpec("quantity_sold", Kind.COUNT),
        FieldSpec("created_at", Kind.TIMESTAMP),
    ),
)

SELLERS = RecordSpec(
    name="sellers",
    key="seller_id",
    fields=(
        FieldSpec("seller_id", Kind.TEXT, required=True, max_length=256),
        FieldSpec("store_name", Kind.TEXT),
        FieldSpec("registered_at", Kind.TIMESTAMP),
        FieldSpec("country", Kind.TEXT, max_length=200),
        FieldSpec("email", Kind.TEXT),
        FieldSpec("phone", Kind.TEXT),
        FieldSpec("payment_account", Kind.TEXT),
        FieldSpec("address", Kind.TEXT, max_length=5_000),
        FieldSpec("device_id", Kind.TEXT),
        FieldSpec("ip", Kind.TEXT, max_length=200),
    ),
)

LISTING_SCHEMA = LISTINGS.schema
SELLER_SCHEMA = SELLERS.schema


def json_field(name: str, nullable: bool = True) -> pa.Field:
    """A string field holding JSON text; writers embed it as a JSON value in JSON Lines."""
    return pa.field(name, pa.string(), nullable=nullable, metadata=JSON_METADATA)


def is_json_field(field: pa.Field) -> bool:
    """True when ``field`` was declared with :func:`json_field`."""
    return bool(field.metadata) and field.metadata.get(b"truemark.content") == b"json"
