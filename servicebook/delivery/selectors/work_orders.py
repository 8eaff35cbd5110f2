"""Read models of work orders for pages; every read starts from ``visible_to``.

A work order is seen by whoever sees its project, by its assignee and by the receiving
department's managers (``WorkOrderQuerySet.visible_to``); one outside that is a 404.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from servicebook.accounts.models import Department, User
from servicebook.core.workdays import WorkingCalendar
from servicebook.delivery.models import (
    WorkOrder,
    WorkOrderAttachment,
    WorkOrderRound,
    WorkOrderStatus,
    WorkOrderStatusChange,
)
from servicebook.delivery.models.work_orders import (
    OPEN_WORK_ORDER_STATUSES,
    OWED_WORK_ORDER_STATUSES,
)
from servicebook.projects.models import Plan, PlanTask, Project, TeamMember

W = WorkOrderStatus
# What the assignee still has to do (a submitted round waits for the client, not for them).
ASSIGNEE_WAITING = (W.ISSUED, W.ACCEPTED, W.IN_PROGRESS, W.REVISION_REQUESTED)
# What the issuer still has to do: relay the client's feedback, then close.
ISSUER_WAITING = (W.SUBMITTED, W.CLIENT_APPROVED)

TABS = ("waiting", "issued", "all")
SORTS = {
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "number": ("number",),
    "-number": ("-number",),
    "issued": ("issued_at", "id"),
    "-issued": ("-issued_at", "-id"),
}


# ---------------------------------------------------------------- lists


def waiting_q(user: User) -> Q:
    """Work orders waiting for ``user``.

    Assigned to them and not yet submitted; issued to a department they manage with nobody
    named yet; or issued by them and waiting for the client's feedback or for closing.
    """
    waiting = Q(assignee=user, status__in=ASSIGNEE_WAITING)
    waiting |= Q(issued_by=user, status__in=ISSUER_WAITING)
    if managed := user.managed_department_ids:
        waiting |= Q(assignee__isnull=True, status=W.ISSUED, department_id__in=managed)
    return waiting


def _rows(queryset: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """What a row of a work-order list shows, in one query."""
    return queryset.select_related("project", "department", "assignee", "issued_by").annotate(
        round_count=Count("rounds", distinct=True)
    )


def waiting_for(user: User, *, limit: int | None = None) -> QuerySet[WorkOrder]:
    """The work orders waiting for ``user``, soonest due first (the home page takes ``limit``).

    ``waiting_for(user).count()`` is the "my work" count; ``waiting_for(user, limit=5)`` the
    first five rows, each with project, department, assignee, issuer and ``round_count``.
    """
    rows = _rows(WorkOrder.objects.visible_to(user).filter(waiting_q(user))).order_by(
        "due_on", "id"
    )
    return rows[:limit] if limit is not None else rows


def work_order_list(user: User, params: Any) -> QuerySet[WorkOrder]:
    """The list page: one tab (waiting, issued by me, all), searched, filtered and sorted."""
    work_orders = WorkOrder.objects.visible_to(user)
    tab = params.get("tab") if params.get("tab") in TABS else "waiting"
    if tab == "waiting":
        work_orders = work_orders.filter(waiting_q(user))
    elif tab == "issued":
        work_orders = work_orders.filter(issued_by=user)
    return _rows(_filtered(work_orders, params))


def project_work_orders(project: Project, params: Any) -> QuerySet[WorkOrder]:
    """A project's work orders (its viewers see them all), searched, filtered and sorted."""
    return _rows(_filtered(WorkOrder.objects.filter(project=project), params))


def _filtered(work_orders: QuerySet[WorkOrder], params: Any) -> QuerySet[WorkOrder]:
    if text := (params.get("q") or "").strip():
        for word in text.split():
            work_orders = work_orders.filter(
                Q(number__icontains=word)
                | Q(title__icontains=word)
                | Q(project__code__icontains=word)
                | Q(project__name__icontains=word)
            )
    status = params.get("status")
    if status == "open":
        work_orders = work_orders.filter(status__in=OPEN_WORK_ORDER_STATUSES)
    elif status in W.values:
        work_orders = work_orders.filter(status=status)
    if (department := params.get("department") or "").isdigit():
        work_orders = work_orders.filter(department_id=int(department))
    if params.get("overdue") == "1":
        work_orders = work_orders.filter(overdue_q(timezone.localdate()))
    return work_orders.order_by(*SORTS.get(params.get("sort") or "", SORTS["due"]))


def overdue_q(today: date) -> Q:
    """Still owed by the assignee and past the end of its due day."""
    return Q(status__in=OWED_WORK_ORDER_STATUSES, due_on__lt=today)


def tab_counts(user: User) -> dict[str, int]:
    """How many work orders each tab holds, in one query."""
    counts = WorkOrder.objects.visible_to(user).aggregate(
        waiting=Count("pk", filter=waiting_q(user)),
        issued=Count("pk", filter=Q(issued_by=user)),
        all=Count("pk"),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def mark_lateness(work_orders: Iterable[WorkOrder], today: date) -> list[WorkOrder]:
    """Give each row ``is_late`` (still owed and past its due day) and ``late_days``.

    ``late_days`` counts the working days since the due date (0 when only a weekend has
    passed). One query for the calendar overrides, and none when nothing is overdue.
    """
    rows = list(work_orders)
    late = [wo for wo in rows if wo.is_owed and wo.due_on < today]
    calendar = WorkingCalendar.for_span(min(wo.due_on for wo in late), today) if late else None
    for wo in rows:
        wo.is_late, wo.late_days = False, 0  # type: ignore[attr-defined]
    for wo in late:
        wo.is_late = True  # type: ignore[attr-defined]
        wo.late_days = calendar.working_days_between(wo.due_on, today) if calendar else 0  # type: ignore[attr-defined]
    return rows


def planned_dates(start_on: date | None, days: int, today: date) -> tuple[date, date]:
    """When the work starts and when it is due (start = day 1), one calendar query.

    No start given: the next working day after ``today``; a start on a non-working day
    moves to the next working day.
    """
    asked = start_on or today + timedelta(days=1)
    calendar = WorkingCalendar.for_walk(asked, days + 1)
    start = calendar.next_working_day(asked)
    return start, calendar.due_date(start, days)


def departments() -> list[Department]:
    """Every department, for the filter and the receiving department (one query)."""
    return list(Department.objects.all())


# ---------------------------------------------------------------- one project


def work_order_project(user: User, pk: int) -> Project:
    """A project the user may see, with what the work-order page shows (404 otherwise)."""
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("client", "department", "lead"), pk=pk
    )


def serves_on_team(user: User, project: Project) -> bool:
    """Whether ``user`` holds a post on the project's team (one query)."""
    return TeamMember.objects.filter(project=project, user_id=user.pk).exists()


def may_see_project(user: User, project_id: int) -> bool:
    """Whether the project page (and its client) is open to ``user`` (one query)."""
    return Project.objects.visible_to(user).filter(pk=project_id).exists()


def plan_tasks(project: Project) -> QuerySet[PlanTask]:
    """The tasks of the project's latest plan, in plan order (one query when listed)."""
    latest = Plan.objects.filter(project=project).order_by("-version").values("pk")[:1]
    return PlanTask.objects.filter(plan_id__in=latest).order_by("position", "id")


def department_staff(department_id: int) -> QuerySet[User]:
    """Active staff of one department, by name: who may be handed a work order."""
    return User.objects.filter(is_active=True, department_id=department_id).order_by(
        "full_name", "username"
    )


# ---------------------------------------------------------------- one work order


def work_order_detail(user: User, project_pk: int, pk: int) -> WorkOrder:
    """One work order the user may see, under the project it belongs to (404 otherwise)."""
    return get_object_or_404(
        WorkOrder.objects.visible_to(user).select_related(
            "project", "project__lead", "department", "department__manager",
            "assignee", "assignee__department", "issued_by", "task",
        ),
        project_id=project_pk,
        pk=pk,
    )  # fmt: skip


def work_order_history(work_order: WorkOrder) -> list[WorkOrderStatusChange]:
    """Its status moves, newest first, with who made them (one query)."""
    return list(WorkOrderStatusChange.objects.filter(work_order=work_order).select_related("actor"))


@dataclass
class RoundWithFiles:
    """One submitted round, the client's feedback on it and the files handed in."""

    round: WorkOrderRound
    files: list[WorkOrderAttachment] = field(default_factory=list)


@dataclass
class WorkOrderFiles:
    """The brief's material and the rounds (newest first) with their files."""

    brief: list[WorkOrderAttachment]
    rounds: list[RoundWithFiles]

    @property
    def pending(self) -> WorkOrderRound | None:
        """The latest round if it still waits for the client's feedback."""
        latest = self.rounds[0].round if self.rounds else None
        return latest if latest is not None and latest.outcome == "pending" else None


def work_order_files(work_order: WorkOrder) -> WorkOrderFiles:
    """The rounds and every attachment, grouped (two queries)."""
    rounds = (
        WorkOrderRound.objects.filter(work_order=work_order)
        .select_related("submitted_by", "feedback_by")
        .order_by("-number")
    )
    by_round: dict[int | None, list[WorkOrderAttachment]] = defaultdict(list)
    attachments = WorkOrderAttachment.objects.filter(work_order=work_order).select_related(
        "uploaded_by"
    )
    for attachment in attachments:
        by_round[attachment.round_id].append(attachment)
    return WorkOrderFiles(
        brief=by_round.get(None, []),
        rounds=[RoundWithFiles(r, by_round.get(r.pk, [])) for r in rounds],
    )


def work_order_attachment(
    user: User, project_pk: int, pk: int, file_pk: int
) -> WorkOrderAttachment:
    """One file of a work order the user may see (404 otherwise)."""
    visible = WorkOrder.objects.visible_to(user).filter(project_id=project_pk, pk=pk)
    return get_object_or_404(WorkOrderAttachment.objects.filter(work_order__in=visible), pk=file_pk)
