"""The outbox pages: who sees which email, the status of one, retrying a failed one, and a
query count that does not grow with the number of emails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from servicebook.communications.models import MessageStatus, OutboxMessage
from servicebook.communications.services.outbox import email_queue
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

OUTBOX = reverse("communications:outbox")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def browser(user) -> Browser:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Browser()
    client.force_login(user)
    return client


def queue(user, project=None, subject="客户服务周志", status=MessageStatus.QUEUED, **fields):
    message = email_queue(
        actor=user,
        project=project,
        recipients=["li.ming@client.example", "wang.fang@client.example"],
        subject=subject,
        body="请查收。",
    )
    if status != MessageStatus.QUEUED or fields:
        OutboxMessage.objects.filter(pk=message.pk).update(status=status, **fields)
        message.refresh_from_db()
    return message


def detail(message) -> str:
    return reverse("communications:outbox_message", args=[message.pk])


def subjects(response) -> list[str]:
    return [m.subject for m in response.context["rows"]]


# ---------------------------------------------------------------- who sees what


def test_the_outbox_lists_the_emails_of_projects_i_see_and_my_own(
    ae, other_ae, mkt_manager, ka_manager, gm
):
    mine = project_for(ae)
    theirs = project_for(other_ae)
    queue(ae, mine, subject="A 我的项目")
    queue(other_ae, theirs, subject="B 别人的项目")
    queue(ae, None, subject="C 无项目")

    assert sorted(subjects(browser(ae).get(OUTBOX))) == ["A 我的项目", "C 无项目"]
    assert sorted(subjects(browser(other_ae).get(OUTBOX))) == ["B 别人的项目"]
    assert sorted(subjects(browser(mkt_manager).get(OUTBOX))) == ["A 我的项目", "B 别人的项目"]
    assert subjects(browser(ka_manager).get(OUTBOX)) == []
    assert sorted(subjects(browser(gm).get(OUTBOX))) == ["A 我的项目", "B 别人的项目", "C 无项目"]


def test_an_email_i_may_not_see_is_a_404(ae, other_ae, outsider):
    message = queue(ae, project_for(ae))
    own = queue(ae, None)
    for person in (other_ae, outsider):
        assert browser(person).get(detail(message)).status_code == 404
        assert browser(person).get(detail(own)).status_code == 404
        response = browser(person).post(reverse("communications:outbox_retry", args=[message.pk]))
        assert response.status_code == 404
    assert browser(ae).get(detail(message)).status_code == 200


def test_the_outbox_filters_by_status_project_and_search(ae):
    project, other = project_for(ae), project_for(ae)
    queue(ae, project, subject="已发出", status=MessageStatus.SENT)
    queue(ae, project, subject="失败了", status=MessageStatus.FAILED, last_error="550 No such user")
    queue(ae, other, subject="排队中")
    client = browser(ae)

    response = client.get(OUTBOX, {"status": "failed"})
    assert subjects(response) == ["失败了"]
    assert {t["key"]: t["count"] for t in response.context["tabs"]} == {
        "all": 3,
        "queued": 1,
        "sent": 1,
        "failed": 1,
    }
    assert sorted(subjects(client.get(OUTBOX, {"project": project.pk}))) == ["失败了", "已发出"]
    assert subjects(client.get(OUTBOX, {"q": "排队"})) == ["排队中"]
    assert len(subjects(client.get(OUTBOX, {"q": "wang.fang"}))) == 3
    assert client.get(OUTBOX, {"project": project_for(ae).pk + 100}).status_code == 404
    page = client.get(OUTBOX, {"status": "failed"}).content.decode()
    assert "550 No such user" in page and "Retry" in page


def test_the_outbox_keeps_a_fixed_number_of_queries_however_many_emails(ae):
    project = project_for(ae)
    client = browser(ae)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(OUTBOX).status_code == 200
        return len(queries)

    for n in range(3):
        queue(ae, project, subject=f"邮件{n}", status=MessageStatus.FAILED, last_error="x")
    few = count()
    for n in range(27):
        queue(ae, project_for(ae), subject=f"更多{n}", status=MessageStatus.FAILED)
    assert count() == few == 10


def test_the_message_page_keeps_a_fixed_number_of_queries(ae):
    message = queue(ae, project_for(ae), status=MessageStatus.FAILED, last_error="x")
    client = browser(ae)
    client.get(detail(message))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail(message))
    assert response.status_code == 200
    assert len(queries) == 8


def test_the_empty_outbox_says_how_to_send_an_email(ae):
    page = browser(ae).get(OUTBOX).content.decode()
    assert "No email has been sent yet" in page


# ---------------------------------------------------------------- one email


def test_the_status_of_a_pending_email_is_polled_until_it_is_sent(ae):
    message = queue(ae, project_for(ae))
    client = browser(ae)
    page = client.get(detail(message)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Waiting for the background worker" in page

    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.SENT)
    partial = client.get(detail(message), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<section class="panel" id="email-status"')
    assert "hx-trigger" not in partial and "The mail server accepted it" in partial


def test_a_failed_email_is_retried_from_its_page(ae, django_capture_on_commit_callbacks):
    message = queue(ae, project_for(ae), status=MessageStatus.FAILED, last_error="timeout")
    client = browser(ae)
    page = client.get(detail(message)).content.decode()
    assert "timeout" in page and "Retry" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("communications:outbox_retry", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == detail(message)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_retrying_an_email_that_did_not_fail_says_so_and_changes_nothing(ae):
    message = queue(ae, project_for(ae), status=MessageStatus.SENT)
    client = browser(ae)
    response = client.post(reverse("communications:outbox_retry", args=[message.pk]), follow=True)
    assert "Only an email that failed can be retried." in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_manager_who_sees_but_did_not_write_the_email_may_retry_it_but_not_an_outsider(
    ae, mkt_manager, gm
):
    message = queue(ae, project_for(ae), status=MessageStatus.FAILED)
    own = queue(ae, None, status=MessageStatus.FAILED)
    assert "Retry" in browser(mkt_manager).get(detail(message)).content.decode()
    assert browser(mkt_manager).get(detail(own)).status_code == 404
    assert "Retry" in browser(gm).get(detail(own)).content.decode()
