"""The project plan as a Gantt chart (read-only; printable)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.projects import selectors
from servicebook.projects.gantt import SCALES
from servicebook.projects.gantt_selectors import plan_gantt as gantt_page


def plan_gantt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One page of the plan's Gantt chart: ``?scale=day|week``, ``?page=N``, ``?rows=all``."""
    project = selectors.project_detail(request.user, pk)
    today = timezone.localdate()
    scale = request.GET.get("scale")
    gantt = gantt_page(
        project,
        today=today,
        page=request.GET.get("page"),
        scale=scale if scale in SCALES else None,
        all_rows=request.GET.get("rows") == "all",
    )
    context = {"project": project, "gantt": gantt, "today": today}
    return render(request, "projects/gantt.html", context)
