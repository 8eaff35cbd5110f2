"""Who may write client communication on a project (SPEC §7, §11); services AND templates.

Pure predicates over the person (cached roles and managed departments) and the project's
loaded fields. Team membership needs a query, so the caller passes it in (``on_team``,
e.g. ``TeamMember.objects.filter(project=project, user_id=user.pk).exists()``).

- *write communication* (contact logs, client requests and their replies, letter drafts,
  answers to letters, service logs, fax sheets): the project lead, a member of the project
  team, a manager of the project's department, the GM;
- *send or withdraw a consultation letter* (it speaks for the agency): the project lead,
  a manager of the project's department, the GM.
"""

from __future__ import annotations

from typing import Any


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def manages_project(user: Any, project: Any) -> bool:
    """The GM, or a manager of the project's department."""
    if not _active(user):
        return False
    return bool(user.is_general_manager or project.department_id in user.managed_department_ids)


def leads_project(user: Any, project: Any) -> bool:
    """The project lead (项目负责人), as active staff."""
    return _active(user) and project.lead_id is not None and project.lead_id == user.pk


def may_write_communication(user: Any, project: Any, *, on_team: bool) -> bool:
    """The project lead, a team member, a manager of the project's department, the GM."""
    if not _active(user):
        return False
    return on_team or leads_project(user, project) or manages_project(user, project)


def may_send_letters(user: Any, project: Any) -> bool:
    """Send or withdraw a consultation letter: the project lead, a manager, the GM."""
    return leads_project(user, project) or manages_project(user, project)
