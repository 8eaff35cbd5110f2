"""Creative meetings (创意会, SPEC §5): asked for, called, minuted or cancelled.

新方案应由项目负责人通过部门经理安排创意会；通过创意会确定方案构思 (handbook 伍): before a
new proposal the project lead asks the department manager for a creative meeting; the
manager calls it (time, place, who comes); afterwards the minutes record who came, the
ideas and the decision. Each service is one transaction on the locked row; the status is
written only by ``_transition``, which checks ``CREATIVE_MEETING_WORKFLOW``. The fields
``requested_by``, ``scheduled_by``, ``recorded_by`` … are the meeting's record. People are
told after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import NotificationKind, User
from servicebook.accounts.services import notify
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.delivery.models import CreativeMeeting, CreativeMeetingStatus
from servicebook.delivery.permissions import meetings as can
from servicebook.delivery.workflows import CREATIVE_MEETING_WORKFLOW
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project

M = CreativeMeetingStatus
TOPIC_MAX = CreativeMeeting._meta.get_field("topic").max_length or 200
LOCATION_MAX = CreativeMeeting._meta.get_field("location").max_length or 200
MIN_ATTENDEES = 2


@transaction.atomic
def creative_meeting_request(
    *, actor: User, project: Project, topic: str, purpose: str = ""
) -> CreativeMeeting:
    """The project lead (or a manager) asks for a creative meeting before a new proposal.

    The project must be active and the topic given. The manager of the project's
    department is told after the commit.
    """
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("department__manager")
        .get(pk=project.pk)
    )
    if not can.may_request_meetings(actor, locked):
        raise PermissionDenied(
            _("Only the project lead or the department manager asks for a creative meeting.")
        )
    if locked.status != ProjectStatus.ACTIVE:
        raise DomainError(_("This project is closed: it takes no new creative meetings."))
    topic = _required(topic, "topic", _("What is the meeting about? Give a topic."), TOPIC_MAX)
    meeting = CreativeMeeting.objects.create(
        project=locked, topic=topic, purpose=purpose.strip(), requested_by=actor
    )
    manager = locked.department.manager
    if manager is not None and manager.pk != actor.pk:
        transaction.on_commit(lambda: _tell_requested(actor, meeting, manager))
    return meeting


@transaction.atomic
def creative_meeting_schedule(
    *,
    actor: User,
    meeting: CreativeMeeting,
    scheduled_for: datetime,
    location: str,
    attendees: Iterable[User],
) -> CreativeMeeting:
    """The department manager (or the GM) calls the meeting: time, place and who comes.

    The time must not be in the past; at least two attendees, all active staff. A
    scheduled meeting may be moved the same way. Attendees are told after the commit.
    """
    locked = _locked(meeting)
    if not can.may_call_meetings(actor, locked.project):
        raise PermissionDenied(_("Only the department manager or the GM calls a creative meeting."))
    if locked.status != M.SCHEDULED:
        CREATIVE_MEETING_WORKFLOW.check(locked.status, M.SCHEDULED)
    if timezone.is_naive(scheduled_for):
        scheduled_for = timezone.make_aware(scheduled_for)
    if scheduled_for < timezone.now():
        raise DomainError(_("The meeting time cannot be in the past."), field="scheduled_for")
    location = _required(location, "location", _("Where is the meeting held?"), LOCATION_MAX)
    people = _attendees(attendees, active_only=True)
    locked.scheduled_for = scheduled_for
    locked.location = location
    locked.scheduled_by = actor
    fields = ("scheduled_for", "location", "scheduled_by")
    if locked.status == M.SCHEDULED:  # moved to another time or place: no status change
        locked.save(update_fields=list(fields))
    else:
        _transition(locked, M.SCHEDULED, fields=fields)
    locked.attendees.set(people)
    transaction.on_commit(lambda: _tell_scheduled(actor, locked, people))
    return locked


@transaction.atomic
def creative_meeting_record(
    *,
    actor: User,
    meeting: CreativeMeeting,
    attendees: Iterable[User],
    ideas: str,
    decision: str,
) -> CreativeMeeting:
    """The minutes, once the meeting has happened: who came, the ideas and the decision.

    Recorded by the department manager, the GM or the project lead; the decision is
    required. The meeting is then held.
    """
    locked = _locked(meeting)
    if not can.may_minute_meetings(actor, locked.project):
        raise PermissionDenied(
            _("Only the department manager, the GM or the project lead records the minutes.")
        )
    CREATIVE_MEETING_WORKFLOW.check(locked.status, M.HELD)
    if locked.scheduled_for is None or locked.scheduled_for > timezone.now():
        raise DomainError(_("The meeting has not taken place yet: record the minutes afterwards."))
    decision = _required(decision, "decision", _("Record the decision the meeting reached."))
    people = _attendees(attendees, active_only=False)
    locked.ideas = ideas.strip()
    locked.decision = decision
    locked.recorded_by = actor
    locked.recorded_at = timezone.now()
    _transition(locked, M.HELD, fields=("ideas", "decision", "recorded_by", "recorded_at"))
    locked.attendees.set(people)
    return locked


@transaction.atomic
def creative_meeting_cancel(
    *, actor: User, meeting: CreativeMeeting, reason: str
) -> CreativeMeeting:
    """Call off a meeting before it is held, with a reason.

    The department manager, the GM, the project lead or whoever asked for it. When the
    meeting was already called, its attendees are told after the commit.
    """
    locked = _locked(meeting)
    if not can.may_cancel_meeting(actor, locked):
        raise PermissionDenied(_("You may not cancel this creative meeting."))
    CREATIVE_MEETING_WORKFLOW.check(locked.status, M.CANCELLED)
    reason = _required(reason, "reason", _("Say why the meeting is cancelled."))
    was_called = locked.status == M.SCHEDULED
    locked.cancel_reason = reason
    _transition(locked, M.CANCELLED, fields=("cancel_reason",))
    if was_called:
        people = list(locked.attendees.all())
        transaction.on_commit(lambda: _tell_cancelled(actor, locked, people))
    return locked


def _transition(meeting: CreativeMeeting, target: str, *, fields: Sequence[str] = ()) -> None:
    """Move a locked meeting to ``target`` if the table allows it; ``fields`` are saved too.

    The only code that writes ``CreativeMeeting.status``.
    """
    CREATIVE_MEETING_WORKFLOW.check(meeting.status, target)
    meeting.status = target
    meeting.save(update_fields=["status", *fields])


def _locked(meeting: CreativeMeeting) -> CreativeMeeting:
    """The meeting's row, locked until the end of the transaction, with its project."""
    return (
        CreativeMeeting.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=meeting.pk)
    )


def _required(value: str, field: str, message: str | Promise, max_length: int | None = None) -> str:
    """``value`` without surrounding blanks; refused when empty or too long."""
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    if max_length is not None and len(text) > max_length:
        raise DomainError(
            _("At most %(n)d characters.") % {"n": max_length},
            field=field,
        )
    return text


def _attendees(attendees: Iterable[User], *, active_only: bool) -> list[User]:
    """At least two distinct people; only active staff can be invited."""
    people = list({person.pk: person for person in attendees}.values())
    if len(people) < MIN_ATTENDEES:
        raise DomainError(_("A meeting needs at least two attendees."), field="attendees")
    if active_only and any(not person.is_active for person in people):
        raise DomainError(_("Only active staff can be invited."), field="attendees")
    return people


def _url(meeting: CreativeMeeting) -> str:
    return reverse("delivery:meeting", args=[meeting.project_id, meeting.pk])


def _tell_requested(actor: User, meeting: CreativeMeeting, manager: User) -> None:
    notify(
        [manager],
        NotificationKind.MEETING_REQUESTED,
        url=_url(meeting),
        actor=actor.display_name,
        project=meeting.project.code,
        topic=meeting.topic,
    )


def _tell_scheduled(actor: User, meeting: CreativeMeeting, people: list[User]) -> None:
    when = timezone.localtime(meeting.scheduled_for).strftime("%Y-%m-%d %H:%M")
    notify(
        [p for p in people if p.pk != actor.pk],
        NotificationKind.MEETING_SCHEDULED,
        url=_url(meeting),
        actor=actor.display_name,
        project=meeting.project.code,
        time=when,
        location=meeting.location,
        topic=meeting.topic,
    )


def _tell_cancelled(actor: User, meeting: CreativeMeeting, people: list[User]) -> None:
    notify(
        [p for p in people if p.pk != actor.pk],
        NotificationKind.MEETING_CANCELLED,
        url=_url(meeting),
        actor=actor.display_name,
        project=meeting.project.code,
        topic=meeting.topic,
        reason=meeting.cancel_reason,
    )
