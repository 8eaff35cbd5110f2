"""When weekly and monthly service logs are due, and how late they are, in working days.

The official calendar of 2026: National Day 10-01 … 10-07 with the make-up Saturday 10-10;
the Spring Festival 02-15 … 02-23 with the make-up Saturdays 02-14 and 02-28.
"""

from __future__ import annotations

from datetime import date

import pytest

from servicebook.communications.models import LogKind
from servicebook.communications.periods import (
    Standing,
    due_on,
    log_period,
    periods_between,
    standing,
)
from servicebook.core.models import CalendarOverride, OverrideKind
from servicebook.core.workdays import WorkingCalendar

WEEKLY, MONTHLY = LogKind.WEEKLY, LogKind.MONTHLY


def _calendar() -> WorkingCalendar:
    """The official calendar without the agency's overrides (no database)."""
    return WorkingCalendar(date(2025, 12, 1), date(2026, 12, 31), loader=lambda a, b: {})


def _due(kind: str, day: date) -> date:
    return due_on(kind, log_period(kind, day), _calendar())


# ---------------------------------------------------------------- periods


def test_a_weekly_log_covers_monday_to_sunday_whatever_day_names_it():
    period = log_period(WEEKLY, date(2026, 10, 1))
    assert (period.first, period.last) == (date(2026, 9, 28), date(2026, 10, 4))


def test_a_monthly_log_covers_the_calendar_month():
    period = log_period(MONTHLY, date(2026, 2, 14))
    assert (period.first, period.last) == (date(2026, 2, 1), date(2026, 2, 28))


def test_periods_between_list_every_week_touched_oldest_first():
    weeks = periods_between(WEEKLY, date(2026, 9, 30), date(2026, 10, 13))
    assert [w.first for w in weeks] == [date(2026, 9, 28), date(2026, 10, 5), date(2026, 10, 12)]
    assert periods_between(WEEKLY, date(2026, 10, 13), date(2026, 9, 30)) == []


# ---------------------------------------------------------------- weekly due dates


@pytest.mark.parametrize(
    ("week_day", "due"),
    [
        # An ordinary week: due on the Monday after.
        (date(2026, 9, 16), date(2026, 9, 21)),
        # The week ends during National Day: due on the first working day after it.
        (date(2026, 9, 28), date(2026, 10, 8)),
        # National Day week itself (Sunday 10-11): the next Monday.
        (date(2026, 10, 5), date(2026, 10, 12)),
        # The week of the make-up Saturday 02-14 ends on the first Spring Festival day.
        (date(2026, 2, 9), date(2026, 2, 24)),
        # The week inside the Spring Festival.
        (date(2026, 2, 16), date(2026, 2, 24)),
        # The week with the make-up Saturday 02-28: due the Monday after.
        (date(2026, 2, 23), date(2026, 3, 2)),
    ],
)
def test_a_weekly_log_is_due_on_the_first_working_day_after_its_sunday(week_day, due):
    assert _due(WEEKLY, week_day) == due


# ---------------------------------------------------------------- monthly due dates


@pytest.mark.parametrize(
    ("month_day", "due"),
    [
        # September 2026: 10-08 is day 1, 10-09 day 2, the make-up Saturday 10-10 day 3.
        (date(2026, 9, 15), date(2026, 10, 10)),
        # January 2026: 02-02, 02-03, 02-04.
        (date(2026, 1, 15), date(2026, 2, 4)),
        # February 2026 ends on the make-up Saturday; March 1 is a Sunday: 03-02 … 03-04.
        (date(2026, 2, 15), date(2026, 3, 4)),
        # October 2026: November 1 is a Sunday: 11-02 … 11-04.
        (date(2026, 10, 31), date(2026, 11, 4)),
        # April 2026 runs into the Labour Day holiday (05-01 … 05-05): 05-06 … 05-08.
        (date(2026, 4, 10), date(2026, 5, 8)),
    ],
)
def test_a_monthly_log_is_due_on_the_third_working_day_of_the_next_month(month_day, due):
    assert _due(MONTHLY, month_day) == due


@pytest.mark.django_db
def test_an_agency_closure_on_the_due_day_moves_the_due_date():
    CalendarOverride.objects.create(date=date(2026, 10, 8), kind=OverrideKind.CLOSURE)
    period = log_period(WEEKLY, date(2026, 9, 28))
    calendar = WorkingCalendar.for_span(period.first, date(2026, 10, 31))
    assert due_on(WEEKLY, period, calendar) == date(2026, 10, 9)


# ---------------------------------------------------------------- late or not


def _standing(
    due: date, *, drafted: bool = True, sent_on: date | None = None, today: date
) -> tuple[str, int]:
    result = standing(due, drafted=drafted, sent_on=sent_on, today=today, calendar=_calendar())
    return result.standing, result.late_days


def test_a_log_sent_on_its_due_day_is_on_time():
    due = date(2026, 10, 8)
    assert _standing(due, sent_on=due, today=date(2026, 10, 20)) == (Standing.ON_TIME, 0)


def test_a_log_sent_during_its_week_is_on_time():
    due = date(2026, 10, 8)
    assert _standing(due, sent_on=date(2026, 9, 30), today=due) == (Standing.ON_TIME, 0)


def test_a_log_sent_after_its_due_day_is_late_by_the_working_days_in_between():
    # Due Thursday 10-08; sent Monday 10-12: Friday 10-09, make-up Saturday 10-10, Monday.
    due = date(2026, 10, 8)
    result = _standing(due, sent_on=date(2026, 10, 12), today=date(2026, 10, 20))
    assert result == (Standing.SENT_LATE, 3)


def test_an_unsent_draft_is_overdue_once_its_due_day_is_over():
    due = date(2026, 10, 8)
    assert _standing(due, today=due) == (Standing.DRAFT, 0)
    assert _standing(due, today=date(2026, 10, 9)) == (Standing.OVERDUE, 1)


def test_a_period_without_a_log_is_missing_once_the_due_day_is_over():
    due = date(2026, 2, 24)
    assert _standing(due, drafted=False, today=date(2026, 2, 20)) == (Standing.TO_DO, 0)
    assert _standing(due, drafted=False, today=date(2026, 2, 26)) == (Standing.MISSING, 2)


def test_only_days_off_since_the_due_day_make_it_late_by_zero_working_days():
    # Due Friday 09-25; on Sunday it is late, but no working day has passed yet.
    result = standing(
        date(2026, 9, 25), drafted=True, sent_on=None, today=date(2026, 9, 27), calendar=_calendar()
    )
    assert result.standing == Standing.OVERDUE and result.late_days == 0 and result.is_late


def test_a_spring_festival_week_sent_before_the_holiday_ends_is_on_time():
    due = _due(WEEKLY, date(2026, 2, 9))
    assert _standing(due, sent_on=date(2026, 2, 22), today=date(2026, 3, 2))[0] == Standing.ON_TIME
    assert _standing(due, sent_on=date(2026, 2, 25), today=date(2026, 3, 2)) == (
        Standing.SENT_LATE,
        1,
    )
