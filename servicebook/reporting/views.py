"""My work (/): what the signed-in person looks after today."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.reporting import selectors


def home(request: AuthenticatedRequest) -> HttpResponse:
    """The person's clients at a glance; managers also see who is not yet assigned."""
    user = request.user
    today = timezone.localdate()
    context = {
        "today": today,
        "counts": selectors.my_client_counts(user, today.replace(day=1)),
        "recent": selectors.recent_clients(user),
        "unassigned": selectors.unassigned_clients(user) if user.is_manager else None,
    }
    return render(request, "reporting/home.html", context)
