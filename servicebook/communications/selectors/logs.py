"""Read models of the weekly and monthly service logs (客户服务周志 / 月志, SPEC §7).

Two kinds of read live here:

- the *facts* of a period (``period_facts``), which ``drafting`` turns into the log's text:
  each kind of record is read in one query (plan tasks, work orders with their rounds,
  contacts, requests, letters, visits, meetings) and the working days are counted with one
  calendar, however many records there are;
- the *pages*: a project's logs with the periods that owe one, one log, and the managers'
  overview of active projects × recent weeks and months. Every page read starts from
  ``visible_to``; a project or log the user may not see is a 404.

A project owes a log for every week and month from the one its plan starts in; a project
without a plan owes none yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from servicebook.accounts.models import Department, User
from servicebook.communications import drafting
from servicebook.communications.models import (
    ClientRequest,
    ConsultationLetter,
    ContactLog,
    LogKind,
    ServiceLog,
)
from servicebook.communications.models.logs import ServiceLogStatusChange
from servicebook.communications.periods import (
    LogStanding,
    due_on,
    log_period,
    periods_between,
    standing,
)
from servicebook.core.workdays import WorkingCalendar
from servicebook.delivery.models import (
    CreativeMeeting,
    CreativeMeetingStatus,
    RoundOutcome,
    SupervisionVisit,
    WorkOrder,
    WorkOrderRound,
    WorkOrderStatus,
)
from servicebook.projects.choices import ProjectStatus
from servicebook.projects.models import Plan, PlanTask, PlanVersion, Project
from servicebook.projects.schedule import Period
from servicebook.projects.selectors import PlanSlippage, plan_slippage, project_plan

ONE_DAY = timedelta(days=1)
# The managers' overview: how many finished weeks and months it shows.
OVERVIEW_WEEKS = 6
OVERVIEW_MONTHS = 2

# ---------------------------------------------------------------- the facts of a period


def period_facts(project: Project, kind: str, period: Period, today: date) -> drafting.PeriodFacts:
    """What happened in ``period`` on ``project``, and what stood open at its end (or today).

    A fixed number of queries: the plan, its tasks, the baseline and versions, work orders
    with rounds, contacts, requests, letters, visits, meetings, and one calendar.
    """
    through = min(period.last, today)
    # A task or work order is overdue when due before this day and not done by ``through``.
    reference = min(period.last + ONE_DAY, today)
    start, end = _local_start(period.first), _local_start(through + ONE_DAY)
    plan = project_plan(project)
    tasks = _plan_tasks(plan)
    work_orders = _work_orders(project, start, end)
    contacts = list(
        ContactLog.objects.filter(
            project=project, occurred_at__gte=start, occurred_at__lt=end
        ).order_by("occurred_at", "id")
    )
    requests = list(
        ClientRequest.objects.filter(project=project, raised_at__lt=end)
        .filter(Q(settled_at__isnull=True) | Q(settled_at__gte=start))
        .order_by("raised_at", "id")
    )
    letters = list(
        ConsultationLetter.objects.filter(project=project, sent_at__lt=end)
        .filter(Q(answered_at__isnull=True) | Q(answered_at__gte=start))
        .order_by("sent_at", "id")
    )
    visits = list(
        SupervisionVisit.objects.filter(project=project, visited_on__range=(period.first, through))
        .select_related("supervisor")
        .order_by("visited_on", "id")
    )
    meetings = list(
        CreativeMeeting.objects.filter(
            project=project,
            status=CreativeMeetingStatus.HELD,
            scheduled_for__gte=start,
            scheduled_for__lt=end,
        ).order_by("scheduled_for", "id")
    )
    dates = [period.first, through, *(t.due_on for t in tasks)]
    dates += [_day(r.raised_at) for r in requests] + [wo.due_on for wo in work_orders]
    dates += [letter.answer_due_on for letter in letters if letter.answer_due_on]
    dates += [_day(r.submitted_at) for wo in work_orders for r in wo.rounds.all()]
    calendar = WorkingCalendar.for_span(min(dates), max(dates))
    task_facts, overdue = _task_facts(plan, tasks, through, reference, calendar)
    slip = plan_slippage(plan, tasks) if plan is not None else None
    wo_facts = _work_order_facts(work_orders, period.first, through, reference, calendar)
    following = period.next()
    return drafting.PeriodFacts(
        kind=kind,
        first=period.first,
        last=period.last,
        through=through,
        next_first=following.first,
        next_last=following.last,
        has_plan=plan is not None,
        plan_version=_version_in_force(plan),
        has_baseline=slip is not None and any(s.days is not None for s in slip.tasks.values()),
        slip_max=slip.maximum if slip else 0,
        slip_total=slip.total if slip else 0,
        tasks=_with_slip(task_facts, slip),
        overdue_tasks=overdue,
        work_order_events=wo_facts[0],
        waiting_work_orders=wo_facts[1],
        late_work_orders=wo_facts[2],
        contacts=[_contact_fact(c) for c in contacts],
        requests=[_request_fact(r, through, calendar) for r in requests],
        letters=[_letter_fact(x, through, reference, calendar) for x in letters],
        visits=[
            drafting.VisitFact(v.visited_on, v.site, v.supervisor.display_name, v.findings)
            for v in visits
        ],
        meetings=[
            drafting.MeetingFact(_day(m.scheduled_for), m.topic, m.decision)
            for m in meetings
            if m.scheduled_for is not None
        ],
    )


def _local_start(day: date) -> datetime:
    """The first moment of ``day`` in the local time zone (aware)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _day(moment: datetime | None) -> date:
    assert moment is not None
    return timezone.localdate(moment)


def _day_or_none(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _plan_tasks(plan: Plan | None) -> list[PlanTask]:
    if plan is None:
        return []
    return list(
        PlanTask.objects.filter(plan=plan).select_related("owner").order_by("position", "id")
    )


def _version_in_force(plan: Plan | None) -> int | None:
    if plan is None:
        return None
    number = PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"]
    return int(number) if number else None


def _task_facts(
    plan: Plan | None,
    tasks: list[PlanTask],
    through: date,
    reference: date,
    calendar: WorkingCalendar,
) -> tuple[list[drafting.TaskFact], list[tuple[drafting.TaskFact, int]]]:
    facts, overdue = [], []
    for task in tasks:
        fact = drafting.TaskFact(
            key=task.key,
            name=task.name,
            owner=task.owner.display_name if task.owner else "",
            start_on=task.start_on,
            due_on=task.due_on,
            done_on=task.done_on,
            is_milestone=task.is_milestone,
            has_deliverable=task.deliverable_id is not None,
        )
        facts.append(fact)
        done = task.done_on is not None and task.done_on <= through
        if not done and task.due_on < reference:
            overdue.append((fact, calendar.working_days_between(task.due_on, through)))
    return facts, overdue


def _with_slip(
    facts: list[drafting.TaskFact], slip: PlanSlippage | None
) -> list[drafting.TaskFact]:
    if slip is None:
        return facts
    result = []
    for fact in facts:
        task_slip = slip.for_key(fact.key)
        if task_slip is None or task_slip.days is None:
            result.append(fact)
            continue
        result.append(replace(fact, baseline_due_on=task_slip.baseline_due_on, slip=task_slip.days))
    return result


def _work_orders(project: Project, start: datetime, end: datetime) -> list[WorkOrder]:
    """Work orders issued before the end and not closed before the start, with rounds."""
    return list(
        WorkOrder.objects.filter(project=project, issued_at__lt=end)
        .exclude(closed_at__lt=start)
        .select_related("assignee")
        .prefetch_related(Prefetch("rounds", queryset=WorkOrderRound.objects.order_by("number")))
        .order_by("number")
    )


WorkOrderFacts = tuple[
    list[drafting.WorkOrderEvent], list[drafting.WaitingWorkOrder], list[drafting.LateWorkOrder]
]


def _work_order_facts(
    work_orders: Iterable[WorkOrder],
    first: date,
    through: date,
    reference: date,
    calendar: WorkingCalendar,
) -> WorkOrderFacts:
    """Events in the period; handed-in rounds waiting for the client and late work, as of then."""
    events, waiting, late = [], [], []
    for wo in work_orders:
        rounds = [r for r in wo.rounds.all() if _day(r.submitted_at) <= through]
        events += _round_events(wo, rounds, first, through)
        closed_on = _day_or_none(wo.closed_at)
        if wo.status == WorkOrderStatus.DONE and closed_on and first <= closed_on <= through:
            events.append(drafting.WorkOrderEvent(wo.number, wo.title, "done", closed_on))
        if closed_on is not None and closed_on <= through:
            continue
        latest = rounds[-1] if rounds else None
        answered = _day_or_none(latest.feedback_at) if latest else None
        if latest is not None and (answered is None or answered > through):
            submitted = _day(latest.submitted_at)
            days = calendar.working_days_between(submitted, through)
            waiting.append(
                drafting.WaitingWorkOrder(wo.number, wo.title, latest.number, submitted, days)
            )
        elif (latest is None or latest.outcome == RoundOutcome.REVISE) and wo.due_on < reference:
            late.append(
                drafting.LateWorkOrder(
                    wo.number,
                    wo.title,
                    wo.assignee.display_name if wo.assignee else "",
                    wo.due_on,
                    calendar.working_days_between(wo.due_on, through),
                )
            )
    events.sort(key=lambda e: (e.on, e.number))
    return events, waiting, late


def _round_events(
    wo: WorkOrder, rounds: list[WorkOrderRound], first: date, through: date
) -> list[drafting.WorkOrderEvent]:
    events = []
    for r in rounds:
        submitted = _day(r.submitted_at)
        if first <= submitted <= through:
            events.append(
                drafting.WorkOrderEvent(wo.number, wo.title, "submitted", submitted, r.number)
            )
        answered = _day_or_none(r.feedback_at)
        if answered and first <= answered <= through and r.outcome != RoundOutcome.PENDING:
            event = "approved" if r.outcome == RoundOutcome.APPROVED else "revise"
            events.append(
                drafting.WorkOrderEvent(
                    wo.number, wo.title, event, answered, r.number, r.client_feedback
                )
            )
    return events


def _contact_fact(contact: ContactLog) -> drafting.ContactFact:
    return drafting.ContactFact(
        _day(contact.occurred_at),
        contact.channel_label,
        contact.contact_name,
        contact.summary,
        contact.follow_ups,
    )


def _request_fact(
    request: ClientRequest, through: date, calendar: WorkingCalendar
) -> drafting.RequestFact:
    raised, settled = _day(request.raised_at), _day_or_none(request.settled_at)
    until = settled if settled is not None and settled <= through else through
    return drafting.RequestFact(
        request.text,
        raised,
        _day_or_none(request.first_reply_at),
        settled,
        calendar.working_days_between(raised, until),
    )


def _letter_fact(
    letter: ConsultationLetter, through: date, reference: date, calendar: WorkingCalendar
) -> drafting.LetterFact:
    answered = _day_or_none(letter.answered_at)
    open_then = answered is None or answered > through
    due = letter.answer_due_on
    overdue = open_then and due is not None and due < reference
    return drafting.LetterFact(
        letter.number,
        letter.subject,
        _day(letter.sent_at),
        due,
        answered,
        letter.answer,
        overdue=overdue,
        late_days=calendar.working_days_between(due, through) if overdue and due else 0,
    )


# ---------------------------------------------------------------- a project's logs


def log_project(user: User, pk: int) -> Project:
    """A project the user may see, with what the log pages show (404 otherwise)."""
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("client", "department", "lead"), pk=pk
    )


def plan_start(project: Project) -> date | None:
    """The day the project's plan starts: its logs are owed from that week (one query)."""
    start = Plan.objects.filter(project=project).aggregate(start=Min("start_on"))["start"]
    return start if isinstance(start, date) else None


@dataclass
class LogRow:
    """One period of a project: its log (if drafted), due date and standing."""

    kind: str
    period: Period
    due_on: date
    log: ServiceLog | None
    standing: LogStanding
    is_current: bool = False

    @property
    def kind_label(self) -> str:
        return str(LogKind(self.kind).label)


@dataclass
class ProjectLogs:
    """A project's weekly and monthly rows (newest first) and the counts of flagged ones."""

    weekly: list[LogRow]
    monthly: list[LogRow]
    starts_on: date | None

    @property
    def flagged(self) -> int:
        return sum(1 for row in (*self.weekly, *self.monthly) if row.standing.is_late)

    def row(self, kind: str, period: Period) -> LogRow | None:
        rows = self.monthly if kind == LogKind.MONTHLY else self.weekly
        return next((r for r in rows if r.period == period), None)


def project_logs(project: Project, today: date) -> ProjectLogs:
    """Every period the project owes a log for, up to the current one, with its log.

    Three queries: the plan's start, the logs, the calendar. Logs outside the owed periods
    (drafted before the plan started) are listed too.
    """
    starts_on = plan_start(project)
    logs = list(ServiceLog.objects.filter(project=project).select_related("sent_by", "drafted_by"))
    by_period = {(log.kind, log.period_start): log for log in logs}
    periods: dict[str, set[Period]] = {kind: set() for kind in LogKind.values}
    if starts_on is not None:
        for kind in LogKind.values:
            periods[kind].update(periods_between(kind, starts_on, today))
    for log in logs:
        periods[log.kind].add(log_period(log.kind, log.period_start))
    every = [p for kinds in periods.values() for p in kinds]
    if not every:
        return ProjectLogs([], [], starts_on)
    calendar = WorkingCalendar.for_span(
        min(p.first for p in every), max(p.last for p in every) + timedelta(days=31)
    )
    rows = {
        kind: [
            _row(kind, period, by_period.get((kind, period.first)), today, calendar)
            for period in sorted(periods[kind], key=lambda p: p.first, reverse=True)
        ]
        for kind in LogKind.values
    }
    return ProjectLogs(rows[LogKind.WEEKLY], rows[LogKind.MONTHLY], starts_on)


def _row(
    kind: str, period: Period, log: ServiceLog | None, today: date, calendar: WorkingCalendar
) -> LogRow:
    due = log.due_on if log is not None else due_on(kind, period, calendar)
    return LogRow(
        kind,
        period,
        due,
        log,
        log_standing_of(log, due, today, calendar),
        is_current=period.contains(today),
    )


def log_standing_of(
    log: ServiceLog | None, due: date, today: date, calendar: WorkingCalendar
) -> LogStanding:
    """The standing of ``log`` (or of a period without one) due on ``due``."""
    sent_on = _day_or_none(log.sent_at) if log is not None else None
    return standing(due, drafted=log is not None, sent_on=sent_on, today=today, calendar=calendar)


# ---------------------------------------------------------------- one log


def log_detail(user: User, project_pk: int, pk: int) -> ServiceLog:
    """One log of a project the user may see (404 otherwise), with its project and people."""
    return get_object_or_404(
        ServiceLog.objects.visible_to(user).select_related(
            "project", "project__client", "project__department", "project__lead",
            "sent_by", "drafted_by",
        ),
        project_id=project_pk,
        pk=pk,
    )  # fmt: skip


def log_standing(log: ServiceLog, today: date) -> LogStanding:
    """Where one log stands today (one calendar query)."""
    calendar = WorkingCalendar.for_span(log.due_on, max(today, log.due_on))
    return log_standing_of(log, log.due_on, today, calendar)


def log_history(log: ServiceLog) -> list[ServiceLogStatusChange]:
    """Its status moves, newest first, with who made them (one query)."""
    return list(ServiceLogStatusChange.objects.filter(log=log).select_related("actor"))


# ---------------------------------------------------------------- the managers' overview


def may_see_overview(user: User) -> bool:
    """Department managers (their departments) and the GM (all)."""
    return bool(user.is_active and user.is_manager)


def overview_departments(user: User) -> list[Department]:
    """The departments the overview may be filtered by (one query)."""
    if user.is_general_manager:
        return list(Department.objects.all())
    return list(Department.objects.filter(pk__in=user.managed_department_ids))


def overview_projects(user: User, params: Any) -> QuerySet[Project]:
    """Active projects of the departments ``user`` manages (all for the GM), by code.

    Not a manager: a 404 (the overview is not theirs). ``?department=`` narrows it down,
    ``?q=`` searches code, name and client.
    """
    if not may_see_overview(user):
        raise Http404
    projects = (
        Project.objects.visible_to(user)
        .filter(status=ProjectStatus.ACTIVE)
        .select_related("client", "department", "lead")
    )
    if not user.is_general_manager:
        projects = projects.filter(department_id__in=user.managed_department_ids)
    if (department := params.get("department") or "").isdigit():
        projects = projects.filter(department_id=int(department))
    if text := (params.get("q") or "").strip():
        for word in text.split():
            projects = projects.filter(
                Q(code__icontains=word)
                | Q(name__icontains=word)
                | Q(client__legal_name__icontains=word)
                | Q(client__short_name__icontains=word)
            )
    return projects.order_by("department_id", "code", "id")


@dataclass(frozen=True)
class OverviewColumn:
    """One finished week or month of the overview."""

    kind: str
    period: Period
    due_on: date


@dataclass
class OverviewCell:
    """One project's log for one column: its standing, or None when none is owed."""

    column: OverviewColumn
    log: ServiceLog | None
    standing: LogStanding | None


@dataclass
class OverviewRow:
    project: Project
    starts_on: date | None
    cells: list[OverviewCell] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return sum(1 for c in self.cells if c.standing is not None and c.standing.is_late)


def overview_columns(today: date, calendar: WorkingCalendar) -> list[OverviewColumn]:
    """The last finished weeks and months, oldest first (weeks, then months)."""
    week = log_period(LogKind.WEEKLY, today).previous()
    weeks = []
    for _n in range(OVERVIEW_WEEKS):
        weeks.append(week)
        week = week.previous()
    month = log_period(LogKind.MONTHLY, today).previous()
    months = []
    for _n in range(OVERVIEW_MONTHS):
        months.append(month)
        month = month.previous()
    return [
        OverviewColumn(kind, period, due_on(kind, period, calendar))
        for kind, periods in ((LogKind.WEEKLY, weeks), (LogKind.MONTHLY, months))
        for period in reversed(periods)
    ]


def overview_rows(
    projects: Sequence[Project], today: date
) -> tuple[list[OverviewColumn], list[OverviewRow]]:
    """Each project's standing in each column: three queries (plans, logs, calendar)."""
    first = min(
        log_period(LogKind.MONTHLY, today).previous().previous().first,
        log_period(LogKind.WEEKLY, today).first - timedelta(days=7 * OVERVIEW_WEEKS),
    )
    calendar = WorkingCalendar.for_span(first, today + timedelta(days=14))
    columns = overview_columns(today, calendar)
    ids = [p.pk for p in projects]
    starts = dict(
        Plan.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(start=Min("start_on"))
        .values_list("project_id", "start")
    )
    logs: dict[int, dict[tuple[str, date], ServiceLog]] = defaultdict(dict)
    for found in ServiceLog.objects.filter(
        project_id__in=ids, period_start__gte=min(c.period.first for c in columns)
    ):
        logs[found.project_id][(found.kind, found.period_start)] = found
    rows = []
    for project in projects:
        row = OverviewRow(project, starts.get(project.pk))
        for column in columns:
            log = logs[project.pk].get((column.kind, column.period.first))
            owed = row.starts_on is not None and column.period.last >= row.starts_on
            if log is None and not owed:
                row.cells.append(OverviewCell(column, None, None))
                continue
            due = log.due_on if log is not None else column.due_on
            row.cells.append(OverviewCell(column, log, log_standing_of(log, due, today, calendar)))
        rows.append(row)
    return columns, rows
