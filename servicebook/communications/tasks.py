"""Background work of client communication, run by ``servicebook worker`` (ADR 11).

The tasks use the django-tasks API (``@task``, ``enqueue``, ``using(run_after=…)``) on the
huey backend; the periodic ones (the outbox sweep every minute, drafting the owed service
logs every hour) are huey periodic tasks, as django-tasks has none. Tasks are
asked for only after the business transaction commits (``enqueue_delivery``,
``enqueue_render``): a rolled-back send asks for nothing, and the worker never looks for a
row that is not committed yet. Every task is safe to run twice: the row's status and lease
decide what is done.
"""

from __future__ import annotations

import functools
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message (lease, send, record); returns what became of it."""
    from servicebook.communications.services.outbox import outbox_deliver

    return outbox_deliver(message_id)


@task()
def render_document(document_id: int) -> None:
    """Render an issued document's PDF (long PDFs never hold up a page)."""
    from servicebook.communications.services.documents import document_render

    document_render(document_id)


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: ask again for messages whose task was lost or whose worker died."""
    from servicebook.communications.services.outbox import outbox_sweep

    return outbox_sweep()


@db_periodic_task(crontab(minute="5"))
def draft_service_logs() -> dict[str, int]:
    """Every hour: draft the weekly and monthly logs that are owed and missing.

    Idempotent, so hourly rather than once a day: a worker that was down at midnight
    catches up within the hour, and the lead finds Monday's drafts waiting.
    """
    from servicebook.communications.jobs import draft_due_logs

    return draft_due_logs(timezone.localdate())


def enqueue_delivery(message_id: int, *, run_after: datetime | None = None) -> None:
    """Ask the worker to deliver a message once the current transaction commits.

    ``run_after`` defers it (a retry after a wait). Outside a transaction it is asked for at
    once. Should the queue be unreachable, the commit stands and the minute sweep asks again.
    """
    deferred = deliver_message if run_after is None else deliver_message.using(run_after=run_after)
    transaction.on_commit(functools.partial(deferred.enqueue, message_id), robust=True)


def enqueue_render(document_id: int) -> None:
    """Ask the worker to render a document once the current transaction commits."""
    transaction.on_commit(functools.partial(render_document.enqueue, document_id), robust=True)
