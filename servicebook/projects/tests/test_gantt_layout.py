"""The Gantt chart's layout (pure: no database): bars, shading, baseline, milestones, links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import translation

from servicebook.core.models import OverrideKind
from servicebook.core.workdays import DayKind, WorkingCalendar
from servicebook.projects.gantt import (
    BAR_BOTTOM,
    BAR_MID,
    BAR_TOP,
    DAY,
    PHASE,
    TASK,
    WEEK,
    GanttChart,
    GanttTask,
    Segment,
    build_chart,
    by_phase,
    chart_span,
    default_scale,
    pct,
)

MONDAY = date(2026, 10, 12)  # an ordinary working week: 12th–16th
TODAY = date(2026, 10, 14)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _calendar(overrides: dict[date, str] | None = None) -> WorkingCalendar:
    """The official calendar plus ``overrides``, without the database."""
    return WorkingCalendar(
        date(2026, 1, 1), date(2026, 12, 31), loader=lambda a, b: dict(overrides or {})
    )


def _task(pk: int, start: date, due: date, **fields: Any) -> GanttTask:
    defaults: dict[str, Any] = {
        "key": f"t{pk}",
        "name": f"Task {pk}",
        "phase": "research",
        "kind": "task",
        "owner": "Wang",
        "days": 1,
    }
    return GanttTask(pk=pk, start_on=start, due_on=due, **(defaults | fields))


def _chart(tasks: list[GanttTask], **options: Any) -> GanttChart:
    defaults: dict[str, Any] = {
        "labels": {"research": "Market research", "planning": "Planning"},
        "baseline": {},
        "calendar": _calendar(),
        "today": TODAY,
    }
    chart = build_chart(tasks, **(defaults | options))
    assert chart is not None
    return chart


def _row(chart: GanttChart, pk: int) -> Any:
    return next(row for row in chart.rows if row.task and row.task.pk == pk)


def _x(fraction: float) -> float:
    """A position on the timeline, in percent, rounded like ``_lines``."""
    return round(fraction * 100, 6)


def _lines(chart: GanttChart, pk: int) -> list[tuple[float, float, float, float, bool]]:
    """A row's connector pieces, rounded for comparison."""
    return [
        (round(s.x1, 6), round(s.y1, 6), round(s.x2, 6), round(s.y2, 6), s.arrow)
        for s in _row(chart, pk).segments
    ]


def _shaded(chart: GanttChart) -> dict[date, str]:
    """The days the shading gradient tints, with the tint (read back from the CSS)."""
    runs = re.findall(r"var\(--gantt-(\w+)\) ([\d.]+)% ([\d.]+)%", chart.shade)
    tinted = {}
    for tint, a, b in runs:
        for n in range(round(float(a) * chart.days / 100), round(float(b) * chart.days / 100)):
            tinted[chart.first + timedelta(days=n)] = tint
    return tinted


def _day(chart: GanttChart, d: date) -> Any:
    return next(col for col in chart.columns if col.start == (d - chart.first).days + 1)


# The timeline and the bars.


def test_the_chart_runs_from_the_monday_of_the_first_start_to_a_sunday_after_the_last_due() -> None:
    tasks = [_task(1, date(2026, 10, 14), date(2026, 10, 16))]
    assert chart_span(tasks, {}) == (MONDAY, date(2026, 10, 25))


def test_a_bar_starts_at_its_start_day_and_spans_its_calendar_days() -> None:
    chart = _chart(
        [
            _task(1, MONDAY, date(2026, 10, 16), days=5),
            _task(2, date(2026, 10, 14), date(2026, 10, 14)),
        ]
    )
    assert chart.days == 14
    first, second = _row(chart, 1).bar, _row(chart, 2).bar
    assert (first.left, first.width) == (0, pytest.approx(5 * 100 / 14))
    assert (second.left, second.width) == (pytest.approx(2 * 100 / 14), pytest.approx(100 / 14))
    assert first.css == f"left:0%;width:{pct(5 * 100 / 14)}"


def test_a_chart_without_tasks_is_none() -> None:
    assert build_chart([], labels={}, baseline={}, calendar=_calendar(), today=TODAY) is None


def test_rows_are_grouped_by_phase_under_a_heading_with_a_summary_bar() -> None:
    tasks = [
        _task(1, MONDAY, MONDAY, phase="research"),
        _task(2, MONDAY, date(2026, 10, 13), phase="planning"),
        _task(3, date(2026, 10, 15), date(2026, 10, 16), phase="research"),
    ]
    chart = _chart(tasks)
    assert [(row.kind, row.label) for row in chart.rows] == [
        (PHASE, "Market research"),
        (TASK, "Task 1"),
        (TASK, "Task 3"),
        (PHASE, "Planning"),
        (TASK, "Task 2"),
    ]
    heading = chart.rows[0]
    assert heading.count == 2
    assert heading.bar is not None and heading.bar.width == pytest.approx(5 * 100 / 14)
    assert [t.pk for t in by_phase(tasks)] == [1, 3, 2]


# Non-working days from the China calendar.


def test_national_day_is_shaded_as_a_holiday_and_the_make_up_saturday_is_not_shaded() -> None:
    chart = _chart([_task(1, date(2026, 9, 28), date(2026, 10, 16))])
    assert chart.first == date(2026, 9, 28)
    for day in range(1, 8):
        assert chart.day_kinds[date(2026, 10, day)] == DayKind.HOLIDAY
        assert _day(chart, date(2026, 10, day)).kind == DayKind.HOLIDAY
    saturday = _day(chart, date(2026, 10, 10))
    assert saturday.kind == DayKind.MAKEUP and saturday.mark == "work"
    assert "Make-up working day" in saturday.title and "National Day" in saturday.title
    holiday = _day(chart, date(2026, 10, 1))
    assert holiday.mark == "off" and "Holiday" in holiday.title and "National Day" in holiday.title
    shaded = _shaded(chart)
    assert [d for d, tint in shaded.items() if tint == "holiday"] == [
        date(2026, 9, 28) + timedelta(days=n) for n in range(3, 10)
    ]
    assert date(2026, 10, 10) not in shaded
    assert shaded[date(2026, 10, 11)] == "weekend"
    assert chart.has_makeup_days


def test_ordinary_weekends_are_shaded_as_weekends_in_a_lighter_tint() -> None:
    chart = _chart([_task(1, MONDAY, date(2026, 10, 16))])
    saturday, sunday = date(2026, 10, 17), date(2026, 10, 18)
    assert _day(chart, saturday).kind == DayKind.WEEKEND
    assert _day(chart, saturday).mark == ""
    assert "Weekend" in _day(chart, sunday).title
    assert _shaded(chart) == {
        saturday: "weekend",
        sunday: "weekend",
        date(2026, 10, 24): "weekend",
        date(2026, 10, 25): "weekend",
    }
    assert _day(chart, date(2026, 10, 14)).kind == DayKind.WORKDAY
    assert not chart.has_makeup_days


def test_the_agencys_closure_is_shaded_like_a_holiday() -> None:
    calendar = _calendar({date(2026, 10, 14): OverrideKind.CLOSURE})
    chart = _chart([_task(1, MONDAY, date(2026, 10, 16))], calendar=calendar)
    assert _day(chart, date(2026, 10, 14)).kind == DayKind.CLOSURE
    assert _shaded(chart)[date(2026, 10, 14)] == "holiday"


def test_month_headers_follow_the_language() -> None:
    tasks = [_task(1, date(2026, 9, 28), date(2026, 10, 2))]
    months = _chart(tasks).months
    assert [(m.label, m.start, m.span) for m in months] == [
        ("September 2026", 1, 3),
        ("October 2026", 4, 11),
    ]
    with translation.override("zh-hans"):
        assert [m.label for m in _chart(tasks).months] == ["2026年9月", "2026年10月"]


# The baseline.


def test_a_moved_task_is_drawn_over_its_baseline_with_the_slip_in_working_days() -> None:
    moved = _task(1, date(2026, 10, 19), date(2026, 10, 23), days=5)
    chart = _chart([moved], baseline={"t1": (MONDAY, date(2026, 10, 16))})
    row = _row(chart, 1)
    assert chart.first == MONDAY and chart.has_baseline
    assert row.baseline is not None and row.bar is not None
    assert (row.baseline.left, row.bar.left) == (0, pytest.approx(7 * 100 / chart.days))
    assert row.baseline.width == row.bar.width
    assert row.baseline_on == (MONDAY, date(2026, 10, 16))
    assert row.slip == 5


def test_a_slip_over_national_day_counts_working_days_only() -> None:
    moved = _task(1, date(2026, 9, 28), date(2026, 10, 9))
    chart = _chart([moved], baseline={"t1": (date(2026, 9, 28), date(2026, 9, 30))})
    assert _row(chart, 1).slip == 2  # 8th and 9th October; the holiday does not count


def test_a_draft_has_no_baseline_bars() -> None:
    chart = _chart([_task(1, MONDAY, MONDAY)])
    row = _row(chart, 1)
    assert row.baseline is None and row.slip is None and not chart.has_baseline


def test_the_baseline_of_a_task_moved_earlier_widens_the_chart() -> None:
    moved = _task(1, date(2026, 10, 19), date(2026, 10, 19))
    chart = _chart([moved], baseline={"t1": (date(2026, 10, 5), date(2026, 10, 5))})
    assert chart.first == date(2026, 10, 5)


# Milestones, status, today.


def test_a_one_day_milestone_is_a_diamond_in_the_middle_of_its_day_without_a_bar() -> None:
    chart = _chart(
        [
            _task(1, MONDAY, date(2026, 10, 16)),
            _task(2, date(2026, 10, 16), date(2026, 10, 16), is_milestone=True),
        ]
    )
    row = _row(chart, 2)
    assert row.bar is None
    assert row.milestone == pytest.approx(4.5 * 100 / 14)
    assert row.milestone_css == f"left:{pct(4.5 * 100 / 14)}"


def test_a_longer_milestone_keeps_its_bar_and_ends_in_a_diamond() -> None:
    chart = _chart([_task(1, MONDAY, date(2026, 10, 16), is_milestone=True)])
    row = _row(chart, 1)
    assert row.bar is not None and row.milestone == pytest.approx(4.5 * 100 / 14)


@pytest.mark.parametrize(
    ("start", "due", "done_on", "status"),
    [
        (MONDAY, date(2026, 10, 13), date(2026, 10, 13), "done"),
        (MONDAY, date(2026, 10, 13), None, "late"),
        (MONDAY, date(2026, 10, 16), None, "active"),
        (date(2026, 10, 15), date(2026, 10, 16), None, "planned"),
    ],
)
def test_each_task_shows_whether_it_is_done_late_under_way_or_planned(
    start: date, due: date, done_on: date | None, status: str
) -> None:
    assert _row(_chart([_task(1, start, due, done_on=done_on)]), 1).status == status


def test_the_today_line_is_drawn_in_the_middle_of_today_inside_the_chart() -> None:
    chart = _chart([_task(1, MONDAY, date(2026, 10, 16))])
    assert chart.today_at == pytest.approx(2.5 * 100 / 14)
    assert chart.today_css == f"left:{pct(2.5 * 100 / 14)}"


@pytest.mark.parametrize(
    ("today", "before"), [(date(2026, 9, 1), True), (date(2026, 12, 1), False)]
)
def test_there_is_no_today_line_when_today_is_outside_the_chart(today: date, before: bool) -> None:
    chart = _chart([_task(1, MONDAY, date(2026, 10, 16))], today=today)
    assert chart.today_at is None and chart.today_css == ""
    assert chart.today_before is before


# Scales.


def test_the_week_scale_has_one_column_per_week_from_monday() -> None:
    chart = _chart([_task(1, MONDAY, date(2026, 11, 20))], scale=WEEK)
    assert chart.scale == WEEK
    assert [(c.label, c.start, c.span) for c in chart.columns][:3] == [
        ("10/12", 1, 7),
        ("10/19", 8, 7),
        ("10/26", 15, 7),
    ]
    assert len(chart.columns) * 7 == chart.days
    assert "--gantt-cols:7;" in chart.vars_css
    assert _row(chart, 1).bar is not None


def test_the_day_scale_is_the_default_and_long_plans_open_by_week() -> None:
    short = _chart([_task(1, MONDAY, date(2026, 12, 31))])
    assert short.scale == DAY and len(short.columns) == short.days
    long_plan = [_task(1, date(2026, 3, 2), date(2026, 11, 30))]
    assert default_scale(*chart_span(long_plan, {})) == WEEK
    assert _chart(long_plan).scale == WEEK
    assert _chart(long_plan, scale=DAY).scale == DAY
    assert _chart(long_plan, scale="month").scale == WEEK


def test_a_long_day_scale_labels_only_mondays_in_print() -> None:
    assert _chart([_task(1, MONDAY, MONDAY + timedelta(days=80))], scale=DAY).dense
    assert not _chart([_task(1, MONDAY, date(2026, 10, 16))]).dense


# Dependencies.


def test_a_dependency_runs_from_the_end_of_one_bar_down_onto_the_start_of_the_next() -> None:
    tasks = [
        _task(1, MONDAY, date(2026, 10, 13)),
        _task(2, MONDAY, MONDAY),
        _task(3, date(2026, 10, 15), date(2026, 10, 16), depends_on=(1,)),
    ]
    chart = _chart(tasks)
    end, start = _x(2 / 14), _x(3 / 14)
    assert _lines(chart, 1) == [
        (end, BAR_MID, start, BAR_MID, False),
        (start, BAR_MID, start, 100, False),
    ]
    assert _lines(chart, 2) == [(start, 0, start, 100, False)]
    assert _lines(chart, 3) == [(start, 0, start, BAR_TOP, True)]


def test_a_dependency_onto_a_milestone_on_the_same_day_drops_straight_down() -> None:
    tasks = [
        _task(1, MONDAY, date(2026, 10, 13)),
        _task(2, date(2026, 10, 13), date(2026, 10, 13), is_milestone=True, depends_on=(1,)),
    ]
    chart = _chart(tasks)
    diamond = _x(1.5 / chart.days)
    assert _lines(chart, 1) == [(diamond, BAR_BOTTOM, diamond, 100, False)]
    assert _row(chart, 2).segments[-1].arrow


def test_a_dependency_on_a_later_row_points_up() -> None:
    tasks = [
        _task(1, date(2026, 10, 15), date(2026, 10, 16), depends_on=(2,)),
        _task(2, MONDAY, date(2026, 10, 13)),
    ]
    chart = _chart(tasks)
    last = _row(chart, 1).segments[-1]
    assert last.arrow and (last.y1, last.y2) == (100, BAR_BOTTOM)


def test_the_svg_attributes_are_percentages() -> None:
    assert Segment(12.5, 0, 12.5, 37.5).attrs == {
        "x1": "12.5%",
        "y1": "0%",
        "x2": "12.5%",
        "y2": "37.5%",
    }


def test_dependencies_on_rows_of_other_pages_are_markers_with_the_page() -> None:
    tasks = [_task(n, MONDAY, MONDAY, depends_on=(n - 1,) if n > 1 else ()) for n in range(1, 6)]
    chart = _chart(tasks, rows=slice(2, 4), per_page=2)
    assert [row.label for row in chart.rows] == ["Market research", "Task 3", "Task 4"]
    assert chart.rows[0].continued
    before, after = _row(chart, 3).off_page, _row(chart, 4).off_page
    assert [(link.task.pk, link.page, link.is_predecessor) for link in before] == [(2, 1, True)]
    assert [(link.task.pk, link.page, link.is_predecessor) for link in after] == [(5, 3, False)]
    assert _row(chart, 4).segments[-1].arrow  # 3 → 4 is on this page
    assert chart.rows[1].tail_css == f"left:{pct(100 / 7)}"


def test_the_first_page_does_not_say_continued() -> None:
    tasks = [_task(n, MONDAY, MONDAY) for n in range(1, 4)]
    assert not _chart(tasks, rows=slice(0, 2), per_page=2).rows[0].continued
