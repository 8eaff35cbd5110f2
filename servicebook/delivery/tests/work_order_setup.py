"""TEST SETUP for work orders: people of Creative, uploads, and a work order walked along.

Everything goes through the services, so a work order in any status is a real one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from servicebook.accounts.models import Department, User
from servicebook.accounts.tests.factories import UserFactory, department, make_manager
from servicebook.delivery.models import WorkOrder, WorkOrderStatus
from servicebook.delivery.services import work_orders as services
from servicebook.projects.models import Project

# A Monday before National Day 2026: every date in the tests is worked out from it.
TODAY = date(2026, 9, 28)
W = WorkOrderStatus


def creative() -> Department:
    return department("creative")


def creative_manager() -> User:
    """The manager of Creative, who receives work orders handed to the department."""
    return make_manager("creative", username="creative_manager", full_name="Creative_Manager")


def creative_staff(username: str = "designer2") -> User:
    """Another designer in Creative (not on any team)."""
    return UserFactory(
        username=username, full_name=username.title(), department=creative(), roles=["designer"]
    )


def upload(
    name: str = "设计初稿.pdf",
    content: bytes = b"%PDF-1.7 a design draft",
    content_type: str = "application/pdf",
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def issue(actor: User, project: Project, **fields: Any) -> WorkOrder:
    """A work order for Creative, 3 working days from the next working day."""
    fields.setdefault("title", "楼书设计初稿")
    fields.setdefault("brief", "按定位报告出三版楼书封面，突出湘江景观。")
    fields.setdefault("department", creative())
    fields.setdefault("days", 3)
    return services.work_order_issue(actor=actor, project=project, **fields)


def advance(work_order: WorkOrder, status: str, *, issuer: User, assignee: User) -> WorkOrder:
    """Walk ``work_order`` (issued, handed to ``assignee``) to ``status`` through the services."""
    path = {
        W.ISSUED: [],
        W.ACCEPTED: ["accept"],
        W.IN_PROGRESS: ["accept", "start"],
        W.SUBMITTED: ["accept", "start", "submit"],
        W.REVISION_REQUESTED: ["accept", "start", "submit", "revise"],
        W.CLIENT_APPROVED: ["accept", "start", "submit", "approve"],
        W.DONE: ["accept", "start", "submit", "approve", "close"],
        W.CANCELLED: ["cancel"],
    }[WorkOrderStatus(status)]
    for step in path:
        _step(work_order, step, issuer=issuer, assignee=assignee)
    work_order.refresh_from_db()
    return work_order


def _step(work_order: WorkOrder, step: str, *, issuer: User, assignee: User) -> None:
    if step == "accept":
        services.work_order_accept(actor=assignee, work_order=work_order)
    elif step == "start":
        services.work_order_start(actor=assignee, work_order=work_order)
    elif step == "submit":
        services.work_order_submit(actor=assignee, work_order=work_order, note="初稿三版")
    elif step == "revise":
        services.work_order_record_feedback(
            actor=issuer, work_order=work_order, outcome="revise", feedback="标题再大一些"
        )
    elif step == "approve":
        services.work_order_record_feedback(
            actor=issuer, work_order=work_order, outcome="approved", feedback=""
        )
    elif step == "close":
        services.work_order_close(actor=issuer, work_order=work_order)
    elif step == "cancel":
        services.work_order_cancel(actor=issuer, work_order=work_order, reason="客户取消")
