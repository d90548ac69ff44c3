"""Catalog files that cannot be parsed, or that point at images that are not there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from truemark.catalog import load_catalog, yaml_document
from truemark.errors import InputError, Problem

WriteCatalog = Callable[..., Path]
ProblemsOf = Callable[[Path], list[Problem]]
OnlyProblem = Callable[[Path], Problem]
DATA = Path(__file__).parent.parent / "data" / "catalog"
PHOTO = DATA / "images" / "aurelia" / "AUR-100-1.jpg"

PRODUCT_WITH_IMAGES = """
brands:
  - id: acme
    name: Acme
    products:
      - sku: A1
        name: Anvil
        category: tools
        msrp: 10
        currency: USD
        images: {images}
"""


def test_malformed_yaml_gives_line_and_column(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("version: 1\nbrands:\n  - id: [acme\n    name: x\n"))
    assert problem.message.startswith("malformed YAML")
    assert problem.where is not None
    assert problem.where.startswith("line 4, column")
    assert problem.hint


def test_duplicate_yaml_key_is_malformed(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("version: 1\nversion: 1\n"))
    assert "duplicate key" in problem.message
    assert problem.where == "line 2, column 1"


def test_tab_indentation_is_malformed(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("brands:\n\t- id: acme\n"))
    assert "malformed YAML" in problem.message
    assert str(problem.where).startswith("line 2")


def test_two_documents_in_one_file_are_malformed(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    assert "malformed YAML" in only_problem(write_catalog("--- {}\n--- {}\n")).message


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# only a comment\n"])
def test_an_empty_file_is_a_problem(
    write_catalog: WriteCatalog, text: str, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog(text))
    assert "empty" in problem.message or "nothing" in problem.message


def test_bad_utf8_names_the_line(tmp_path: Path, only_problem: OnlyProblem) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(b"version: 1\nbrands:\n  - id: caf\xe9\n")
    problem = only_problem(path)
    assert "UTF-8" in problem.message
    assert problem.where == "line 3"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(b"\xef\xbb\xbfversion: 1\nbrands: []\n")
    assert load_catalog(path).brands == ()


def test_a_control_character_is_reported(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("version: 1\nbrands: [\x00]\n"))
    assert problem.where == "line 2"


def test_a_recursive_alias_is_refused(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("&loop [*loop]\n"))
    assert "contains it" in problem.message


def test_an_alias_bomb_is_refused(
    write_catalog: WriteCatalog, monkeypatch: pytest.MonkeyPatch, only_problem: OnlyProblem
) -> None:
    monkeypatch.setattr(yaml_document, "MAX_VALUES", 1000)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    problem = only_problem(write_catalog("\n".join(lines) + "\n"))
    assert "expands to more than 1,000 values" in problem.message


def test_merge_keys_are_followed(write_catalog: WriteCatalog, problems_of: ProblemsOf) -> None:
    text = """
    defaults: &defaults {category: tools, currency: USD}
    brands:
      - id: acme
        name: Acme
        products:
          - {<<: *defaults, sku: A1, name: Anvil, msrp: 10}
          - {<<: *defaults, sku: A2, name: Rope}
    """
    (problem,) = problems_of(write_catalog(text))
    assert (problem.field, problem.where) == ("brands[0].products[1].msrp", "line 7")


def test_a_date_where_text_belongs_is_named(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    problem = only_problem(write_catalog("brands:\n  - id: acme\n    name: 2024-01-01\n"))
    assert "got a date (2024-01-01)" in problem.message


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such catalog file"):
        load_catalog(tmp_path / "catalog.yaml")


def test_a_folder_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "catalog.yaml"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        load_catalog(folder)


def test_an_unknown_suffix_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text("version = 1\n")
    with pytest.raises(InputError, match=r"\.yaml, \.yml or \.json"):
        load_catalog(path)


def test_yml_suffix_is_yaml(tmp_path: Path) -> None:
    path = tmp_path / "catalog.YML"
    path.write_text("brands: []\n")
    assert load_catalog(path).version == 1


def test_image_paths_resolve_inside_the_catalog_folder(write_catalog: WriteCatalog) -> None:
    path = write_catalog(PRODUCT_WITH_IMAGES.format(images='["./img/a.jpg", "img/sub/../b.jpg"]'))
    (path.parent / "img").mkdir()
    (path.parent / "img" / "a.jpg").write_bytes(PHOTO.read_bytes())
    (path.parent / "img" / "b.jpg").write_bytes(PHOTO.read_bytes())
    (product,) = load_catalog(path).brand("acme").products
    folder = path.parent.resolve()
    assert product.images == (folder / "img" / "a.jpg", folder / "img" / "b.jpg")


@pytest.mark.parametrize(
    ("images", "field", "words"),
    [
        ('["/etc/passwd"]', "images[0]", "is absolute"),
        ('["C:/photos/a.jpg"]', "images[0]", "is absolute"),
        ('["../outside.jpg"]', "images[0]", "leads outside the catalog"),
        ('["img/../../outside.jpg"]', "images[0]", "leads outside the catalog"),
        ('["missing.jpg"]', "images[0]", "does not exist"),
        ('["img"]', "images[0]", "does not exist"),
        ('["ok.jpg", 7]', "images[1]", "non-empty text"),
        ('"ok.jpg"', "images", "must be a list of text"),
    ],
)
def test_bad_image_paths_are_located(
    write_catalog: WriteCatalog, images: str, field: str, words: str, only_problem: OnlyProblem
) -> None:
    path = write_catalog(PRODUCT_WITH_IMAGES.format(images=images))
    (path.parent / "img").mkdir()
    (path.parent / "ok.jpg").write_bytes(PHOTO.read_bytes())
    (path.parent.parent / "outside.jpg").write_bytes(PHOTO.read_bytes())
    problem = only_problem(path)
    assert words in problem.message
    assert problem.field == f"brands[0].products[0].{field}"
    assert problem.where == "line 10"
    assert problem.hint


def test_a_file_that_is_not_an_image_is_refused(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    path = write_catalog(PRODUCT_WITH_IMAGES.format(images='["notes.jpg"]'))
    (path.parent / "notes.jpg").write_text("not a photo")
    problem = only_problem(path)
    assert problem.message == "reference image 'notes.jpg' is not an image file"
    assert problem.field == "brands[0].products[0].images[0]"


def test_missing_image_hint_names_the_folder(
    write_catalog: WriteCatalog, only_problem: OnlyProblem
) -> None:
    path = write_catalog(PRODUCT_WITH_IMAGES.format(images='["missing.jpg"]'))
    assert str(path.parent.resolve()) in str(only_problem(path).hint)
