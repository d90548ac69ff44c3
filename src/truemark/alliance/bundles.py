"""The exchange format: a bundle is JSON Lines, a header line, one line per item, and a last
line with an Ed25519 signature over the SHA-256 of every byte before it.

Nothing in a bundle is believed before its signature holds under a key the importer already
holds for the exporter the header names (its own evidence key, or one pinned for a remote one).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from truemark.errors import InputError

FORMAT = "truemark-intel-bundle"
VERSION = 1
ITEM_FIELDS = (
    "uid",
    "kind",
    "value",
    "source",
    "confidence",
    "status",
    "confirmed_at",
    "expires_at",
)


@dataclass(frozen=True, slots=True)
class Bundle:
    """A bundle's content once read: who exported it, for whom, and its items."""

    exporter: str
    recipient: str
    key_id: str
    items: list[dict[str, Any]]


def encode_body(
    exporter: str, recipient: str, created_at: str, items: list[dict[str, Any]]
) -> bytes:
    """The bytes the signature covers: the header line, then one line per item."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exporter": exporter,
        "recipient": recipient,
        "created_at": created_at,
    }
    lines = [orjson.dumps(header, option=orjson.OPT_SORT_KEYS)]
    lines += [orjson.dumps(item, option=orjson.OPT_SORT_KEYS) for item in items]
    return b"\n".join(lines) + b"\n"


def signature_line(key_id: str, signature: bytes) -> bytes:
    entry = {"key_id": key_id, "signature": base64.b64encode(signature).decode("ascii")}
    return orjson.dumps({"signature": entry}, option=orjson.OPT_SORT_KEYS) + b"\n"


def body_digest(body: bytes) -> bytes:
    """What is signed: the SHA-256 of the body."""
    return hashlib.sha256(body).digest()


def split_bundle(content: bytes, source: str) -> tuple[bytes, str, bytes]:
    """The body, the key id and the signature; InputError naming what is missing."""
    body, _, last = content.rstrip(b"\n").rpartition(b"\n")
    try:
        entry = orjson.loads(last)["signature"]
        return (
            body + b"\n",
            str(entry["key_id"]),
            base64.b64decode(entry["signature"], validate=True),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise InputError(f"{source}: the last line is not a bundle signature") from None


def claimed_exporter(body: bytes, source: str) -> str:
    """The exporter the header names, read before the signature is checked: it only chooses the
    key that must have signed; nothing in the bundle is believed until that key verifies it."""
    try:
        header = orjson.loads(body.split(b"\n", 1)[0])
    except orjson.JSONDecodeError:
        raise InputError(f"{source}, line 1: not JSON") from None
    exporter = header.get("exporter") if isinstance(header, dict) else None
    if not isinstance(exporter, str) or not exporter:
        raise InputError(f"{source}, line 1: not a {FORMAT} header naming its exporter")
    return exporter


def parse_body(body: bytes, source: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and the items of a verified body; InputError naming the line at fault."""
    records: list[dict[str, Any]] = []
    for number, line in enumerate(body.splitlines(), start=1):
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise InputError(f"{source}, line {number}: not JSON") from None
        if not isinstance(record, dict):
            raise InputError(f"{source}, line {number}: not a JSON object")
        if number > 1 and (missing := [f for f in ITEM_FIELDS if f not in record]):
            raise InputError(f"{source}, line {number}: item lacks {', '.join(missing)}")
        records.append(record)
    if not records or records[0].get("format") != FORMAT or records[0].get("version") != VERSION:
        raise InputError(f"{source}, line 1: not a {FORMAT} version {VERSION} header")
    return records[0], records[1:]
