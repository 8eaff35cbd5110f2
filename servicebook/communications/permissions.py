"""Who may write client communication on a project (SPEC §7, §11); services AND templates.

Pure predicates over the person (cached roles and managed departments) and the project's
loaded fields. Team membership needs a query, so the caller passes it in (``on_team``,
e.g. ``TeamMember.objects.filter(project=project, user_id=user.pk).exists()``).

- *write communication* (contact logs, client requests and their replies, letter drafts,
  answers to letters, service logs, fax sheets): the project lead, a member of the project
  team, a manager of the project's department, the GM;
- *speak for the agency* (send or withdraw a consultation letter; draft, edit, send a
  service log and record its acknowledgement): the project lead, a manager of the
  project's department, the GM.
"""

from __future__ import annotations

from typing import Any

from servicebook.communications.models import LogStatus, ServiceLog
from servicebook.communications.workflows import LOG_WORKFLOW
from servicebook.projects.permissions import leads_project, manages_project


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_write_communication(user: Any, project: Any, *, on_team: bool) -> bool:
    """The project lead, a team member, a manager of the project's department, the GM."""
    if not _active(user):
        return False
    return on_team or leads_project(user, project) or manages_project(user, project)


def speaks_for_agency(user: Any, project: Any) -> bool:
    """Letters and service logs: the project lead, a manager of the department, the GM."""
    return leads_project(user, project) or manages_project(user, project)


def can_edit_log(user: Any, log: ServiceLog) -> bool:
    """A draft log: edit its sections or draft it again from the records."""
    return log.status == LogStatus.DRAFT and speaks_for_agency(user, log.project)


def can_mark_sent(user: Any, log: ServiceLog) -> bool:
    """A draft log: record that it was sent to the client."""
    return LOG_WORKFLOW.allows(log.status, LogStatus.SENT) and speaks_for_agency(user, log.project)


def can_acknowledge(user: Any, log: ServiceLog) -> bool:
    """A sent log: record the client's acknowledgement."""
    allowed = LOG_WORKFLOW.allows(log.status, LogStatus.ACKNOWLEDGED)
    return allowed and speaks_for_agency(user, log.project)
