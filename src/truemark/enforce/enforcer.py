"""The one place effects are carried out and logged, each with its actor and time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from truemark.audit.effects import record_effect
from truemark.enforce.effects import Effect
from truemark.enforce.sinks import DatabaseSink, EffectSink
from truemark.store import UnitOfWork
from truemark.store.enforcement_records import EffectLogRecord
from truemark.store.types import utc_now

# Called with every logged effect, in order, inside the same transaction: the audit log
# (a hash chain over every state change) appends each one here.
EffectObserver = Callable[[UnitOfWork, EffectLogRecord], None]
OBSERVERS: list[EffectObserver] = [record_effect]


@dataclass(slots=True)
class Enforcer:
    """Carries effects out on the database sink and appends each to the effect log."""

    work: UnitOfWork
    actor: str
    organization_id: int | None = None
    moment: datetime = field(default_factory=utc_now)
    sinks: tuple[EffectSink, ...] = ()

    def apply(self, effects: Iterable[Effect]) -> list[EffectLogRecord]:
        """Carry out every effect in order; returns their log entries."""
        database = DatabaseSink(self.work)
        logged = []
        for effect in effects:
            database.carry_out(effect, self.moment)
            for sink in self.sinks:
                sink.carry_out(effect, self.moment)
            entry = self.work.effects.append(
                effect.name,
                effect.subject,
                self.organization_id,
                self.actor,
                effect.payload(),
                self.moment,
            )
            for observer in OBSERVERS:
                observer(self.work, entry)
            logged.append(entry)
        return logged
