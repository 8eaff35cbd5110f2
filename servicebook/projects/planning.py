"""Drafting a project plan from the catalog (SPEC §5, §6): pure, given the catalog rows.

Each service line of the project is a phase. Its deliverables (those with a standard
duration; recurring ones like the daily sales report are not planned) run one after the
other: a deliverable's first steps wait for the previous deliverable's last steps. The
phases run alongside each other from the plan's start. After the steps come, per
deliverable, a milestone (delivered) and a planned client communication on its due
date, and, for sales supervision, a supervision visit every ten working days of the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from servicebook.catalog.models import Deliverable, ServiceLine, TemplateStep, WorkTemplate
from servicebook.catalog.scheduling import (
    Calendar,
    ScheduledStep,
    StepSpec,
    dependency_order,
    schedule,
)
from servicebook.catalog.scheduling import steps_for_deliverable as deliverable_steps
from servicebook.core.errors import DomainError
from servicebook.projects.choices import PlanTaskKind, ProjectRole

# The project role that owns a service line's tasks; the project lead owns the others.
LINE_ROLES: dict[str, str] = {
    "market_research": ProjectRole.RESEARCHER,
    "development_planning": ProjectRole.PLANNER,
    "marketing_planning": ProjectRole.PLANNER,
    "integrated_promotion": ProjectRole.DESIGNER,
    "media_agency": ProjectRole.DESIGNER,
    "sales_supervision": ProjectRole.SALES_ASSISTANT,
    "leasing": ProjectRole.LEASING,
}
SUPERVISED_LINE = "sales_supervision"
VISIT_EVERY_DAYS = 10


@dataclass(frozen=True)
class DraftTask:
    """One line of a draft plan, before it is saved."""

    key: str
    phase: str
    kind: str
    name_zh: str
    name_en: str
    days: int
    start: date
    due: date
    depends_on: tuple[str, ...] = ()
    deliverable_id: int | None = None
    template_step_id: int | None = None
    owner_id: int | None = None
    is_milestone: bool = False


@dataclass(frozen=True)
class PhaseSteps:
    """One deliverable of one service line with its chained steps."""

    line: ServiceLine
    deliverable: Deliverable
    steps: list[StepSpec]

    @property
    def last_keys(self) -> tuple[str, ...]:
        """The steps no other step of this deliverable waits for (the deliverable's end)."""
        waited_for = {key for spec in self.steps for key in spec.depends_on}
        return tuple(spec.key for spec in self.steps if spec.key not in waited_for)


def plannable(deliverables: Iterable[Deliverable]) -> list[Deliverable]:
    """The deliverables a plan schedules: not recurring, with a standard duration."""
    return [d for d in deliverables if not d.recurring and d.standard_days]


def deliverable_phases(
    lines: Sequence[tuple[ServiceLine, Sequence[Deliverable]]],
    templates: Mapping[str, WorkTemplate],
) -> list[PhaseSteps]:
    """Every deliverable's steps; deliverables (and lines) start together with the plan.

    Within a deliverable the template's steps follow each other (research plan →
    questionnaire → fieldwork …). Deliverables are separate pieces of work, usually by
    different people, so the draft starts them all at once; the team reorders the draft.
    """
    return [
        PhaseSteps(line, deliverable, list(deliverable_steps(deliverable, templates)))
        for line, deliverables in lines
        for deliverable in deliverables
    ]


def line_owner(line_code: str, primaries: Mapping[str, int], lead_id: int | None) -> int | None:
    """The primary of the role fitting the line (``LINE_ROLES``), else the project lead."""
    role = LINE_ROLES.get(line_code)
    return primaries.get(role, lead_id) if role else lead_id


def draft_tasks(
    phases: Sequence[PhaseSteps],
    templates: Mapping[str, WorkTemplate],
    start: date,
    calendar: Calendar,
    owners: Mapping[str, int | None],
) -> list[DraftTask]:
    """The draft plan's lines in order: all steps placed by one ``schedule`` call."""
    specs = [spec for phase in phases for spec in phase.steps]
    placed = {step.key: step for step in schedule(specs, start, calendar)}
    step_rows = _template_steps(templates)
    tasks: list[DraftTask] = []
    for phase in phases:
        owner = owners.get(phase.line.code)
        for spec in phase.steps:
            tasks.append(_step_task(phase, spec, placed[spec.key], step_rows, owner))
        tasks.extend(_delivery_tasks(phase, placed, owner))
    if any(phase.line.code == SUPERVISED_LINE for phase in phases) and tasks:
        end = max(task.due for task in tasks)
        tasks.extend(_visits(calendar, start, end, owners.get(SUPERVISED_LINE)))
    return tasks


def _template_steps(templates: Mapping[str, WorkTemplate]) -> dict[int, TemplateStep]:
    """The templates' (prefetched) steps by id, for their names in both languages."""
    return {step.pk: step for template in templates.values() for step in template.steps.all()}


def _step_task(
    phase: PhaseSteps,
    spec: StepSpec,
    placed: ScheduledStep,
    step_rows: Mapping[int, TemplateStep],
    owner: int | None,
) -> DraftTask:
    named = step_rows.get(spec.template_step_id or 0) or phase.deliverable
    return DraftTask(
        key=spec.key,
        phase=phase.line.code,
        kind=PlanTaskKind.TASK,
        name_zh=named.name_zh,
        name_en=named.name_en,
        days=placed.days,
        start=placed.start,
        due=placed.due,
        depends_on=spec.depends_on,
        deliverable_id=phase.deliverable.pk,
        template_step_id=spec.template_step_id,
        owner_id=owner,
    )


def _delivery_tasks(
    phase: PhaseSteps, placed: Mapping[str, ScheduledStep], owner: int | None
) -> list[DraftTask]:
    """The milestone (delivered) and the client communication on the deliverable's due date."""
    deliverable, last = phase.deliverable, phase.last_keys
    due = max(placed[key].due for key in last)
    common = {"phase": phase.line.code, "days": 1, "start": due, "due": due}
    milestone = DraftTask(
        key=f"d{deliverable.pk}.done",
        kind=PlanTaskKind.TASK,
        name_zh=f"交付：{deliverable.name_zh}",
        name_en=f"Delivered: {deliverable.name_en}",
        depends_on=last,
        deliverable_id=deliverable.pk,
        owner_id=owner,
        is_milestone=True,
        **common,  # type: ignore[arg-type]
    )
    communication = DraftTask(
        key=f"d{deliverable.pk}.client",
        kind=PlanTaskKind.CLIENT_COMMUNICATION,
        name_zh=f"与客户沟通：{deliverable.name_zh}",
        name_en=f"Client communication: {deliverable.name_en}",
        depends_on=(milestone.key,),
        deliverable_id=deliverable.pk,
        owner_id=owner,
        **common,  # type: ignore[arg-type]
    )
    return [milestone, communication]


def _visits(calendar: Calendar, start: date, end: date, owner: int | None) -> list[DraftTask]:
    """A supervision visit on every tenth working day of the plan (day 10, 20 …)."""
    first = calendar.next_working_day(start)
    visits: list[DraftTask] = []
    day = calendar.due_date(first, VISIT_EVERY_DAYS)
    while day <= end:
        n = len(visits) + 1
        visits.append(
            DraftTask(
                key=f"visit-{n}",
                phase=SUPERVISED_LINE,
                kind=PlanTaskKind.SUPERVISION_VISIT,
                name_zh=f"督导巡场（第{n}次）",
                name_en=f"Supervision visit {n}",
                days=1,
                start=day,
                due=day,
                owner_id=owner,
            )
        )
        day = calendar.due_date(day, VISIT_EVERY_DAYS + 1)
    return visits


# Moving tasks: a moved task takes its dependants along (SPEC §5, §6).

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Placed:
    """A plan line's dates as rescheduling sees them.

    ``same_day`` lines (milestones, client communications, visits) fall on the day their
    dependencies are due; work starts on the working day after.
    """

    key: str
    name: str
    start: date
    due: date
    days: int
    depends_on: tuple[str, ...] = ()
    same_day: bool = False

    @property
    def dates(self) -> tuple[date, date, int]:
        return (self.start, self.due, self.days)


def reschedule(
    lines: Sequence[Placed], moves: Mapping[str, tuple[date, int]], calendar: Calendar
) -> dict[str, Placed]:
    """The lines whose dates change when ``moves`` (key → new start, working days) apply.

    A moved line starts on its new start (moved to a working day) and is due per the SPEC
    convention. Any line whose dependencies are now due too late for it is pushed later,
    keeping its working days; nothing is pulled earlier. A moved line may not start before
    a dependency is due: that is refused (``DomainError``) rather than silently pushed.
    """
    by_key = {line.key: line for line in lines}
    specs = {line.key: StepSpec(line.key, line.name, line.days, line.depends_on) for line in lines}
    placed: dict[str, Placed] = {}
    for key in dependency_order(specs):
        line = by_key[key]
        start, days = moves.get(key, (line.start, line.days))
        start = calendar.next_working_day(start)
        earliest = _earliest_start(line, placed, calendar)
        if earliest is not None and start < earliest[0]:
            if key in moves:
                raise DomainError(
                    _("“%(task)s” cannot start before “%(dependency)s” is due (%(due)s).")
                    % {
                        "task": line.name,
                        "dependency": earliest[1].name,
                        "due": earliest[1].due.isoformat(),
                    },
                    field="start_on",
                )
            start = earliest[0]
        placed[key] = Placed(
            key,
            line.name,
            start,
            calendar.due_date(start, days),
            days,
            line.depends_on,
            line.same_day,
        )
    return {key: new for key, new in placed.items() if new.dates != by_key[key].dates}


def _earliest_start(
    line: Placed, placed: Mapping[str, Placed], calendar: Calendar
) -> tuple[date, Placed] | None:
    """The first day ``line`` may start after its dependencies, and the one that decides it."""
    if not line.depends_on:
        return None
    last = max((placed[key] for key in line.depends_on), key=lambda p: p.due)
    first = last.due if line.same_day else last.due + ONE_DAY
    return calendar.next_working_day(first), last
