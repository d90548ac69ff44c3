"""Bundles from an exporter of another instance, made here with the real bundle format and a
key of its own: what arrives by push, pull or file from outside this instance's members."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.alliance.members import FAKE_PHOTO_PDQ, T0

from truemark.alliance.bundles import body_digest, encode_body, signature_line
from truemark.alliance.items import item_uid
from truemark.evidence.keys import key_id_of, raw_public_key


@dataclass(frozen=True)
class ForeignExporter:
    """An organization of another instance (``brand-z`` by default) with its own signing key."""

    slug: str = "brand-z"
    private_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def public_key(self) -> bytes:
        return raw_public_key(self.private_key.public_key())

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def bundle(self, recipient: str, value: str = FAKE_PHOTO_PDQ, status: str = "active") -> bytes:
        """A signed bundle of one photo hash (or its withdrawal) for ``recipient``."""
        line = {
            "uid": item_uid(self.slug, "photo_hash", value),
            "kind": "photo_hash",
            "value": value,
            "source": "case-z-1",
            "confidence": 0.9,
            "status": status,
            "confirmed_at": T0.isoformat(),
            "expires_at": None,
        }
        body = encode_body(self.slug, recipient, T0.isoformat(), [line])
        return self.signed(body)

    def signed(self, body: bytes, key_id: str | None = None) -> bytes:
        """``body`` signed with this exporter's key, naming ``key_id`` (its own by default)."""
        signature = self.private_key.sign(body_digest(body))
        return body + signature_line(key_id or self.key_id, signature)
