"""Drafting the project plan (项目计划书, SPEC §5): generate it, then let the team edit it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.catalog.models import Deliverable, ServiceLine, WorkTemplate
from servicebook.catalog.scheduling import calendar_for
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.choices import PlanStatus, PlanTaskKind
from servicebook.projects.models import Plan, PlanTask, Project, TeamMember
from servicebook.projects.permissions import can_manage_team
from servicebook.projects.planning import (
    DraftTask,
    Placed,
    deliverable_phases,
    draft_tasks,
    line_owner,
    plannable,
    reschedule,
)


@transaction.atomic
def plan_generate(*, actor: User, project: Project, start_on: date) -> Plan:
    """Draft the project's first plan from its services, scheduled from ``start_on``.

    Allowed to whoever may manage the team; refused when the project already has a plan.
    Steps come from the catalog's work templates and standard durations (``planning``);
    owners from the team's primaries. Tasks and dependencies are bulk-created.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_manage_team(actor, locked):
        raise PermissionDenied(_("You may not draft this project's plan."))
    if Plan.objects.filter(project=locked).exists():
        raise DomainError(_("This project already has a plan."))
    lines = _service_lines(locked)
    templates = WorkTemplate.objects.by_code(d.template_code for _l, ds in lines for d in ds)
    phases = deliverable_phases(lines, templates)
    calendar = calendar_for([spec for phase in phases for spec in phase.steps], start_on)
    owners = _line_owners(locked, [line for line, _ds in lines])
    drafts = draft_tasks(phases, templates, start_on, calendar, owners)
    plan = Plan.objects.create(
        project=locked, version=1, status=PlanStatus.DRAFT, start_on=start_on, created_by=actor
    )
    _save_tasks(plan, drafts)
    return plan


def _service_lines(project: Project) -> list[tuple[ServiceLine, list[Deliverable]]]:
    """The project's service lines in catalog order, each with its plannable deliverables."""
    lines = ServiceLine.objects.filter(pk__in=project.services.values("pk")).prefetch_related(
        Prefetch("deliverables", queryset=Deliverable.objects.order_by("position", "id"))
    )
    return [(line, plannable(line.deliverables.all())) for line in lines.order_by("position")]


def _line_owners(project: Project, lines: list[ServiceLine]) -> dict[str, int | None]:
    """Each line's owner: the first primary of the fitting project role, else the lead."""
    primaries: dict[str, int] = {}
    members = TeamMember.objects.filter(project=project, is_backup=False).order_by("added_at", "id")
    for role, user_id in members.values_list("role", "user_id"):
        primaries.setdefault(role, user_id)
    return {line.code: line_owner(line.code, primaries, project.lead_id) for line in lines}


def _save_tasks(plan: Plan, drafts: list[DraftTask]) -> None:
    """Insert the tasks, then their dependencies, in two bulk inserts."""
    rows = PlanTask.objects.bulk_create(
        PlanTask(
            plan=plan,
            key=draft.key,
            position=position,
            phase=draft.phase,
            kind=draft.kind,
            name_zh=draft.name_zh,
            name_en=draft.name_en,
            deliverable_id=draft.deliverable_id,
            template_step_id=draft.template_step_id,
            owner_id=draft.owner_id,
            days=draft.days,
            start_on=draft.start,
            due_on=draft.due,
            is_milestone=draft.is_milestone,
        )
        for position, draft in enumerate(drafts)
    )
    ids = {row.key: row.pk for row in rows}
    link = PlanTask.depends_on.through
    PlanTask.depends_on.through.objects.bulk_create(
        link(from_plantask_id=ids[draft.key], to_plantask_id=ids[key])
        for draft in drafts
        for key in draft.depends_on
    )


@transaction.atomic
def plan_task_update(
    *, actor: User, task: PlanTask, owner: User | None, start_on: date, days: int
) -> PlanTask:
    """Change a draft task's owner, start and duration; its due date follows (SPEC §6).

    Allowed to whoever may manage the team, on a draft plan only (later versions are
    locked). The owner must be on the team or lead the project. The tasks that depend on
    it move later as far as needed; a task may not start before a dependency is due.
    """
    locked = PlanTask.objects.select_for_update().select_related("plan__project").get(pk=task.pk)
    plan = locked.plan
    if not can_manage_team(actor, plan.project):
        raise PermissionDenied(_("You may not change this project's plan."))
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("Only a draft plan can be edited."))
    if days < 1:
        raise DomainError(_("A task lasts at least one working day."), field="days")
    if owner is not None and not _may_own(plan.project, owner):
        raise DomainError(_("The owner must be on the project team."), field="owner")
    rows, lines = plan_lines(plan)
    moved = reschedule(lines, {locked.key: (start_on, days)}, calendar_for_lines(lines, start_on))
    locked.owner = owner
    locked.save(update_fields=["owner"])
    changed = [rows[key] for key in moved]
    for row in changed:
        row.start_on, row.due_on, row.days = moved[row.key].dates
    PlanTask.objects.bulk_update(changed, ["start_on", "due_on", "days"])
    locked.refresh_from_db(fields=["start_on", "due_on", "days"])
    return locked


def plan_lines(plan: Plan) -> tuple[dict[str, PlanTask], list[Placed]]:
    """The plan's tasks by key and as ``Placed`` lines for rescheduling (two queries)."""
    rows = {t.key: t for t in PlanTask.objects.filter(plan=plan).order_by("position", "id")}
    keys = {t.pk: t.key for t in rows.values()}
    needs: dict[str, list[str]] = {}
    through = PlanTask.depends_on.through.objects.filter(from_plantask__plan=plan)
    for source, target in through.values_list("from_plantask_id", "to_plantask_id"):
        needs.setdefault(keys[source], []).append(keys[target])
    lines = [
        Placed(
            t.key,
            t.name,
            t.start_on,
            t.due_on,
            t.days,
            tuple(needs.get(t.key, ())),
            same_day=t.is_milestone or t.kind != PlanTaskKind.TASK,
        )
        for t in rows.values()
    ]
    return rows, lines


def calendar_for_lines(lines: Sequence[Placed], start: date) -> WorkingCalendar:
    """One calendar for rescheduling ``lines`` from ``start`` (one query; it grows if needed)."""
    first = min([start, *(line.start for line in lines)])
    return WorkingCalendar.for_walk(first, sum(line.days for line in lines) + 1)


def _may_own(project: Project, user: User) -> bool:
    """Whether ``user`` leads the project or holds a post on its team."""
    return (
        project.lead_id == user.pk or TeamMember.objects.filter(project=project, user=user).exists()
    )
