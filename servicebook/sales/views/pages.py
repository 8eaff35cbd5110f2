"""The pipeline board and the manager's daily summary."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.sales.board import daily_summary, pipeline_board


def pipeline(request: AuthenticatedRequest) -> HttpResponse:
    """One column per stage with counts, quoted sums and the longest-quiet clients."""
    board = pipeline_board(request.user, request.GET, timezone.localdate())
    return render(request, "sales/pipeline.html", {"board": board})


def summary(request: AuthenticatedRequest) -> HttpResponse:
    """The department manager's (or GM's) daily review; others are told it is theirs."""
    if not request.user.is_manager:
        return render(request, "sales/summary_managers_only.html", status=403)
    context = {"summary": daily_summary(request.user, timezone.localdate())}
    return render(request, "sales/summary.html", context)
