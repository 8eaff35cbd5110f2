"""Read models of the weekly and monthly plans (周计划 / 月度工作计划, SPEC §5).

The tasks of a week or a month come from each project's current plan (its latest
version): a task is listed when its ``[start_on, due_on]`` overlaps the period. Every read
starts from ``Project.objects.visible_to(viewer)``; the pages run a fixed number of
queries however many tasks there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from servicebook.accounts.models import User
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.models import Plan, PlanTask, Project, WeeklyNote
from servicebook.projects.permissions import can_mark_task_done
from servicebook.projects.schedule import (
    Period,
    days_inside,
    is_overdue,
    week_of,
)


@dataclass
class ScheduleRow:
    """One task in a period: its working days inside the period and what the viewer may do."""

    task: PlanTask
    days: int
    overdue: bool
    may_mark: bool


@dataclass
class ScheduleGroup:
    """The rows of one person (project page) or one project (person page)."""

    person: User | None = None
    project: Project | None = None
    rows: list[ScheduleRow] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


@dataclass
class Schedule:
    """A period of work: its working days, the tasks grouped, the open tasks carried over.

    ``carried`` lists tasks still open that were due before the period; it is filled only
    for the period that holds today.
    """

    period: Period
    days: list[tuple[date, bool]]
    groups: list[ScheduleGroup]
    carried: list[ScheduleRow]

    @property
    def working_days(self) -> int:
        """How many working days the period has (make-up weekend days included)."""
        return sum(1 for _day, working in self.days if working)

    @property
    def task_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


@dataclass
class ProjectSchedule(Schedule):
    """A project's period with its plan and the lead's weekly notes (the week's, or the month's)."""

    plan: Plan | None = None
    notes: list[WeeklyNote] = field(default_factory=list)

    @property
    def note(self) -> WeeklyNote | None:
        """The note of the week shown (week view)."""
        return self.notes[0] if self.notes and self.period.is_week else None

    @property
    def week_notes(self) -> list[tuple[Period, WeeklyNote]]:
        """Each note with its week (month view)."""
        return [(week_of(note.week_start), note) for note in self.notes]


def current_plan_only() -> Q:
    """Tasks of a plan that no later version of the same project's plan replaces."""
    newer = Plan.objects.filter(
        project=OuterRef("plan__project"), version__gt=OuterRef("plan__version")
    )
    return ~Q(Exists(newer))


def person_open_tasks(viewer: User, person: User) -> QuerySet[PlanTask]:
    """``person``'s tasks not done, on current plans of projects ``viewer`` may see."""
    return (
        PlanTask.objects.filter(
            owner=person,
            done_on__isnull=True,
            plan__project__in=Project.objects.visible_to(viewer),
        )
        .filter(current_plan_only())
        .select_related("plan__project")
    )


@dataclass(frozen=True)
class _Rows:
    """Turns tasks into rows for one viewer, period, calendar and day."""

    viewer: User
    period: Period
    calendar: WorkingCalendar
    today: date

    def row(self, task: PlanTask, project: Project) -> ScheduleRow:
        return ScheduleRow(
            task,
            days_inside(task.start_on, task.due_on, self.period, self.calendar),
            is_overdue(task.due_on, task.done_on, self.today),
            can_mark_task_done(self.viewer, project, task.owner_id),
        )


def project_schedule(
    viewer: User, project: Project, period: Period, today: date
) -> ProjectSchedule:
    """The project's tasks active in the period, by owner (the unassigned last), with notes.

    Five queries with a plan (plan, calendar, tasks, carried-over tasks, notes); the
    carried-over query runs only for the period that holds today.
    """
    plan = Plan.objects.filter(project=project).order_by("-version").first()
    calendar = WorkingCalendar.for_span(period.first, period.last)
    rows = _Rows(viewer, period, calendar, today)
    groups: dict[int | None, ScheduleGroup] = {}
    carried: list[ScheduleRow] = []
    if plan is not None:
        tasks = PlanTask.objects.filter(plan=plan).select_related("owner", "plan")
        active = tasks.filter(start_on__lte=period.last, due_on__gte=period.first)
        for task in active.order_by("start_on", "position", "id"):
            group = groups.setdefault(task.owner_id, ScheduleGroup(person=task.owner))
            group.rows.append(rows.row(task, project))
        if period.contains(today):
            late = tasks.filter(done_on__isnull=True, due_on__lt=period.first)
            carried = [
                rows.row(task, project) for task in late.order_by("due_on", "position", "id")
            ]
    return ProjectSchedule(
        period=period,
        days=_days(period, calendar),
        groups=sorted(groups.values(), key=_person_order),
        carried=carried,
        plan=plan,
        notes=_weekly_notes(project, period),
    )


def _days(period: Period, calendar: WorkingCalendar) -> list[tuple[date, bool]]:
    """Each day of the period and whether it is a working day."""
    return [(day, calendar.is_working_day(day)) for day in period.days()]


def _person_order(group: ScheduleGroup) -> tuple[bool, str]:
    person = group.person
    return (person is None, person.display_name if person else "")


def _weekly_notes(project: Project, period: Period) -> list[WeeklyNote]:
    """The note of the week, or the notes of every week that shares a day with the month."""
    notes = WeeklyNote.objects.filter(project=project).select_related("author")
    if period.is_week:
        notes = notes.filter(week_start=period.first)
    else:
        notes = notes.filter(week_start__gte=period.week_starts()[0], week_start__lte=period.last)
    return list(notes.order_by("week_start"))


def person_schedule(viewer: User, person: User, period: Period, today: date) -> Schedule:
    """``person``'s tasks active in the period on projects ``viewer`` may see, by project.

    Two queries (calendar, tasks), plus one for the tasks carried over in the period that
    holds today.
    """
    calendar = WorkingCalendar.for_span(period.first, period.last)
    rows = _Rows(viewer, period, calendar, today)
    visible = Project.objects.visible_to(viewer)
    tasks = (
        PlanTask.objects.filter(owner=person, plan__project__in=visible)
        .filter(current_plan_only())
        .select_related("plan__project", "plan__project__client")
    )
    active = tasks.filter(start_on__lte=period.last, due_on__gte=period.first)
    groups: dict[int, ScheduleGroup] = {}
    for task in active.order_by("plan__project__code", "start_on", "position", "id"):
        project = task.plan.project
        group = groups.setdefault(project.pk, ScheduleGroup(project=project))
        group.rows.append(rows.row(task, project))
    carried: list[ScheduleRow] = []
    if period.contains(today):
        late = tasks.filter(done_on__isnull=True, due_on__lt=period.first)
        carried = [
            rows.row(task, task.plan.project)
            for task in late.order_by("due_on", "plan__project__code", "position", "id")
        ]
    return Schedule(
        period=period,
        days=_days(period, calendar),
        groups=list(groups.values()),
        carried=carried,
    )


def schedule_person(viewer: User, person_id: str | None) -> User:
    """Whose schedule ``viewer`` opens: themselves by default, or ``?person=<id>``.

    A manager may open anyone in the departments they manage, the GM anyone; anyone else
    only themselves. Anyone else is a 404.
    """
    if not person_id or person_id == str(viewer.pk):
        return viewer
    if not person_id.isdigit():
        raise Http404
    if viewer.is_general_manager:
        return get_object_or_404(User.objects.select_related("department"), pk=int(person_id))
    managed = viewer.managed_department_ids
    if not managed:
        raise Http404
    staff = User.objects.select_related("department")
    return get_object_or_404(staff, pk=int(person_id), department_id__in=managed)


def schedule_people(viewer: User) -> list[User]:
    """Whom a manager may pick on the person schedule (the GM: all active staff); one query.

    Empty for staff who manage no one: they see only their own schedule.
    """
    if not viewer.is_manager:
        return []
    people = User.objects.filter(is_active=True).select_related("department")
    if not viewer.is_general_manager:
        people = people.filter(Q(department_id__in=viewer.managed_department_ids) | Q(pk=viewer.pk))
    return list(people.order_by("department_id", "full_name", "username"))
