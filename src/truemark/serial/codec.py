"""The serial code format: a signed 16-byte payload in Crockford base32 with a CRC-16 check.

Bytes: version (1) | key id (4) | SKU tag (4) | batch (2) | serial (5) | Ed25519 signature (64) |
CRC-16/CCITT of everything before it (2). The 82 bytes are written as 132 Crockford base32
symbols (the last one carries 4 zero padding bits), grouped by four for people. A changed symbol
breaks the CRC or the padding, so a typo reads as "not a valid code" before any signature check.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

VERSION = 1
PAYLOAD_BYTES = 16
SIGNATURE_BYTES = 64
CODE_BYTES = PAYLOAD_BYTES + SIGNATURE_BYTES + 2
CODE_LENGTH = -(-CODE_BYTES * 8 // 5)  # 132 symbols
GROUP = 4
MAX_SERIAL = (1 << 40) - 1
MAX_BATCH = (1 << 16) - 1
SIGNING_CONTEXT = b"truemark-serial-v1\x00"  # domain separation: these bytes sign only codes

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = bytes.maketrans(_RFC4648.encode(), CROCKFORD.encode())
_TO_DIGITS = str.maketrans(CROCKFORD, "0123456789ABCDEFGHIJKLMNOPQRSTUV")  # what int(_, 32) reads
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-_.]+")
_PAD_BITS = CODE_LENGTH * 5 - CODE_BYTES * 8
_VALID = frozenset(CROCKFORD)


class InvalidCode(ValueError):
    """The text is not a truemark code: wrong length, a symbol outside the alphabet, a bad check."""


@dataclass(frozen=True, slots=True)
class CodeFields:
    """What a code says about its unit; the signature covers exactly these fields."""

    key_id: str  # 8 hex digits naming the brand key that signed the code
    sku_tag: int  # first 4 bytes of SHA-256 over "brand\\0sku"
    batch: int
    serial: int

    def payload(self) -> bytes:
        """The 16 signed bytes."""
        if not 0 <= self.serial <= MAX_SERIAL or not 0 <= self.batch <= MAX_BATCH:
            raise ValueError(f"serial {self.serial} or batch {self.batch} out of range")
        return (
            bytes((VERSION,))
            + bytes.fromhex(self.key_id)
            + self.sku_tag.to_bytes(4, "big")
            + self.batch.to_bytes(2, "big")
            + self.serial.to_bytes(5, "big")
        )


@dataclass(frozen=True, slots=True)
class SignedCode:
    """A parsed code: its fields, the exact signed payload and the signature over it."""

    fields: CodeFields
    payload: bytes
    signature: bytes

    @property
    def text(self) -> str:
        """The canonical (ungrouped, upper-case) form."""
        return encode(self.payload, self.signature)


def sku_tag(brand: str, sku: str) -> int:
    """The 32-bit tag that names a brand's SKU inside a code."""
    digest = hashlib.sha256(f"{brand}\x00{sku}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def signed_message(payload: bytes) -> bytes:
    """What the brand key signs for a payload."""
    return SIGNING_CONTEXT + payload


def encode(payload: bytes, signature: bytes) -> str:
    """The canonical code text of a payload and its signature."""
    body = payload + signature
    raw = body + binascii.crc_hqx(body, 0xFFFF).to_bytes(2, "big")
    return base64.b32encode(raw).translate(_TO_CROCKFORD).decode("ascii")[:CODE_LENGTH]


def normalize(text: str) -> str:
    """Upper-case, separators removed, Crockford's look-alikes (I, L, O) read as 1 and 0."""
    return _SEPARATORS.sub("", text).upper().translate(_ALIASES)


def group(code: str, size: int = GROUP) -> str:
    """The code in dash-separated groups, as printed for people."""
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def parse(text: str) -> SignedCode:
    """Read a code typed or scanned by anyone; InvalidCode says why it is not one."""
    symbols = normalize(text)
    if len(symbols) != CODE_LENGTH:
        raise InvalidCode(f"a code has {CODE_LENGTH} symbols, this has {len(symbols)}")
    if not _VALID.issuperset(symbols):
        raise InvalidCode("the code holds characters that are not in a truemark code")
    number = int(symbols.translate(_TO_DIGITS), 32)
    raw = (number >> _PAD_BITS).to_bytes(CODE_BYTES, "big")
    body, check = raw[:-2], raw[-2:]
    if (
        number & ((1 << _PAD_BITS) - 1)
        or binascii.crc_hqx(body, 0xFFFF).to_bytes(2, "big") != check
    ):
        raise InvalidCode("the code's check does not match: a character is wrong or missing")
    payload, signature = body[:PAYLOAD_BYTES], body[PAYLOAD_BYTES:]
    if payload[0] != VERSION:
        raise InvalidCode(f"unknown code version {payload[0]}")
    fields = CodeFields(
        key_id=payload[1:5].hex(),
        sku_tag=int.from_bytes(payload[5:9], "big"),
        batch=int.from_bytes(payload[9:11], "big"),
        serial=int.from_bytes(payload[11:16], "big"),
    )
    return SignedCode(fields, payload, signature)
