"""The hash chain as a pure function: every kind of tampering is named by its entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truemark.audit import GENESIS_HASH, entry_hash, verify_entries
from truemark.audit.chain import canonical_json
from truemark.store.evidence_records import AuditEntryRecord, AuditHeadRecord

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def chain(length: int) -> list[AuditEntryRecord]:
    """A valid chain of ``length`` entries, built the way ``append`` builds them."""
    entries: list[AuditEntryRecord] = []
    previous = GENESIS_HASH
    for sequence in range(1, length + 1):
        entry = AuditEntryRecord(
            sequence,
            T0 + timedelta(minutes=sequence),
            f"user:{sequence}@example.org",
            7,
            "case.decided",
            "case",
            str(sequence),
            canonical_json({"outcome": "confirm", "risk": sequence / 10}),
            previous,
            "",
        )
        entry = replace(entry, entry_hash=entry_hash(entry))
        entries.append(entry)
        previous = entry.entry_hash
    return entries


def head(entries: list[AuditEntryRecord]) -> AuditHeadRecord:
    return AuditHeadRecord(entries[-1].sequence, entries[-1].entry_hash, T0)


def named(entries: list[AuditEntryRecord], at: AuditHeadRecord) -> list[tuple[int, str]]:
    return [(b.sequence, b.problem.split(":")[0]) for b in verify_entries(entries, at).breaks]


def test_an_untouched_chain_is_intact() -> None:
    entries = chain(6)
    report = verify_entries(entries, head(entries))
    assert report.intact
    assert report.checked == 6


def test_an_edited_entry_is_named() -> None:
    entries = chain(6)
    top = head(entries)
    entries[2] = replace(entries[2], actor="someone else")
    assert named(entries, top) == [(3, "edited")]


def test_an_edited_entry_whose_hash_was_recomputed_is_named() -> None:
    entries = chain(6)
    top = head(entries)
    forged = replace(entries[2], payload=canonical_json({"outcome": "reject"}))
    entries[2] = replace(forged, entry_hash=entry_hash(forged))
    assert named(entries, top) == [(3, "edited or inserted")]


def test_a_deleted_entry_is_named() -> None:
    entries = chain(6)
    top = head(entries)
    del entries[3]
    assert named(entries, top)[0] == (4, "missing")


def test_entries_deleted_from_the_end_are_named_by_the_head() -> None:
    entries = chain(6)
    top = head(entries)
    assert named(entries[:4], top) == [(5, "missing")]


def test_an_entry_appended_behind_the_heads_back_is_named() -> None:
    entries = chain(6)
    assert named(entries, head(entries[:5])) == [(6, "inserted")]


def test_an_entry_inserted_in_the_middle_is_named() -> None:
    entries = chain(6)
    top = head(entries)
    inserted = replace(
        entries[2], sequence=3, actor="intruder", previous_hash=entries[1].entry_hash
    )
    inserted = replace(inserted, entry_hash=entry_hash(inserted))
    shifted = [replace(e, sequence=e.sequence + 1) for e in entries[2:]]
    problems = named([*entries[:2], inserted, *shifted], top)
    assert problems[0] == (3, "inserted")


@given(
    st.dictionaries(
        st.text(max_size=8),
        st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.text()),
    )
)
def test_canonical_json_is_the_same_for_the_same_value(payload: dict[str, object]) -> None:
    shuffled = dict(reversed(list(payload.items())))
    assert canonical_json(payload) == canonical_json(shuffled)


def test_a_naive_time_cannot_enter_the_chain() -> None:
    with pytest.raises(ValueError, match="without a time zone"):
        entry_hash(replace(chain(1)[0], recorded_at=datetime(2026, 1, 1)))
