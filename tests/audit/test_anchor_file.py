"""Anchor files are read strictly: anything that is not an anchor is one InputError naming the file."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truemark.audit.anchor import ANCHOR_KIND, Anchor, read_anchor, write_anchor
from truemark.errors import InputError

ANCHOR = Anchor(
    12, "ab" * 32, "2026-03-02T09:30:00.000000Z", "marketplace", "00ff" * 4, "11" * 32, "22" * 64
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=10,
)


def test_an_anchor_survives_its_file(tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    write_anchor(ANCHOR, path)
    assert read_anchor(path) == ANCHOR


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=JSON, fields=st.dictionaries(st.sampled_from(list(Anchor.__dataclass_fields__)), JSON))
def test_anything_else_is_refused_with_the_file_named(
    tmp_path: Path, body: object, fields: dict[str, object]
) -> None:
    path = tmp_path / "anchor.json"
    for candidate in (body, {"kind": ANCHOR_KIND, **fields}):
        path.write_bytes(orjson.dumps(candidate))
        if candidate is body or not _well_formed(fields):
            with pytest.raises(InputError, match=re.escape(str(path))):
                read_anchor(path)
        else:
            assert read_anchor(path).sequence == fields["sequence"]


def _well_formed(fields: dict[str, object]) -> bool:
    sequence = fields.get("sequence")
    texts = [fields.get(name) for name in Anchor.__dataclass_fields__ if name != "sequence"]
    whole = isinstance(sequence, int) and not isinstance(sequence, bool) and sequence >= 0
    return whole and all(isinstance(text, str) for text in texts)


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    path.write_text("sequence = 12")
    with pytest.raises(InputError, match="not a readable anchor file"):
        read_anchor(path)
