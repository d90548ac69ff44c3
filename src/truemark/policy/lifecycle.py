"""Where the live policy and model are, and promoting a candidate to them, on the audit log.

Under ``settings.data_dir``::

    policies/active.yaml                  the live policy (``truemark scan`` without --policy)
    policies/versions/<stamp>-<name>.yaml every policy ever promoted, never overwritten
    models/active/                        the live model folder (model.txt + metadata.json)
    models/versions/<model version>/      every model ever promoted, with its metrics

A promotion validates the candidate, keeps a versioned copy, checks that the copy loads from its
new place, then records who promoted what and why in the audit log and swaps the live file in
the same transaction: a failed audit write leaves the live policy as it was.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from truemark.errors import InputError, TruemarkError
from truemark.policy.engine import load_policy

ACTIVE_POLICY = "active.yaml"
POLICY_PROMOTED = "policy.promoted"


def policies_dir(data_dir: Path) -> Path:
    """The folder of the live policy and its promoted versions."""
    return data_dir / "policies"


def active_policy(data_dir: Path) -> Path | None:
    """The promoted live policy, or None when nothing was promoted (the packaged default runs)."""
    path = policies_dir(data_dir) / ACTIVE_POLICY
    return path if path.is_file() else None


def stamp(moment: datetime) -> str:
    """A sortable, file-name-safe UTC time stamp."""
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S%fZ}"


def safe_name(text: str) -> str:
    """``text`` with every character a file name might not like replaced by ``_``."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "policy"


@dataclass(frozen=True, slots=True)
class PolicyPromotion:
    """A promoted policy: its version, the one it replaced, where its copies are, the entry."""

    version: str
    previous: str | None
    active: Path
    stored: Path
    audit_sequence: int


def promote_policy(
    candidate: Path, reason: str, actor: str, data_dir: Path, database_url: str
) -> PolicyPromotion:
    """Validate ``candidate``, make it the live policy and record the promotion in the audit log."""
    from truemark.audit import AuditEvent, append
    from truemark.store import Store

    if not reason.strip():
        raise InputError("a promotion needs a reason: --reason 'why this policy goes live'")
    policy = load_policy(candidate)  # every problem of the candidate, before anything changes
    current = active_policy(data_dir)
    previous = load_policy(current).version if current is not None else None
    moment = datetime.now(UTC)
    folder = policies_dir(data_dir) / "versions"
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{stamp(moment)}-{safe_name(policy.spec.name)}.yaml"
    shutil.copyfile(candidate, stored)
    _check_relocated(stored, candidate, policy.version)
    active = policies_dir(data_dir) / ACTIVE_POLICY
    staged = active.with_suffix(".yaml.new")
    shutil.copyfile(stored, staged)
    payload = {
        "reason": reason.strip(),
        "source": str(candidate),
        "stored": stored.name,
        "previous_version": previous,
    }
    event = AuditEvent(actor, POLICY_PROMOTED, "policy", policy.version, payload=payload)
    store = Store.from_url(database_url)
    try:
        with store.unit_of_work() as work:
            entry = append(work.audit, event, moment)
            os.replace(staged, active)  # inside the transaction: no audit entry, no swap
    finally:
        staged.unlink(missing_ok=True)
        store.engine.dispose()
    return PolicyPromotion(policy.version, previous, active, stored, entry.sequence)


def _check_relocated(stored: Path, candidate: Path, version: str) -> None:
    """The copy must load to the same policy (a model path relative to the file may not)."""
    try:
        relocated = load_policy(stored).version
    except TruemarkError:
        relocated = None
    if relocated != version:
        stored.unlink(missing_ok=True)
        raise InputError(
            f"{candidate}: the policy does not load the same once copied to {stored.parent}; "
            "give its model.path as an absolute folder (or `default`) and promote again"
        )
