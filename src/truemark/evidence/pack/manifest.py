"""The pack's manifest: the SHA-256 and size of every file, signed (Ed25519) by the referring
organization; and the check that names every file altered, added or removed since."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from truemark.audit.chain import canonical_json
from truemark.errors import InputError
from truemark.evidence.keys import Signer, signature_holds

MANIFEST = "manifest.json"
FORMAT = "truemark.evidence-pack"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def signed_manifest(files: Mapping[str, bytes], header: dict[str, Any], signer: Signer) -> bytes:
    """manifest.json for ``files``: header, each file's hash and size, and the signature over
    the canonical JSON of everything but the signature."""
    body = {
        "format": FORMAT,
        "version": 1,
        **header,
        "files": {
            name: {"sha256": sha256_hex(content), "size": len(content)}
            for name, content in sorted(files.items())
        },
    }
    signature = signer.sign(canonical_json(body).encode())
    body["signature"] = {
        "algorithm": "Ed25519",
        "key_id": signer.key.key_id,
        "public_key": signer.key.public_key.hex(),
        "value": signature.hex(),
    }
    return orjson.dumps(body, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


@dataclass(frozen=True)
class PackCheck:
    """What a pack's check found; ``intact`` only when nothing did."""

    key_id: str
    signature_holds: bool
    pinned_key: bool  # checked against a key given by the caller, not the one in the pack
    files: int
    altered: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.signature_holds and not (self.altered or self.added or self.removed)


def _manifest(pack: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        body = orjson.loads(pack.read(MANIFEST))
    except KeyError:
        raise InputError(
            f"{path}: no {MANIFEST} in the pack: not a truemark evidence pack"
        ) from None
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{path}: {MANIFEST} is not JSON ({exc})") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT or "signature" not in body:
        raise InputError(f"{path}: {MANIFEST} is not a signed truemark evidence manifest")
    return body


def _hex(value: object) -> bytes:
    """Hex text as bytes; anything else (a tampered field) as no bytes, which verifies nothing."""
    try:
        return bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        return b""


def check_pack(path: Path, public_key: bytes | None = None) -> PackCheck:
    """Check every file's hash and the manifest's signature (against ``public_key`` when given,
    else the key the manifest names)."""
    try:
        pack = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: not a readable ZIP file ({exc})") from None
    with pack:
        body = _manifest(pack, path)
        signature = body.pop("signature")
        signature = signature if isinstance(signature, dict) else {}
        key = public_key or _hex(signature.get("public_key"))
        holds = signature_holds(key, _hex(signature.get("value")), canonical_json(body).encode())
        listed = body.get("files")
        if not isinstance(listed, dict) or not all(isinstance(v, dict) for v in listed.values()):
            raise InputError(f"{path}: {MANIFEST} has no readable list of files (field 'files')")
        present = {info.filename for info in pack.infolist() if not info.is_dir()} - {MANIFEST}
        altered = sorted(
            name
            for name in present & listed.keys()
            if sha256_hex(pack.read(name)) != listed[name].get("sha256")
        )
    return PackCheck(
        key_id=str(signature.get("key_id", "")),
        signature_holds=holds,
        pinned_key=public_key is not None,
        files=len(listed),
        altered=altered,
        added=sorted(present - listed.keys()),
        removed=sorted(listed.keys() - present),
    )
