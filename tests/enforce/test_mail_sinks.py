"""The outbox delivered: through a real SMTP server on loopback, as .eml files, and failures
recorded for a retry.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from truemark.enforce.mail import FileSink, SmtpSink, deliver_outbox
from truemark.store import Store
from truemark.store.enforcement_records import OutboxStatus
from truemark.store.types import utc_now


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _queue(store: Store, *recipients: str | None) -> None:
    with store.unit_of_work() as work:
        for number, recipient in enumerate(recipients):
            work.effects.enqueue(
                {
                    "seller_id": f"s-{number}",
                    "notice_id": None,
                    "recipient": recipient,
                    "subject": f"Takedown notice {number}",
                    "body": "Your listing was removed.",
                    "created_at": utc_now(),
                }
            )


def test_smtp_sink_delivers_each_pending_message_once(store: Store, smtp_server) -> None:
    inbox, port = smtp_server
    _queue(store, "a@shop.example", None, "b@shop.example")

    first = deliver_outbox(store, SmtpSink("127.0.0.1", port, "notices@tm.example"))
    again = deliver_outbox(store, SmtpSink("127.0.0.1", port, "notices@tm.example"))

    assert (first.sent, first.failed, again.sent) == (2, 0, 0)
    assert [rcpt for _, rcpt, _ in inbox.received] == [["a@shop.example"], ["b@shop.example"]]
    mail = message_from_bytes(inbox.received[0][2])
    assert mail["Subject"] == "Takedown notice 0"
    assert "removed" in mail.get_payload()
    with store.unit_of_work() as work:
        statuses = [m.status for m in work.effects.messages()]
    assert statuses == [OutboxStatus.SENT, OutboxStatus.NO_ADDRESS, OutboxStatus.SENT]


def test_a_failed_delivery_is_recorded_and_retried(store: Store, smtp_server) -> None:
    inbox, port = smtp_server
    _queue(store, "a@shop.example")

    failed = deliver_outbox(store, SmtpSink("127.0.0.1", _free_port(), timeout=2))
    with store.unit_of_work() as work:
        message = work.effects.messages()[0]
    assert failed.failed == 1
    assert message.status is OutboxStatus.FAILED
    assert message.attempts == 1
    assert "Connection" in (message.last_error or "") or "refused" in (message.last_error or "")

    retried = deliver_outbox(store, SmtpSink("127.0.0.1", port))
    assert retried.sent == 1
    assert len(inbox.received) == 1


def test_file_sink_writes_one_eml_per_message(store: Store, tmp_path: Path) -> None:
    _queue(store, "a@shop.example", "b@shop.example")

    delivery = deliver_outbox(store, FileSink(tmp_path / "outbox"))

    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert delivery.sent == 2
    assert len(files) == 2
    assert message_from_bytes(files[1].read_bytes())["To"] == "b@shop.example"
