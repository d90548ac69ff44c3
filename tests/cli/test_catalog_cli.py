"""`truemark catalog validate FILE`: a summary and exit 0, or every problem with its line and exit 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from truemark.cli import app
from truemark.errors import ValidationError

DATA = Path(__file__).parent.parent / "data" / "catalog"
TRUEMARK = Path(sys.executable).with_name("truemark")  # the console script of this environment


def truemark(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``truemark`` command as a user would."""
    assert TRUEMARK.is_file(), f"{TRUEMARK} is missing: install the package (make venv)"
    return subprocess.run(
        [str(TRUEMARK), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_five_mistakes_are_listed_with_lines_and_exit_2() -> None:
    result = truemark("catalog", "validate", str(DATA / "five_mistakes.yaml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "5 problems in the catalog" in " ".join(result.stderr.split())
    listed = re.findall(r"five_mistakes\.yaml, (line \d+), field '([^']+)': ", result.stderr)
    assert listed == [
        ("line 8", "brands[0].products[0].msrp"),
        ("line 12", "brands[1].id"),
        ("line 14", "brands[2].id"),
        ("line 19", "brands[3].trademarks[0].classes[1]"),
        ("line 27", "brands[4].products[0].currency"),
    ]


def test_malformed_yaml_is_one_located_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text("version: 1\nbrands:\n  - id: [acme\n")
    result = truemark("catalog", "validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert re.search(r"catalog\.yaml, line \d+, column \d+: malformed YAML", result.stderr)


def test_a_file_that_is_not_a_catalog_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "catalog.txt"
    path.write_text("hello")
    result = truemark("catalog", "validate", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error:")
    assert "Traceback" not in result.stderr


def test_valid_catalog_prints_a_summary() -> None:
    result = CliRunner().invoke(app, ["catalog", "validate", str(DATA / "catalog.yaml")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # undo the console's line wrapping
    assert "is a valid catalog: 3 brands, 6 products, 3 aliases, 4 trademarks" in text
    assert "3 authorized sellers, 1 reference images; prices in EUR, GBP, JPY, USD" in text
    for brand_id in ("aurelia", "northpeak", "kiyomi"):
        assert brand_id in result.stdout


def test_json_catalog_validates_too() -> None:
    result = CliRunner().invoke(app, ["catalog", "validate", str(DATA / "catalog.json")])
    assert result.exit_code == 0, result.output


def test_an_empty_catalog_is_valid_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text("version: 1\nbrands: []\n")
    result = CliRunner().invoke(app, ["catalog", "validate", str(path)])
    assert result.exit_code == 0
    assert "warning:" in result.stderr
    assert "no brands" in result.stderr


def test_the_command_raises_the_validation_error_that_main_prints() -> None:
    result = CliRunner().invoke(app, ["catalog", "validate", str(DATA / "five_mistakes.yaml")])
    assert isinstance(result.exception, ValidationError)
    assert len(result.exception.problems) == 5


@pytest.mark.parametrize("args", [["catalog", "validate"], ["catalog", "validate", "nope.yaml"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert CliRunner().invoke(app, args).exit_code == 2
