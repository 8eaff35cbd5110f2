"""Periodic work of client communication, plain functions the background worker calls.

``draft_due_logs(today)`` drafts last week's weekly log and last month's monthly log of
every active project that owes them and has none yet, so the project lead finds a draft
waiting on Monday morning. It is idempotent: a period that has a log (a draft, sent or
acknowledged) is left alone, so running it twice — or while the lead drafts by hand —
drafts each period once.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Min

from servicebook.communications.models import LogKind, ServiceLog
from servicebook.communications.periods import log_period
from servicebook.communications.services.logs import service_log_draft_due
from servicebook.core.errors import DomainError
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Project


def draft_due_logs(today: date) -> dict[str, int]:
    """Draft the missing logs of the last finished week and month of every active project.

    A project owes logs from the week (month) its plan starts in; one without a plan owes
    none yet. The project lead is the author of record. Returns how many weekly and monthly
    logs were drafted and how many periods already had a log.
    """
    periods = {
        LogKind.WEEKLY: log_period(LogKind.WEEKLY, today).previous(),
        LogKind.MONTHLY: log_period(LogKind.MONTHLY, today).previous(),
    }
    counts = {"weekly": 0, "monthly": 0, "existing": 0}
    projects = (
        Project.objects.filter(status=ProjectStatus.ACTIVE)
        .annotate(plan_start=Min("plans__start_on"))
        .filter(plan_start__isnull=False)
        .order_by("pk")
    )
    owed = [
        (project, kind, period)
        for project in projects
        for kind, period in periods.items()
        if period.last >= project.plan_start  # type: ignore[attr-defined]
    ]
    existing = set(
        ServiceLog.objects.filter(
            project_id__in={project.pk for project, _kind, _period in owed},
            period_start__in={period.first for period in periods.values()},
        ).values_list("project_id", "kind", "period_start")
    )
    for project, kind, period in owed:
        if (project.pk, kind, period.first) in existing:
            counts["existing"] += 1
            continue
        try:
            log = service_log_draft_due(
                project=project, kind=kind, period_start=period.first, today=today
            )
        except DomainError:  # e.g. the project was closed meanwhile
            continue
        counts[kind if log is not None else "existing"] += 1
    return counts
