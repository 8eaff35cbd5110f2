"""Creative meeting pages: a project's meetings, one meeting, and the managers' queue."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.pagination import paginate
from servicebook.core.workdays import next_working_day
from servicebook.delivery.forms.meetings import (
    MeetingCancelForm,
    MeetingMinutesForm,
    MeetingRequestForm,
    MeetingScheduleForm,
)
from servicebook.delivery.models import CreativeMeeting, CreativeMeetingStatus
from servicebook.delivery.permissions import meetings as can
from servicebook.delivery.selectors import meetings as selectors
from servicebook.delivery.services.meetings import (
    creative_meeting_cancel,
    creative_meeting_record,
    creative_meeting_request,
    creative_meeting_schedule,
)
from servicebook.projects.models import Project

MEETING_HOUR = time(10)  # the time offered when a meeting is first called


def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    """Across projects: meetings to call (managers), minutes to record, meetings to come."""
    user = request.user
    to_schedule = list(selectors.meetings_to_schedule(user))
    to_minute = list(selectors.meetings_to_minute(user))
    upcoming = list(selectors.upcoming_meetings(user))
    selectors.mark_off_days([*to_minute, *upcoming])
    context = {
        "to_schedule": to_schedule,
        "to_minute": to_minute,
        "upcoming": upcoming,
        "is_manager": user.is_manager,
    }
    return render(request, "delivery/meeting_list.html", context)


def project_meetings(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One project's creative meetings, and the form to ask for one."""
    return _list_page(request, selectors.delivery_project(request.user, pk))


@require_POST
def meeting_request_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The project lead (or a manager) asks for a creative meeting."""
    project = selectors.delivery_project(request.user, pk)
    if not can.may_request_meetings(request.user, project):
        raise PermissionDenied
    form = MeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            meeting = creative_meeting_request(
                actor=request.user, project=project, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, gettext("Creative meeting requested: the department manager is told.")
            )
            return redirect("delivery:meeting", project.pk, meeting.pk)
    return _list_page(request, project, form=form, status=400)


def meeting_detail(request: AuthenticatedRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """One meeting: its record, and the forms open to this person."""
    return _detail_page(request, selectors.meeting_detail(request.user, pk, meeting_pk))


@require_POST
def meeting_schedule_view(request: AuthenticatedRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """The department manager calls (or moves) the meeting."""
    meeting = selectors.meeting_detail(request.user, pk, meeting_pk)
    if not can.may_call_meetings(request.user, meeting.project):
        raise PermissionDenied
    form = MeetingScheduleForm(request.POST)
    if form.is_valid():
        try:
            creative_meeting_schedule(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Meeting called: the attendees are told."))
            return redirect("delivery:meeting", pk, meeting.pk)
    return _detail_page(request, meeting, forms_={"schedule": form}, status=400)


@require_POST
def meeting_record_view(request: AuthenticatedRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """The minutes: who came, the ideas and the decision."""
    meeting = selectors.meeting_detail(request.user, pk, meeting_pk)
    if not can.may_minute_meetings(request.user, meeting.project):
        raise PermissionDenied
    form = MeetingMinutesForm(request.POST, invited=_invited(meeting))
    if form.is_valid():
        try:
            creative_meeting_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Minutes recorded."))
            return redirect("delivery:meeting", pk, meeting.pk)
    return _detail_page(request, meeting, forms_={"minutes": form}, status=400)


@require_POST
def meeting_cancel_view(request: AuthenticatedRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Call the meeting off, with a reason."""
    meeting = selectors.meeting_detail(request.user, pk, meeting_pk)
    if not can.may_cancel_meeting(request.user, meeting):
        raise PermissionDenied
    form = MeetingCancelForm(request.POST)
    if form.is_valid():
        try:
            creative_meeting_cancel(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("Meeting cancelled."))
            return redirect("delivery:meeting", pk, meeting.pk)
    return _detail_page(request, meeting, forms_={"cancel": form}, status=400)


def _list_page(
    request: AuthenticatedRequest,
    project: Project,
    *,
    form: MeetingRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_request = can.can_request_meeting(request.user, project)
    page = paginate(request, selectors.project_meetings(project))
    selectors.mark_off_days(page.object_list)
    context = {
        "project": project,
        "page": page,
        "request_form": (form or MeetingRequestForm()) if may_request else None,
    }
    return render(request, "delivery/meetings.html", context, status=status)


def _detail_page(
    request: AuthenticatedRequest,
    meeting: CreativeMeeting,
    *,
    forms_: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user, given = request.user, forms_ or {}
    selectors.mark_off_days([meeting])
    context: dict[str, Any] = {
        "meeting": meeting,
        "project": meeting.project,
        "may_open_project": selectors.may_open_project(user, meeting.project),
        "schedule_form": None,
        "minutes_form": None,
        "cancel_form": None,
        "minutes_later": False,
    }
    if can.can_schedule_meeting(user, meeting):
        context["schedule_form"] = given.get("schedule") or _schedule_form(meeting)
    if can.can_record_meeting(user, meeting, timezone.now()):
        context["minutes_form"] = given.get("minutes") or MeetingMinutesForm(
            invited=_invited(meeting), initial={"attendees": _invited(meeting)}
        )
    elif meeting.status == CreativeMeetingStatus.SCHEDULED:
        context["minutes_later"] = can.may_minute_meetings(user, meeting.project)
    if can.can_cancel_meeting(user, meeting):
        context["cancel_form"] = given.get("cancel") or MeetingCancelForm()
    return render(request, "delivery/meeting.html", context, status=status)


def _schedule_form(meeting: CreativeMeeting) -> MeetingScheduleForm:
    """Filled with the current time and place; else the next working day at ten, and the
    project's people to invite."""
    if meeting.scheduled_for is not None:
        when = timezone.localtime(meeting.scheduled_for)
    else:
        day = next_working_day(timezone.localdate() + timedelta(days=1))
        when = datetime.combine(day, MEETING_HOUR)
    initial = {
        "scheduled_for": when.strftime("%Y-%m-%dT%H:%M"),
        "location": meeting.location,
        "attendees": selectors.default_attendees(meeting),
    }
    return MeetingScheduleForm(initial=initial)


def _invited(meeting: CreativeMeeting) -> list[int]:
    return [person.pk for person in meeting.attendees.all()]
