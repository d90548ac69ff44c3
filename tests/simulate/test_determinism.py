"""Same seed, same bytes; another seed, another marketplace."""

from __future__ import annotations

from pathlib import Path

from truemark.simulate import simulate_marketplace


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    simulate_marketplace(tmp_path / "a", 600, seed=3, images=8)
    simulate_marketplace(tmp_path / "b", 600, seed=3, images=8)
    simulate_marketplace(tmp_path / "c", 600, seed=4, images=8)
    first, second, other = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert first == second
    assert first["listings.parquet"] != other["listings.parquet"]
    assert first["labels.csv"] != other["labels.csv"]
