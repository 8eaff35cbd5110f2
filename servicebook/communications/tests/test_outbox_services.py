"""Queueing and retrying email: who may, what is checked, what is refused and left unchanged.

(Delivery itself, through a real SMTP server, is test_outbox_delivery.py.)
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone, translation

from servicebook.communications.models import (
    DocumentKind,
    DocumentStatus,
    IssuedDocument,
    MessageStatus,
    OutboxMessage,
)
from servicebook.communications.services.outbox import (
    OUTBOX_WORKFLOW,
    clean_recipients,
    email_queue,
    may_retry,
    outbox_retry,
)
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.services import team_member_add
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


def queue(user, project=None, **fields) -> OutboxMessage:
    values = {
        "recipients": ["li.ming@client.example"],
        "subject": "客户服务周志",
        "body": "请查收。",
        "document": None,
    }
    values.update(fields)
    return email_queue(actor=user, project=project, **values)


def failed(user, project=None) -> OutboxMessage:
    message = queue(user, project)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED, attempts=5, last_error="The mail server answered 550"
    )
    message.refresh_from_db()
    return message


# ---------------------------------------------------------------- addresses and text


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ([], "Choose at least one recipient."),
        (["  ", ""], "Choose at least one recipient."),
        (["li.ming@client"], "“li.ming@client” is not a valid email address."),
        (["a@b.example", "李明"], "“李明” is not a valid email address."),
        (["a@b.example\nBcc: x@evil.example"], None),
        ([f"c{n}@client.example" for n in range(31)], "Send to at most 30 addresses at once."),
    ],
)
def test_wrong_recipients_are_refused_with_a_clear_message(given, error):
    with pytest.raises(DomainError) as refused:
        clean_recipients(given)
    assert refused.value.field == "recipients"
    if error:
        assert str(refused.value.message) == error


def test_addresses_are_trimmed_and_repeats_dropped_whatever_their_case():
    assert clean_recipients([" Li.Ming@client.example ", "li.ming@CLIENT.example", "b@c.cn"]) == [
        "Li.Ming@client.example",
        "b@c.cn",
    ]


def test_a_subject_is_kept_on_one_line_and_subject_and_message_are_required(ae):
    message = queue(ae, subject="客户服务周志\r\nBcc: x@evil.example")
    assert message.subject == "客户服务周志 Bcc: x@evil.example"
    for field, value in (("subject", " \n "), ("body", "  "), ("subject", "长" * 201)):
        with pytest.raises(DomainError) as refused:
            queue(ae, **{field: value})
        assert refused.value.field == field
    assert OutboxMessage.objects.count() == 1


def test_each_message_gets_its_own_message_id_fixed_when_queued(ae):
    first, second = queue(ae), queue(ae, subject="客户服务周志（补发）")
    assert first.message_id != second.message_id
    assert first.message_id.startswith("<") and first.message_id.endswith(">")
    assert first.status == MessageStatus.QUEUED and first.attempts == 0


def test_the_same_email_sent_twice_within_a_minute_is_queued_once(ae):
    queue(ae)
    with pytest.raises(DomainError):
        queue(ae, recipients=["LI.MING@client.example"])  # the same address, however typed
    assert OutboxMessage.objects.count() == 1
    queue(ae, body="请查收（已更正附件）。")  # a different message goes
    later = timezone.now() + timedelta(seconds=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        queue(ae)  # the same email again a minute later is a deliberate resend
    assert OutboxMessage.objects.count() == 3


# ---------------------------------------------------------------- who may


def test_only_who_writes_the_projects_communication_may_email_from_it(
    ae, designer, outsider, mkt_manager, gm
):
    project = project_for(ae)
    for person in (ae, mkt_manager, gm):
        assert queue(person, project).project == project
    with pytest.raises(PermissionDenied):
        queue(outsider, project)
    with pytest.raises(PermissionDenied):
        queue(designer, project)
    team_member_add(actor=ae, project=project, user=designer, role="designer", is_backup=False)
    assert queue(designer, project).created_by == designer
    assert OutboxMessage.objects.count() == 4


def test_an_inactive_person_may_not_send(ae):
    ae.is_active = False
    ae.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        queue(ae)


def test_the_attachment_must_belong_to_the_same_project(ae):
    project, other = project_for(ae), project_for(ae)
    document = IssuedDocument.objects.create(
        kind=DocumentKind.PLAN,
        project=other,
        title="项目计划书",
        language="zh-hans",
        file_name="plan.pdf",
        created_by=ae,
    )
    with pytest.raises(DomainError, match="belongs to another project"):
        queue(ae, project, document=document)
    assert not OutboxMessage.objects.exists()


# ---------------------------------------------------------------- retrying


def test_a_failed_message_is_queued_again_with_all_its_attempts_and_sent(
    ae, django_capture_on_commit_callbacks
):
    message = failed(ae)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_retry(actor=ae, message=message)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1 and message.last_error == ""
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "status", [MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT]
)
def test_only_a_failed_message_can_be_retried(ae, status):
    message = queue(ae)
    OutboxMessage.objects.filter(pk=message.pk).update(status=status)
    with pytest.raises(DomainError):
        outbox_retry(actor=ae, message=message)
    message.refresh_from_db()
    assert message.status == status


def test_who_may_retry_a_failed_message(ae, designer, outsider, mkt_manager, gm):
    project = project_for(ae)
    on_project, own = failed(ae, project), failed(ae)
    assert may_retry(ae, on_project, on_team=False)
    assert may_retry(mkt_manager, on_project, on_team=False)
    assert may_retry(designer, on_project, on_team=True)
    assert not may_retry(designer, on_project, on_team=False)
    assert not may_retry(outsider, own, on_team=False)  # a message without a project: its author
    assert may_retry(gm, own, on_team=False)
    with pytest.raises(PermissionDenied):
        outbox_retry(actor=outsider, message=on_project)
    on_project.refresh_from_db()
    assert on_project.status == MessageStatus.FAILED


def test_retrying_a_message_whose_attachment_failed_renders_the_attachment_again(
    ae, django_capture_on_commit_callbacks
):
    project = project_for(ae)
    document = IssuedDocument.objects.create(
        kind=DocumentKind.PLAN,
        object_id=0,  # no such plan: rendering fails again, and says why
        project=project,
        title="项目计划书",
        language="zh-hans",
        file_name="plan.pdf",
        created_by=ae,
        status=DocumentStatus.FAILED,
        error="boom",
    )
    message = failed(ae, project)
    OutboxMessage.objects.filter(pk=message.pk).update(document=document)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox_retry(actor=ae, message=message)
    document.refresh_from_db()
    message.refresh_from_db()
    assert document.status == DocumentStatus.PENDING and message.status == MessageStatus.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error.startswith("The attachment could not be produced: DoesNotExist")
    assert mail.outbox == []


def test_the_status_moves_are_exactly_the_table():
    M = MessageStatus
    allowed = {(a, b) for a in M.values for b in M.values if OUTBOX_WORKFLOW.allows(a, b)}
    assert allowed == {
        (M.QUEUED, M.SENDING),
        (M.SENDING, M.SENDING),
        (M.SENDING, M.SENT),
        (M.SENDING, M.QUEUED),
        (M.SENDING, M.FAILED),
        (M.FAILED, M.QUEUED),
        (M.QUEUED, M.SENT),
        (M.FAILED, M.SENT),
    }
    assert not OUTBOX_WORKFLOW.allows(M.SENT, M.QUEUED)  # a sent email is never sent again
