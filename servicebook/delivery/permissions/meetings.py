"""Who may ask for, call, minute and cancel a creative meeting (SPEC §5, handbook 伍).

新方案应由项目负责人通过部门经理安排创意会: the project lead asks, the department manager
calls it. Pure predicates over the user (cached roles and managed departments) and the
rows' ids and status, so asking them for a whole list costs no query beyond the first.

``may_*`` say whether the person may ever do it (the services check these, and the
transition table for the status); ``can_*`` add the record's state, for the pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from servicebook.delivery.models import CreativeMeeting, CreativeMeetingStatus
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.permissions import leads_project, manages_project

# A meeting not yet held nor cancelled can be (re)scheduled or cancelled.
OPEN_MEETING_STATUSES = frozenset(
    {CreativeMeetingStatus.REQUESTED, CreativeMeetingStatus.SCHEDULED}
)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


# ---------------------------------------------------------------- the person


def may_request_meetings(user: Any, project: Any) -> bool:
    """The project lead, or a manager of the project's department (or the GM)."""
    return leads_project(user, project) or manages_project(user, project)


def may_call_meetings(user: Any, project: Any) -> bool:
    """Only the manager of the project's department or the GM calls a meeting."""
    return manages_project(user, project)


def may_minute_meetings(user: Any, project: Any) -> bool:
    """The department manager, the GM or the project lead records the minutes."""
    return manages_project(user, project) or leads_project(user, project)


def may_cancel_meeting(user: Any, meeting: CreativeMeeting) -> bool:
    """Whoever may call it, the project lead and whoever asked for it."""
    asked = _active(user) and meeting.requested_by_id == user.pk
    return asked or may_minute_meetings(user, meeting.project)


# ---------------------------------------------------------------- the person and the state


def can_request_meeting(user: Any, project: Any) -> bool:
    """May ask, and the project is still active."""
    return project.status == ProjectStatus.ACTIVE and may_request_meetings(user, project)


def can_schedule_meeting(user: Any, meeting: CreativeMeeting) -> bool:
    """May call it, and it is requested (or scheduled: moving it to another time)."""
    return meeting.status in OPEN_MEETING_STATUSES and may_call_meetings(user, meeting.project)


def can_record_meeting(user: Any, meeting: CreativeMeeting, now: datetime) -> bool:
    """May minute it, it is scheduled, and its time has come."""
    if meeting.status != CreativeMeetingStatus.SCHEDULED or meeting.scheduled_for is None:
        return False
    return meeting.scheduled_for <= now and may_minute_meetings(user, meeting.project)


def can_cancel_meeting(user: Any, meeting: CreativeMeeting) -> bool:
    """May cancel it, and it is not yet held (nor cancelled)."""
    return meeting.status in OPEN_MEETING_STATUSES and may_cancel_meeting(user, meeting)
