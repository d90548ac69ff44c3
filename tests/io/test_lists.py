"""JSON arrays in CSV cells: parsed in one pass, yet a crafted cell cannot pass as another."""

from __future__ import annotations

import pyarrow as pa

from truemark.io.lists import CELL_KEY, parse_json_cells


def _parse(*cells: str | None) -> tuple[list[object], list[bool]]:
    result = parse_json_cells(pa.array(cells, type=pa.string()))
    failed = [False] * len(cells)
    for rows, _ in result.failures:
        failed = [a or bool(b) for a, b in zip(failed, rows, strict=True)]
    return result.values.to_pylist(), failed


def test_arrays_blank_and_missing_cells() -> None:
    values, failed = _parse('["a.jpg", "b.jpg"]', "[]", "", None, " ")
    assert values == [["a.jpg", "b.jpg"], [], None, None, None]
    assert failed == [False] * 5


def test_an_array_spread_over_lines_is_valid_json() -> None:
    values, failed = _parse('[\n "a",\r\n "b"\n]', '["c"]')
    assert values == [["a", "b"], ["c"]]
    assert failed == [False, False]


def test_crafted_cells_fail_alone() -> None:
    cells = [
        '["x\ny"]',  # a raw line break inside a string is not JSON
        f'["a"], "{CELL_KEY}": ["b"]',
        f'["a"]}} {{"{CELL_KEY}": ["b"]',
        '"a.jpg"',
        "[1, 2]",
        '{"a": 1}',
        '["ok"]',
    ]
    values, failed = _parse(*cells)
    assert failed == [True] * 6 + [False]
    assert values[-1] == ["ok"]
