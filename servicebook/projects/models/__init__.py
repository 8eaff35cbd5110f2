"""Projects: the project born from a contract, its team and its plan."""

from .plans import (
    ApprovalRole,
    ChangeApproval,
    ChangeDecision,
    ChangeRequest,
    ChangeRequestItem,
    ChangeRequestStatus,
    Plan,
    PlanStatusChange,
    PlanTask,
    PlanVersion,
    PlanVersionTask,
)
from .projects import Project
from .schedule import WeeklyNote
from .team import TeamMember

__all__ = [
    "ApprovalRole",
    "ChangeApproval",
    "ChangeDecision",
    "ChangeRequest",
    "ChangeRequestItem",
    "ChangeRequestStatus",
    "Plan",
    "PlanStatusChange",
    "PlanTask",
    "PlanVersion",
    "PlanVersionTask",
    "Project",
    "TeamMember",
    "WeeklyNote",
]
