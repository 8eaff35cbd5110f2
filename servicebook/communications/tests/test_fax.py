"""Fax sheets (传真纸): numbering, the sender's defaults from the letterhead and the writer,
the rules on what is filled in, who may write and change them, and their pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from servicebook.accounts.models import User
from servicebook.communications.models import FaxSheet
from servicebook.communications.services.fax import FaxInput, fax_sheet_create, fax_sheet_update
from servicebook.communications.tests.test_document_helpers import (
    fax,
    letterhead,
    project_with_plan,
)
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.projects.services import team_member_add

pytestmark = pytest.mark.django_db

# Every page: session, user, job roles, managed departments, the top bar's department and
# unread count (6). The list: + count, the page's rows with project and author.
LIST_QUERIES = 8
# One sheet: + the sheet with its project and author, on the team?, its copies.
SHEET_QUERIES = 9


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _browser(user: User) -> Browser:
    user.language = "en"
    user.save(update_fields=["language"])
    browser = Browser()
    browser.force_login(user)
    return browser


def _input(**fields: object) -> FaxInput:
    values: dict[str, object] = {
        "to_company": "湖南麓山置业",
        "subject": "方案",
        "body": "请审阅。",
    }
    values.update(fields)
    return FaxInput(**values)  # type: ignore[arg-type]


def _form(**fields: str) -> dict[str, object]:
    data: dict[str, object] = {
        "to_company": "湖南麓山置业有限公司",
        "attention": "王经理",
        "to_fax": "0731-8444 5556",
        "to_phone": "",
        "from_name": "",
        "from_fax": "",
        "from_phone": "",
        "sent_on": "2026-10-12",
        "pages": "2",
        "subject": "开盘活动方案",
        "urgency": ["urgent", "for_review"],
        "body": "请审阅附件。",
    }
    data.update(fields)
    return data


# ---------------------------------------------------------------- services


def test_fax_sheets_are_numbered_in_a_yearly_series(ae):
    year = timezone.localdate().year
    first, second = fax(ae), fax(ae)
    assert first.number == f"CZ-{year}-0001" and second.number == f"CZ-{year}-0002"


def test_the_sender_lines_default_to_the_writer_and_the_letterhead(ae):
    letterhead()
    ae.phone = ""
    ae.save(update_fields=["phone"])
    sheet = fax_sheet_create(actor=ae, data=_input())
    assert sheet.from_name == ae.display_name
    assert sheet.from_fax == "073188886667" and sheet.from_phone == "073188886666"
    assert sheet.sent_on == timezone.localdate() and sheet.pages == 1 and sheet.urgency == []
    ae.phone = "13912345678"
    ae.save(update_fields=["phone"])
    assert fax_sheet_create(actor=ae, data=_input()).from_phone == "13912345678"


def test_numbers_are_kept_as_digits_and_the_boxes_in_the_sheets_order(ae):
    sheet = fax_sheet_create(
        actor=ae,
        data=_input(
            to_fax="(0731) 8444-5556",
            from_phone="+86 138 0013 8000",
            urgency=["please_comment", "urgent", "urgent"],
        ),
    )
    assert sheet.to_fax == "073184445556" and sheet.from_phone == "13800138000"
    assert sheet.urgency == ["urgent", "please_comment"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"to_company": "  "}, "to_company"),
        ({"subject": ""}, "subject"),
        ({"body": " \n "}, "body"),
        ({"pages": 0}, "pages"),
        ({"pages": 1000}, "pages"),
        ({"urgency": ["asap"]}, "urgency"),
        ({"to_fax": "12-34"}, "to_fax"),
        ({"from_phone": "电话"}, "from_phone"),
    ],
)
def test_a_sheet_missing_what_it_needs_is_refused_and_nothing_is_written(ae, fields, field):
    with pytest.raises(DomainError) as refused:
        fax_sheet_create(actor=ae, data=_input(**fields))
    assert refused.value.field == field
    assert not FaxSheet.objects.exists()


def test_only_the_projects_communication_writers_write_its_faxes(ae, gm, designer, mkt_manager):
    project = project_with_plan(ae)
    with pytest.raises(PermissionDenied):
        fax_sheet_create(actor=designer, data=_input(), project=project)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    for writer in (designer, ae, mkt_manager, gm):
        assert fax_sheet_create(actor=writer, data=_input(), project=project).project == project


def test_a_sheet_without_a_project_is_changed_by_its_author_or_the_gm_only(ae, other_ae, gm):
    sheet = fax(ae)
    with pytest.raises(PermissionDenied):
        fax_sheet_update(actor=other_ae, fax=sheet, data=_input(subject="改"))
    for editor, subject in ((ae, "作者改"), (gm, "总经理改")):
        changed = fax_sheet_update(actor=editor, fax=sheet, data=_input(subject=subject))
        assert changed.subject == subject and changed.number == sheet.number
    assert FaxSheet.objects.get().created_by == ae


def test_a_refused_change_leaves_the_sheet_as_it_was(ae):
    sheet = fax(ae)
    with pytest.raises(DomainError):
        fax_sheet_update(actor=ae, fax=sheet, data=_input(body=""))
    assert FaxSheet.objects.get().body == sheet.body


# ---------------------------------------------------------------- pages


def test_the_new_sheet_of_a_project_starts_from_its_client_and_primary_contact(ae):
    letterhead()
    project = project_with_plan(ae)
    response = _browser(ae).get(f"/projects/fax/new/?project={project.pk}")
    initial = response.context["form"].initial
    assert initial["to_company"] == project.client.legal_name
    assert initial["attention"] == "王经理" and initial["to_fax"] == "0731-8444 5556"
    assert initial["from_name"] == ae.display_name and initial["from_fax"] == "0731-8888 6667"


def test_writing_a_sheet_through_the_page(ae):
    project = project_with_plan(ae)
    browser = _browser(ae)
    response = browser.post(f"/projects/fax/new/?project={project.pk}", _form())
    sheet = FaxSheet.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/fax/{sheet.pk}/"
    assert sheet.project == project and sheet.urgency == ["urgent", "for_review"]
    assert sheet.sent_on == date(2026, 10, 12) and sheet.to_fax == "073184445556"
    page = browser.get(f"/projects/fax/{sheet.pk}/").content.decode()
    assert "☑ Urgent" in page and "☐ Please reply" in page
    assert "No copy issued yet" in page


def test_a_refused_sheet_shows_the_error_beside_the_field_and_keeps_what_was_typed(ae):
    response = _browser(ae).post("/projects/fax/new/", _form(to_fax="12", subject="保留我"))
    assert response.status_code == 400
    form = response.context["form"]
    assert "to_fax" in form.errors and form.data["subject"] == "保留我"
    assert not FaxSheet.objects.exists()


def test_editing_a_sheet_through_the_page(ae):
    sheet = fax(ae)
    browser = _browser(ae)
    assert browser.get(f"/projects/fax/{sheet.pk}/edit/").context["form"].initial["pages"] == 3
    response = browser.post(f"/projects/fax/{sheet.pk}/edit/", _form(subject="改过的主题"))
    assert response.status_code == 302
    assert FaxSheet.objects.get().subject == "改过的主题"


def test_a_team_member_sees_the_projects_sheets_but_someone_elses_private_sheet_is_404(
    ae, gm, designer
):
    project = project_with_plan(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    shared = fax(ae, project)
    private = fax(ae)
    browser = _browser(designer)
    assert browser.get(f"/projects/fax/{shared.pk}/").status_code == 200
    for url in ("", "print/", "pdf/", "edit/"):
        assert browser.get(f"/projects/fax/{private.pk}/{url}").status_code == 404
    listed = browser.get("/projects/fax/").content.decode()
    assert shared.number in listed and private.number not in listed


def test_someone_who_may_not_write_for_a_project_gets_no_form(ae, designer, outsider):
    project = project_with_plan(ae)
    sheet = fax(ae, project)
    assert _browser(outsider).get(f"/projects/fax/new/?project={project.pk}").status_code == 404
    assert _browser(outsider).get(f"/projects/fax/{sheet.pk}/edit/").status_code == 404
    assert _browser(outsider).get("/projects/fax/new/").status_code == 200


def test_a_reader_who_may_not_write_sees_the_sheet_without_the_edit_button(
    ae, mkt_manager, other_ae, gm
):
    project = project_with_plan(ae)
    sheet = fax(ae, project)
    # the client's owner moved on: the lead is someone else, so ae only reads the project
    project.lead = other_ae
    project.save(update_fields=["lead"])
    page = _browser(ae).get(f"/projects/fax/{sheet.pk}/")
    assert page.status_code == 200 and not page.context["may_edit"]
    assert _browser(ae).get(f"/projects/fax/{sheet.pk}/edit/").status_code == 403


def test_the_list_searches_and_keeps_to_my_own(ae, mkt_manager):
    project = project_with_plan(ae)
    fax(ae, project, subject="开盘方案")
    fax(mkt_manager, project, subject="媒体计划")
    browser = _browser(ae)
    found = browser.get("/projects/fax/?q=开盘").content.decode()
    assert "开盘方案" in found and "媒体计划" not in found
    mine = browser.get("/projects/fax/?mine=1").content.decode()
    assert "开盘方案" in mine and "媒体计划" not in mine
    partial = browser.get("/projects/fax/?q=媒体", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "媒体计划" in partial
    empty = browser.get("/projects/fax/?q=没有").content.decode()
    assert "No fax sheet matches this search" in empty


def test_the_fax_pages_query_counts_do_not_grow(ae):
    letterhead()
    project = project_with_plan(ae)
    browser = _browser(ae)
    sheets = [fax(ae, project) for _ in range(3)]

    def counted(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url).status_code == 200
        return len(captured)

    assert counted("/projects/fax/") == LIST_QUERIES
    assert counted(f"/projects/fax/{sheets[0].pk}/") == SHEET_QUERIES
    for _ in range(27):
        fax(ae, project)
        browser.post(f"/projects/fax/{sheets[0].pk}/issue/", {"lang": "en"})
    assert counted("/projects/fax/") == LIST_QUERIES
    assert counted(f"/projects/fax/{sheets[0].pk}/") == SHEET_QUERIES
