"""Read models of creative meetings for the pages and for "my work".

Who sees a meeting: whoever sees its project (``CreativeMeeting.objects.visible_to``), and
whoever was invited to it — a designer of Creative called to the meeting sees the
meeting (topic, time, minutes) without opening the client file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.core.workdays import WorkingCalendar
from servicebook.delivery.models import CreativeMeeting, CreativeMeetingStatus
from servicebook.projects.models import Project, TeamMember

M = CreativeMeetingStatus
# Open meetings first (the ones asked for, then the coming ones), then the past ones.
_OPEN_FIRST = Case(
    When(status=M.REQUESTED, then=Value(0)),
    When(status=M.SCHEDULED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
_ATTENDEES = Prefetch(
    "attendees", queryset=User.objects.select_related("department").order_by("full_name", "id")
)


def delivery_project(user: User, pk: int) -> Project:
    """One project the user may see, with its department and lead (404 otherwise)."""
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("department", "lead"), pk=pk
    )


def meetings_visible_to(user: User) -> QuerySet[CreativeMeeting]:
    """Meetings of the projects ``user`` sees, and the meetings ``user`` is invited to."""
    if not user.is_authenticated or not user.is_active:
        return CreativeMeeting.objects.none()
    invited = CreativeMeeting.attendees.through.objects.filter(user_id=user.pk)
    return CreativeMeeting.objects.filter(
        Q(project__in=Project.objects.visible_to(user))
        | Q(pk__in=invited.values("creativemeeting_id"))
    )


def project_meetings(project: Project) -> QuerySet[CreativeMeeting]:
    """The project's meetings, open ones first, with people and attendees (paginate it)."""
    return (
        CreativeMeeting.objects.filter(project=project)
        .select_related("requested_by", "scheduled_by")
        .prefetch_related(_ATTENDEES)
        .annotate(open_first=_OPEN_FIRST)
        .order_by("open_first", "scheduled_for", "-requested_at", "-id")
    )


def meeting_detail(user: User, project_pk: int, pk: int) -> CreativeMeeting:
    """One meeting of project ``project_pk`` the user may see (404 otherwise)."""
    meetings = (
        meetings_visible_to(user)
        .select_related(
            "project__department", "project__lead", "requested_by", "scheduled_by", "recorded_by"
        )
        .prefetch_related(_ATTENDEES)
    )
    return get_object_or_404(meetings, project_id=project_pk, pk=pk)


def may_open_project(user: User, project: Project) -> bool:
    """Whether the meeting's project page is open to the user (an invitee may not see it)."""
    return Project.objects.visible_to(user).filter(pk=project.pk).exists()


def default_attendees(meeting: CreativeMeeting) -> list[int]:
    """Who is invited by default: the people already invited, else the lead, the one who
    asked and the team (one query)."""
    invited = [person.pk for person in meeting.attendees.all()]
    if invited:
        return invited
    project = meeting.project
    team = TeamMember.objects.filter(project=project, user__is_active=True)
    ids = [project.lead_id, meeting.requested_by_id, *team.values_list("user_id", flat=True)]
    return list(dict.fromkeys(pk for pk in ids if pk is not None))


# ---------------------------------------------------------------- queues ("my work")


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def _managed(user: User) -> Q:
    """Meetings of the departments ``user`` manages; every department for the GM."""
    if user.is_general_manager:
        return Q()
    return Q(project__department_id__in=list(user.managed_department_ids))


def meetings_to_schedule(user: User) -> QuerySet[CreativeMeeting]:
    """Meetings asked for and waiting for ``user`` to call them (department managers, GM)."""
    if not user.is_manager:
        return CreativeMeeting.objects.none()
    return (
        meetings_visible_to(user)
        .filter(_managed(user), status=M.REQUESTED)
        .select_related("project", "requested_by")
        .order_by("requested_at", "id")
    )


def my_upcoming_meetings(user: User) -> QuerySet[CreativeMeeting]:
    """Called meetings ``user`` is invited to, from today on, soonest first."""
    return (
        CreativeMeeting.objects.filter(
            attendees=user, status=M.SCHEDULED, scheduled_for__gte=_start_of_today()
        )
        .select_related("project")
        .order_by("scheduled_for", "id")
    )


def upcoming_meetings(user: User) -> QuerySet[CreativeMeeting]:
    """Called meetings from today on that ``user`` attends or (as a manager) oversees."""
    invited = CreativeMeeting.attendees.through.objects.filter(user_id=user.pk)
    scope = Q(pk__in=invited.values("creativemeeting_id"))
    if user.is_manager:
        scope |= _managed(user)
    return (
        meetings_visible_to(user)
        .filter(scope, status=M.SCHEDULED, scheduled_for__gte=_start_of_today())
        .select_related("project")
        .order_by("scheduled_for", "id")
    )


def meetings_to_minute(user: User) -> QuerySet[CreativeMeeting]:
    """Called meetings whose time has passed, waiting for minutes from ``user``.

    The minutes are recorded by the department manager, the GM or the project lead.
    """
    scope = Q(project__lead=user)
    if user.is_manager:
        scope |= _managed(user)
    return (
        meetings_visible_to(user)
        .filter(scope, status=M.SCHEDULED, scheduled_for__lte=timezone.now())
        .select_related("project")
        .order_by("scheduled_for", "id")
    )


# ---------------------------------------------------------------- working days


def mark_off_days(meetings: Iterable[CreativeMeeting]) -> list[CreativeMeeting]:
    """Set ``off_day`` on each meeting held on a non-working day (one query for the list).

    Weekends, official holidays and the agency's closures count as non-working days.
    """
    rows = list(meetings)
    days = [timezone.localdate(m.scheduled_for) for m in rows if m.scheduled_for]
    calendar = WorkingCalendar.for_span(min(days), max(days)) if days else None
    for meeting in rows:
        meeting.off_day = bool(  # type: ignore[attr-defined]
            calendar
            and meeting.scheduled_for
            and not calendar.is_working_day(timezone.localdate(meeting.scheduled_for))
        )
    return rows
