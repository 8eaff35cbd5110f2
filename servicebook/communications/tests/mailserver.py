"""TEST SUPPORT: a real SMTP server on 127.0.0.1 (aiosmtpd) that records what it accepts.

The outbox tests send through Django's SMTP backend to this server, so the real sending
code runs: connection, envelope, MIME message, attachment. ``reply`` makes the server
answer DATA with an error instead (``"451 4.3.0 Try again later"``); ``delay`` makes it
wait after receiving a message and before answering — the window in which a killed worker
leaves a message the server already has.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    """One message the server accepted: the envelope's recipients and the parsed email."""

    recipients: list[str]
    email: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.email["Message-ID"])


@dataclass
class Recorder:
    """The server's handler: keeps every message it received."""

    reply: str | None = None
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    receiving: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reply:
            return self.reply
        parsed = message_from_bytes(envelope.content, policy=default)
        self.received.append(Received(list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        self.receiving.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def message_ids(self) -> Counter[str]:
        """How many times each Message-ID arrived."""
        return Counter(item.message_id for item in list(self.received))


@contextmanager
def smtp_server(**options: Any) -> Iterator[tuple[Recorder, int]]:
    """Run a recording SMTP server on a free port for the duration of the block."""
    recorder = Recorder(**options)
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        controller.stop()


def smtp_settings(port: int) -> dict[str, Any]:
    """Django settings that send through the SMTP server on ``port``."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_TIMEOUT": 5,
        "DEFAULT_FROM_EMAIL": "service@agency.example",
    }
