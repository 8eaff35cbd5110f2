"""The read model of a plan's Gantt chart: one page of rows in a fixed number of queries.

Every task of the plan is read (one light query) so that all pages share one timeline and
a dependency on another page can name that page; only the page's rows are laid out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Max

from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.gantt import GanttChart, GanttTask, build_chart, by_phase, chart_span
from servicebook.projects.models import Plan, PlanTask, PlanVersionTask, Project

ROWS_PER_PAGE = 40
# "All rows" (for printing a whole plan) still stops somewhere.
MAX_ROWS = 500


@dataclass
class GanttPage:
    """The plan, its latest kept version (None before signing) and one page of the chart."""

    plan: Plan
    version: int | None
    page: Page
    chart: GanttChart | None
    all_rows: bool


def gantt_plan(project: Project) -> Plan | None:
    """The project's latest plan with its latest version number, or None (one query)."""
    return (
        Plan.objects.filter(project=project)
        .annotate(latest_version=Max("versions__number"))
        .order_by("-version")
        .first()
    )


def gantt_tasks(plan: Plan) -> list[GanttTask]:
    """Every task of the plan with its owner and its predecessors' ids (two queries)."""
    edges: dict[int, list[int]] = {}
    through = PlanTask.depends_on.through.objects.filter(from_plantask__plan=plan)
    for task_id, predecessor_id in through.values_list("from_plantask_id", "to_plantask_id"):
        edges.setdefault(task_id, []).append(predecessor_id)
    rows = PlanTask.objects.filter(plan=plan).select_related("owner").order_by("position", "id")
    return [
        GanttTask(
            pk=task.pk,
            key=task.key,
            name=task.name,
            phase=task.phase,
            kind=task.kind,
            owner=task.owner.display_name if task.owner else "",
            start_on=task.start_on,
            due_on=task.due_on,
            days=task.days,
            is_milestone=task.is_milestone,
            done_on=task.done_on,
            depends_on=tuple(edges.get(task.pk, ())),
        )
        for task in rows
    ]


def baseline_dates(plan: Plan) -> dict[str, tuple[date, date]]:
    """The signed baseline's (version 1) dates by task key; empty before signing (one query)."""
    rows = PlanVersionTask.objects.filter(version__plan=plan, version__number=1).values_list(
        "key", "start_on", "due_on"
    )
    return {key: (start, due) for key, start, due in rows}


def plan_gantt(
    project: Project,
    *,
    today: date,
    page: str | int | None = None,
    scale: str | None = None,
    all_rows: bool = False,
) -> GanttPage | None:
    """One page of the Gantt chart of the project's plan; None before a plan is drafted.

    Five queries whatever the number of tasks: the plan, the dependencies, the tasks with
    their owners, the baseline, the calendar overrides of the chart's span. The phase
    labels come from ``project.services`` (prefetched by ``selectors.project_detail``).
    """
    plan = gantt_plan(project)
    if plan is None:
        return None
    tasks = by_phase(gantt_tasks(plan))
    baseline = baseline_dates(plan)
    size = min(max(len(tasks), 1), MAX_ROWS) if all_rows else ROWS_PER_PAGE
    rows = Paginator(tasks, size).get_page(page)
    chart = None
    if tasks:
        first, last = chart_span(tasks, baseline)
        chart = build_chart(
            tasks,
            labels={line.code: line.name for line in project.services.all()},
            baseline=baseline,
            calendar=WorkingCalendar.for_span(first, last),
            today=today,
            scale=scale,
            rows=slice(rows.start_index() - 1, rows.end_index()),
            per_page=size,
        )
    version = getattr(plan, "latest_version", None)
    return GanttPage(plan, version, rows, chart, all_rows)
