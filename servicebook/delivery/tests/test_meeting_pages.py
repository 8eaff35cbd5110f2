"""Creative meeting pages: who sees them, the forms each person gets, and query counts."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.core.workdays import is_working_day
from servicebook.delivery.models import CreativeMeeting, CreativeMeetingStatus
from servicebook.delivery.services.meetings import (
    creative_meeting_request,
    creative_meeting_schedule,
)
from servicebook.projects.models import Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db
M = CreativeMeetingStatus

# session, user, job roles, managed departments, project, meetings count, page ids + rows,
# attendees, the meeting days' calendar, notifications, the top bar's department.
PROJECT_MEETINGS_QUERIES = 11
# session, user, job roles, managed departments, to call, to minute, coming, the calendar,
# notifications, the top bar's department.
MEETING_LIST_QUERIES = 10
# session, user, job roles, managed departments, meeting, attendees, the calendar, may open
# the project, the top bar's department, notifications, the staff to tick in the form.
MEETING_PAGE_QUERIES = 11


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
def project(ae, gm, designer) -> Project:
    project = project_for(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    return project


@pytest.fixture
def meeting(project, ae) -> CreativeMeeting:
    return creative_meeting_request(actor=ae, project=project, topic="开盘推广创意")


def _call(meeting, manager, people, hours=48) -> CreativeMeeting:
    return creative_meeting_schedule(
        actor=manager,
        meeting=meeting,
        scheduled_for=timezone.now() + timedelta(hours=hours),
        location="三楼会议室",
        attendees=people,
    )


def _url(meeting: CreativeMeeting, action: str = "") -> str:
    return f"/projects/{meeting.project_id}/meetings/{meeting.pk}/{action}"


# ---------------------------------------------------------------- visibility


@pytest.mark.parametrize("persona", ["outsider", "ka_manager", "other_ae"])
def test_someone_who_cannot_see_the_project_gets_404_everywhere(persona, request, meeting):
    browser = _browser(request.getfixturevalue(persona))
    pk = meeting.project_id
    assert browser.get(f"/projects/{pk}/meetings/").status_code == 404
    assert browser.get(_url(meeting)).status_code == 404
    assert browser.post(f"/projects/{pk}/meetings/request/", {"topic": "x"}).status_code == 404
    for action in ("schedule/", "minutes/", "cancel/"):
        assert browser.post(_url(meeting, action), {"reason": "x"}).status_code == 404
    assert meeting.topic not in browser.get("/projects/meetings/").content.decode()


@pytest.mark.parametrize("persona", ["gm", "mkt_manager", "ae", "designer"])
def test_the_managers_the_lead_and_the_team_see_the_meetings(persona, request, meeting):
    browser = _browser(request.getfixturevalue(persona))
    listing = browser.get(f"/projects/{meeting.project_id}/meetings/")
    assert listing.status_code == 200 and "开盘推广创意" in listing.content.decode()
    assert browser.get(_url(meeting)).status_code == 200


def test_a_team_member_sees_no_form_and_may_not_post(meeting, designer):
    browser = _browser(designer)
    page = browser.get(_url(meeting))
    assert page.context["schedule_form"] is None and page.context["cancel_form"] is None
    assert browser.get(f"/projects/{meeting.project_id}/meetings/").context["request_form"] is None
    response = browser.post(f"/projects/{meeting.project_id}/meetings/request/", {"topic": "x"})
    assert response.status_code == 403
    assert browser.post(_url(meeting, "cancel/"), {"reason": "x"}).status_code == 403
    assert CreativeMeeting.objects.count() == 1


def test_an_invited_colleague_from_outside_the_team_sees_the_meeting_not_the_project(
    meeting, mkt_manager, ae, outsider
):
    _call(meeting, mkt_manager, [ae, outsider])
    browser = _browser(outsider)
    page = browser.get(_url(meeting))
    assert page.status_code == 200 and not page.context["may_open_project"]
    assert f'href="/projects/{meeting.project_id}/"' not in page.content.decode()
    assert browser.get(f"/projects/{meeting.project_id}/meetings/").status_code == 404
    assert "开盘推广创意" in browser.get("/projects/meetings/").content.decode()


# ---------------------------------------------------------------- the forms at work


def test_the_lead_asks_for_a_meeting_from_the_page(project, ae):
    browser = _browser(ae)
    page = browser.get(f"/projects/{project.pk}/meetings/")
    assert page.context["request_form"] is not None
    assert "No creative meeting for this project yet." in page.content.decode()
    response = browser.post(
        f"/projects/{project.pk}/meetings/request/", {"topic": "提案创意", "purpose": "新提案"}
    )
    meeting = CreativeMeeting.objects.get()
    assert response.status_code == 302 and response.url == _url(meeting)
    assert meeting.status == M.REQUESTED and meeting.purpose == "新提案"


def test_a_request_without_topic_shows_the_error_and_saves_nothing(project, ae):
    response = _browser(ae).post(f"/projects/{project.pk}/meetings/request/", {"topic": " "})
    assert response.status_code == 400
    assert response.context["request_form"].errors["topic"]
    assert not CreativeMeeting.objects.exists()


def test_the_manager_calls_the_meeting_from_the_page(meeting, mkt_manager, ae, designer):
    browser = _browser(mkt_manager)
    form = browser.get(_url(meeting)).context["schedule_form"]
    assert set(form.initial["attendees"]) == {ae.pk, designer.pk}  # the lead and the team
    when = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    data = {
        "scheduled_for": when.strftime("%Y-%m-%dT%H:%M"),
        "location": "三楼会议室",
        "attendees": [ae.pk, designer.pk],
    }
    response = browser.post(_url(meeting, "schedule/"), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == M.SCHEDULED and meeting.scheduled_for == when


def test_a_past_time_keeps_what_was_typed_and_changes_nothing(meeting, mkt_manager, ae, designer):
    data = {"scheduled_for": "2020-01-06T10:00", "location": "三楼", "attendees": [ae.pk]}
    response = _browser(mkt_manager).post(_url(meeting, "schedule/"), data)
    assert response.status_code == 400
    form = response.context["schedule_form"]
    assert form.errors["scheduled_for"] == ["The meeting time cannot be in the past."]
    assert 'value="三楼"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == M.REQUESTED and meeting.scheduled_for is None


def test_the_lead_records_the_minutes_once_the_meeting_is_past(meeting, mkt_manager, ae, designer):
    called = _call(meeting, mkt_manager, [ae, designer])
    browser = _browser(ae)
    assert browser.get(_url(called)).context["minutes_later"] is True
    CreativeMeeting.objects.filter(pk=called.pk).update(
        scheduled_for=timezone.now() - timedelta(hours=1)
    )
    page = browser.get(_url(called))
    assert page.context["minutes_form"] is not None and page.context["schedule_form"] is None
    data = {"attendees": [ae.pk, designer.pk], "ideas": "三个方向", "decision": "用方向二"}
    assert browser.post(_url(called, "minutes/"), data).status_code == 302
    called.refresh_from_db()
    assert called.status == M.HELD
    assert "用方向二" in browser.get(_url(called)).content.decode()


def test_cancelling_from_the_page_needs_a_reason(meeting, ae):
    browser = _browser(ae)
    response = browser.post(_url(meeting, "cancel/"), {"reason": ""})
    assert response.status_code == 400
    assert browser.post(_url(meeting, "cancel/"), {"reason": "客户推迟"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == M.CANCELLED
    assert "客户推迟" in browser.get(_url(meeting)).content.decode()


def test_a_meeting_on_a_non_working_day_is_marked(meeting, mkt_manager, ae, designer):
    called = _call(meeting, mkt_manager, [ae, designer])
    day_off = timezone.localdate() + timedelta(days=3)
    while is_working_day(day_off):
        day_off += timedelta(days=1)
    at_ten = datetime.combine(day_off, time(10))
    CreativeMeeting.objects.filter(pk=called.pk).update(scheduled_for=timezone.make_aware(at_ten))
    html = _browser(ae).get(_url(called)).content.decode()
    assert "Non-working day" in html


# ---------------------------------------------------------------- the managers' queue


def test_the_department_manager_sees_what_waits_to_be_called(meeting, mkt_manager, ka_manager):
    page = _browser(mkt_manager).get("/projects/meetings/")
    assert [m.pk for m in page.context["to_schedule"]] == [meeting.pk]
    assert list(_browser(ka_manager).get("/projects/meetings/").context["to_schedule"]) == []


def test_an_attendee_sees_coming_meetings_and_the_lead_the_minutes_to_record(
    meeting, mkt_manager, ae, designer
):
    called = _call(meeting, mkt_manager, [ae, designer])
    page = _browser(designer).get("/projects/meetings/")
    assert [m.pk for m in page.context["upcoming"]] == [called.pk]
    assert page.context["to_minute"] == []
    CreativeMeeting.objects.filter(pk=called.pk).update(
        scheduled_for=timezone.now() - timedelta(minutes=10)
    )
    assert [m.pk for m in _browser(ae).get("/projects/meetings/").context["to_minute"]] == [
        called.pk
    ]


# ---------------------------------------------------------------- query counts


def _many_meetings(project: Project, ae: User, manager: User, people: list[User], n: int) -> None:
    for i in range(n):
        meeting = creative_meeting_request(actor=ae, project=project, topic=f"创意会{i}")
        if i % 2:
            _call(meeting, manager, people, hours=24 * (i + 1))


@pytest.mark.parametrize("n", [3, 30])
def test_the_project_meetings_page_has_a_fixed_number_of_queries(
    n, project, ae, designer, mkt_manager
):
    _many_meetings(project, ae, mkt_manager, [ae, designer, mkt_manager], n)
    browser = _browser(ae)
    assert _queries(browser, f"/projects/{project.pk}/meetings/") == PROJECT_MEETINGS_QUERIES


@pytest.mark.parametrize("n", [3, 30])
def test_the_meeting_list_has_a_fixed_number_of_queries(n, project, ae, designer, mkt_manager):
    _many_meetings(project, ae, mkt_manager, [ae, designer, mkt_manager], n)
    browser = _browser(mkt_manager)
    assert _queries(browser, "/projects/meetings/") == MEETING_LIST_QUERIES


def test_the_meeting_page_has_a_fixed_number_of_queries(meeting, mkt_manager, ae, designer):
    called = _call(meeting, mkt_manager, [ae, designer, mkt_manager])
    browser = _browser(mkt_manager)
    assert _queries(browser, _url(called)) == MEETING_PAGE_QUERIES
