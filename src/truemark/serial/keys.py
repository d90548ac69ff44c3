"""Brand signing keys: Ed25519 key pairs, their ids, and private keys sealed at rest.

A key id is the first 4 bytes of SHA-256 of the raw public key, so anyone holding only the public
key can tell which codes it signed. Private keys are stored sealed with AES-GCM under a key derived
from the deployment's secret (HKDF-SHA256), bound to their key id.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from truemark.errors import ConfigError

_NONCE_BYTES = 12


def key_id_of(public_key: bytes) -> str:
    """The 8-hex-digit id of a raw 32-byte Ed25519 public key."""
    return hashlib.sha256(public_key).digest()[:4].hex()


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_pem(public_key: bytes) -> str:
    """The public key as a PEM SubjectPublicKeyInfo block, for tools other than truemark."""
    key = Ed25519PublicKey.from_public_bytes(public_key)
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii")


@dataclass(frozen=True, slots=True)
class NewKey:
    """A freshly generated key pair: id, raw public key, and the sealed private key."""

    key_id: str
    public_key: bytes
    sealed_private_key: bytes


class KeyVault:
    """Seals and opens private keys with a key derived from the deployment secret."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ConfigError("serial keys need a secret key (TRUEMARK_SECRET_KEY) to be sealed")
        derived = HKDF(SHA256(), 32, salt=b"truemark-serial-keys", info=b"seal-v1").derive(
            secret.encode()
        )
        self._aead = AESGCM(derived)

    def generate(self) -> NewKey:
        """A new Ed25519 key pair, its private half sealed."""
        private = Ed25519PrivateKey.generate()
        public = raw_public_key(private.public_key())
        key_id = key_id_of(public)
        return NewKey(key_id, public, self.seal(key_id, private.private_bytes_raw()))

    def seal(self, key_id: str, private_key: bytes) -> bytes:
        """Nonce followed by the AES-GCM ciphertext of the raw private key."""
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, private_key, key_id.encode())

    def open(self, key_id: str, sealed: bytes) -> Ed25519PrivateKey:
        """The private key; ConfigError when the secret is not the one it was sealed with."""
        try:
            raw = self._aead.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], key_id.encode())
        except InvalidTag:
            raise ConfigError(
                f"cannot open signing key {key_id}: TRUEMARK_SECRET_KEY is not the secret it "
                "was sealed with"
            ) from None
        return Ed25519PrivateKey.from_private_bytes(raw)
