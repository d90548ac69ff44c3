"""Signing keys sealed at rest, the published key file, and offline verification."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from truemark.errors import ConfigError, InputError
from truemark.serial.codec import CodeFields, encode, signed_message, sku_tag
from truemark.serial.keyfile import key_document, load_key_file
from truemark.serial.keys import KeyVault, NewKey, key_id_of, public_key_pem
from truemark.serial.offline import verify_offline
from truemark.serial.outcomes import Outcome
from truemark.serial.signing import sign_code
from truemark.store.serial_records import SerialKeyRecord

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def _record(key: NewKey, revoked: bool = False) -> SerialKeyRecord:
    return SerialKeyRecord(key.key_id, "gucci", key.public_key, NOW, None, NOW if revoked else None)


def _code(vault: KeyVault, key: NewKey, serial: int = 7) -> str:
    private = vault.open(key.key_id, key.sealed_private_key)
    return sign_code(private, CodeFields(key.key_id, sku_tag("gucci", "BAG"), 2, serial))


def test_a_sealed_key_opens_only_with_its_secret(vault: KeyVault) -> None:
    key = vault.generate()

    assert key_id_of(key.public_key) == key.key_id
    assert vault.open(key.key_id, key.sealed_private_key).public_key() is not None
    with pytest.raises(ConfigError, match="TRUEMARK_SECRET_KEY"):
        KeyVault("another secret").open(key.key_id, key.sealed_private_key)
    with pytest.raises(ConfigError):
        vault.open("00000000", key.sealed_private_key)  # sealed to its own key id


def test_offline_verification_with_the_key_file(vault: KeyVault, tmp_path: Path) -> None:
    key, other = vault.generate(), vault.generate()
    path = tmp_path / "keys.json"
    path.write_bytes(key_document([_record(key)], [("gucci", "BAG")]))
    keys = load_key_file(path)
    code = _code(vault, key)

    signed = verify_offline(code.lower(), keys)
    forged = verify_offline(_code(vault, other), keys)

    assert (signed.outcome, signed.brand, signed.sku, signed.serial) == (
        Outcome.SIGNED, "gucci", "BAG", 7,
    )  # fmt: skip
    assert forged.outcome is Outcome.FORGED
    assert verify_offline(code[:-1], keys).outcome is Outcome.INVALID


def test_a_signature_swapped_between_codes_is_forged(vault: KeyVault, tmp_path: Path) -> None:
    key = vault.generate()
    path = tmp_path / "keys.json"
    path.write_bytes(key_document([_record(key)], []))
    private = vault.open(key.key_id, key.sealed_private_key)
    one = CodeFields(key.key_id, 1, 1, 1).payload()
    two = CodeFields(key.key_id, 1, 1, 2).payload()

    spliced = encode(two, private.sign(signed_message(one)))

    assert verify_offline(spliced, load_key_file(path)).outcome is Outcome.FORGED


def test_revoked_keys_make_revoked_codes(vault: KeyVault, tmp_path: Path) -> None:
    key = vault.generate()
    path = tmp_path / "keys.json"
    path.write_bytes(key_document([_record(key, revoked=True)], []))

    verdict = verify_offline(_code(vault, key), load_key_file(path))

    assert verdict.outcome is Outcome.REVOKED
    assert verdict.sku == f"tag {sku_tag('gucci', 'BAG'):08x}"  # no product list in the file


def test_a_pem_public_key_is_enough(vault: KeyVault, tmp_path: Path) -> None:
    key = vault.generate()
    path = tmp_path / "key.pem"
    path.write_text(public_key_pem(key.public_key))

    assert verify_offline(_code(vault, key), load_key_file(path)).outcome is Outcome.SIGNED
    assert isinstance(load_key_file(path).keys[key.key_id].public_key, Ed25519PublicKey)


@pytest.mark.parametrize(
    "content",
    [b"not json", b'{"format": "other"}', b'{"format": "truemark-keys", "keys": [{}]}',
     b"-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----\n"],
)  # fmt: skip
def test_a_bad_key_file_is_an_input_error_naming_it(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_bytes(content)

    with pytest.raises(InputError, match=r"keys\.json"):
        load_key_file(path)


def test_a_key_file_whose_id_does_not_match_is_refused(vault: KeyVault, tmp_path: Path) -> None:
    key = vault.generate()
    path = tmp_path / "keys.json"
    path.write_bytes(key_document([_record(key)], []).replace(key.key_id.encode(), b"deadbeef"))

    with pytest.raises(InputError, match="does not match"):
        load_key_file(path)
