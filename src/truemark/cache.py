"""Values that are slow to build and a pure function of known inputs, kept on disk between runs.

A scan's engine build spends seconds on values that rarely change: the lexicon's dictionary
words, the fold table, Hyperscan databases, the parsed catalog. Each is stored pickled under a
name that hashes its inputs together with this installation (truemark's own files, the installed
distributions, Python and the machine), so a change to any of them gives a new name: an entry is
never stale, only unused, and the oldest are pruned. Entries are written under a temporary name
and renamed (concurrent writers never expose half a file) and carry a checksum: one that is
damaged or unreadable is ignored and built again. A cache folder that cannot be written only
means every value is built.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

from truemark.config import get_settings

Value = TypeVar("Value")
ENTRIES_KEPT = 16
"""Entries of one kind kept; older ones (by last use) are deleted when a new one is written."""
_DIGEST_SIZE = 32


@cache
def installation_digest() -> bytes:
    """What every cached value may depend on besides its own inputs: truemark's files (code and
    packaged data), the installed distributions by name and version, Python, the machine."""
    digest = hashlib.sha256(f"{sys.version}|{platform.machine()}".encode())
    package = Path(__file__).resolve().parent
    for file in sorted(p for p in package.rglob("*") if p.is_file()):
        if "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    for entry in sys.path:
        if os.path.isdir(entry):
            found = (n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
            digest.update("|".join(sorted(found)).encode())
    return digest.digest()


def cached(kind: str, inputs: bytes, build: Callable[[], Value]) -> Value:
    """``build()``, or the value an earlier ``build`` of the same ``kind`` and ``inputs`` made
    with this same installation."""
    settings = get_settings()
    if not settings.build_cache:
        return build()
    folder = settings.cache_dir / kind
    name = hashlib.sha256(installation_digest() + inputs).hexdigest()
    path = folder / f"{name}.pickle"
    found = _read(path)
    if found is not None:
        return cast(Value, found)  # stored by a build of this same kind and inputs
    value = build()
    _write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _read(path: Path) -> object | None:
    """The value stored at ``path``; None when there is none or it fails its checksum."""
    try:
        stored = path.read_bytes()
        checksum, payload = stored[:_DIGEST_SIZE], stored[_DIGEST_SIZE:]
        if hashlib.sha256(payload).digest() != checksum:
            return None
        value = pickle.loads(payload)
        os.utime(path)  # last use, for pruning
    except Exception:  # absent, unreadable, or pickled by an incompatible build: build again
        return None
    return value


def _write(path: Path, payload: bytes) -> None:
    """Store ``payload`` with its checksum, atomically; prune the kind's oldest entries."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
        _prune(path.parent)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    """Keep the ``ENTRIES_KEPT`` most recently used entries of a kind; drop temporary files a
    killed writer left (older than a day)."""
    entries = sorted(folder.glob("*.pickle"), key=_last_use, reverse=True)
    for old in entries[ENTRIES_KEPT:]:
        old.unlink(missing_ok=True)
    for left in folder.glob("*.tmp"):
        if time.time() - _last_use(left) > 86_400:
            left.unlink(missing_ok=True)


def _last_use(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # deleted meanwhile by another process's pruning
        return 0.0
