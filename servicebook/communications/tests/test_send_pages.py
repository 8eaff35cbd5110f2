"""The "send by email" page: one transaction records the sending, issues the PDF and queues
the email; the PDF is rendered by the worker after the commit, never in the request.

Emails go to Django's in-memory outbox here (the SMTP path is test_outbox_delivery.py);
the worker's tasks run in huey's immediate mode when the on-commit callbacks run.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from servicebook.clients.models import Contact
from servicebook.communications.models import (
    ConsultationLetter,
    DocumentStatus,
    FaxSheet,
    IssuedDocument,
    LetterStatus,
    LogKind,
    LogStatus,
    MessageStatus,
    OutboxMessage,
    ServiceLog,
)
from servicebook.documents.tests.inspect import pdf_text
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

WEEK = (date(2026, 11, 16), date(2026, 11, 22))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def project(ae):
    project = project_for(ae)
    Contact.objects.create(
        client=project.client, name="李明", title="营销总监", email="li.ming@client.example"
    )
    Contact.objects.create(client=project.client, name="王芳", email="wang.fang@client.example")
    Contact.objects.filter(client=project.client, email="").update(is_primary=False)
    Contact.objects.filter(client=project.client, name="李明").update(is_primary=True)
    return project


def a_log(project, kind=LogKind.WEEKLY, **sections) -> ServiceLog:
    """TEST SETUP: a drafted log of a past period."""
    first, last = WEEK if kind == LogKind.WEEKLY else (date(2026, 10, 1), date(2026, 10, 31))
    sections = sections or {
        "work_done": "完成了市场调研报告初稿。",
        "next_plan": "下周提交定位报告。",
    }
    return ServiceLog.objects.create(
        project=project,
        kind=kind,
        period_start=first,
        period_end=last,
        due_on=date(2026, 11, 23),
        **sections,
    )


def browser(user) -> Browser:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Browser()
    client.force_login(user)
    return client


def send_url(project, kind, record) -> str:
    return reverse("communications:send", args=[project.pk, kind, record.pk])


def post(client, url, contact_ids=(), **fields):
    data = {
        "contacts": [str(pk) for pk in contact_ids],
        "recipients": "",
        "language": "zh-hans",
        "subject": "客户服务周志",
        "body": "李总：您好！请查收附件。",
    }
    data.update(fields)
    return client.post(url, data)


def li_ming(project) -> Contact:
    return Contact.objects.get(client=project.client, name="李明")


# ---------------------------------------------------------------- the page


def test_the_page_offers_the_clients_contacts_with_an_email_and_prefills_the_text(ae, project):
    log = a_log(project)
    page = browser(ae).get(send_url(project, "weekly_log", log))
    assert page.status_code == 200
    html = page.content.decode()
    assert "li.ming@client.example" in html and "wang.fang@client.example" in html
    form = page.context["form"]
    offered = [label for _pk, label in form.fields["contacts"].choices]
    assert offered == [
        "李明 · 营销总监 <li.ming@client.example>",
        "王芳 <wang.fang@client.example>",
    ]
    assert form.initial["contacts"] == [str(li_ming(project).pk)]  # the primary contact
    assert form.initial["language"] == "en"  # the person's language by default
    assert form.initial["subject"].startswith("Weekly service log")
    assert project.client.legal_name in form.initial["body"]


def test_the_text_is_written_in_the_chosen_document_language(ae, project):
    log = a_log(project)
    page = browser(ae).get(send_url(project, "weekly_log", log) + "?lang=zh-hans")
    form = page.context["form"]
    with translation.override("zh-hans"):
        from servicebook.communications.models import DocumentKind

        label = str(DocumentKind.WEEKLY_LOG.label)
    assert form.initial["language"] == "zh-hans"
    assert form.initial["subject"].startswith(label)


def test_the_page_keeps_a_fixed_number_of_queries_however_many_contacts(ae, project):
    log = a_log(project)
    client = browser(ae)
    url = send_url(project, "weekly_log", log)
    client.get(url)  # warm up caches (agency settings row, sessions)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(10):
        Contact.objects.create(client=project.client, name=f"同事{n}", email=f"c{n}@client.example")
    assert count() == few == 11


@pytest.mark.parametrize("who", ["outsider", "ka_manager", "other_ae"])
def test_a_person_who_may_not_see_the_project_gets_a_404(request, who, project):
    log = a_log(project)
    page = browser(request.getfixturevalue(who)).get(send_url(project, "weekly_log", log))
    assert page.status_code == 404


def test_an_unknown_kind_or_a_record_of_another_kind_or_project_is_a_404(ae, project):
    client = browser(ae)
    log = a_log(project)
    other = a_log(project_for(ae))
    assert client.get(send_url(project, "register", log)).status_code == 404
    assert client.get(send_url(project, "monthly_log", log)).status_code == 404
    assert client.get(send_url(project, "weekly_log", other)).status_code == 404


# ---------------------------------------------------------------- sending a log


def test_sending_a_log_records_it_sent_issues_the_pdf_and_queues_the_email_in_one_go(
    ae, project, django_capture_on_commit_callbacks
):
    log = a_log(project)
    client = browser(ae)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(
            client,
            send_url(project, "weekly_log", log),
            contact_ids=[li_ming(project).pk],
            recipients="boss@client.example; li.ming@client.example",
        )
    message = OutboxMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("communications:outbox_message", args=[message.pk])

    log.refresh_from_db()
    assert log.status == LogStatus.SENT and log.sent_by == ae and log.sent_via == "email"
    document = message.document
    assert document.status == DocumentStatus.PENDING and not document.file  # not in the request
    assert document.kind == "weekly_log" and document.language == "zh-hans"
    assert message.status == MessageStatus.QUEUED
    assert message.recipients == ["li.ming@client.example", "boss@client.example"]
    assert mail.outbox == []

    for callback in callbacks:  # the commit: the worker renders and sends
        callback()
    message.refresh_from_db()
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and document.pages >= 1
    assert message.status == MessageStatus.SENT
    [email] = mail.outbox
    assert email.to == ["li.ming@client.example", "boss@client.example"]
    assert email.subject == "客户服务周志"
    assert email.extra_headers["Message-ID"] == message.message_id
    [(name, content, mimetype)] = email.attachments
    assert mimetype == "application/pdf" and name == document.file_name
    assert content == document.file.open("rb").read()
    page = client.get(response["Location"]).content.decode()
    assert reverse("communications:issued_document", args=[document.pk]) in page


def test_a_log_sent_before_is_sent_again_without_recording_it_twice(
    ae, project, django_capture_on_commit_callbacks
):
    log = a_log(project)
    client = browser(ae)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, send_url(project, "weekly_log", log), contact_ids=[li_ming(project).pk])
    log.refresh_from_db()
    first_sent = log.sent_at
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, send_url(project, "weekly_log", log), recipients="boss@client.example"
        )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.sent_at == first_sent and log.status_changes.count() == 1
    assert OutboxMessage.objects.filter(status=MessageStatus.SENT).count() == 2
    assert len(mail.outbox) == 2


def test_a_wrong_address_is_named_beside_the_field_and_nothing_changes(
    ae, project, django_capture_on_commit_callbacks
):
    log = a_log(project)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            browser(ae),
            send_url(project, "weekly_log", log),
            contact_ids=[li_ming(project).pk],
            recipients="boss@client.example, not-an-address",
        )
    assert response.status_code == 400
    assert response.context["form"].errors["recipients"] == [
        "“not-an-address” is not a valid email address."
    ]
    assert "boss@client.example, not-an-address" in response.content.decode()  # kept
    log.refresh_from_db()
    assert log.status == LogStatus.DRAFT
    assert not IssuedDocument.objects.exists() and not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_no_recipient_at_all_is_refused(ae, project):
    log = a_log(project)
    response = post(browser(ae), send_url(project, "weekly_log", log))
    assert response.status_code == 400
    assert response.context["form"].errors["recipients"] == [
        "Tick one of the client's contacts or type an address."
    ]


def test_an_empty_log_is_refused_and_nothing_is_issued(ae, project):
    log = a_log(project, work_done=" ")
    response = post(browser(ae), send_url(project, "weekly_log", log), recipients="a@b.example")
    assert response.status_code == 400
    assert "The log is empty" in response.content.decode()
    assert not IssuedDocument.objects.exists() and not OutboxMessage.objects.exists()


def test_a_monthly_log_of_twenty_pages_is_rendered_by_the_worker_not_in_the_request(
    ae, project, django_capture_on_commit_callbacks
):
    long_text = "\n".join(
        f"{n}. 本月完成售楼处包装方案第{n}稿的修改，与甲方营销部逐条确认，形成会议纪要并归档。" * 3
        for n in range(1, 60)
    )
    log = a_log(
        project,
        kind=LogKind.MONTHLY,
        work_done=long_text,
        progress=long_text,
        deliverables=long_text,
        problems=long_text,
        next_plan=long_text,
    )
    client = browser(ae)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(
            client,
            send_url(project, "monthly_log", log),
            contact_ids=[li_ming(project).pk],
            subject="客户服务月志 2026-10",
        )
    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert document.status == DocumentStatus.PENDING and document.size == 0

    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.pages >= 20
    [email] = mail.outbox
    [(_name, content, _mimetype)] = email.attachments
    assert len(PdfReader(io.BytesIO(content)).pages) == document.pages


# ---------------------------------------------------------------- letters, fax sheets, plans


def a_letter(project, user) -> ConsultationLetter:
    return ConsultationLetter.objects.create(
        project=project,
        addressee=Contact.objects.get(client=project.client, name="王芳"),
        addressee_name="王芳",
        subject="关于开盘时间的确认",
        body="请确认首期开盘时间是否定于12月18日。",
        created_by=user,
    )


def test_a_draft_letter_is_numbered_sent_and_emailed_to_its_addressee(
    ae, project, django_capture_on_commit_callbacks
):
    letter = a_letter(project, ae)
    client = browser(ae)
    page = client.get(send_url(project, "letter", letter))
    wang = Contact.objects.get(client=project.client, name="王芳")
    assert page.context["form"].initial["contacts"] == [str(wang.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            send_url(project, "letter", letter),
            contact_ids=[wang.pk],
            subject="咨询函",
            body=page.context["form"].initial["body"],
        )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.number.startswith("ZX-")
    [email] = mail.outbox
    assert email.to == ["wang.fang@client.example"]
    [(name, pdf, kind)] = email.attachments
    assert kind == "application/pdf" and letter.number in name
    assert "请确认首期开盘时间" in pdf_text(pdf)  # the letter itself, on the letterhead


def test_a_team_member_may_not_send_a_draft_letter(ae, designer, project):
    team_member_add(actor=ae, project=project, user=designer, role="designer", is_backup=False)
    letter = a_letter(project, ae)
    assert browser(designer).get(send_url(project, "letter", letter)).status_code == 403
    response = post(browser(designer), send_url(project, "letter", letter), recipients="a@b.cn")
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT and not OutboxMessage.objects.exists()


def test_a_team_member_may_send_a_log_again_but_only_the_lead_or_a_manager_sends_a_draft(
    ae, designer, project, django_capture_on_commit_callbacks
):
    team_member_add(actor=ae, project=project, user=designer, role="designer", is_backup=False)
    log = a_log(project)
    client = browser(designer)
    url = send_url(project, "weekly_log", log)
    assert client.get(url).status_code == 403
    assert post(client, url, recipients="a@client.example").status_code == 403
    log.refresh_from_db()
    assert log.status == LogStatus.DRAFT and not OutboxMessage.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        post(browser(ae), url, recipients="a@client.example")  # the lead sends it
        response = post(client, url, recipients="b@client.example")  # a copy, later
    assert response.status_code == 302
    assert OutboxMessage.objects.filter(created_by=designer).count() == 1


def test_a_fax_sheet_goes_as_a_pdf(ae, project, django_capture_on_commit_callbacks):
    fax = FaxSheet.objects.create(
        number="CZ-2026-0001",
        project=project,
        to_company=project.client.legal_name,
        attention="李明",
        from_name="Ae1",
        sent_on=date(2026, 11, 20),
        subject="样板间开放安排",
        body="请查收样板间开放安排。",
        urgency=["urgent"],
        created_by=ae,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            browser(ae), send_url(project, "fax_sheet", fax), contact_ids=[li_ming(project).pk]
        )
    assert response.status_code == 302
    [email] = mail.outbox
    [(name, _content, mimetype)] = email.attachments
    assert mimetype == "application/pdf" and "CZ-2026-0001" in name


def test_a_draft_plan_is_not_sent_but_an_approved_one_is(
    ae, mkt_manager, project, django_capture_on_commit_callbacks
):
    from servicebook.projects.services import plan_approve, plan_generate

    plan = plan_generate(actor=ae, project=project, start_on=date(2026, 12, 1))
    client = browser(ae)
    response = post(client, send_url(project, "plan", plan), contact_ids=[li_ming(project).pk])
    assert response.status_code == 400
    assert "A draft plan is not issued to the client" in response.content.decode()
    assert not OutboxMessage.objects.exists()

    plan_approve(actor=mkt_manager, plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, send_url(project, "plan", plan), contact_ids=[li_ming(project).pk])
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.attachments[0][2] == "application/pdf"
