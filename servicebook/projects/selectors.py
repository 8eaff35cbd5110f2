"""Read models of projects for pages; all scoped through visible_to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from servicebook.accounts.models import Department, User
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.choices import ProjectRole, ProjectStatus, primary_count
from servicebook.projects.models import (
    ChangeApproval,
    ChangeRequest,
    ChangeRequestItem,
    Plan,
    PlanTask,
    PlanVersion,
    PlanVersionTask,
    Project,
    TeamMember,
)
from servicebook.projects.team import (
    Post,
    StaffingWarning,
    required_roles,
    staffing_warnings,
    warning_lines,
)

SORTS = {
    "created": ("-created_at", "-id"),
    "-created": ("created_at", "id"),
    "code": ("code",),
    "-code": ("-code",),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
}


def project_list(user: User, params: Any) -> QuerySet[Project]:
    """Projects the user may see, searched (code, name, client), filtered and sorted."""
    projects: QuerySet[Project] = Project.objects.visible_to(user).select_related(
        "client", "department", "lead"
    )
    projects = projects.annotate(team_count=Count("team__user", distinct=True))
    if text := (params.get("q") or "").strip():
        for word in text.split():
            projects = projects.filter(
                Q(code__icontains=word)
                | Q(name__icontains=word)
                | Q(client__legal_name__icontains=word)
                | Q(client__short_name__icontains=word)
            )
    if (status := params.get("status")) in ProjectStatus.values:
        projects = projects.filter(status=status)
    if (department := params.get("department") or "").isdigit():
        projects = projects.filter(department_id=int(department))
    return projects.order_by(*SORTS.get(params.get("sort") or "", SORTS["created"]))


def list_departments(user: User) -> list[Department]:
    """Departments a manager may filter by (all for the GM); none for other staff."""
    if user.is_general_manager:
        return list(Department.objects.all())
    return list(Department.objects.filter(pk__in=user.managed_department_ids))


def project_detail(user: User, pk: int) -> Project:
    """One project the user may see, with its client, contract and services (404 otherwise)."""
    return get_object_or_404(
        Project.objects.visible_to(user)
        .select_related("client", "client__owner", "contract", "department", "lead")
        .prefetch_related("services"),
        pk=pk,
    )


@dataclass
class TeamRow:
    """One project role on the team panel: its primaries and backups."""

    role: str
    label: str
    required: bool
    primaries: list[TeamMember] = field(default_factory=list)
    backups: list[TeamMember] = field(default_factory=list)

    @property
    def need(self) -> int:
        """The standard number of primaries of this role."""
        return primary_count(self.role)

    @property
    def staffed(self) -> bool:
        """Enough primaries and at least one backup."""
        return len(self.primaries) >= self.need and bool(self.backups)


@dataclass
class TeamPanel:
    """The team of one project as the project page shows it."""

    rows: list[TeamRow]
    warnings: list[StaffingWarning]
    size: int

    @property
    def warning_lines(self) -> list[str]:
        """The warnings as the page lists them (gaps of one kind on one line)."""
        return warning_lines(self.warnings)


def team_panel(project: Project) -> TeamPanel:
    """Required roles and staffed roles in ``ProjectRole`` order, with the staffing warnings.

    Reads the project's services from a prefetch (``project_detail``) and its members in
    one query.
    """
    members = list(
        TeamMember.objects.filter(project=project)
        .select_related("user", "user__department")
        .order_by("role", "is_backup", "added_at", "id")
    )
    required = required_roles(service.code for service in project.services.all())
    rows = {
        role: TeamRow(role, str(label), role in required)
        for role, label in ProjectRole.choices
        if role in required or any(m.role == role for m in members)
    }
    for member in members:
        row = rows[member.role]
        (row.backups if member.is_backup else row.primaries).append(member)
    posts = [Post(m.role, m.user_id, m.is_backup) for m in members]
    warnings = staffing_warnings(required, posts, has_lead=project.lead_id is not None)
    return TeamPanel(list(rows.values()), warnings, len({m.user_id for m in members}))


def team_member(project: Project, pk: int) -> TeamMember:
    """One member of ``project``'s team (404 otherwise)."""
    return get_object_or_404(TeamMember.objects.select_related("user"), project=project, pk=pk)


def active_staff() -> QuerySet[User]:
    """Everyone who can join a team or lead a project, by department then name."""
    return (
        User.objects.filter(is_active=True)
        .select_related("department")
        .order_by("department_id", "full_name", "username")
    )


@dataclass
class PlanPhase:
    """The tasks of one phase (service line) of a plan, in plan order."""

    code: str
    label: str
    tasks: list[PlanTask] = field(default_factory=list)


def project_plan(project: Project) -> Plan | None:
    """The project's latest plan version, or None before one is drafted (one query)."""
    return Plan.objects.filter(project=project).order_by("-version").first()


def plan_phases(project: Project, plan: Plan) -> list[PlanPhase]:
    """The plan's tasks grouped by phase, with owners and dependency keys (two queries).

    Phase labels come from the project's services, prefetched by ``project_detail``.
    """
    labels = {line.code: line.name for line in project.services.all()}
    tasks = (
        PlanTask.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related(Prefetch("depends_on", queryset=PlanTask.objects.only("id", "key")))
        .order_by("position", "id")
    )
    phases: dict[str, PlanPhase] = {}
    for task in tasks:
        phase = phases.setdefault(
            task.phase, PlanPhase(task.phase, labels.get(task.phase, task.phase))
        )
        phase.tasks.append(task)
    return list(phases.values())


def plan_task(project: Project, pk: int) -> PlanTask:
    """One task of one of ``project``'s plans (404 otherwise)."""
    return get_object_or_404(PlanTask.objects.select_related("plan"), plan__project=project, pk=pk)


def plan_owner_choices(project: Project) -> QuerySet[User]:
    """Who may own a plan task: the team and the lead, by name (one query when listed)."""
    return (
        User.objects.filter(Q(project_posts__project=project) | Q(pk=project.lead_id))
        .distinct()
        .order_by("full_name", "username")
    )


# The plan's lifecycle: versions, slippage against the baseline, change requests.


@dataclass(frozen=True)
class TaskSlip:
    """One task's due date against the baseline's, in working days (positive = late)."""

    key: str
    baseline_start_on: date | None
    baseline_due_on: date | None
    due_on: date
    days: int | None


@dataclass
class PlanSlippage:
    """Every task's slippage and the project's worst and total slip (working days)."""

    tasks: dict[str, TaskSlip]
    maximum: int
    total: int

    def for_key(self, key: str) -> TaskSlip | None:
        return self.tasks.get(key)


def plan_version(plan: Plan, number: int) -> PlanVersion:
    """One version of the plan (404 otherwise)."""
    return get_object_or_404(PlanVersion, plan=plan, number=number)


def plan_versions(plan: Plan) -> list[PlanVersion]:
    """The plan's kept versions, the baseline first (one query)."""
    return list(PlanVersion.objects.filter(plan=plan).select_related("change_request"))


def _version_dates(version_id: int) -> dict[str, tuple[date, date]]:
    rows = PlanVersionTask.objects.filter(version_id=version_id).values_list(
        "key", "start_on", "due_on"
    )
    return {key: (start, due) for key, start, due in rows}


def _baseline_dates(plan: Plan) -> dict[str, tuple[date, date]]:
    """The signed baseline's (version 1) dates by task key; empty before signing (one query)."""
    rows = PlanVersionTask.objects.filter(version__plan=plan, version__number=1).values_list(
        "key", "start_on", "due_on"
    )
    return {key: (start, due) for key, start, due in rows}


def plan_slippage(plan: Plan, tasks: list[PlanTask] | None = None) -> PlanSlippage:
    """Each task's due date against the signed baseline (version 1), in working days.

    ``working_days_between(baseline_due, current_due)``: positive when the task is now due
    later. Tasks without a baseline (none before signing) have ``days`` None. Two queries
    (baseline rows, calendar overrides), plus one for the tasks unless they are given.
    """
    if tasks is None:
        tasks = list(PlanTask.objects.filter(plan=plan).order_by("position", "id"))
    baseline = _baseline_dates(plan)
    slips: dict[str, TaskSlip] = {}
    dates = [d for start, due in baseline.values() for d in (start, due)]
    dates += [t.due_on for t in tasks]
    calendar = WorkingCalendar.for_span(min(dates), max(dates)) if baseline and dates else None
    for task in tasks:
        base = baseline.get(task.key)
        days = (
            calendar.working_days_between(base[1], task.due_on)
            if base is not None and calendar is not None
            else None
        )
        slips[task.key] = TaskSlip(
            task.key, base[0] if base else None, base[1] if base else None, task.due_on, days
        )
    known = [s.days for s in slips.values() if s.days is not None]
    return PlanSlippage(slips, max(known, default=0), sum(known))


@dataclass(frozen=True)
class VersionRow:
    """One task in a version next to the baseline."""

    task: PlanTask
    start_on: date | None
    due_on: date | None
    baseline_start_on: date | None
    baseline_due_on: date | None
    slip: int | None


def plan_version_comparison(plan: Plan, version: PlanVersion) -> list[VersionRow]:
    """Each task's dates in ``version`` against the baseline, in plan order."""
    tasks = list(PlanTask.objects.filter(plan=plan).order_by("position", "id"))
    mine = _version_dates(version.pk)
    baseline = _baseline_dates(plan)
    dates = [d for pair in (*mine.values(), *baseline.values()) for d in pair]
    calendar = WorkingCalendar.for_span(min(dates), max(dates)) if dates else None
    rows = []
    for task in tasks:
        here, base = mine.get(task.key), baseline.get(task.key)
        slip = (
            calendar.working_days_between(base[1], here[1]) if here and base and calendar else None
        )
        rows.append(
            VersionRow(
                task,
                here[0] if here else None,
                here[1] if here else None,
                base[0] if base else None,
                base[1] if base else None,
                slip,
            )
        )
    return rows


def plan_change_requests(plan: Plan) -> list[ChangeRequest]:
    """The plan's change requests, newest first, with items and approvals (four queries)."""
    return list(
        ChangeRequest.objects.filter(plan=plan)
        .select_related("requested_by")
        .prefetch_related(
            Prefetch("items", queryset=ChangeRequestItem.objects.select_related("task")),
            Prefetch("approvals", queryset=ChangeApproval.objects.select_related("decided_by")),
        )
    )


def change_request(plan: Plan, pk: int) -> ChangeRequest:
    """One change request of ``plan`` (404 otherwise)."""
    return get_object_or_404(ChangeRequest.objects.select_related("plan"), plan=plan, pk=pk)
