"""Creative meetings (创意会): who asks, who calls, who minutes, and every rule tried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from servicebook.accounts.models import Notification, NotificationKind, User
from servicebook.accounts.tests.factories import UserFactory
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.delivery.models import CreativeMeeting, CreativeMeetingStatus
from servicebook.delivery.permissions import meetings as can
from servicebook.delivery.services.meetings import (
    creative_meeting_cancel,
    creative_meeting_record,
    creative_meeting_request,
    creative_meeting_schedule,
)
from servicebook.delivery.workflows import CREATIVE_MEETING_WORKFLOW
from servicebook.projects.models import Project
from servicebook.projects.services import team_member_add
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db
M = CreativeMeetingStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def project(ae, gm, designer) -> Project:
    """A Marketing Business project led by ``ae``, with ``designer`` on the team."""
    project = project_for(ae)
    team_member_add(actor=gm, project=project, user=designer, role="designer", is_backup=False)
    return project


@pytest.fixture
def requested(project, ae) -> CreativeMeeting:
    return creative_meeting_request(
        actor=ae, project=project, topic="开盘推广创意", purpose="定下开盘主题"
    )


def _soon(hours: int = 48):
    return timezone.now() + timedelta(hours=hours)


def _schedule(meeting, actor, people, when=None) -> CreativeMeeting:
    return creative_meeting_schedule(
        actor=actor,
        meeting=meeting,
        scheduled_for=when or _soon(),
        location="三楼会议室",
        attendees=people,
    )


def _in_the_past(meeting: CreativeMeeting, hours: int = 2) -> None:
    """TEST SETUP: the meeting's time has come (the service refuses past times)."""
    CreativeMeeting.objects.filter(pk=meeting.pk).update(
        scheduled_for=timezone.now() - timedelta(hours=hours)
    )
    meeting.refresh_from_db()


def _unchanged(meeting: CreativeMeeting) -> dict:
    row = CreativeMeeting.objects.get(pk=meeting.pk)
    people = sorted(row.attendees.values_list("pk", flat=True))
    return {"status": row.status, "time": row.scheduled_for, "people": people, "row": row}


# ---------------------------------------------------------------- the transition table


@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        (M.REQUESTED, M.SCHEDULED, True),
        (M.SCHEDULED, M.HELD, True),
        (M.REQUESTED, M.CANCELLED, True),
        (M.SCHEDULED, M.CANCELLED, True),
        (M.REQUESTED, M.HELD, False),
        (M.HELD, M.CANCELLED, False),
        (M.HELD, M.SCHEDULED, False),
        (M.CANCELLED, M.SCHEDULED, False),
        (M.CANCELLED, M.REQUESTED, False),
    ],
)
def test_the_meeting_workflow_allows_exactly_its_moves(source, target, allowed):
    assert CREATIVE_MEETING_WORKFLOW.allows(source, target) is allowed


# ---------------------------------------------------------------- asking for a meeting


def test_the_lead_asks_and_the_department_manager_is_told_after_commit(
    project, ae, mkt_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = creative_meeting_request(
            actor=ae, project=project, topic="  开盘推广创意 ", purpose="定下开盘主题"
        )
    assert meeting.status == M.REQUESTED and meeting.topic == "开盘推广创意"
    assert meeting.requested_by == ae
    [note] = Notification.objects.filter(recipient=mkt_manager)
    assert note.kind == NotificationKind.MEETING_REQUESTED
    assert note.url == f"/projects/{project.pk}/meetings/{meeting.pk}/"
    assert "Ae1" in note.text and project.code in note.text and "开盘推广创意" in note.text


def test_a_manager_who_asks_is_not_told_of_their_own_request(
    project, mkt_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        creative_meeting_request(actor=mkt_manager, project=project, topic="提案创意")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("persona", ["designer", "other_ae", "ka_manager", "outsider"])
def test_only_the_lead_or_a_manager_asks_for_a_meeting(persona, request, project):
    with pytest.raises(PermissionDenied):
        creative_meeting_request(
            actor=request.getfixturevalue(persona), project=project, topic="提案创意"
        )
    assert not CreativeMeeting.objects.exists()


def test_a_request_needs_a_topic_and_changes_nothing_without_one(project, ae):
    with pytest.raises(DomainError) as caught:
        creative_meeting_request(actor=ae, project=project, topic="   ", purpose="x")
    assert caught.value.field == "topic"
    assert not CreativeMeeting.objects.exists()


def test_a_closed_project_takes_no_new_meeting(project, ae):
    Project.objects.filter(pk=project.pk).update(status="closed")
    with pytest.raises(DomainError, match="closed"):
        creative_meeting_request(actor=ae, project=project, topic="提案创意")
    assert not CreativeMeeting.objects.exists()


# ---------------------------------------------------------------- calling it


def test_the_department_manager_calls_it_and_the_attendees_are_told(
    requested, ae, designer, mkt_manager, django_capture_on_commit_callbacks
):
    when = _soon()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _schedule(requested, mkt_manager, [ae, designer, mkt_manager], when)
    meeting.refresh_from_db()
    assert meeting.status == M.SCHEDULED and meeting.scheduled_for == when
    assert meeting.scheduled_by == mkt_manager and meeting.location == "三楼会议室"
    assert set(meeting.attendees.all()) == {ae, designer, mkt_manager}
    told = Notification.objects.filter(kind=NotificationKind.MEETING_SCHEDULED)
    assert {n.recipient for n in told} == {ae, designer}  # not the manager who called it
    local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    assert local in told[0].text and "三楼会议室" in told[0].text


def test_the_gm_may_call_a_meeting_too(requested, gm, ae, designer):
    assert _schedule(requested, gm, [ae, designer]).status == M.SCHEDULED


@pytest.mark.parametrize("persona", ["ae", "designer", "ka_manager", "outsider"])
def test_nobody_but_the_department_manager_or_gm_calls_a_meeting(
    persona, request, requested, ae, designer
):
    with pytest.raises(PermissionDenied):
        _schedule(requested, request.getfixturevalue(persona), [ae, designer])
    assert _unchanged(requested)["status"] == M.REQUESTED


def test_a_meeting_cannot_be_called_for_a_time_already_past(requested, mkt_manager, ae, designer):
    with pytest.raises(DomainError) as caught:
        _schedule(requested, mkt_manager, [ae, designer], timezone.now() - timedelta(minutes=5))
    assert caught.value.field == "scheduled_for"
    assert _unchanged(requested) | {"row": None} == {
        "status": M.REQUESTED,
        "time": None,
        "people": [],
        "row": None,
    }


def test_a_meeting_needs_two_attendees_counted_once(requested, mkt_manager, ae):
    with pytest.raises(DomainError) as caught:
        _schedule(requested, mkt_manager, [ae, ae])
    assert caught.value.field == "attendees"
    assert _unchanged(requested)["status"] == M.REQUESTED


def test_only_active_staff_can_be_invited(requested, mkt_manager, ae):
    gone = UserFactory(username="gone", is_active=False)
    with pytest.raises(DomainError, match="active staff"):
        _schedule(requested, mkt_manager, [ae, gone])
    assert _unchanged(requested)["people"] == []


def test_a_called_meeting_can_be_moved_and_the_new_attendees_are_told(
    requested, mkt_manager, ae, designer, other_ae, django_capture_on_commit_callbacks
):
    _schedule(requested, mkt_manager, [ae, designer])
    later = _soon(96)
    with django_capture_on_commit_callbacks(execute=True):
        moved = _schedule(requested, mkt_manager, [ae, other_ae], later)
    moved.refresh_from_db()
    assert moved.status == M.SCHEDULED and moved.scheduled_for == later
    assert set(moved.attendees.all()) == {ae, other_ae}
    assert Notification.objects.filter(recipient=other_ae).exists()


@pytest.mark.parametrize("end", [M.HELD, M.CANCELLED])
def test_a_held_or_cancelled_meeting_cannot_be_called_again(
    end, requested, mkt_manager, ae, designer
):
    _schedule(requested, mkt_manager, [ae, designer])
    if end == M.HELD:
        _in_the_past(requested)
        creative_meeting_record(
            actor=ae, meeting=requested, attendees=[ae, designer], ideas="", decision="定稿"
        )
    else:
        creative_meeting_cancel(actor=ae, meeting=requested, reason="客户推迟")
    with pytest.raises(DomainError, match="Cannot move"):
        _schedule(requested, mkt_manager, [ae, designer])
    assert _unchanged(requested)["status"] == end


# ---------------------------------------------------------------- the minutes


@pytest.fixture
def called(requested, mkt_manager, ae, designer) -> CreativeMeeting:
    return _schedule(requested, mkt_manager, [ae, designer, mkt_manager])


def test_the_lead_records_the_minutes_once_the_meeting_has_taken_place(called, ae, designer):
    _in_the_past(called)
    held = creative_meeting_record(
        actor=ae, meeting=called, attendees=[ae, designer], ideas="三个方向", decision=" 用方向二 "
    )
    held.refresh_from_db()
    assert held.status == M.HELD and held.decision == "用方向二" and held.ideas == "三个方向"
    assert held.recorded_by == ae and held.recorded_at is not None
    assert set(held.attendees.all()) == {ae, designer}


def test_the_minutes_wait_until_the_meeting_time_has_come(called, ae, designer):
    with pytest.raises(DomainError, match="not taken place"):
        creative_meeting_record(
            actor=ae, meeting=called, attendees=[ae, designer], ideas="", decision="用方向二"
        )
    assert _unchanged(called)["status"] == M.SCHEDULED


def test_the_minutes_need_a_decision(called, ae, designer):
    _in_the_past(called)
    with pytest.raises(DomainError) as caught:
        creative_meeting_record(
            actor=ae, meeting=called, attendees=[ae, designer], ideas="三个方向", decision=" "
        )
    assert caught.value.field == "decision"
    row = _unchanged(called)["row"]
    assert row.status == M.SCHEDULED and row.ideas == "" and row.recorded_by is None


@pytest.mark.parametrize("persona", ["designer", "other_ae", "ka_manager", "outsider"])
def test_only_the_manager_gm_or_lead_records_minutes(persona, request, called, ae, designer):
    _in_the_past(called)
    with pytest.raises(PermissionDenied):
        creative_meeting_record(
            actor=request.getfixturevalue(persona),
            meeting=called,
            attendees=[ae, designer],
            ideas="",
            decision="用方向二",
        )
    assert _unchanged(called)["status"] == M.SCHEDULED


def test_a_meeting_never_called_has_no_minutes(requested, ae, designer):
    with pytest.raises(DomainError, match="Cannot move"):
        creative_meeting_record(
            actor=ae, meeting=requested, attendees=[ae, designer], ideas="", decision="x"
        )


# ---------------------------------------------------------------- cancelling


def test_whoever_asked_may_withdraw_a_request_with_a_reason(requested, ae):
    cancelled = creative_meeting_cancel(actor=ae, meeting=requested, reason=" 客户推迟提案 ")
    cancelled.refresh_from_db()
    assert cancelled.status == M.CANCELLED and cancelled.cancel_reason == "客户推迟提案"


def test_cancelling_a_called_meeting_tells_its_attendees(
    called, mkt_manager, ae, designer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        creative_meeting_cancel(actor=mkt_manager, meeting=called, reason="客户推迟提案")
    told = Notification.objects.filter(kind=NotificationKind.MEETING_CANCELLED)
    assert {n.recipient for n in told} == {ae, designer}
    assert "客户推迟提案" in told[0].text


def test_a_cancellation_needs_a_reason(requested, ae):
    with pytest.raises(DomainError) as caught:
        creative_meeting_cancel(actor=ae, meeting=requested, reason="")
    assert caught.value.field == "reason"
    assert _unchanged(requested)["status"] == M.REQUESTED


@pytest.mark.parametrize("persona", ["designer", "other_ae", "ka_manager", "outsider"])
def test_someone_unconcerned_cannot_cancel(persona, request, requested):
    with pytest.raises(PermissionDenied):
        creative_meeting_cancel(
            actor=request.getfixturevalue(persona), meeting=requested, reason="不需要了"
        )
    assert _unchanged(requested)["status"] == M.REQUESTED


def test_a_held_meeting_cannot_be_cancelled(called, ae, designer, mkt_manager):
    _in_the_past(called)
    creative_meeting_record(
        actor=ae, meeting=called, attendees=[ae, designer], ideas="", decision="用方向二"
    )
    with pytest.raises(DomainError, match="Cannot move"):
        creative_meeting_cancel(actor=mkt_manager, meeting=called, reason="太晚了")
    assert _unchanged(called)["status"] == M.HELD


# ---------------------------------------------------------------- the permission matrix


PERSONAS = ["gm", "mkt_manager", "ae", "designer", "ka_manager", "outsider"]
#             gm     mkt_mgr ae(lead) designer ka_mgr outsider
MATRIX = {
    "request": [True, True, True, False, False, False],
    "call": [True, True, False, False, False, False],
    "minute": [True, True, True, False, False, False],
    "cancel": [True, True, True, False, False, False],
}


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_the_permission_matrix_of_creative_meetings(action, request, requested):
    people: list[User] = [request.getfixturevalue(p) for p in PERSONAS]
    project = requested.project
    checks = {
        "request": lambda u: can.may_request_meetings(u, project),
        "call": lambda u: can.may_call_meetings(u, project),
        "minute": lambda u: can.may_minute_meetings(u, project),
        "cancel": lambda u: can.may_cancel_meeting(u, requested),
    }
    assert [checks[action](person) for person in people] == MATRIX[action]


def test_a_page_offers_each_action_only_in_the_right_state(requested, mkt_manager, ae, designer):
    now = timezone.now()
    assert can.can_schedule_meeting(mkt_manager, requested)
    assert not can.can_record_meeting(ae, requested, now)
    called = _schedule(requested, mkt_manager, [ae, designer])
    assert not can.can_record_meeting(ae, called, now)  # not yet
    assert can.can_record_meeting(ae, called, called.scheduled_for + timedelta(minutes=1))
    assert can.can_cancel_meeting(ae, called)
    called.status = M.HELD
    assert not can.can_cancel_meeting(ae, called)
    assert not can.can_schedule_meeting(mkt_manager, called)
