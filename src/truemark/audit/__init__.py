"""The tamper-evident audit log: every state change appended to a SHA-256 hash chain.

``append`` adds an entry inside the caller's transaction; ``verify_log`` walks the chain and
names every entry that was edited, inserted or deleted. Anchors (the head, signed, exported for
safekeeping) live in :mod:`truemark.audit.anchor`.
"""

from truemark.audit.chain import GENESIS_HASH, entry_hash
from truemark.audit.log import AuditEvent, append
from truemark.audit.verify import AuditReport, ChainBreak, verify_entries, verify_log

__all__ = [
    "GENESIS_HASH",
    "AuditEvent",
    "AuditReport",
    "ChainBreak",
    "append",
    "entry_hash",
    "verify_entries",
    "verify_log",
]
