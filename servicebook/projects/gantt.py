"""The Gantt chart of a project plan, laid out for the page: pure, no database.

Given the plan's tasks, the signed baseline's dates, a working-day calendar and today,
``build_chart`` returns what the template draws: month and day (or week) headers,
non-working days shaded from the calendar (official holidays and agency closures in one
tint, weekends in another; make-up working days 调休 stay unshaded and are marked), one
row per task grouped by phase with its bar, its baseline as a thin ghost bar, milestones
as diamonds, dependency connectors and the today line.

Horizontal positions are percentages of the timeline and vertical ones percentages of a
row, so one markup fits a phone, a wide screen and a landscape page. Connectors are cut
into one piece per row they cross, so a printed page breaks cleanly between rows. A
dependency on a row of another page becomes a marker with that page's number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, pgettext

from servicebook.core.workdays import DayKind, official_holiday_name

DAY, WEEK = "day", "week"
SCALES = (DAY, WEEK)
# Longer charts open in the week scale unless the day scale is asked for.
WEEK_SCALE_AFTER_DAYS = 182
# A printed day scale this long labels Mondays only.
DENSE_AFTER_DAYS = 63
# Days kept after the last due date for the slip and page markers.
TAIL_DAYS = 3

# A task row, in percent of its height (the template passes them to the CSS).
BAR_TOP, BAR_HEIGHT = 16.0, 44.0
BAR_MID, BAR_BOTTOM = BAR_TOP + BAR_HEIGHT / 2, BAR_TOP + BAR_HEIGHT
BASELINE_TOP, BASELINE_HEIGHT = 70.0, 14.0
# Where a connector to a task that starts before its predecessor turns (percent of a row).
ELBOW = 8.0

PHASE, TASK = "phase", "task"
DONE, LATE, ACTIVE, PLANNED = "done", "late", "active", "planned"

HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Tomb-sweeping Day"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-autumn Festival"),
}
KIND_LABELS = {
    DayKind.WEEKEND: gettext_lazy("Weekend"),
    DayKind.HOLIDAY: gettext_lazy("Holiday"),
    DayKind.CLOSURE: gettext_lazy("Agency closure"),
    DayKind.MAKEUP: gettext_lazy("Make-up working day"),
}
# Opaque colours only: a PDF draws a hairline where a stop meets "transparent".
PAPER = "var(--gantt-paper)"
SHADES = {
    DayKind.WEEKEND: "var(--gantt-weekend)",
    DayKind.HOLIDAY: "var(--gantt-holiday)",
    DayKind.CLOSURE: "var(--gantt-holiday)",
}


class GanttCalendar(Protocol):
    """What the layout asks of the working-day calendar (``WorkingCalendar`` fits)."""

    def day_kind(self, d: date) -> DayKind: ...

    def working_days_between(self, a: date, b: date) -> int: ...


def pct(value: float) -> str:
    """A percentage for a style or SVG attribute, whatever the active locale."""
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


@dataclass(frozen=True)
class GanttTask:
    """One plan task as the chart needs it (names already in the active language)."""

    pk: int
    key: str
    name: str
    phase: str
    kind: str
    owner: str
    start_on: date
    due_on: date
    days: int
    is_milestone: bool = False
    done_on: date | None = None
    depends_on: tuple[int, ...] = ()


@dataclass(frozen=True)
class Span:
    """A horizontal extent on the timeline, in percent."""

    left: float
    width: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def css(self) -> str:
        return f"left:{pct(self.left)};width:{pct(self.width)}"


@dataclass(frozen=True)
class HeaderCell:
    """A month, week or day in the header: columns ``start``..``start + span - 1`` (1-based)."""

    label: str
    title: str
    start: int
    span: int = 1
    kind: str = DayKind.WORKDAY
    mark: str = ""
    week_start: bool = False


@dataclass(frozen=True)
class Segment:
    """One straight piece of a connector inside one row: x in % of the timeline, y of the row."""

    x1: float
    y1: float
    x2: float
    y2: float
    arrow: bool = False

    @property
    def attrs(self) -> dict[str, str]:
        return {"x1": pct(self.x1), "y1": pct(self.y1), "x2": pct(self.x2), "y2": pct(self.y2)}


@dataclass(frozen=True)
class OffPageLink:
    """A dependency on a task shown on another page."""

    task: GanttTask
    page: int
    is_predecessor: bool


@dataclass
class GanttRow:
    """A phase heading or a task, with what its timeline cell draws."""

    kind: str
    label: str
    task: GanttTask | None = None
    bar: Span | None = None
    baseline: Span | None = None
    baseline_on: tuple[date, date] | None = None
    milestone: float | None = None
    slip: int | None = None
    status: str = PLANNED
    count: int = 0
    continued: bool = False
    segments: list[Segment] = field(default_factory=list)
    off_page: list[OffPageLink] = field(default_factory=list)

    @property
    def milestone_css(self) -> str:
        return f"left:{pct(self.milestone)}" if self.milestone is not None else ""

    @property
    def tail_css(self) -> str:
        """Where the slip and page markers start: after the bar or the diamond."""
        ends = [x for x in (self.bar.right if self.bar else None, self.milestone) if x is not None]
        return f"left:{pct(max(ends))}" if ends else ""


@dataclass
class GanttChart:
    """Everything the template draws for one page of rows."""

    scale: str
    first: date
    last: date
    days: int
    months: list[HeaderCell]
    columns: list[HeaderCell]
    day_kinds: dict[date, DayKind]
    shade: str
    today: date
    today_at: float | None
    rows: list[GanttRow]
    has_baseline: bool
    has_makeup_days: bool

    @property
    def today_css(self) -> str:
        return f"left:{pct(self.today_at)}" if self.today_at is not None else ""

    @property
    def today_before(self) -> bool:
        return self.today < self.first

    @property
    def dense(self) -> bool:
        return self.scale == DAY and self.days > DENSE_AFTER_DAYS

    @property
    def vars_css(self) -> str:
        """The custom properties the stylesheet lays the chart out with."""
        cols = self.days if self.scale == DAY else self.days // 7
        return (
            f"--gantt-days:{self.days};--gantt-cols:{cols};"
            f"--bar-top:{pct(BAR_TOP)};--bar-h:{pct(BAR_HEIGHT)};"
            f"--base-top:{pct(BASELINE_TOP)};--base-h:{pct(BASELINE_HEIGHT)};"
            f"--gantt-shade:{self.shade}"
        )


def by_phase(tasks: Iterable[GanttTask]) -> list[GanttTask]:
    """The tasks grouped by phase in order of first appearance, plan order within a phase."""
    phases: dict[str, list[GanttTask]] = {}
    for task in tasks:
        phases.setdefault(task.phase, []).append(task)
    return [task for group in phases.values() for task in group]


def chart_span(
    tasks: Sequence[GanttTask], baseline: Mapping[str, tuple[date, date]]
) -> tuple[date, date]:
    """From the Monday of the earliest start to the Sunday after the last due date (+ tail)."""
    keys = {t.key for t in tasks}
    pairs = [(t.start_on, t.due_on) for t in tasks]
    pairs += [dates for key, dates in baseline.items() if key in keys]
    first = min(start for start, _due in pairs)
    last = max(due for _start, due in pairs) + timedelta(days=TAIL_DAYS)
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def default_scale(first: date, last: date) -> str:
    """The day scale, or the week scale for a chart longer than about half a year."""
    return WEEK if (last - first).days + 1 > WEEK_SCALE_AFTER_DAYS else DAY


def build_chart(
    tasks: Sequence[GanttTask],
    *,
    labels: Mapping[str, str],
    baseline: Mapping[str, tuple[date, date]],
    calendar: GanttCalendar,
    today: date,
    scale: str | None = None,
    rows: slice = slice(None),
    per_page: int | None = None,
) -> GanttChart | None:
    """Lay out the rows ``rows`` of ``by_phase(tasks)``; None for a plan without tasks.

    The span covers every task and its baseline (so every page shares one timeline);
    ``per_page`` numbers the pages of dependencies drawn as markers.
    """
    if not tasks:
        return None
    ordered = by_phase(tasks)
    first, last = chart_span(ordered, baseline)
    scale = scale if scale in SCALES else default_scale(first, last)
    axis = _Axis(first, (last - first).days + 1)
    kinds = {
        first + timedelta(days=i): calendar.day_kind(first + timedelta(days=i))
        for i in range(axis.days)
    }
    page_rows = _rows(ordered, rows, labels, baseline, calendar, today, axis)
    _link(page_rows, ordered, per_page or len(ordered))
    return GanttChart(
        scale=scale,
        first=first,
        last=last,
        days=axis.days,
        months=_months(first, last),
        columns=_days(kinds) if scale == DAY else _weeks(first, last),
        day_kinds=kinds,
        shade=_shade(kinds, axis.days),
        today=today,
        today_at=axis.centre(today) if first <= today <= last else None,
        rows=page_rows,
        has_baseline=bool(baseline),
        has_makeup_days=any(kind == DayKind.MAKEUP for kind in kinds.values()),
    )


@dataclass(frozen=True)
class _Axis:
    first: date
    days: int

    def at(self, d: date) -> float:
        """The left edge of ``d``'s column, in percent."""
        return (d - self.first).days * 100 / self.days

    def centre(self, d: date) -> float:
        return ((d - self.first).days + 0.5) * 100 / self.days

    def span(self, start: date, due: date) -> Span:
        return Span(self.at(start), ((due - start).days + 1) * 100 / self.days)


def _status(task: GanttTask, today: date) -> str:
    if task.done_on is not None:
        return DONE
    if task.due_on < today:
        return LATE
    return ACTIVE if task.start_on <= today else PLANNED


def _task_row(
    task: GanttTask,
    baseline: Mapping[str, tuple[date, date]],
    calendar: GanttCalendar,
    today: date,
    axis: _Axis,
) -> GanttRow:
    """A task's bar (none for a one-day milestone: the diamond says it), baseline and slip."""
    base = baseline.get(task.key)
    single = task.start_on == task.due_on
    return GanttRow(
        TASK,
        task.name,
        task=task,
        bar=None if task.is_milestone and single else axis.span(task.start_on, task.due_on),
        baseline=axis.span(*base) if base else None,
        baseline_on=base,
        milestone=axis.centre(task.due_on) if task.is_milestone else None,
        slip=calendar.working_days_between(base[1], task.due_on) if base else None,
        status=_status(task, today),
    )


def _phase_row(label: str, tasks: list[GanttTask], axis: _Axis, today: date) -> GanttRow:
    """A phase heading with a summary bar from its first start to its last due date."""
    start, due = min(t.start_on for t in tasks), max(t.due_on for t in tasks)
    done = all(t.done_on is not None for t in tasks)
    status = DONE if done else (LATE if due < today else PLANNED)
    return GanttRow(PHASE, label, bar=axis.span(start, due), count=len(tasks), status=status)


def _rows(
    ordered: list[GanttTask],
    rows: slice,
    labels: Mapping[str, str],
    baseline: Mapping[str, tuple[date, date]],
    calendar: GanttCalendar,
    today: date,
    axis: _Axis,
) -> list[GanttRow]:
    """The page's rows with a heading before each phase (repeated, marked, on a new page)."""
    phases: dict[str, list[GanttTask]] = {}
    for task in ordered:
        phases.setdefault(task.phase, []).append(task)
    result: list[GanttRow] = []
    previous = ordered[rows.start - 1].phase if rows.start else None
    for task in ordered[rows]:
        if not result or result[-1].task is None or task.phase != result[-1].task.phase:
            label = labels.get(task.phase, task.phase)
            heading = _phase_row(label, phases[task.phase], axis, today)
            heading.continued = not result and task.phase == previous
            result.append(heading)
        result.append(_task_row(task, baseline, calendar, today, axis))
    return result


def _link(rows: list[GanttRow], ordered: list[GanttTask], per_page: int) -> None:
    """Draw each dependency between two rows of the page; mark those leaving the page."""
    index = {row.task.pk: i for i, row in enumerate(rows) if row.task}
    pages = {task.pk: n // per_page + 1 for n, task in enumerate(ordered)}
    tasks = {task.pk: task for task in ordered}
    for successor in ordered:
        s = index.get(successor.pk)
        for pk in successor.depends_on:
            p = index.get(pk)
            if pk not in tasks or (p is None and s is None):
                continue
            if p is not None and s is not None:
                _connect(rows, p, s)
            elif s is not None:
                rows[s].off_page.append(OffPageLink(tasks[pk], pages[pk], is_predecessor=True))
            elif p is not None:
                link = OffPageLink(successor, pages[successor.pk], is_predecessor=False)
                rows[p].off_page.append(link)


def _extent(row: GanttRow) -> tuple[float, float]:
    """Where a task's connectors leave and arrive: its bar's ends, or its diamond."""
    if row.milestone is not None and row.bar is None:
        return row.milestone, row.milestone
    assert row.bar is not None
    return row.bar.left, (row.milestone if row.milestone is not None else row.bar.right)


def _connect(rows: list[GanttRow], p: int, s: int) -> None:
    """Cut the connector from row ``p``'s end to row ``s``'s start into per-row segments.

    After the predecessor: right along its middle, then down (or up) onto the successor's
    start. Overlapping: straight down from the predecessor onto the successor where both
    are. A successor wholly before its predecessor: down, back along an elbow, down.
    """
    (p_left, p_right), (s_left, s_right) = _extent(rows[p]), _extent(rows[s])
    down = s > p

    def y(v: float) -> float:
        return v if down else 100 - v

    leave, arrive = (BAR_BOTTOM, BAR_TOP) if down else (BAR_TOP, BAR_BOTTOM)
    if s_left >= p_right:
        x = s_left
        if s_left > p_right:
            rows[p].segments.append(Segment(p_right, BAR_MID, s_left, BAR_MID))
        rows[p].segments.append(Segment(x, BAR_MID, x, y(100)))
        last = [Segment(x, y(0), x, arrive, arrow=True)]
    elif s_right >= p_left:
        x = min(p_right, s_right)
        rows[p].segments.append(Segment(x, leave, x, y(100)))
        last = [Segment(x, y(0), x, arrive, arrow=True)]
    else:
        x = p_left
        rows[p].segments.append(Segment(x, leave, x, y(100)))
        last = [
            Segment(x, y(0), x, y(ELBOW)),
            Segment(x, y(ELBOW), s_right, y(ELBOW)),
            Segment(s_right, y(ELBOW), s_right, arrive, arrow=True),
        ]
    for k in range(min(p, s) + 1, max(p, s)):
        rows[k].segments.append(Segment(x, 0, x, 100))
    rows[s].segments.extend(last)


def _months(first: date, last: date) -> list[HeaderCell]:
    cells = []
    start = first
    while start <= last:
        nxt = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        end = min(last, nxt - timedelta(days=1))
        label = date_format(start, "YEAR_MONTH_FORMAT")
        cells.append(HeaderCell(label, label, (start - first).days + 1, (end - start).days + 1))
        start = nxt
    return cells


def _day_title(d: date, kind: DayKind) -> str:
    title = f"{d.isoformat()} {date_format(d, 'l')}"
    if kind in KIND_LABELS:
        title += f" · {KIND_LABELS[kind]}"
        name = official_holiday_name(d) if kind in (DayKind.HOLIDAY, DayKind.MAKEUP) else None
        if name:
            title += f"（{HOLIDAY_NAMES.get(name, name)}）"
    return title


def _days(kinds: Mapping[date, DayKind]) -> list[HeaderCell]:
    """The day scale's columns; holidays read 休 and make-up working days 班 (translated)."""
    marks = {
        DayKind.HOLIDAY: pgettext("Gantt: short mark of a public holiday", "off"),
        DayKind.CLOSURE: pgettext("Gantt: short mark of a public holiday", "off"),
        DayKind.MAKEUP: pgettext("Gantt: short mark of a make-up working day", "work"),
    }
    day_format = pgettext("Gantt: a day column, as a Django date format", "j")
    return [
        HeaderCell(
            date_format(d, day_format),
            _day_title(d, kind),
            i + 1,
            kind=kind,
            mark=marks.get(kind, ""),
            week_start=d.weekday() == 0,
        )
        for i, (d, kind) in enumerate(kinds.items())
    ]


def _weeks(first: date, last: date) -> list[HeaderCell]:
    """The week scale's columns, one per week from Monday."""
    week_format = pgettext("Gantt: a week column, as a Django date format", "n/j")
    cells = []
    for i in range(0, (last - first).days + 1, 7):
        monday = first + timedelta(days=i)
        title = gettext("Week of %(date)s") % {"date": monday.isoformat()}
        cells.append(HeaderCell(date_format(monday, week_format), title, i + 1, 7, week_start=True))
    return cells


def _shade(kinds: Mapping[date, DayKind], days: int) -> str:
    """A CSS gradient tinting each run of days off: one background for every row."""
    stops = [f"{PAPER} 0"]
    run_kind, run_start = None, 0
    for i, kind in enumerate([*kinds.values(), DayKind.WORKDAY]):
        colour = SHADES.get(kind)
        if colour != run_kind:
            if run_kind is not None:
                a, b = pct(run_start * 100 / days), pct(i * 100 / days)
                stops.append(f"{PAPER} {a},{run_kind} {a} {b},{PAPER} {b}")
            run_kind, run_start = colour, i
    return f"linear-gradient(90deg,{','.join(stops)})"
