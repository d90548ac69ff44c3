"""Organizations' evidence signing keys: Ed25519, the private half sealed at rest with Fernet
under a key derived (HKDF-SHA256) from the deployment secret; the public half exportable.

Kept apart from the brand keys that sign serial codes (purpose "evidence", own salt and table).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)

from truemark.cases.access import ADMINS, Principal
from truemark.enforce.effects import StateChange
from truemark.enforce.enforcer import Enforcer
from truemark.errors import ConfigError, InputError, PermissionDenied
from truemark.store import UnitOfWork
from truemark.store.evidence_records import EvidenceKeyRecord


def key_id_of(public_key: bytes) -> str:
    """16 hex digits of the SHA-256 of the raw public key: names the key in manifests."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_pem(public_key: bytes) -> str:
    """A raw public key as PEM (SubjectPublicKeyInfo), for people and other tools."""
    key = Ed25519PublicKey.from_public_bytes(public_key)
    return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def read_public_key_pem(text: bytes, source: str) -> bytes:
    """The raw Ed25519 public key of a PEM file; InputError naming ``source`` otherwise."""
    try:
        key = load_pem_public_key(text)
    except ValueError:
        raise InputError(f"{source}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{source}: not an Ed25519 public key")
    return raw_public_key(key)


def signature_holds(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``message`` under ``public_key``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


class EvidenceVault:
    """Seals and opens evidence private keys with a Fernet key derived from the secret."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ConfigError("evidence keys need a secret key (TRUEMARK_SECRET_KEY)")
        derived = HKDF(SHA256(), 32, salt=b"truemark-evidence-keys", info=b"fernet-v1").derive(
            secret.encode()
        )
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, private_key: Ed25519PrivateKey) -> bytes:
        return self._fernet.encrypt(private_key.private_bytes_raw())

    def open(self, record: EvidenceKeyRecord) -> Ed25519PrivateKey:
        try:
            raw = self._fernet.decrypt(record.sealed_private_key)
        except InvalidToken:
            raise ConfigError(
                f"cannot open evidence key {record.key_id}: TRUEMARK_SECRET_KEY is not the "
                "secret it was sealed with"
            ) from None
        return Ed25519PrivateKey.from_private_bytes(raw)


@dataclass(frozen=True, slots=True)
class Signer:
    """An organization's live evidence key, opened, ready to sign."""

    key: EvidenceKeyRecord
    private_key: Ed25519PrivateKey

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def _require_own_admin(principal: Principal, organization_id: int) -> None:
    if not principal.is_operator and principal.organization_id != organization_id:
        raise PermissionDenied("an organization manages only its own evidence keys")
    principal.require(None, ADMINS, "manage evidence keys")


def create_key(
    work: UnitOfWork, principal: Principal, organization_id: int, secret: str, moment: datetime
) -> EvidenceKeyRecord:
    """A new live key for the organization; the one before is retired (it still verifies)."""
    _require_own_admin(principal, organization_id)
    return _new_key(work, principal.actor, organization_id, secret, moment)


def _new_key(
    work: UnitOfWork, actor: str, organization_id: int, secret: str, moment: datetime
) -> EvidenceKeyRecord:
    private = Ed25519PrivateKey.generate()
    public = raw_public_key(private.public_key())
    work.evidence_keys.retire(organization_id, moment)
    record = work.evidence_keys.add(
        {
            "organization_id": organization_id,
            "key_id": key_id_of(public),
            "public_key": public,
            "sealed_private_key": EvidenceVault(secret).seal(private),
            "created_at": moment,
        }
    )
    change = StateChange(
        "evidence_key.created",
        f"organization:{organization_id}",
        (("key_id", record.key_id), ("purpose", "evidence")),
    )
    Enforcer(work, actor, organization_id, moment).apply([change])
    return record


def signer_for(
    work: UnitOfWork, principal: Principal, organization_id: int, secret: str, moment: datetime
) -> Signer:
    """The organization's live key, opened (a first key is created when it has none)."""
    if not principal.is_operator and principal.organization_id != organization_id:
        raise PermissionDenied("an organization signs only with its own evidence key")
    record = work.evidence_keys.live(organization_id)
    if record is None:
        record = _new_key(work, principal.actor, organization_id, secret, moment)
    return Signer(record, EvidenceVault(secret).open(record))
