"""The allowed moves of a project plan and of a plan change request (SPEC §5), as data."""

from __future__ import annotations

from servicebook.core.workflow import Workflow
from servicebook.projects.choices import PlanStatus as P
from servicebook.projects.models.plans import ChangeRequestStatus as CR

PLAN_WORKFLOW = Workflow.of(
    "plan",
    P,
    [
        (P.DRAFT, P.APPROVED),  # the department manager (or the GM) approves the draft
        (P.APPROVED, P.DRAFT),  # reopened for editing: the approval is void
        (P.APPROVED, P.SIGNED),  # the client signs …
        (P.SIGNED, P.LOCKED),  # … and the dates lock in the same transaction
    ],
)

CHANGE_REQUEST_WORKFLOW = Workflow.of(
    "plan change request",
    CR,
    [
        (CR.PENDING, CR.APPROVED),  # the second of the two approvals
        (CR.PENDING, CR.REJECTED),  # any one rejection
        (CR.PENDING, CR.WITHDRAWN),  # by whoever asked
    ],
)
