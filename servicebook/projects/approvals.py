"""Who approves a plan and its changes (SPEC §5): pure functions, no database.

Decisions:
- A draft plan is approved by the manager of the project's department or the GM.
- The client's signature is recorded by whoever may manage the team (the lead or a
  manager) on the client's behalf; so are change requests.
- A change request needs two approval rows: the department manager's and the GM's, given
  by two different people, in either order. A GM who also manages the department fills
  the GM key (only the GM can), so the department key must be turned by someone else.
- Any rejection rejects the request; the second approval applies the new dates.

The functions read fields already on the objects (``user.is_general_manager``,
``user.managed_department_ids``, ``project.department_id``), so they are testable with
plain stand-ins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from servicebook.projects.models.plans import ApprovalRole, ChangeDecision, ChangeRequestStatus

REQUIRED_CHANGE_APPROVALS: tuple[str, ...] = (ApprovalRole.DEPT_MANAGER, ApprovalRole.GM)


@dataclass(frozen=True)
class Decision:
    """One approval row as the rule sees it."""

    role: str
    decided_by_id: int
    decision: str


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def required_approvals(change_request: Any = None) -> tuple[str, ...]:
    """The roles that must approve a plan change: the department manager and the GM."""
    return REQUIRED_CHANGE_APPROVALS


def approval_roles(user: Any, project: Any) -> list[str]:
    """Every approving role ``user`` holds for ``project``, the scarcer (GM) first."""
    if not _active(user):
        return []
    roles: list[str] = []
    if user.is_general_manager:
        roles.append(ApprovalRole.GM)
    if project.department_id in user.managed_department_ids:
        roles.append(ApprovalRole.DEPT_MANAGER)
    return roles


def approval_role_for(user: Any, project: Any, decisions: Iterable[Decision] = ()) -> str | None:
    """The role in which ``user`` may decide now, or None.

    None when the user holds no approving role, already decided on this request (one
    person never turns both keys), or every role they hold is already decided.
    """
    decided = list(decisions)
    if any(d.decided_by_id == getattr(user, "pk", None) for d in decided):
        return None
    taken = {d.role for d in decided}
    required = required_approvals()
    for role in approval_roles(user, project):
        if role in required and role not in taken:
            return role
    return None


def outcome(decisions: Iterable[Decision]) -> str:
    """The request's status given its approval rows: rejected, approved or still pending."""
    decided = list(decisions)
    if any(d.decision == ChangeDecision.REJECTED for d in decided):
        return ChangeRequestStatus.REJECTED
    approved = {d.role for d in decided if d.decision == ChangeDecision.APPROVED}
    people = {d.decided_by_id for d in decided if d.decision == ChangeDecision.APPROVED}
    if set(required_approvals()) <= approved and len(people) >= len(required_approvals()):
        return ChangeRequestStatus.APPROVED
    return ChangeRequestStatus.PENDING


def can_approve_plan(user: Any, project: Any) -> bool:
    """The manager of the project's department or the GM."""
    return bool(approval_roles(user, project))


def can_record_signature(user: Any, project: Any) -> bool:
    """The project lead or a manager, recording the client's signature on its behalf."""
    return _active(user) and (project.lead_id == user.pk or can_approve_plan(user, project))


def can_request_change(user: Any, project: Any) -> bool:
    """The project lead or a manager."""
    return can_record_signature(user, project)
