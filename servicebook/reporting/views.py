"""Pages that bring several domains together: my work (/) and the client page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.clients import selectors as clients
from servicebook.contracts import selectors as contracts
from servicebook.projects.schedule import week_of
from servicebook.reporting import selectors
from servicebook.sales import selectors as sales


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The person's week and clients at a glance; managers also see who is not yet assigned.

    This week: my plan tasks due and overdue, work orders waiting for me, my supervision
    follow-ups, creative meetings (requested in departments I manage, or mine to attend), and
    consultation letters past their answer date.
    """
    user = request.user
    today = timezone.localdate()
    context = {
        "today": today,
        "week": week_of(today),
        "due_tasks": selectors.my_tasks_due_this_week(user, today),
        "overdue_tasks": selectors.my_overdue_tasks(user, today),
        "work_orders": selectors.waiting_work_orders(user),
        "follow_ups": selectors.my_follow_ups(user),
        "meetings": selectors.my_creative_meetings(user, today),
        "overdue_letters": selectors.my_overdue_letters(user, today),
        "counts": selectors.my_client_counts(user, today.replace(day=1)),
        "recent": selectors.recent_clients(user),
        "unassigned": selectors.unassigned_clients(user) if user.is_manager else None,
        "projects": selectors.my_projects(user),
    }
    return render(request, "reporting/home.html", context)


def client_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One client: the journey, quotes, contracts, the file and its history (404 if hidden)."""
    user = request.user
    client = clients.client_detail(user, pk)
    context = {
        "client": client,
        "journey": sales.client_journey(user, client),
        "quotes": sales.client_quotes(user, client),
        "contracts": contracts.client_contracts(user, client),
        "history": clients.client_history(client),
        "duplicates": clients.client_duplicate_links(user, client),
    }
    return render(request, "reporting/client_page.html", context)
