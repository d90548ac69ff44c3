"""Walk the audit chain and name every entry that was edited, inserted or deleted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from truemark.audit.chain import GENESIS_HASH, entry_hash
from truemark.store import UnitOfWork
from truemark.store.evidence_records import AuditEntryRecord, AuditHeadRecord


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """One place where the chain does not hold: the entry's sequence number and what is wrong."""

    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.sequence}: {self.problem}"


@dataclass(frozen=True, slots=True)
class AuditReport:
    checked: int  # entries read
    head_sequence: int
    head_hash: str
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


def _entry_breaks(
    entry: AuditEntryRecord, previous: AuditEntryRecord | None, earlier_hash: str | None
) -> list[ChainBreak]:
    """What is wrong with ``entry`` given the entry read before it (and the hash before that)."""
    breaks = []
    expected = 1 if previous is None else previous.sequence + 1
    if entry.sequence > expected:
        last = entry.sequence - 1
        missing = f"{expected}" if last == expected else f"{expected}-{last}"
        breaks.append(ChainBreak(expected, f"missing: entries {missing} were deleted"))
    actual = entry_hash(entry)
    if actual != entry.entry_hash:
        breaks.append(
            ChainBreak(
                entry.sequence,
                f"edited: its content hashes to {actual[:16]}..., "
                f"but the chain recorded {entry.entry_hash[:16]}...",
            )
        )
    linked = GENESIS_HASH if previous is None else previous.entry_hash
    if entry.previous_hash == linked or entry.sequence != expected:
        return breaks
    culprit = expected - 1
    if entry.previous_hash == earlier_hash:
        breaks.insert(
            0,
            ChainBreak(
                culprit, f"inserted: entry {entry.sequence} was chained to the entry before it"
            ),
        )
    elif actual == entry.entry_hash:
        breaks.append(
            ChainBreak(
                culprit,
                f"edited or inserted: entry {entry.sequence} records the previous hash "
                f"{entry.previous_hash[:16]}..., but entry {culprit} now hashes to "
                f"{linked[:16]}...",
            )
        )
    return breaks


def verify_entries(entries: Iterable[AuditEntryRecord], head: AuditHeadRecord) -> AuditReport:
    """Check every link of the chain (in sequence order) and that it ends where the head says."""
    breaks: list[ChainBreak] = []
    previous: AuditEntryRecord | None = None
    earlier_hash: str | None = None
    checked = 0
    for entry in entries:
        breaks += _entry_breaks(entry, previous, earlier_hash)
        earlier_hash = GENESIS_HASH if previous is None else previous.entry_hash
        previous, checked = entry, checked + 1
    last = 0 if previous is None else previous.sequence
    last_hash = GENESIS_HASH if previous is None else previous.entry_hash
    if head.sequence > last:
        breaks.append(
            ChainBreak(last + 1, f"missing: entries {last + 1}-{head.sequence} were deleted")
        )
    elif head.sequence < last:
        breaks.append(
            ChainBreak(
                head.sequence + 1,
                f"inserted: entries {head.sequence + 1}-{last} were added behind the head",
            )
        )
    elif head.entry_hash != last_hash:
        breaks.append(ChainBreak(last, "edited: the head records another hash for this entry"))
    return AuditReport(checked, head.sequence, head.entry_hash, breaks)


def verify_log(work: UnitOfWork) -> AuditReport:
    """Verify the whole audit log of the database."""
    return verify_entries(work.audit.entries(), work.audit.head())
