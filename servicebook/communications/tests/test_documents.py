"""Issued copies (SPEC §13): a pending row asked of the worker after the commit, rendered
once, kept byte for byte whatever happens to the records afterwards; who may issue what."""

from __future__ import annotations

import hashlib
from unittest import mock

import pytest
from django.utils import translation

from servicebook.communications.documents import printable
from servicebook.communications.models import (
    DocumentKind,
    DocumentStatus,
    FaxSheet,
    IssuedDocument,
    LogKind,
    ServiceLog,
)
from servicebook.communications.services.documents import (
    document_render,
    document_request,
    document_retry,
)
from servicebook.communications.tests.test_document_helpers import (
    fax,
    plan_of,
    project_with_plan,
    service_log,
)
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.documents.fonts import FontMissing
from servicebook.documents.tests.inspect import pdf_text
from servicebook.projects.services import plan_sign

pytestmark = pytest.mark.django_db

ENQUEUE = "servicebook.communications.services.documents.enqueue_render"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _stored(document: IssuedDocument) -> bytes:
    document.refresh_from_db()
    with document.file.open("rb") as stored:
        return stored.read()


def test_issuing_a_copy_writes_a_pending_row_and_asks_the_worker_after_the_commit(
    ae, mkt_manager, django_capture_on_commit_callbacks
):
    project = project_with_plan(ae, mkt_manager)
    with mock.patch(ENQUEUE) as enqueue:
        document = document_request(
            actor=ae, kind=DocumentKind.PLAN, record=plan_of(project), language="zh-hans"
        )
    assert document.status == DocumentStatus.PENDING and not document.file
    assert document.project == project and document.object_id == plan_of(project).pk
    assert document.title == f"项目计划书 {project.code}"
    assert document.file_name == f"项目计划书 {project.code}.pdf"
    enqueue.assert_called_once_with(document.pk)


def test_the_worker_asked_after_commit_renders_the_copy(
    ae, mkt_manager, django_capture_on_commit_callbacks
):
    project = project_with_plan(ae, mkt_manager)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            actor=ae, kind=DocumentKind.PLAN, record=plan_of(project), language="en"
        )
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_rendering_stores_the_pdf_its_digest_and_pages_once(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    document = document_request(
        actor=ae, kind=DocumentKind.PLAN, record=plan_of(project), language="en"
    )
    rendered = document_render(document.pk)
    content = _stored(rendered)
    assert rendered.status == DocumentStatus.READY and rendered.ready_at is not None
    assert rendered.sha256 == hashlib.sha256(content).hexdigest()
    assert rendered.size == len(content) and content.startswith(b"%PDF")
    assert rendered.pages >= 1 and rendered.render_seconds is not None
    again = document_render(document.pk)  # the worker may run twice: nothing changes
    assert (again.file.name, again.sha256) == (rendered.file.name, rendered.sha256)


def test_an_issued_plan_stays_as_issued_after_the_client_signs(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    plan = plan_of(project)
    document = document_render(
        document_request(actor=ae, kind=DocumentKind.PLAN, record=plan, language="zh-hans").pk
    )
    before = _stored(document)
    plan_sign(actor=ae, plan=plan, signer_name="赵签字", signed_on=plan.start_on)
    after = _stored(document)
    assert hashlib.sha256(after).hexdigest() == hashlib.sha256(before).hexdigest()
    assert "赵签字" not in pdf_text(after)
    fresh = printable(DocumentKind.PLAN)
    now = document_render(
        document_request(actor=ae, kind=fresh.kind, record=plan_of(project), language="zh-hans").pk
    )
    assert "赵签字" in pdf_text(_stored(now))


def test_an_issued_log_stays_as_issued_after_the_log_is_edited(ae):
    project = project_with_plan(ae)
    log = service_log(project, LogKind.WEEKLY)
    document = document_render(
        document_request(actor=ae, kind=DocumentKind.WEEKLY_LOG, record=log, language="zh-hans").pk
    )
    before = hashlib.sha256(_stored(document)).hexdigest()
    ServiceLog.objects.filter(pk=log.pk).update(work_done="完全不同的内容")
    assert hashlib.sha256(_stored(document)).hexdigest() == before == document.sha256
    assert "完全不同的内容" not in pdf_text(_stored(document))


def test_a_draft_plan_is_not_issued_to_the_client(ae):
    project = project_with_plan(ae)
    with pytest.raises(DomainError, match="draft plan"):
        document_request(actor=ae, kind=DocumentKind.PLAN, record=plan_of(project), language="en")
    assert not IssuedDocument.objects.exists()


@pytest.mark.parametrize("persona", ["other_ae", "ka_manager", "designer", "outsider"])
def test_someone_who_may_not_see_the_project_cannot_issue_its_forms(
    request, persona, ae, mkt_manager
):
    project = project_with_plan(ae, mkt_manager)
    log = service_log(project)
    stranger = request.getfixturevalue(persona)
    for kind, record in [(DocumentKind.PLAN, plan_of(project)), (DocumentKind.WEEKLY_LOG, log)]:
        with pytest.raises(PermissionDenied):
            document_request(actor=stranger, kind=kind, record=record, language="en")
    assert not IssuedDocument.objects.exists()


def test_the_manager_and_the_gm_may_issue_the_forms_of_the_projects_they_see(ae, mkt_manager, gm):
    project = project_with_plan(ae, mkt_manager)
    for actor in (mkt_manager, gm):
        document = document_request(
            actor=actor, kind=DocumentKind.PLAN, record=plan_of(project), language="en"
        )
        assert document.created_by == actor


def test_a_fax_without_a_project_is_issued_by_its_author_or_the_gm_only(ae, other_ae, gm):
    sheet = fax(ae)
    with pytest.raises(PermissionDenied):
        document_request(actor=other_ae, kind=DocumentKind.FAX_SHEET, record=sheet, language="en")
    for actor in (ae, gm):
        document = document_request(
            actor=actor, kind=DocumentKind.FAX_SHEET, record=sheet, language="en"
        )
        assert document.project is None and document.title == f"Fax sheet {sheet.number}"


def test_a_language_we_do_not_have_is_refused(ae):
    sheet = fax(ae)
    with pytest.raises(DomainError) as refused:
        document_request(actor=ae, kind=DocumentKind.FAX_SHEET, record=sheet, language="fr")
    assert refused.value.field == "language"


def test_the_register_is_not_a_record_to_issue(ae):
    with pytest.raises(DomainError, match="cannot be issued"):
        document_request(actor=ae, kind=DocumentKind.REGISTER, record=fax(ae), language="en")


def test_a_record_named_with_another_project_is_refused(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    other = project_with_plan(ae, mkt_manager)
    with pytest.raises(DomainError, match="does not belong"):
        document_request(
            actor=ae,
            kind=DocumentKind.PLAN,
            record=plan_of(project),
            language="en",
            project=other,
        )


def test_a_failed_rendering_keeps_the_error_and_can_be_tried_again(ae):
    sheet = fax(ae)
    document = document_request(actor=ae, kind=DocumentKind.FAX_SHEET, record=sheet, language="en")
    missing = FontMissing("No Chinese font is installed")
    with mock.patch(
        "servicebook.communications.services.documents.render_document_pages",
        side_effect=missing,
    ):
        failed = document_render(document.pk)
    assert failed.status == DocumentStatus.FAILED and "No Chinese font" in failed.error
    with mock.patch(ENQUEUE) as enqueue:
        retried = document_retry(actor=ae, document=failed)
    assert retried.status == DocumentStatus.PENDING and retried.error == ""
    enqueue.assert_called_once_with(document.pk)
    assert document_render(document.pk).status == DocumentStatus.READY
    with pytest.raises(DomainError, match="failed"):
        document_retry(actor=ae, document=retried)


def test_only_who_sees_a_failed_copy_may_try_it_again(ae, other_ae):
    document = document_request(
        actor=ae, kind=DocumentKind.FAX_SHEET, record=fax(ae), language="en"
    )
    IssuedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED)
    with pytest.raises(PermissionDenied):
        document_retry(actor=other_ae, document=document)


def test_a_record_gone_before_rendering_fails_the_copy(ae):
    sheet = fax(ae)
    document = document_request(actor=ae, kind=DocumentKind.FAX_SHEET, record=sheet, language="en")
    FaxSheet.objects.filter(pk=sheet.pk).delete()
    failed = document_render(document.pk)
    assert failed.status == DocumentStatus.FAILED and "DoesNotExist" in failed.error


def test_only_records_have_printable_forms_the_register_is_a_list():
    with pytest.raises(DomainError):
        printable(DocumentKind.REGISTER)
    assert printable(DocumentKind.LETTER).template.endswith("letter.html")
    assert printable(DocumentKind.MONTHLY_LOG).template.endswith("service_log.html")
    # the monthly and weekly logs share one layout; the kinds differ in their sections
    assert {LogKind.WEEKLY, LogKind.MONTHLY} == set(LogKind.values)
