"""Two workers given the same message at the same moment send it once (PostgreSQL row locks).

The lease is taken under ``SELECT … FOR UPDATE``: the second worker waits for the first one's
commit, then sees the message ``sending`` under a live lease and leaves it. (On SQLite the
IMMEDIATE transactions serialise the same way; the worker test kills a real worker there.)
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import override_settings

from servicebook.communications.models import MessageStatus, OutboxMessage
from servicebook.communications.services.outbox import email_queue, outbox_deliver
from servicebook.communications.tests.mailserver import smtp_server, smtp_settings

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_workers_delivering_the_same_message_at_once_send_it_once(ae):
    message = email_queue(
        actor=ae, project=None, recipients=["a@client.example"], subject="一次", body="只发一次"
    )
    # The commit above already delivered it through the test's in-memory backend: start over.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.QUEUED, attempts=0, sent_at=None
    )
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def worker() -> None:
        try:
            start.wait()
            outcomes.append(outbox_deliver(message.pk))
        finally:
            connection.close()

    with smtp_server(delay=0.3) as (mail, port), override_settings(**smtp_settings(port)):
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert [r.message_id for r in mail.received] == [message.message_id]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 1
