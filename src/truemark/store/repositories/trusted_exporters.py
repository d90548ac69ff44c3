"""The pinned keys of remote exporters: pin (or re-pin), find one, list, remove."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from truemark.store.alliance_records import TrustedExporterRecord
from truemark.store.models import TrustedExporter


def _record(row: TrustedExporter) -> TrustedExporterRecord:
    return TrustedExporterRecord(
        row.exporter, row.key_id, bytes(row.public_key), row.note, row.pinned_by, row.pinned_at
    )


class TrustedExporterRepository:
    """One pinned key per remote exporter; pinning again replaces it."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def pin(self, values: dict[str, Any]) -> TrustedExporterRecord:
        """Create or replace the pin of the exporter in ``values``."""
        row = self._session.scalar(
            select(TrustedExporter).where(TrustedExporter.exporter == values["exporter"])
        )
        if row is None:
            row = TrustedExporter(**values)
            self._session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        self._session.flush()
        return _record(row)

    def get(self, exporter: str) -> TrustedExporterRecord | None:
        row = self._session.scalar(
            select(TrustedExporter).where(TrustedExporter.exporter == exporter)
        )
        return None if row is None else _record(row)

    def all(self) -> list[TrustedExporterRecord]:
        """Every pinned exporter, by slug."""
        rows = self._session.scalars(select(TrustedExporter).order_by(TrustedExporter.exporter))
        return [_record(row) for row in rows]

    def remove(self, exporter: str) -> None:
        self._session.execute(delete(TrustedExporter).where(TrustedExporter.exporter == exporter))
