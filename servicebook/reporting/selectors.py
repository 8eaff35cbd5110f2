"""Read models of the "my work" page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from servicebook.accounts.models import User
from servicebook.clients.choices import ClientStatus, Intent
from servicebook.clients.models import Client
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project


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
