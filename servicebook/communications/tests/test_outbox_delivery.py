"""Delivering the outbox through a real SMTP server (aiosmtpd on 127.0.0.1) and Django's SMTP
backend: after the commit only, the PDF attached, retried with backoff, failed with the
reason, never sent twice while a live lease holds it, picked up again when the lease ran out.

The tasks run in huey's immediate mode (the test settings): enqueueing after the commit
runs the delivery at once, through the django-tasks API and the huey backend.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from huey.contrib.djhuey import HUEY
from pypdf import PdfReader, PdfWriter

from servicebook.communications.models import (
    DocumentKind,
    DocumentStatus,
    IssuedDocument,
    MessageStatus,
    OutboxMessage,
)
from servicebook.communications.services.outbox import (
    email_queue,
    outbox_deliver,
    outbox_sweep,
    retry_wait,
)
from servicebook.communications.tests.mailserver import free_port, smtp_server, smtp_settings
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(ae):
    """Messages here are matched in English: the reasons are written in the sender's
    language, so the sender reads English too (other tests show them in Chinese)."""
    ae.language = "en"
    ae.save(update_fields=["language"])
    with translation.override("en"):
        yield


@pytest.fixture
def mail():
    """A recording SMTP server, and Django set to send through it."""
    with smtp_server() as (recorder, port), override_settings(**smtp_settings(port)):
        yield recorder


@pytest.fixture(autouse=True)
def empty_queue():
    """The in-memory queue of immediate mode starts empty (deferred retries land there)."""
    HUEY.storage.flush_all()
    yield
    HUEY.storage.flush_all()


def a_pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ready_document(project, user, *, pages: int = 2) -> IssuedDocument:
    document = IssuedDocument.objects.create(
        kind=DocumentKind.WEEKLY_LOG,
        project=project,
        title="客户服务周志 2026-W41",
        language="zh-hans",
        file_name="客户服务周志-2026-W41.pdf",
        created_by=user,
        status=DocumentStatus.READY,
        pages=pages,
    )
    document.file.save("weekly.pdf", ContentFile(a_pdf(pages)), save=True)
    return document


def queue(user, **fields) -> OutboxMessage:
    values = {
        "actor": user,
        "project": None,
        "recipients": ["li.ming@client.example"],
        "subject": "客户服务周志",
        "body": "李总：您好！附件是本周的客户服务周志，请查收。",
    }
    values.update(fields)
    return email_queue(**values)


def scheduled_retries() -> int:
    return len(HUEY.scheduled())


def sweep(capture, **options) -> int:
    """Run the sweep as the worker does: what it asks for is enqueued at once."""
    with capture(execute=True):
        return outbox_sweep(**options)


# ---------------------------------------------------------------- delivered after the commit


def test_a_queued_message_is_delivered_after_commit_with_the_pdf_attached(
    ae, mail, django_capture_on_commit_callbacks
):
    ae.email = "ae1@agency.example"
    ae.save(update_fields=["email"])
    project = project_for(ae)
    document = ready_document(project, ae, pages=3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue(
            ae,
            project=project,
            document=document,
            recipients=["li.ming@client.example", "Wang.Fang@client.example"],
        )
    assert mail.received == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1 and message.sent_at is not None and message.last_error == ""
    [received] = mail.received
    assert received.recipients == ["li.ming@client.example", "Wang.Fang@client.example"]
    assert received.email["Subject"] == "客户服务周志"
    assert received.email["From"] == "service@agency.example"
    assert received.email["Reply-To"] == "ae1@agency.example"  # the client answers the sender
    assert received.message_id == message.message_id
    assert "附件是本周的客户服务周志" in received.email.get_body().get_content()
    [attachment] = list(received.email.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "客户服务周志-2026-W41.pdf"
    assert len(PdfReader(io.BytesIO(attachment.get_content())).pages) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_sent_when_the_transaction_rolls_back_and_the_message_leaves_on_commit(ae):
    with smtp_server() as (mail, port), override_settings(**smtp_settings(port)):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue(ae, subject="作废的邮件")
            raise RuntimeError("the business transaction fails")
        assert not OutboxMessage.objects.exists()

        with transaction.atomic():
            message = queue(ae, subject="正式发出")
            assert mail.received == []  # still inside the transaction
        message.refresh_from_db()

    assert message.status == MessageStatus.SENT
    assert [r.email["Subject"] for r in mail.received] == ["正式发出"]


def test_a_message_without_attachment_is_plain_text(ae, mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(ae)
    [received] = mail.received
    assert list(received.email.iter_attachments()) == []


# ---------------------------------------------------------------- errors and retries


def test_an_unreachable_server_is_retried_with_backoff_then_failed_with_the_reason(
    ae, django_capture_on_commit_callbacks
):
    with override_settings(**smtp_settings(free_port())):  # nobody listens there
        with django_capture_on_commit_callbacks(execute=True):
            message = queue(ae)
        message.refresh_from_db()
        assert message.status == MessageStatus.QUEUED
        assert message.attempts == 1
        assert "could not be reached" in message.last_error
        wait = message.next_attempt_at - timezone.now()
        assert timedelta(seconds=50) < wait <= timedelta(seconds=60)
        assert scheduled_retries() == 1  # a deferred task (run_after) on the queue

        # Not due yet: a worker that gets the message early leaves it alone.
        assert outbox_deliver(message.pk) == "skipped"

        for attempt in range(2, 6):
            OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
            with django_capture_on_commit_callbacks(execute=False):
                outcome = outbox_deliver(message.pk)
            message.refresh_from_db()
            assert message.attempts == attempt
            if attempt < 5:
                assert outcome == "retry" and message.status == MessageStatus.QUEUED
                expected = retry_wait(attempt)
                assert message.next_attempt_at - timezone.now() <= expected
                assert message.next_attempt_at - timezone.now() > expected - timedelta(seconds=10)

    assert outcome == "failed"
    assert message.status == MessageStatus.FAILED
    assert "could not be reached" in message.last_error
    assert message.lease_until is None


def test_the_wait_doubles_after_each_attempt_and_never_exceeds_an_hour():
    assert [retry_wait(n).total_seconds() for n in range(1, 8)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
    ]


def test_a_temporary_refusal_is_retried(ae, django_capture_on_commit_callbacks):
    with (
        smtp_server(reply="451 4.3.0 Mailbox busy, try again later") as (_mail, port),
        override_settings(**smtp_settings(port)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = queue(ae)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert "451" in message.last_error and "try again later" in message.last_error


def test_a_permanent_refusal_fails_at_once_with_the_servers_answer(
    ae, django_capture_on_commit_callbacks
):
    with (
        smtp_server(reply="550 5.1.1 No such mailbox") as (_mail, port),
        override_settings(**smtp_settings(port)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = queue(ae)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert message.last_error == "The mail server answered 550 5.1.1 No such mailbox"
    assert scheduled_retries() == 0


def test_the_reason_is_written_in_the_senders_language(ae, django_capture_on_commit_callbacks):
    ae.language = "zh-hans"
    ae.save(update_fields=["language"])
    with (
        smtp_server(reply="550 5.1.1 No such mailbox") as (_mail, port),
        override_settings(**smtp_settings(port)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = queue(ae)
    message.refresh_from_db()
    with translation.override("zh-hans"):
        from django.utils.translation import gettext

        expected = gettext("The mail server answered %(code)s %(text)s") % {
            "code": 550,
            "text": "5.1.1 No such mailbox",
        }
    assert message.last_error == expected


def test_an_attachment_that_could_not_be_produced_fails_the_message(
    ae, mail, django_capture_on_commit_callbacks
):
    project = project_for(ae)
    document = IssuedDocument.objects.create(
        kind=DocumentKind.FAX_SHEET,
        project=project,
        title="传真",
        language="zh-hans",
        file_name="fax.pdf",
        created_by=ae,
        status=DocumentStatus.FAILED,
        error="template missing",
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(ae, project=project, document=document)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == "The attachment could not be produced: template missing"
    assert mail.received == []


# ---------------------------------------------------------------- the lease


def test_a_message_held_by_a_live_lease_is_not_sent_twice(
    ae, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue(ae)
    held_until = timezone.now() + timedelta(minutes=5)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, lease_until=held_until, attempts=1
    )

    assert outbox_deliver(message.pk) == "skipped"
    assert (
        sweep(django_capture_on_commit_callbacks) == 0
    )  # the periodic sweep leaves a live lease alone

    message.refresh_from_db()
    assert mail.received == []
    assert message.status == MessageStatus.SENDING and message.attempts == 1


def test_an_expired_lease_is_picked_up_again_by_the_sweep(
    ae, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue(ae)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, lease_until=timezone.now() - timedelta(seconds=1), attempts=1
    )

    assert (
        sweep(django_capture_on_commit_callbacks) == 1
    )  # its worker died: asked for again, sent by this one
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2
    assert [r.message_id for r in mail.received] == [message.message_id]


def test_on_start_a_held_message_is_asked_for_again_when_its_lease_runs_out(
    ae, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue(ae)
    until = timezone.now() + timedelta(minutes=3)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, lease_until=until, attempts=1
    )
    assert sweep(django_capture_on_commit_callbacks, on_start=True) == 1
    assert mail.received == []
    assert scheduled_retries() == 1  # deferred to the end of the lease


def test_a_message_whose_worker_died_on_its_last_attempt_fails_with_the_reason(
    ae, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = queue(ae)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, lease_until=timezone.now() - timedelta(seconds=1), attempts=5
    )
    assert outbox_deliver(message.pk) == "skipped"
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error == (
        "The worker stopped while sending it (5 attempts); it was not sent again."
    )
    assert mail.received == []


def test_the_sweep_leaves_fresh_queued_messages_to_their_own_task_but_not_on_start(
    ae, mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        fresh = queue(ae, subject="刚排队")
        stale = queue(ae, subject="任务丢失")
    OutboxMessage.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    assert sweep(django_capture_on_commit_callbacks) == 1
    assert [r.email["Subject"] for r in mail.received] == ["任务丢失"]
    assert sweep(django_capture_on_commit_callbacks, on_start=True) == 1
    assert sorted(r.email["Subject"] for r in mail.received) == ["任务丢失", "刚排队"]
    fresh.refresh_from_db()
    assert fresh.status == MessageStatus.SENT


def test_a_sent_message_is_never_sent_again(ae, mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue(ae)
    assert outbox_deliver(message.pk) == "skipped"
    assert sweep(django_capture_on_commit_callbacks, on_start=True) == 0
    assert len(mail.received) == 1
