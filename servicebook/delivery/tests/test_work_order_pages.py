"""Work-order pages: who sees what (a hidden record is a 404), the moves each person is
offered, issuing and acting through the pages, downloads, overdue rows in working days, and
query counts that do not grow with the data."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from servicebook.accounts.models import User
from servicebook.delivery.models import WorkOrder, WorkOrderAttachment
from servicebook.delivery.services import work_orders as services
from servicebook.delivery.tests.work_order_setup import (
    TODAY,
    W,
    advance,
    creative,
    creative_manager,
    creative_staff,
    issue,
    upload,
)
from servicebook.projects.models import Project
from servicebook.projects.services import project_set_lead
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

# Every page: session, user, job roles, managed departments, the top bar's department and
# unread count (6). The list: + departments (filter), tab counts, page count, page rows.
LIST_QUERIES = 10
LIST_LATE_QUERIES = LIST_QUERIES + 1  # + the calendar overrides of the overdue rows
# The project page: + project, departments, count, rows, team post, and the issue form's
# default start (calendar), staff and plan tasks.
PROJECT_PAGE_QUERIES = 14
# The detail: + work order, project visible?, history, attachments, rounds.
DETAIL_QUERIES = 11

_real_localdate = timezone.localdate
ACTIONS = ["accept", "start", "submit", "feedback", "resume", "close", "cancel", "files"]


def _today(day: date) -> Any:
    def localdate(value: Any = None, timezone: Any = None) -> date:
        return day if value is None else _real_localdate(value, timezone)

    return mock.patch("django.utils.timezone.localdate", localdate)


@pytest.fixture(autouse=True)
def _english_and_a_fixed_today():
    with translation.override("en"), _today(TODAY):
        yield


def _browser(user: User) -> Browser:
    """Signed in as ``user``, who reads the pages in English."""
    user.language = "en"
    user.save(update_fields=["language"])
    browser = Browser()
    browser.force_login(user)
    return browser


def _url(wo: WorkOrder, suffix: str = "") -> str:
    return f"/projects/{wo.project_id}/work-orders/{wo.pk}/{suffix}"


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def project(ae) -> Project:
    return project_for(ae)


@pytest.fixture
def wo(ae, designer, project) -> WorkOrder:
    return issue(ae, project, assignee=designer, files=[upload("参考资料.pdf")])


# ---------------------------------------------------------------- who sees what


def test_a_designer_off_the_team_sees_and_works_the_work_order_handed_to_them(
    ae, designer, project, wo
):
    browser = _browser(designer)
    assert wo.number in browser.get("/projects/work-orders/").content.decode()
    page = browser.get(_url(wo)).content.decode()
    assert wo.brief in page and "参考资料.pdf" in page
    assert f'href="/projects/{project.pk}/"' not in page  # the project page is not theirs
    assert browser.post(_url(wo, "accept/")).status_code == 302
    assert browser.post(_url(wo, "start/")).status_code == 302
    response = browser.post(_url(wo, "submit/"), {"note": "初稿", "attachments": [upload()]})
    assert response.status_code == 302 and response["Location"] == _url(wo)
    wo.refresh_from_db()
    assert wo.status == W.SUBMITTED
    assert WorkOrderAttachment.objects.get(round__number=1).name == "设计初稿.pdf"


def test_the_designer_gets_404_on_the_client_the_project_and_other_work_orders(
    ae, designer, project, wo
):
    not_theirs = issue(ae, project, assignee=creative_staff())
    elsewhere = issue(ae, project_for(ae), assignee=creative_staff("designer3"))
    browser = _browser(designer)
    for url in (
        f"/clients/{project.client_id}/",
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/work-orders/",
        _url(not_theirs),
        _url(elsewhere),
    ):
        assert browser.get(url).status_code == 404, url
    assert browser.post(_url(not_theirs, "accept/")).status_code == 404
    listing = browser.get("/projects/work-orders/?tab=all").content.decode()
    assert wo.number in listing and not_theirs.number not in listing


@pytest.mark.parametrize("persona", ["outsider", "other_ae", "ka_manager"])
def test_someone_with_no_part_gets_404_everywhere(persona, request, wo, project):
    browser = _browser(request.getfixturevalue(persona))
    attachment = WorkOrderAttachment.objects.get()
    for url in (
        _url(wo),
        f"/projects/{project.pk}/work-orders/",
        _url(wo, f"files/{attachment.pk}/"),
    ):
        assert browser.get(url).status_code == 404, url
    for action in ACTIONS:
        assert browser.post(_url(wo, f"{action}/")).status_code == 404, action
    assert browser.post(f"/projects/{project.pk}/work-orders/issue/").status_code == 404
    for tab in ("waiting", "issued", "all"):
        assert wo.number not in browser.get(f"/projects/work-orders/?tab={tab}").content.decode()


def test_a_work_order_is_found_only_under_its_own_project(ae, wo):
    other = project_for(ae)
    assert _browser(ae).get(f"/projects/{other.pk}/work-orders/{wo.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["gm", "mkt_manager", "ae"])
def test_the_project_side_sees_the_work_order_and_the_project_link(persona, request, wo):
    html = _browser(request.getfixturevalue(persona)).get(_url(wo)).content.decode()
    assert f'href="/projects/{wo.project_id}/"' in html


def test_the_receiving_manager_sees_it_and_accepts_it_naming_a_designer(ae, designer, project):
    manager = creative_manager()
    wo = issue(ae, project)
    browser = _browser(manager)
    assert wo.number in browser.get("/projects/work-orders/").content.decode()  # waiting
    page = browser.get(_url(wo)).content.decode()
    assert 'name="assignee"' in page and designer.display_name in page
    refused = browser.post(_url(wo, "accept/"), {"assignee": ""})
    assert refused.status_code == 400
    assert "Name the person in Creative who will do this work." in refused.content.decode()
    assert browser.post(_url(wo, "accept/"), {"assignee": designer.pk}).status_code == 302
    wo.refresh_from_db()
    assert (wo.status, wo.assignee) == (W.ACCEPTED, designer)
    assert browser.get(f"/projects/{project.pk}/").status_code == 404


# ---------------------------------------------------------------- the moves offered


def test_each_person_is_offered_only_their_own_moves(ae, designer, mkt_manager, wo):
    designer_page = _browser(designer).get(_url(wo)).content.decode()
    assert _url(wo, "accept/") in designer_page
    assert _url(wo, "cancel/") not in designer_page and _url(wo, "feedback/") not in designer_page
    issuer_page = _browser(ae).get(_url(wo)).content.decode()
    assert _url(wo, "cancel/") in issuer_page and _url(wo, "accept/") not in issuer_page
    advance(wo, W.SUBMITTED, issuer=ae, assignee=designer)
    for person in (ae, mkt_manager):
        page = _browser(person).get(_url(wo)).content.decode()
        assert _url(wo, "feedback/") in page and _url(wo, "cancel/") not in page
    waiting = _browser(designer).get(_url(wo)).content.decode()
    assert "What you can do" not in waiting and "waiting for the client" in waiting


def test_a_move_by_the_wrong_person_is_forbidden_and_changes_nothing(ae, designer, wo):
    advance(wo, W.ACCEPTED, issuer=ae, assignee=designer)
    assert _browser(ae).post(_url(wo, "start/")).status_code == 403
    assert _browser(designer).post(_url(wo, "cancel/"), {"reason": "不做"}).status_code == 403
    wo.refresh_from_db()
    assert wo.status == W.ACCEPTED


def test_a_move_in_the_wrong_status_is_explained(designer, wo):
    response = _browser(designer).post(_url(wo, "start/"), follow=True)
    assert "Cannot move from “Issued” to “In progress”." in response.content.decode()
    assert WorkOrder.objects.get(pk=wo.pk).status == W.ISSUED


def test_feedback_and_cancelling_keep_the_form_and_say_what_is_missing(ae, designer, wo):
    advance(wo, W.SUBMITTED, issuer=ae, assignee=designer)
    browser = _browser(ae)
    response = browser.post(_url(wo, "feedback/"), {"outcome": "revise", "feedback": ""})
    assert response.status_code == 400
    assert "Write down what the client wants changed." in response.content.decode()
    assert (
        browser.post(_url(wo, "feedback/"), {"outcome": "revise", "feedback": "字大些"}).status_code
        == 302
    )
    page = browser.get(_url(wo)).content.decode()
    assert "字大些" in page and "Round 1" in page
    assert browser.post(_url(wo, "cancel/"), {"reason": ""}).status_code == 400
    assert browser.post(_url(wo, "cancel/"), {"reason": "项目暂停"}).status_code == 302
    assert WorkOrder.objects.get(pk=wo.pk).status == W.CANCELLED


def test_a_refused_file_is_shown_beside_the_file_field(ae, designer, wo):
    advance(wo, W.IN_PROGRESS, issuer=ae, assignee=designer)
    response = _browser(designer).post(
        _url(wo, "submit/"), {"note": "稿", "attachments": [upload("run.bat", b"echo")]}
    )
    assert response.status_code == 400
    assert "“run.bat” is a type of file that can run programs" in response.content.decode()
    assert WorkOrder.objects.get(pk=wo.pk).status == W.IN_PROGRESS
    response = _browser(ae).post(_url(wo, "files/"), {"file": upload("空.pdf", b"")})
    assert response.status_code == 400 and "is empty" in response.content.decode()
    assert (
        _browser(ae).post(_url(wo, "files/"), {"file": upload("补充.docx", b"doc")}).status_code
        == 302
    )


# ---------------------------------------------------------------- issuing on the project page


def test_the_lead_issues_a_work_order_from_the_project_page(ae, designer, project):
    browser = _browser(ae)
    page = browser.get(f"/projects/{project.pk}/work-orders/").content.decode()
    assert "Issue a work order" in page and "No work order on this project yet." in page
    response = browser.post(
        f"/projects/{project.pk}/work-orders/issue/",
        {
            "title": "开盘海报",
            "brief": "三版海报",
            "department": creative().pk,
            "assignee": designer.pk,
            "days": 2,
            "start_on": "2026-09-30",
            "attachments": [upload("参考.jpg", b"jpg", "image/jpeg"), upload("文案.docx", b"d")],
        },
    )
    wo = WorkOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(wo)
    assert (wo.number, wo.due_on, wo.assignee, wo.issued_by) == (
        "GD-2026-0001",
        date(2026, 10, 8),
        designer,
        ae,
    )
    assert sorted(wo.attachments.values_list("name", flat=True)) == ["参考.jpg", "文案.docx"]
    assert wo.number in browser.get(f"/projects/{project.pk}/work-orders/").content.decode()


def test_a_refused_issue_keeps_what_was_typed_and_says_why(ae, other_ae, project):
    response = _browser(ae).post(
        f"/projects/{project.pk}/work-orders/issue/",
        {
            "title": "开盘海报",
            "brief": "三版",
            "department": creative().pk,
            "assignee": other_ae.pk,
            "days": 2,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose someone who works in Creative." in html and 'value="开盘海报"' in html
    assert not WorkOrder.objects.exists()


def test_someone_who_sees_the_project_but_may_not_issue_gets_no_form(
    ae, other_ae, mkt_manager, project
):
    project_set_lead(actor=mkt_manager, project=project, user=other_ae)
    browser = _browser(ae)  # still the client's owner, no longer the lead
    page = browser.get(f"/projects/{project.pk}/work-orders/").content.decode()
    assert "Issue the work order" not in page
    assert browser.post(f"/projects/{project.pk}/work-orders/issue/", {}).status_code == 403


def test_issuing_on_a_closed_project_is_refused_with_the_reason(ae, project):
    Project.objects.filter(pk=project.pk).update(status="closed")
    browser = _browser(ae)
    assert (
        "Issue the work order"
        not in browser.get(f"/projects/{project.pk}/work-orders/").content.decode()
    )
    data = {"title": "t", "brief": "b", "department": creative().pk, "days": 1}
    response = browser.post(f"/projects/{project.pk}/work-orders/issue/", data)
    assert response.status_code == 400
    assert "This project is closed: no new work orders." in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_the_due_date_preview_counts_working_days_across_national_day(ae):
    browser = _browser(ae)
    html = browser.get(
        "/projects/work-orders/due-date/?start_on=2026-09-30&days=2"
    ).content.decode()
    assert "due 2026-10-08" in html
    moved = browser.get(
        "/projects/work-orders/due-date/?start_on=2026-10-03&days=1"
    ).content.decode()
    assert "due 2026-10-08" in moved and "moves to the next working day" in moved
    past = browser.get(
        "/projects/work-orders/due-date/?start_on=2026-09-01&days=1"
    ).content.decode()
    assert "cannot start in the past" in past
    assert (
        "Enter the working days"
        in browser.get("/projects/work-orders/due-date/?days=").content.decode()
    )


# ---------------------------------------------------------------- downloads


def test_a_file_downloads_under_its_chinese_name_for_those_who_see_the_work_order(ae, designer, wo):
    attachment = WorkOrderAttachment.objects.get()
    for person in (designer, ae, creative_manager()):
        response = _browser(person).get(_url(wo, f"files/{attachment.pk}/"))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.7 a design draft"
        assert response["Content-Disposition"] == (
            f"attachment; filename*=utf-8''{quote('参考资料.pdf')}"
        )
        assert response["Content-Type"] == "application/pdf"


def test_a_file_is_found_only_under_its_own_work_order(ae, designer, project, wo):
    other = issue(ae, project, assignee=designer, files=[upload("别的.pdf")])
    theirs = other.attachments.get()
    assert _browser(ae).get(_url(wo, f"files/{theirs.pk}/")).status_code == 404
    stranger = issue(ae, project, assignee=creative_staff(), files=[upload("机密.pdf")])
    hidden = stranger.attachments.get()
    assert _browser(designer).get(_url(stranger, f"files/{hidden.pk}/")).status_code == 404


# ---------------------------------------------------------------- the list


def test_the_tabs_show_what_waits_for_me_what_i_issued_and_all(ae, designer, project, wo):
    unassigned = issue(ae, project)
    ae_browser, designer_browser = _browser(ae), _browser(designer)
    waiting = ae_browser.get("/projects/work-orders/").content.decode()
    assert wo.number not in waiting  # with the designer until it is submitted
    issued = ae_browser.get("/projects/work-orders/?tab=issued").content.decode()
    assert wo.number in issued and unassigned.number in issued
    assert wo.number in designer_browser.get("/projects/work-orders/").content.decode()
    advance(wo, W.SUBMITTED, issuer=ae, assignee=designer)
    assert wo.number in ae_browser.get("/projects/work-orders/").content.decode()
    assert wo.number not in designer_browser.get("/projects/work-orders/").content.decode()
    mine = _browser(creative_manager()).get("/projects/work-orders/").content.decode()
    assert unassigned.number in mine and wo.number not in mine


def test_an_overdue_work_order_is_red_with_the_working_days_it_is_late(ae, designer, project):
    late = issue(ae, project, assignee=designer, days=1)  # due 2026-09-29
    done = advance(
        issue(ae, project, assignee=designer, days=1), W.DONE, issuer=ae, assignee=designer
    )
    browser = _browser(ae)
    with _today(date(2026, 10, 9)):  # Sep 30, Oct 8 and Oct 9 are working days since
        html = browser.get("/projects/work-orders/?tab=all").content.decode()
        overdue = browser.get("/projects/work-orders/?tab=all&overdue=1").content.decode()
    assert "wo-late" in html and "3 working days overdue" in html
    assert late.number in overdue and done.number not in overdue


def test_the_list_filters_by_status_and_department(ae, designer, project, wo):
    other = issue(ae, project, department=project.department)
    browser = _browser(ae)
    accepted = browser.get("/projects/work-orders/?tab=all&status=accepted").content.decode()
    assert wo.number not in accepted and "No work order matches" in accepted
    by_department = browser.get(
        f"/projects/work-orders/?tab=all&department={creative().pk}"
    ).content.decode()
    assert wo.number in by_department and other.number not in by_department
    searched = browser.get("/projects/work-orders/?tab=all&q=GD-2026-0002").content.decode()
    assert other.number in searched and wo.number not in searched


def test_the_empty_waiting_tab_says_what_to_do(outsider):
    html = _browser(outsider).get("/projects/work-orders/").content.decode()
    assert "Nothing is waiting for you" in html


# ---------------------------------------------------------------- query counts


def _grow(ae: User, designer: User, project: Project, n: int, status: str = W.SUBMITTED) -> None:
    for _ in range(n):
        advance(issue(ae, project, assignee=designer), status, issuer=ae, assignee=designer)


@pytest.mark.parametrize(
    "url", ["/projects/work-orders/", "/projects/work-orders/?tab=all&status=open&sort=-number"]
)
def test_the_list_query_count_is_pinned_and_does_not_grow(url, ae, designer, project):
    browser = _browser(ae)
    _grow(ae, designer, project, 3)
    small = _queries(browser, url)
    _grow(ae, designer, project, 27)
    assert _queries(browser, url) == small == LIST_QUERIES


def test_the_list_with_overdue_rows_adds_one_query_for_the_calendar(ae, designer, project):
    browser = _browser(designer)
    _grow(ae, designer, project, 3, W.IN_PROGRESS)
    with _today(date(2026, 10, 20)):
        small = _queries(browser, "/projects/work-orders/?tab=all&overdue=1")
        _grow(ae, designer, project, 27, W.IN_PROGRESS)
        assert _queries(browser, "/projects/work-orders/?tab=all&overdue=1") == small
    assert small == LIST_LATE_QUERIES


def test_the_project_page_query_count_is_pinned_and_does_not_grow(ae, designer, project):
    browser = _browser(ae)
    url = f"/projects/{project.pk}/work-orders/"
    _grow(ae, designer, project, 3)
    small = _queries(browser, url)
    _grow(ae, designer, project, 27)
    assert _queries(browser, url) == small == PROJECT_PAGE_QUERIES


def _rounds(wo: WorkOrder, ae: User, designer: User, n: int) -> None:
    for _ in range(n):
        if wo.status == W.REVISION_REQUESTED:
            services.work_order_resume(actor=designer, work_order=wo)
        services.work_order_submit(actor=designer, work_order=wo, note="稿", files=[upload()])
        services.work_order_record_feedback(
            actor=ae, work_order=wo, outcome="revise", feedback="改"
        )
        wo.refresh_from_db()


@pytest.mark.parametrize("persona", ["ae", "designer"])
def test_the_detail_query_count_is_pinned_and_does_not_grow_with_rounds(
    persona, request, ae, designer, wo
):
    advance(wo, W.IN_PROGRESS, issuer=ae, assignee=designer)
    browser = _browser(request.getfixturevalue(persona))
    _rounds(wo, ae, designer, 3)
    small = _queries(browser, _url(wo))
    _rounds(wo, ae, designer, 27)
    assert wo.rounds.count() == 30
    assert _queries(browser, _url(wo)) == small == DETAIL_QUERIES


def test_the_pages_render_in_chinese_by_default(ae, wo, project):
    browser = Browser()
    browser.force_login(ae)  # language zh-hans
    for url in ("/projects/work-orders/", f"/projects/{project.pk}/work-orders/", _url(wo)):
        assert browser.get(url).status_code == 200, url
    assert (
        f"{wo.due_on.year}年{wo.due_on.month}月{wo.due_on.day}日"
        in browser.get(_url(wo)).content.decode()
    )
