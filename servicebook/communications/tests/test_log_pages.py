"""Service-log pages: a project's logs with late and missing periods, one log (a form for the
lead while it is a draft), sending and acknowledgement through the pages, the managers'
overview; who sees what (a hidden project or log is a 404), bad input, and query counts
that do not grow with the data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from servicebook.accounts.models import User
from servicebook.clients.tests.helpers import register
from servicebook.communications.models import LogKind, LogStatus, ServiceLog
from servicebook.communications.services.logs import (
    service_log_draft,
    service_log_mark_sent,
)
from servicebook.communications.tests.test_log_setup import (
    TODAY,
    WEEK_START,
    a_plan,
    at,
    fixed_clock,
    grow,
    seed_week,
)
from servicebook.projects.models import Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

WEEKLY, MONTHLY = LogKind.WEEKLY, LogKind.MONTHLY
# Every page: session, user, job roles, managed departments, the top bar's department and
# unread count (6). The project's logs: + project, plan start, logs, calendar (10).
LOGS_QUERIES = 10
# One log: + log with project and people, calendar, history (9).
LOG_QUERIES = 10  # + the issued copies of the log
# The overview (a manager): + page count, page rows, the plans' starts, the logs, calendar,
# and the department filter (12).
OVERVIEW_QUERIES = 12
HIDDEN = ["outsider", "other_ae", "ka_manager"]


@pytest.fixture(autouse=True)
def _english_on_a_fixed_day() -> Iterator[None]:
    with translation.override("en"), fixed_clock(TODAY):
        yield


def _browser(user: User) -> Browser:
    User.objects.filter(pk=user.pk).update(language="en")
    browser = Browser()
    browser.force_login(user)
    return browser


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def project(ae: User, gm: User, designer: User) -> Project:
    """A Marketing project led by ``ae``, ``designer`` on the team, planned from 2026-09-28."""
    project = project_for(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    a_plan(project, date(2026, 9, 28))
    return project


@pytest.fixture
def log(project: Project, ae: User) -> ServiceLog:
    return service_log_draft(actor=ae, project=project, kind=WEEKLY, period_start=WEEK_START)


def _logs(project: Project) -> str:
    return f"/projects/{project.pk}/logs/"


def _log(log: ServiceLog, suffix: str = "") -> str:
    return f"/projects/{log.project_id}/logs/{log.pk}/{suffix}"


# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize("persona", HIDDEN)
def test_someone_who_cannot_see_the_project_gets_404_everywhere(request, persona, project, log):
    browser = _browser(request.getfixturevalue(persona))
    assert browser.get(_logs(project)).status_code == 404
    assert browser.get(_log(log)).status_code == 404
    posts = {
        f"{_logs(project)}draft/": {"kind": WEEKLY, "period_start": "2026-10-05"},
        _log(log, "edit/"): {"work_done": "改"},
        _log(log, "redraft/"): {},
        _log(log, "sent/"): {"via": "fax"},
        _log(log, "acknowledge/"): {"acknowledged_by": "王经理"},
    }
    for url, data in posts.items():
        assert browser.post(url, data).status_code == 404, url
    log.refresh_from_db()
    assert log.status == LogStatus.DRAFT and ServiceLog.objects.count() == 1


def test_a_log_of_another_project_is_404_under_this_one(project, ae, log):
    other = project_for(ae)
    assert _browser(ae).get(f"/projects/{other.pk}/logs/{log.pk}/").status_code == 404


def test_a_team_member_reads_the_logs_but_may_not_draft_edit_or_send(project, designer, log):
    browser = _browser(designer)
    page = browser.get(_logs(project)).content.decode()
    assert "Draft last week" not in page and "Draft it" not in page
    assert "The project lead and the department manager draft and send" in page
    detail = browser.get(_log(log)).content.decode()
    assert "<textarea" not in detail and "Record as sent" not in detail
    assert log.next_plan.splitlines()[0] in detail
    draft = {"kind": WEEKLY, "period_start": "2026-10-05"}
    assert browser.post(f"{_logs(project)}draft/", draft).status_code == 403
    assert browser.post(_log(log, "edit/"), {"work_done": "改"}).status_code == 403
    assert browser.post(_log(log, "redraft/")).status_code == 403
    assert browser.post(_log(log, "sent/"), {"via": "fax"}).status_code == 403
    assert ServiceLog.objects.count() == 1
    log.refresh_from_db()
    assert log.status == LogStatus.DRAFT and log.work_done != "改"


# ---------------------------------------------------------------- a project's logs


def test_the_logs_page_flags_missing_periods_in_working_days(project, ae):
    page = _browser(ae).get(_logs(project)).content.decode()
    # Week 40 (09-28 … 10-04) was due 10-08: nine working days ago, the make-up 10-10 counted.
    assert "2026-10-08" in page and "9 working days late" in page
    assert "Missing" in page
    # September's monthly log was due on the make-up Saturday 10-10.
    assert "2026-10-10" in page and "7 working days late" in page
    assert "4 logs are late or missing." in page


def test_the_lead_drafts_last_weeks_log_with_one_click_and_lands_on_it(project, ae, designer):
    seed_week(project, ae, designer)
    browser = _browser(ae)
    page = browser.get(_logs(project)).content.decode()
    assert "Draft last week&#x27;s log" in page and "Draft this month&#x27;s log" in page
    response = browser.post(
        f"{_logs(project)}draft/", {"kind": WEEKLY, "period_start": "2026-10-12"}
    )
    log = ServiceLog.objects.get(project=project)
    assert response.status_code == 302 and response["Location"] == _log(log)
    detail = browser.get(_log(log)).content.decode()
    assert "<textarea" in detail and "Questionnaire design" in detail
    assert "Due 2026-10-19 and not sent yet: 1 working day late." in detail
    assert "Draft last week&#x27;s log" not in browser.get(_logs(project)).content.decode()


def test_the_department_manager_drafts_for_the_lead(project, mkt_manager):
    response = _browser(mkt_manager).post(
        f"{_logs(project)}draft/", {"kind": MONTHLY, "period_start": "2026-09-01"}
    )
    assert response.status_code == 302
    log = ServiceLog.objects.get(project=project)
    assert (log.kind, log.due_on, log.drafted_by) == (MONTHLY, date(2026, 10, 10), mkt_manager)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": WEEKLY, "period_start": "not a date"}, "Enter a valid date."),
        ({"kind": "daily", "period_start": "2026-10-12"}, "Select a valid choice."),
        ({"kind": WEEKLY, "period_start": "2026-11-02"}, "This period has not begun yet"),
    ],
)
def test_a_bad_draft_request_shows_why_and_drafts_nothing(project, ae, data, message):
    response = _browser(ae).post(f"{_logs(project)}draft/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ServiceLog.objects.exists()


def test_drafting_a_period_twice_says_it_is_drafted_already(project, ae, log):
    response = _browser(ae).post(
        f"{_logs(project)}draft/", {"kind": WEEKLY, "period_start": "2026-10-14"}
    )
    assert response.status_code == 400 and "drafted already" in response.content.decode()
    assert ServiceLog.objects.count() == 1


def test_a_project_without_a_plan_says_when_logs_are_owed(ae):
    bare = project_for(ae)
    page = _browser(ae).get(_logs(bare)).content.decode()
    assert "This project has no plan yet" in page
    assert "Draft this week&#x27;s log" in page  # still possible by hand


# ---------------------------------------------------------------- one log


def test_the_lead_edits_a_draft_from_the_page(ae, log):
    response = _browser(ae).post(
        _log(log, "edit/"),
        {
            "work_done": "本周完成问卷设计",
            "communications": "电话两次",
            "client_requests": "",
            "awaiting_confirmation": "",
            "next_plan": "下周调研执行",
        },
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.work_done, log.client_requests, log.next_plan) == (
        "本周完成问卷设计",
        "",
        "下周调研执行",
    )


def test_an_edit_too_long_keeps_what_was_typed_and_changes_nothing(ae, log):
    before = log.work_done
    response = _browser(ae).post(
        _log(log, "edit/"), {"work_done": "x" * 10001, "next_plan": "保留我输入的内容"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was changed" in page and "保留我输入的内容" in page
    log.refresh_from_db()
    assert log.work_done == before


def test_the_lead_redrafts_a_draft_from_the_page(project, ae, designer, log):
    seed_week(project, ae, designer)
    assert _browser(ae).post(_log(log, "redraft/")).status_code == 302
    log.refresh_from_db()
    assert "Questionnaire design" in log.work_done and ServiceLog.objects.count() == 1


def test_the_lead_records_the_fax_and_then_the_clients_acknowledgement(ae, log):
    browser = _browser(ae)
    response = browser.post(
        _log(log, "sent/"), {"via": "fax", "sent_at": "2026-10-19T16:30", "note": "传真至售楼处"}
    )
    assert response.status_code == 302
    log.refresh_from_db()
    sent_at = at(date(2026, 10, 19), 16) + timedelta(minutes=30)
    assert (log.status, log.sent_via, log.sent_at) == ("sent", "fax", sent_at)
    page = browser.get(_log(log)).content.decode()
    assert "Sent on time" in page and "传真至售楼处" in page and "<textarea" not in page
    response = browser.post(_log(log, "acknowledge/"), {"acknowledged_by": "王经理"})
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.status == LogStatus.ACKNOWLEDGED and log.acknowledged_by == "王经理"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"via": "phone"}, "Select a valid choice."),
        ({"via": "fax", "sent_at": "2026-10-30T09:00"}, "This cannot be in the future."),
        ({"via": "fax", "sent_at": "2026-10-09T09:00"}, "before its period begins"),
    ],
)
def test_bad_sending_details_are_shown_and_the_log_stays_a_draft(ae, log, data, message):
    response = _browser(ae).post(_log(log, "sent/"), data)
    assert response.status_code == 400 and message in response.content.decode()
    log.refresh_from_db()
    assert log.status == LogStatus.DRAFT


def test_an_acknowledgement_needs_the_clients_name(ae, log):
    service_log_mark_sent(actor=ae, log=log, sent_at=at(date(2026, 10, 19), 9))
    response = _browser(ae).post(_log(log, "acknowledge/"), {"acknowledged_by": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    log.refresh_from_db()
    assert log.status == LogStatus.SENT


def test_a_draft_offers_no_acknowledgement_and_a_sent_log_no_sending(ae, log):
    browser = _browser(ae)
    assert "Record the client" not in browser.get(_log(log)).content.decode()
    refused = browser.post(_log(log, "acknowledge/"), {"acknowledged_by": "王"})
    assert refused.status_code == 400
    assert "Cannot move from “Draft” to “Acknowledged by the client”." in refused.content.decode()
    service_log_mark_sent(actor=ae, log=log, sent_at=at(date(2026, 10, 19), 9))
    page = browser.get(_log(log)).content.decode()
    assert "Record as sent" not in page and "Record the client" in page


# ---------------------------------------------------------------- the managers' overview


@pytest.mark.parametrize("persona", ["ae", "designer", "outsider"])
def test_the_overview_is_for_managers_only(request, persona):
    assert _browser(request.getfixturevalue(persona)).get("/projects/logs/").status_code == 404


def test_the_department_manager_sees_their_projects_flagged(project, ae, mkt_manager, log):
    with fixed_clock(date(2026, 10, 21)):
        service_log_mark_sent(actor=ae, log=log, sent_at=at(date(2026, 10, 21), 9))
    page = _browser(mkt_manager).get("/projects/logs/").content.decode()
    assert project.code in page
    assert "Sent late" in page and "2 working days late" in page  # week 42, due 10-19
    assert "Missing" in page  # weeks 40 and 41, September


def test_another_departments_manager_does_not_see_the_project(project, ka_manager):
    assert project.code not in _browser(ka_manager).get("/projects/logs/").content.decode()


def test_the_gm_sees_every_department_and_may_filter(project, ae, gm):
    key_client = register(ae, client_type="key")
    ka_project = project_for(ae, client=key_client)
    assert ka_project.department_id != project.department_id
    browser = _browser(gm)
    page = browser.get("/projects/logs/").content.decode()
    assert project.code in page and ka_project.code in page
    narrowed = browser.get(f"/projects/logs/?department={project.department_id}").content.decode()
    assert project.code in narrowed and ka_project.code not in narrowed


def test_the_overview_search_swaps_only_the_results(project, mkt_manager):
    response = _browser(mkt_manager).get(
        f"/projects/logs/?q={project.code}", HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200 and project.code in page and "<html" not in page


def test_a_project_without_a_plan_owes_no_logs_on_the_overview(ae, mkt_manager):
    bare = project_for(ae)
    page = _browser(mkt_manager).get("/projects/logs/").content.decode()
    assert bare.code in page and "Missing" not in page


# ---------------------------------------------------------------- queries


def _logs_for(project: Project, count: int) -> None:
    """``count`` weekly logs, one per week back from last week (rows; dates do not matter)."""
    monday = WEEK_START
    for _n in range(count):
        ServiceLog.objects.create(
            project=project,
            kind=WEEKLY,
            period_start=monday,
            period_end=monday + timedelta(days=6),
            due_on=monday + timedelta(days=7),
            work_done="—",
        )
        monday -= timedelta(days=7)


def _planned_project(ae: User, start: date) -> Project:
    project = project_for(ae)
    a_plan(project, start)
    return project


def test_the_logs_page_costs_the_same_with_3_or_30_logs(ae):
    small, large = _planned_project(ae, date(2026, 3, 2)), _planned_project(ae, date(2026, 3, 2))
    _logs_for(small, 3)
    _logs_for(large, 30)
    browser = _browser(ae)
    assert _queries(browser, _logs(small)) == LOGS_QUERIES
    assert _queries(browser, _logs(large)) == LOGS_QUERIES


def test_the_log_page_costs_the_same_for_a_small_and_a_large_week(ae, designer, mkt_manager):
    small, large = _planned_project(ae, WEEK_START), _planned_project(ae, WEEK_START)
    seed_week(small, ae, designer)
    seed_week(large, ae, designer)
    grow(large, ae, designer, 30)
    logs = [
        service_log_draft(actor=ae, project=p, kind=WEEKLY, period_start=WEEK_START)
        for p in (small, large)
    ]
    service_log_mark_sent(actor=ae, log=logs[1], sent_at=at(date(2026, 10, 19), 9))
    browser = _browser(ae)
    assert _queries(browser, _log(logs[0])) == LOG_QUERIES
    assert _queries(browser, _log(logs[1])) == LOG_QUERIES


def test_the_overview_costs_the_same_with_3_or_30_logs_and_more_projects(ae, mkt_manager):
    first = _planned_project(ae, date(2026, 3, 2))
    _logs_for(first, 3)
    browser = _browser(mkt_manager)
    assert _queries(browser, "/projects/logs/") == OVERVIEW_QUERIES
    for _n in range(4):
        _logs_for(_planned_project(ae, date(2026, 3, 2)), 30)
    assert _queries(browser, "/projects/logs/") == OVERVIEW_QUERIES
