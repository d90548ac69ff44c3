"""Sign runs of codes with a brand key, and check a code's signature with a public key."""

from __future__ import annotations

from collections.abc import Iterator

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from truemark.serial.codec import CodeFields, SignedCode, encode, signed_message


def sign_code(private_key: Ed25519PrivateKey, fields: CodeFields) -> str:
    """The canonical text of one signed code."""
    payload = fields.payload()
    return encode(payload, private_key.sign(signed_message(payload)))


def sign_range(
    private_key: Ed25519PrivateKey, key_id: str, sku_tag: int, batch: int, first: int, count: int
) -> Iterator[tuple[int, str]]:
    """``(serial, code)`` for serials ``first .. first + count - 1`` of one batch."""
    for serial in range(first, first + count):
        yield serial, sign_code(private_key, CodeFields(key_id, sku_tag, batch, serial))


def signature_holds(public_key: Ed25519PublicKey, code: SignedCode) -> bool:
    """Whether the code's signature is the key's signature over its payload."""
    try:
        public_key.verify(code.signature, signed_message(code.payload))
    except InvalidSignature:
        return False
    return True
