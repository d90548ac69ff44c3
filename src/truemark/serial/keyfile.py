"""The published key file (``truemark-keys.json``): brands' public keys and their SKU tags.

It is all an offline verifier needs. A plain Ed25519 PEM public key is accepted too.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from truemark.errors import InputError
from truemark.serial.codec import sku_tag
from truemark.serial.keys import key_id_of, raw_public_key
from truemark.store.serial_records import SerialKeyRecord

FORMAT = "truemark-keys"


@dataclass(frozen=True, slots=True)
class PublishedKey:
    """A public key as an offline verifier holds it."""

    key_id: str
    brand: str
    public_key: Ed25519PublicKey
    status: str  # active, retired, revoked


@dataclass(frozen=True, slots=True)
class KeySet:
    """Public keys by key id, and SKU names by (brand, SKU tag)."""

    keys: Mapping[str, PublishedKey]
    skus: Mapping[tuple[str, int], str] = field(default_factory=dict)


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def key_document(keys: Iterable[SerialKeyRecord], products: Iterable[tuple[str, str]]) -> bytes:
    """The JSON key file for these keys and the (brand, SKU) pairs of their products."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "keys": [
            {
                "key_id": key.key_id,
                "brand": key.brand_slug,
                "algorithm": "Ed25519",
                "public_key": base64.b64encode(key.public_key).decode("ascii"),
                "status": key.status,
                "created_at": _moment(key.created_at),
                "retired_at": _moment(key.retired_at),
                "revoked_at": _moment(key.revoked_at),
            }
            for key in keys
        ],
        "products": [
            {"brand": brand, "sku": sku, "sku_tag": f"{sku_tag(brand, sku):08x}"}
            for brand, sku in products
        ],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)


def load_key_file(path: Path) -> KeySet:
    """Read a JSON key file or a PEM public key; InputError naming the file when it is neither."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the key file: {exc.strerror}") from None
    if content.lstrip().startswith(b"-----BEGIN"):
        return _pem_key_set(path, content)
    try:
        document = orjson.loads(content)
        if document.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        keys = {entry["key_id"]: _published(entry) for entry in document["keys"]}
        skus = {
            (entry["brand"], int(entry["sku_tag"], 16)): entry["sku"]
            for entry in document.get("products", [])
        }
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        raise InputError(f"{path}: not a truemark key file or PEM public key ({exc})") from None
    return KeySet(keys, skus)


def _published(entry: Mapping[str, Any]) -> PublishedKey:
    raw = base64.b64decode(entry["public_key"], validate=True)
    if key_id_of(raw) != entry["key_id"]:
        raise ValueError(f"key {entry['key_id']} does not match its public key")
    key = Ed25519PublicKey.from_public_bytes(raw)
    return PublishedKey(entry["key_id"], str(entry["brand"]), key, str(entry["status"]))


def _pem_key_set(path: Path, content: bytes) -> KeySet:
    try:
        key = load_pem_public_key(content)
    except ValueError:
        raise InputError(f"{path}: not a readable PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{path}: the public key is not an Ed25519 key")
    key_id = key_id_of(raw_public_key(key))
    return KeySet({key_id: PublishedKey(key_id, "", key, "active")})
