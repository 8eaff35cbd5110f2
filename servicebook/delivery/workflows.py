"""The allowed moves of work orders and creative meetings (SPEC §5), as data."""

from __future__ import annotations

from servicebook.core.workflow import Workflow
from servicebook.delivery.models import CreativeMeetingStatus as M
from servicebook.delivery.models import WorkOrderStatus as W

WORK_ORDER_WORKFLOW = Workflow.of(
    "work order",
    W,
    [
        (W.ISSUED, W.ACCEPTED),  # the assignee (or the receiving manager, naming one) accepts
        (W.ACCEPTED, W.IN_PROGRESS),
        (W.IN_PROGRESS, W.SUBMITTED),  # opens the next revision round
        (W.SUBMITTED, W.REVISION_REQUESTED),  # the client's feedback: revise
        (W.REVISION_REQUESTED, W.IN_PROGRESS),
        (W.SUBMITTED, W.CLIENT_APPROVED),  # the client's feedback: approved
        (W.CLIENT_APPROVED, W.DONE),  # the issuer closes it
        (W.ISSUED, W.CANCELLED),
        (W.ACCEPTED, W.CANCELLED),
        (W.IN_PROGRESS, W.CANCELLED),
        (W.REVISION_REQUESTED, W.CANCELLED),
    ],
)

CREATIVE_MEETING_WORKFLOW = Workflow.of(
    "creative meeting",
    M,
    [
        (M.REQUESTED, M.SCHEDULED),  # the department manager calls it
        (M.SCHEDULED, M.HELD),  # minutes: attendees, ideas, decision
        (M.REQUESTED, M.CANCELLED),
        (M.SCHEDULED, M.CANCELLED),
    ],
)
