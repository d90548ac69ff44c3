"""Checkpoints of a running scan: one part file per finished batch, so a killed scan resumes.

Parts live in ``<out>.parts/`` beside the output, with a manifest that ties them to one input file
and one scan configuration; a part is written to a temporary name and renamed, so a part that
exists is whole. Parts are Parquet: the local runner's are written by the worker that scanned the
batch, encoded as the output is, so a Parquet output is their row groups copied as they are
(:mod:`truemark.io.parquet_splice`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson
import pyarrow.parquet as pq

from truemark.errors import InputError, Interrupted
from truemark.scan.batch import BatchOutcome


def input_fingerprint(path: Path) -> dict[str, object]:
    """Identify an input file (or folder) by name, size and modification time of its files."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for file in files:
        stat = file.stat()
        digest.update(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return {"path": str(path.resolve()), "files": len(files), "digest": digest.hexdigest()}


class Checkpoints:
    """The part files of one scan output."""

    def __init__(self, out: Path, manifest: dict[str, object]) -> None:
        self.folder = out.with_name(out.name + ".parts")
        self._manifest = manifest

    def start(self, resume: bool) -> None:
        """Begin afresh, or, resuming, check that the parts belong to this same scan."""
        manifest_path = self.folder / "manifest.json"
        if resume and manifest_path.exists():
            found = json.loads(manifest_path.read_text())
            if found != json.loads(orjson.dumps(self._manifest)):
                raise InputError(
                    f"{self.folder}: the checkpoints are of another input or configuration; "
                    "run without --resume to start over"
                )
            return
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        manifest_path.write_bytes(orjson.dumps(self._manifest, option=orjson.OPT_INDENT_2))

    def part(self, index: int) -> Path:
        return self.folder / f"part-{index:07d}.parquet"

    def done(self, index: int) -> bool:
        return self.part(index).exists()

    def save(self, index: int, outcome: BatchOutcome) -> None:
        """Write one batch's outcome atomically."""
        save_part(self.part(index), outcome)

    def parts(self) -> Iterator[Path]:
        yield from sorted(self.folder.glob("part-*.parquet"))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def interrupted(self) -> Interrupted:
        """What a scan stopped by Ctrl-C kept, and how to go on: raise it once no batch runs."""
        parts = list(self.parts())
        rows = sum(pq.read_metadata(part).num_rows for part in parts)
        return Interrupted(
            f"{len(parts):,} batches ({rows:,} listings) are saved in {self.folder}; "
            "the same command with --resume scans the rest"
        )


def save_part(path: Path, outcome: BatchOutcome) -> None:
    """Write a batch's outcome to a temporary name, then rename it: a part that exists is whole."""
    temporary = path.with_suffix(".tmp")
    outcome.write(temporary)
    temporary.replace(path)
