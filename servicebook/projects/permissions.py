"""Who may do what on a project (lead, managers, team); used by services AND templates.

``manages_project`` and ``leads_project`` are the two building blocks the delivery and
communication rules are made of too.
"""

from __future__ import annotations

from typing import Any

from servicebook.projects.models import Project


def _is_active_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def manages_project(user: Any, project: Any) -> bool:
    """The GM or a manager of the project's department (active staff)."""
    if not _is_active_staff(user):
        return False
    return bool(user.is_general_manager or project.department_id in user.managed_department_ids)


def leads_project(user: Any, project: Any) -> bool:
    """The project lead (项目负责人), as active staff."""
    return _is_active_staff(user) and project.lead_id is not None and project.lead_id == user.pk


def can_set_project_lead(user: Any, project: Project) -> bool:
    """The GM or a manager of the project's department."""
    return manages_project(user, project)


def can_manage_team(user: Any, project: Project) -> bool:
    """Whoever may set the lead, and the project lead: add and remove team members."""
    return leads_project(user, project) or manages_project(user, project)


def can_write_weekly_note(user: Any, project: Project) -> bool:
    """The weekly plan's note (周计划): the project lead, the department's manager, the GM."""
    return can_manage_team(user, project)


def can_mark_task_done(user: Any, project: Project, owner_id: int | None) -> bool:
    """The task's owner, the project lead, a manager of the project's department, the GM."""
    if not _is_active_staff(user):
        return False
    return (owner_id is not None and owner_id == user.pk) or can_manage_team(user, project)
