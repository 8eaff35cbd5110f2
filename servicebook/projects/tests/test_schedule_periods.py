"""Weeks and months of work: ISO weeks, months, overlaps and working days in a period."""

from __future__ import annotations

from datetime import date

import pytest

from servicebook.core.models import CalendarOverride, OverrideKind
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.schedule import (
    days_inside,
    is_overdue,
    month_of,
    parse_month,
    parse_week,
    period_from_params,
    week_of,
    week_start,
)

TODAY = date(2026, 10, 14)  # a Wednesday in 2026-W42


def test_a_week_runs_from_monday_to_sunday_and_is_named_by_its_iso_number():
    week = week_of(date(2026, 10, 8))
    assert (week.first, week.last, week.key) == (date(2026, 10, 5), date(2026, 10, 11), "2026-W41")
    assert week_start(date(2026, 10, 11)) == date(2026, 10, 5)
    assert week_of(date(2026, 10, 5)) == week


def test_iso_weeks_across_the_year_end():
    assert week_of(date(2026, 12, 31)).key == "2026-W53"
    assert week_of(date(2027, 1, 3)).key == "2026-W53"
    assert week_of(date(2027, 1, 4)).key == "2027-W01"
    assert week_of(date(2026, 1, 1)).key == "2026-W01"
    assert week_of(date(2026, 1, 1)).first == date(2025, 12, 29)
    w53 = parse_week("2026-W53")
    assert w53 is not None and (w53.first, w53.last) == (date(2026, 12, 28), date(2027, 1, 3))
    assert w53.next().key == "2027-W01" and w53.previous().key == "2026-W52"
    first_2026 = parse_week("2026-W01")
    assert first_2026 is not None and first_2026.previous().key == "2025-W52"
    assert (w53.year, w53.number) == (2026, 53)


def test_a_week_53_exists_only_in_long_iso_years():
    assert parse_week("2025-W53") is None
    assert parse_week("2026-W53") is not None


@pytest.mark.parametrize(
    "text",
    ["", "2026", "2026-41", "2026-W00", "2026-W54", "W41", "2026-W4a", "1850-W01", "99999-W01"],
)
def test_a_malformed_week_is_not_a_week(text):
    assert parse_week(text) is None


def test_a_week_may_be_written_with_one_digit_or_lower_case():
    assert parse_week("2026-w5") == parse_week("2026-W05")


def test_a_month_runs_from_its_first_to_its_last_day():
    october = parse_month("2026-10")
    assert october is not None
    assert (october.first, october.last, october.key) == (
        date(2026, 10, 1),
        date(2026, 10, 31),
        "2026-10",
    )
    february = month_of(date(2028, 2, 10))
    assert february.last == date(2028, 2, 29)
    december = month_of(date(2026, 12, 5))
    assert december.next().key == "2027-01" and december.previous().key == "2026-11"
    assert parse_month("2027-01") == month_of(date(2027, 1, 31))


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "2026-W41", "26-10", "2026/10"])
def test_a_malformed_month_is_not_a_month(text):
    assert parse_month(text) is None


def test_the_weeks_of_a_month_start_on_the_monday_before_it():
    october = month_of(date(2026, 10, 1))
    starts = october.week_starts()
    assert starts[0] == date(2026, 9, 28) and starts[-1] == date(2026, 10, 26)
    assert len(starts) == 5


def test_the_page_parameters_choose_the_period_and_fall_back_to_today():
    assert period_from_params({}, TODAY).key == "2026-W42"
    assert period_from_params({"week": "2026-W41"}, TODAY).key == "2026-W41"
    assert period_from_params({"week": "rubbish"}, TODAY).key == "2026-W42"
    month = period_from_params({"period": "month", "month": "2026-09"}, TODAY)
    assert (month.is_week, month.key) == (False, "2026-09")
    assert period_from_params({"period": "month"}, TODAY).key == "2026-10"
    assert period_from_params({"period": "month", "month": "2026-99"}, TODAY).key == "2026-10"
    assert period_from_params({"period": "month"}, TODAY).params == {
        "period": "month",
        "month": "2026-10",
    }
    assert week_of(TODAY).params == {"week": "2026-W42"}


def test_a_task_overlaps_a_period_when_its_span_shares_a_day_with_it():
    week = week_of(date(2026, 10, 5))
    assert week.overlaps(date(2026, 10, 11), date(2026, 10, 20))
    assert week.overlaps(date(2026, 9, 1), date(2026, 10, 5))
    assert week.overlaps(date(2026, 9, 1), date(2026, 12, 1))
    assert not week.overlaps(date(2026, 9, 1), date(2026, 10, 4))
    assert not week.overlaps(date(2026, 10, 12), date(2026, 10, 12))


@pytest.mark.django_db
def test_the_national_day_week_has_three_working_days():
    week = parse_week("2026-W40")
    assert week is not None and (week.first, week.last) == (date(2026, 9, 28), date(2026, 10, 4))
    calendar = WorkingCalendar.for_span(week.first, week.last)
    assert days_inside(week.first, week.last, week, calendar) == 3


@pytest.mark.django_db
def test_the_make_up_saturday_after_national_day_counts():
    week = parse_week("2026-W41")
    assert week is not None
    calendar = WorkingCalendar.for_span(week.first, week.last)
    # 10-05 … 10-07 are holidays; 10-08, 10-09 and the make-up Saturday 10-10 are worked.
    assert calendar.working_days_in_range(week.first, week.last) == [
        date(2026, 10, 8),
        date(2026, 10, 9),
        date(2026, 10, 10),
    ]
    assert days_inside(date(2026, 10, 9), date(2026, 10, 20), week, calendar) == 2


@pytest.mark.django_db
def test_working_days_inside_a_period_count_only_the_overlap():
    week = parse_week("2026-W43")  # 10-19 … 10-25, an ordinary week
    assert week is not None
    calendar = WorkingCalendar.for_span(week.first, week.last)
    assert days_inside(date(2026, 10, 1), date(2026, 10, 31), week, calendar) == 5
    assert days_inside(date(2026, 10, 21), date(2026, 10, 21), week, calendar) == 1
    assert days_inside(date(2026, 10, 24), date(2026, 10, 28), week, calendar) == 0
    assert days_inside(date(2026, 11, 2), date(2026, 11, 3), week, calendar) == 0


@pytest.mark.django_db
def test_an_agency_closure_is_not_a_working_day_of_the_period():
    CalendarOverride.objects.create(date=date(2026, 10, 21), kind=OverrideKind.CLOSURE)
    week = parse_week("2026-W43")
    assert week is not None
    calendar = WorkingCalendar.for_span(week.first, week.last)
    assert days_inside(week.first, week.last, week, calendar) == 4


def test_overdue_means_not_done_and_due_before_today():
    assert is_overdue(date(2026, 10, 13), None, TODAY)
    assert not is_overdue(date(2026, 10, 14), None, TODAY)
    assert not is_overdue(date(2026, 10, 13), date(2026, 10, 13), TODAY)
