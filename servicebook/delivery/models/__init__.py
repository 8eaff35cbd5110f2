"""Delivering a project (SPEC §5, §8): work orders, creative meetings, supervision visits."""

from .meetings import CreativeMeeting, CreativeMeetingStatus
from .visits import CheckArea, SupervisionFollowUp, SupervisionVisit
from .work_orders import (
    RoundOutcome,
    WorkOrder,
    WorkOrderAttachment,
    WorkOrderRound,
    WorkOrderStatus,
    WorkOrderStatusChange,
)

__all__ = [
    "CheckArea",
    "CreativeMeeting",
    "CreativeMeetingStatus",
    "RoundOutcome",
    "SupervisionFollowUp",
    "SupervisionVisit",
    "WorkOrder",
    "WorkOrderAttachment",
    "WorkOrderRound",
    "WorkOrderStatus",
    "WorkOrderStatusChange",
]
