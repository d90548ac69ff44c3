"""Read a catalog file (YAML or JSON, chosen by its name) into plain values and their lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from truemark.cache import cached
from truemark.catalog.json_document import parse_json
from truemark.catalog.locations import FieldPath, Locations
from truemark.catalog.yaml_document import parse_yaml
from truemark.errors import InputError, Problem, ValidationError

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)


@dataclass(frozen=True)
class CatalogDocument:
    """A parsed catalog file before validation: its values, their lines, keys given twice."""

    path: Path
    data: Any
    locations: Locations
    duplicate_keys: list[FieldPath] = field(default_factory=list)


def read_document(path: Path) -> CatalogDocument:
    """Parse ``path``; InputError when it cannot be read, ValidationError when it is malformed."""
    suffix = path.suffix.lower()
    if suffix not in YAML_SUFFIXES + JSON_SUFFIXES:
        raise InputError(
            f"{path}: a catalog must be .yaml, .yml or .json, not {suffix or 'a file without one'}"
        )
    text = _read_text(path)
    file = str(path)
    if not text.strip():
        hint = "a catalog is a mapping with `version`, `fx_to_usd`, `brands`; see docs/catalog.md"
        raise ValidationError([Problem(file, "the catalog file is empty", hint=hint)])
    if suffix in JSON_SUFFIXES:
        data, locations, duplicate_keys = parse_json(text, file)
        return CatalogDocument(path, data, locations, duplicate_keys)
    # ruamel's round-trip parser (kept for the line of every value) takes ~0.5 s per 1,000
    # products; a parse that succeeds depends on the text alone (``file`` only names problems)
    data, locations = cached(
        "catalog-yaml", text.encode(), lambda: parse_yaml(text, file), code=__name__
    )
    return CatalogDocument(path, data, locations)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such catalog file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give the catalog file inside it") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the catalog: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = Problem(
            str(path),
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            f"line {line}",
            hint="save the file as UTF-8",
        )
        raise ValidationError([problem]) from None
