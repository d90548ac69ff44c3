"""Bad arguments are clear errors, never a traceback or a half-written folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from truemark.errors import InputError
from truemark.simulate import simulate_marketplace


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"listings": 0}, "--listings"),
        ({"listings": 10, "images": -1}, "--images"),
        ({"listings": 10, "fmt": "xml"}, "--format"),
        ({"listings": 10, "sellers": 3}, "--sellers"),
    ],
)
def test_bad_arguments_name_the_option(
    tmp_path: Path, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        simulate_marketplace(tmp_path / "out", seed=1, **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder")
    with pytest.raises(InputError, match="cannot create the output folder"):
        simulate_marketplace(blocker / "market", 10, seed=1)


def test_seller_count_is_respected(tmp_path: Path) -> None:
    summary = simulate_marketplace(tmp_path, 400, seed=2, images=0, sellers=90)
    assert summary.sellers == 90
    assert summary.images_rendered == 0
