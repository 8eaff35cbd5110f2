"""The worker's task list: deliveries and renders through django-tasks, the periodic ones on
huey's clock, and enqueueing only after the commit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks import task_backends
from huey.contrib.djhuey import HUEY
from huey.contrib.djhuey.tasks_backend import HueyBackend

from servicebook.communications import tasks
from servicebook.communications.models import MessageStatus, OutboxMessage
from servicebook.communications.services.outbox import email_queue

pytestmark = pytest.mark.django_db


def test_the_tasks_run_on_the_huey_backend_of_django_tasks():
    assert isinstance(task_backends["default"], HueyBackend)
    assert tasks.deliver_message.get_backend().supports_defer


def test_the_periodic_tasks_run_every_minute_and_every_hour():
    def due(at: datetime) -> set[str]:
        return {task.name for task in HUEY.read_periodic(at)}

    at = datetime(2026, 11, 30, 16, 5)  # huey's clock is UTC: Monday 00:05 in Shanghai
    assert due(at) >= {"sweep_outbox", "draft_service_logs"}
    assert "sweep_outbox" in due(at.replace(minute=6))
    assert "draft_service_logs" not in due(at.replace(minute=6))


def test_the_periodic_sweep_delivers_what_was_left_behind(ae, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = email_queue(
            actor=ae, project=None, recipients=["a@client.example"], subject="s", body="b"
        )
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, lease_until=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_outbox.call_local() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_nothing_is_asked_of_the_worker_before_the_commit(ae, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_queue(actor=ae, project=None, recipients=["a@client.example"], subject="s", body="b")
    assert len(callbacks) == 1
    assert OutboxMessage.objects.get().status == MessageStatus.QUEUED
