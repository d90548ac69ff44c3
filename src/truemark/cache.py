"""Values that are slow to build and a pure function of known inputs, kept on disk between runs.

A scan's engine build spends seconds on values that rarely change: the lexicon's dictionary
words, the fold table, Hyperscan databases, the parsed catalog, the image banks' PDQ hashes.
Each is stored pickled under a name that hashes its inputs together with the code that builds
it (the builder's module and every truemark module it imports, directly or not, with the data
files beside them: :func:`code_digest`), the installed distributions, Python and the machine,
so a change to any of them gives a new name: an entry is never stale, only unused, and the
oldest are pruned. Keyed by the builder's code, the image banks (seconds to minutes of
hashing) outlive a change to a detector or the console. Entries are written under a temporary
name and renamed (concurrent writers never expose half a file) and carry a checksum: one that is
damaged or unreadable is ignored and built again. A cache folder that cannot be written only
means every value is built.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import platform
import re
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
def code_digest(module: str) -> bytes:
    """What a value built by ``module``'s code may depend on besides its own inputs: the files
    of ``module`` and of every module of its package that it imports, directly or not
    (:func:`module_closure`), the data files beside them, the installed distributions, Python,
    the machine."""
    top = module.partition(".")[0]
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"{top} is not a package")
    package = Path(next(iter(spec.submodule_search_locations))).resolve()
    files = module_closure(module, package)
    folders = {file.parent for file in files}
    files += [data for folder in folders for data in _data_files(folder)]
    return _digest(package, sorted(set(files)))


def _digest(package: Path, files: list[Path]) -> bytes:
    digest = hashlib.sha256(_environment())
    for file in files:
        digest.update(file.relative_to(package).as_posix().encode() + b"\0")
        digest.update(_file_digest(file))
    return digest.digest()


@cache
def _file_digest(path: Path) -> bytes:
    """A file's SHA-256, read once per process however many entries' code holds it."""
    return hashlib.sha256(path.read_bytes()).digest()


@cache
def _environment() -> bytes:
    """Python, the machine, and the installed distributions by name and version."""
    parts = [sys.version, platform.machine()]
    for entry in sys.path:
        if os.path.isdir(entry):
            found = (n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
            parts.append("|".join(sorted(found)))
    return "\0".join(parts).encode()


def module_closure(module: str, package: Path) -> list[Path]:
    """The source files of ``module`` (in the package whose folder is ``package``) and of every
    module of that package it imports, directly or not: ``import``, ``from ... import`` (a name
    that is a module counts), relative imports, imports inside functions, and a module's full
    dotted name in quotes (``importlib.import_module("truemark.x")``); each module's parent
    packages too, which importing it runs. A name put together while running (an f-string) is
    not followed: a builder must not reach its code only so."""
    top = module.partition(".")[0]
    found: dict[str, Path] = {}
    waiting = [module]
    while waiting:
        name = waiting.pop()
        path = _module_file(name, package) if name not in found else None
        if path is None:
            continue
        found[name] = path
        parts = name.split(".")
        waiting += [".".join(parts[:end]) for end in range(1, len(parts))]
        home = name if path.name == "__init__.py" else name.rpartition(".")[0]
        waiting += [n for n in _imported(path, home) if n == top or n.startswith(top + ".")]
    return sorted(set(found.values()))


_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w. \t,]+)", re.MULTILINE)
_FROM = re.compile(  # a parenthesised list may hold comments, with parentheses in them
    r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\((?:[^)#]|#[^\n]*)*\)|[^\n]*)",
    re.MULTILINE,
)
_COMMENT = re.compile(r"#[^\n]*")
_MODULE_NAME = re.compile(r"[\"']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)[\"']")


@cache
def _imported(path: Path, home: str) -> tuple[str, ...]:
    """Modules a module (of package ``home``) names: what it imports (a name imported from a
    module is tried as a module too) and quoted dotted names. Read with regular expressions, a
    tenth of parsing each file; a name that is no module of the package is dropped later."""
    source = path.read_text("utf-8")
    names = [
        name.split(" as ")[0].strip()
        for group in _IMPORT.findall(source)
        for name in group.split(",")
    ]
    for dots, base, imported in _FROM.findall(source):
        if dots:
            parent = home.split(".")[: len(home.split(".")) - len(dots) + 1]
            base = ".".join([*parent, base] if base else parent)
        listed = _COMMENT.sub("", imported).strip().strip("()").replace("\n", " ")
        members = [member.split(" as ")[0].strip() for member in listed.split(",")]
        names += [base, *(f"{base}.{member}" for member in members if member)]
    names += _MODULE_NAME.findall(source)
    return tuple(names)


def _module_file(name: str, package: Path) -> Path | None:
    """The file of module ``name`` under ``package`` (a module or a package's ``__init__``)."""
    place = package.joinpath(*name.split(".")[1:])
    for candidate in (place / "__init__.py", place.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _data_files(folder: Path) -> list[Path]:
    """Files other than Python's in ``folder`` and in its folders that are no package."""
    files = []
    for entry in folder.iterdir():
        if entry.is_file() and entry.suffix not in (".py", ".pyc"):
            files.append(entry)
        elif (
            entry.is_dir() and entry.name != "__pycache__" and not (entry / "__init__.py").exists()
        ):
            files += [
                file
                for file in entry.rglob("*")
                if file.is_file() and "__pycache__" not in file.parts
            ]
    return files


def cached(kind: str, inputs: bytes, build: Callable[[], Value], *, code: str) -> Value:
    """``build()``, or the value an earlier ``build`` of the same ``kind`` and ``inputs`` made
    with this same code: ``code`` names the module whose functions ``build`` runs (its caller's
    ``__name__``, see :func:`code_digest`)."""
    settings = get_settings()
    if not settings.build_cache:
        return build()
    folder = settings.cache_dir / kind
    name = hashlib.sha256(code_digest(code) + inputs).hexdigest()
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
