"""Who may do what with a work order (工作单, SPEC §5); used by services AND templates.

Pure functions of the person and the record: they read only fields already loaded (the
work order with its project) and the person's cached roles and managed departments.
Team membership needs a query, so the caller passes it in (``on_team``).

The people around a work order:
- the *issuer* (who handed it over), the *project lead*, the *project's managers* (the
  manager of the project's department, the GM): they speak for the client, so they record
  its feedback, close and cancel;
- the *assignee*: does the work (accepts, starts, submits, resumes);
- the *receiving managers* (the manager of the receiving department, the GM): accept it
  on the department's behalf, naming who will do it.
"""

from __future__ import annotations

from typing import Any

from servicebook.delivery.models import WorkOrder, WorkOrderStatus
from servicebook.delivery.workflows import WORK_ORDER_WORKFLOW
from servicebook.projects.models import Project
from servicebook.projects.permissions import manages_project


def _is_active_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def manages_receiving_department(user: Any, work_order: WorkOrder) -> bool:
    """The GM or a manager of the department the work order was handed to."""
    if not _is_active_staff(user):
        return False
    return user.is_general_manager or work_order.department_id in user.managed_department_ids


def can_issue_work_order(user: Any, project: Project, *, on_team: bool) -> bool:
    """The project lead, a member of its team, a manager of its department or the GM."""
    if not _is_active_staff(user):
        return False
    return project.lead_id == user.pk or on_team or manages_project(user, project)


# ---------------------------------------------------------------- who (any status)


def is_assignee(user: Any, work_order: WorkOrder) -> bool:
    """The person doing the work."""
    return _is_active_staff(user) and work_order.assignee_id == user.pk


def speaks_for_client(user: Any, work_order: WorkOrder) -> bool:
    """The issuer, the project lead or the project's managers: they relay the client."""
    if not _is_active_staff(user):
        return False
    return (
        work_order.issued_by_id == user.pk
        or work_order.project.lead_id == user.pk
        or manages_project(user, work_order.project)
    )


def takes_part(user: Any, work_order: WorkOrder) -> bool:
    """Anyone who may act on the work order: issuer, assignee, lead and all the managers."""
    return (
        is_assignee(user, work_order)
        or speaks_for_client(user, work_order)
        or manages_receiving_department(user, work_order)
    )


# ---------------------------------------------------------------- who and when


def can_accept(user: Any, work_order: WorkOrder) -> bool:
    """An issued work order: its assignee, or the receiving department's manager (or GM)."""
    return work_order.status == WorkOrderStatus.ISSUED and (
        is_assignee(user, work_order) or manages_receiving_department(user, work_order)
    )


def can_start(user: Any, work_order: WorkOrder) -> bool:
    """An accepted work order: its assignee starts the work."""
    return work_order.status == WorkOrderStatus.ACCEPTED and is_assignee(user, work_order)


def can_submit(user: Any, work_order: WorkOrder) -> bool:
    """Work in progress: its assignee hands in the next round."""
    return work_order.status == WorkOrderStatus.IN_PROGRESS and is_assignee(user, work_order)


def can_resume(user: Any, work_order: WorkOrder) -> bool:
    """A revision requested: its assignee takes the work up again."""
    return work_order.status == WorkOrderStatus.REVISION_REQUESTED and is_assignee(user, work_order)


def can_record_feedback(user: Any, work_order: WorkOrder) -> bool:
    """A submitted round: the issuer, the lead or a manager records what the client said."""
    return work_order.status == WorkOrderStatus.SUBMITTED and speaks_for_client(user, work_order)


def can_close(user: Any, work_order: WorkOrder) -> bool:
    """Approved by the client: the issuer, the lead or a manager closes it as done."""
    return work_order.status == WorkOrderStatus.CLIENT_APPROVED and speaks_for_client(
        user, work_order
    )


def can_cancel(user: Any, work_order: WorkOrder) -> bool:
    """Not submitted and not closed: the issuer, the lead or a manager calls it off."""
    return WORK_ORDER_WORKFLOW.allows(
        work_order.status, WorkOrderStatus.CANCELLED
    ) and speaks_for_client(user, work_order)


def can_attach(user: Any, work_order: WorkOrder) -> bool:
    """Files go on an open work order, by anyone who takes part in it."""
    return work_order.is_open and takes_part(user, work_order)
