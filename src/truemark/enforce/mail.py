"""Delivering the outbox: an SMTP sink for real mail, a file sink (.eml files) for development."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from truemark.store import Store
from truemark.store.enforcement_records import OutboxRecord
from truemark.store.types import utc_now


class MailSink(Protocol):
    """Delivers one outbox message or raises OSError / smtplib.SMTPException."""

    def send(self, message: OutboxRecord) -> None: ...


def email_of(message: OutboxRecord, sender: str) -> EmailMessage:
    """The outbox message as an RFC 5322 e-mail."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient or ""
    mail["Subject"] = message.subject
    mail["Message-ID"] = f"<outbox-{message.id}@truemark>"
    mail.set_content(message.body)
    return mail


@dataclass(frozen=True, slots=True)
class SmtpSink:
    """Sends through an SMTP server (STARTTLS and login when configured)."""

    host: str
    port: int = 25
    sender: str = "notices@truemark.invalid"
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0

    def send(self, message: OutboxRecord) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as server:
            if self.starttls:
                server.starttls()
            if self.username:
                server.login(self.username, self.password or "")
            server.send_message(email_of(message, self.sender))


@dataclass(frozen=True, slots=True)
class FileSink:
    """Writes each message to ``<folder>/outbox-<id>.eml`` (development and demos)."""

    folder: Path
    sender: str = "notices@truemark.invalid"

    def send(self, message: OutboxRecord) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"outbox-{message.id}.eml"
        path.write_bytes(bytes(email_of(message, self.sender)))


@dataclass(frozen=True, slots=True)
class Delivery:
    sent: int
    failed: int


def deliver_outbox(store: Store, sink: MailSink, limit: int = 100) -> Delivery:
    """Send the pending messages; each attempt is recorded (sent, or failed with the error)."""
    with store.unit_of_work() as work:
        pending = work.effects.pending(limit)
    sent = failed = 0
    for message in pending:
        error: str | None = None
        try:
            sink.send(message)
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        with store.unit_of_work() as work:
            work.effects.settle(message.id, error, utc_now())
        sent, failed = (sent + 1, failed) if error is None else (sent, failed + 1)
    return Delivery(sent, failed)
