"""Read models of the "my work" page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Generic, TypeVar

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.clients.choices import ClientStatus, Intent
from servicebook.clients.models import Client
from servicebook.communications.models import ConsultationLetter
from servicebook.communications.selectors.letters import overdue_letters
from servicebook.delivery.models import CreativeMeeting, SupervisionFollowUp, WorkOrder
from servicebook.delivery.selectors.meetings import meetings_to_schedule, my_upcoming_meetings
from servicebook.delivery.selectors.visits import my_open_follow_ups
from servicebook.delivery.selectors.work_orders import waiting_for
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import PlanTask, Project
from servicebook.projects.schedule import week_of
from servicebook.projects.schedule_selectors import person_open_tasks


@dataclass
class ClientCounts:
    """How many clients the user looks after, by what needs attention."""

    total: int
    strong: int
    unassigned: int
    this_month: int


def my_client_counts(user: User, month_start: object) -> ClientCounts:
    """Counts over the clients this user may see, in one query."""
    counts = Client.objects.visible_to(user).aggregate(
        total=Count("id"),
        strong=Count("id", filter=Q(intent=Intent.STRONG) & ~Q(status=ClientStatus.ABANDONED)),
        unassigned=Count("id", filter=Q(owner__isnull=True)),
        this_month=Count("id", filter=Q(registered_on__gte=month_start)),
    )
    return ClientCounts(**counts)


def recent_clients(user: User, limit: int = 10) -> QuerySet[Client]:
    """Latest registrations: a manager's whole scope, or the person's own clients."""
    clients = Client.objects.visible_to(user)
    if not user.is_manager:
        clients = clients.filter(owner=user)
    return clients.select_related("department", "owner").order_by("-registered_on", "-id")[:limit]


def unassigned_clients(user: User, limit: int = 10) -> QuerySet[Client]:
    """Clients in the user's scope that nobody follows up yet (managers)."""
    return (
        Client.objects.visible_to(user)
        .filter(owner__isnull=True)
        .exclude(status=ClientStatus.ABANDONED)
        .select_related("department")
        .order_by("registered_on", "id")[:limit]
    )


def my_projects(user: User, limit: int = 10) -> QuerySet[Project]:
    """Active projects the user leads or serves on, newest first."""
    served = Project.objects.filter(Q(lead=user) | Q(team__user=user)).values("pk")
    return (
        Project.objects.filter(pk__in=served, status=ProjectStatus.ACTIVE)
        .select_related("client", "lead")
        .order_by("-created_at", "-id")[:limit]
    )


# "This week" on my work: plan tasks, work orders, supervision follow-ups, creative meetings.
# Each list is one query, capped; one row more than the cap is read to know there is more.

T = TypeVar("T")

WEEK_LIST_LIMIT = 10


@dataclass
class Capped(Generic[T]):
    """The first rows of a list, and whether there are more."""

    items: list[T]
    more: bool

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _capped(rows: QuerySet[Any], limit: int) -> Capped[Any]:
    items = list(rows[: limit + 1])
    return Capped(items[:limit], len(items) > limit)


def _my_open_tasks(user: User) -> QuerySet[PlanTask]:
    return person_open_tasks(user, user).filter(plan__project__status=ProjectStatus.ACTIVE)


def my_tasks_due_this_week(
    user: User, today: date, limit: int = WEEK_LIST_LIMIT
) -> Capped[PlanTask]:
    """My plan tasks not done, due from today to the end of this week, soonest first."""
    week = week_of(today)
    tasks = _my_open_tasks(user).filter(due_on__gte=today, due_on__lte=week.last)
    return _capped(tasks.order_by("due_on", "position", "id"), limit)


def my_overdue_tasks(user: User, today: date, limit: int = WEEK_LIST_LIMIT) -> Capped[PlanTask]:
    """My plan tasks not done and due before today, the longest overdue first."""
    tasks = _my_open_tasks(user).filter(due_on__lt=today)
    return _capped(tasks.order_by("due_on", "position", "id"), limit)


def waiting_work_orders(user: User, limit: int = WEEK_LIST_LIMIT) -> Capped[WorkOrder]:
    """Work orders waiting for me, soonest due first (``delivery``'s rule, capped)."""
    return _capped(waiting_for(user), limit)


def my_follow_ups(user: User, limit: int = WEEK_LIST_LIMIT) -> Capped[SupervisionFollowUp]:
    """My open supervision follow-ups on projects I may see, soonest due first."""
    return _capped(my_open_follow_ups(user), limit)


def my_creative_meetings(
    user: User, today: date, limit: int = WEEK_LIST_LIMIT
) -> Capped[CreativeMeeting]:
    """Creative meetings waiting for me to call them (managers), and those I attend this
    week, in one query: the ones to call first, then by time."""
    week = week_of(today)
    end = timezone.make_aware(datetime.combine(week.last + timedelta(days=1), time.min))
    attending = my_upcoming_meetings(user).filter(scheduled_for__lt=end)
    wanted = Q(pk__in=meetings_to_schedule(user).values("pk")) | Q(pk__in=attending.values("pk"))
    meetings = (
        CreativeMeeting.objects.filter(wanted)
        .select_related("project", "requested_by")
        .order_by("status", "scheduled_for", "requested_at", "id")
    )
    return _capped(meetings, limit)


def my_overdue_letters(
    user: User, today: date, limit: int = WEEK_LIST_LIMIT
) -> Capped[ConsultationLetter]:
    """Consultation letters I may see still waiting for the client's answer past their due
    day, the longest overdue first (one query)."""
    return _capped(overdue_letters(user, today), limit)
