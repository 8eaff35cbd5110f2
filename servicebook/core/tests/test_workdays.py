"""The working-day calendar: official calendar, agency overrides, due dates, query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from servicebook.core.models import CalendarOverride, OverrideKind
from servicebook.core.workdays import (
    WorkingCalendar,
    add_working_days,
    calendar_warning,
    due_date,
    is_working_day,
    next_working_day,
    previous_working_day,
    uncovered_years,
    working_days_between,
    working_days_in_range,
    year_is_covered,
)

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def override(day: str, kind: OverrideKind, note: str = "") -> CalendarOverride:
    return CalendarOverride.objects.create(date=D(day), kind=kind, note=note)


# The official calendar (chinese_calendar) ---------------------------------------------


@pytest.mark.parametrize("day", [f"2026-10-0{n}" for n in range(1, 8)])
def test_national_day_2026_runs_from_october_first_to_seventh(day: str) -> None:
    assert not is_working_day(D(day))


@pytest.mark.parametrize("day", ["2026-09-20", "2026-10-10"])
def test_the_weekend_days_made_up_for_national_day_2026_are_working_days(day: str) -> None:
    assert D(day).weekday() >= 5
    assert is_working_day(D(day))


@pytest.mark.parametrize("day", [f"2026-02-{n}" for n in range(15, 24)])
def test_spring_festival_2026_runs_from_february_fifteenth_to_twenty_third(day: str) -> None:
    assert not is_working_day(D(day))


@pytest.mark.parametrize("day", ["2026-02-14", "2026-02-28"])
def test_the_saturdays_made_up_for_spring_festival_2026_are_working_days(day: str) -> None:
    assert D(day).weekday() == 5
    assert is_working_day(D(day))


def test_an_ordinary_weekend_is_off_and_an_ordinary_weekday_is_on() -> None:
    assert not is_working_day(D("2026-11-28"))  # Saturday
    assert is_working_day(D("2026-11-27"))  # Friday


# Due dates (SPEC §6) ------------------------------------------------------------------


def test_questionnaire_started_the_day_before_national_day_is_due_after_the_holiday() -> None:
    assert due_date(D("2026-09-30"), 2) == D("2026-10-08")


def test_a_one_day_step_started_on_a_working_day_is_due_that_same_day() -> None:
    assert due_date(D("2026-11-27"), 1) == D("2026-11-27")


def test_a_step_started_on_a_holiday_first_moves_to_the_next_working_day() -> None:
    assert due_date(D("2026-10-03"), 1) == D("2026-10-08")
    assert due_date(D("2026-10-03"), 2) == D("2026-10-09")


def test_a_step_started_on_a_saturday_starts_counting_on_monday() -> None:
    assert due_date(D("2026-11-28"), 3) == D("2026-12-02")


def test_a_planning_outline_started_before_spring_festival_counts_the_make_up_saturday() -> None:
    # Thu 02-12, Fri 02-13, Sat 02-14 (made up), then 02-24 … 02-27 after the holiday.
    assert due_date(D("2026-02-12"), 7) == D("2026-02-27")


@pytest.mark.parametrize("days", [0, -1])
def test_a_step_must_last_at_least_one_working_day(days: int) -> None:
    with pytest.raises(ValueError):
        due_date(D("2026-11-27"), days)


def test_due_date_over_forty_working_days_reads_the_overrides_in_few_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    override("2026-03-02", OverrideKind.CLOSURE)
    with django_assert_max_num_queries(3):
        due = due_date(D("2026-01-05"), 40)
    assert is_working_day(due)
    assert working_days_between(D("2026-01-05"), due) == 39


# Walking the calendar -------------------------------------------------------------------


def test_next_working_day_is_the_day_itself_when_it_is_a_working_day() -> None:
    assert next_working_day(D("2026-09-30")) == D("2026-09-30")
    assert next_working_day(D("2026-10-01")) == D("2026-10-08")


def test_previous_working_day_is_the_day_itself_or_the_last_one_before_it() -> None:
    assert previous_working_day(D("2026-09-30")) == D("2026-09-30")
    assert previous_working_day(D("2026-10-07")) == D("2026-09-30")


def test_adding_zero_working_days_gives_the_day_or_the_next_working_day() -> None:
    assert add_working_days(D("2026-11-27"), 0) == D("2026-11-27")
    assert add_working_days(D("2026-11-28"), 0) == D("2026-11-30")


def test_adding_working_days_jumps_over_the_holiday_and_lands_on_the_make_up_saturday() -> None:
    assert add_working_days(D("2026-09-30"), 1) == D("2026-10-08")
    assert add_working_days(D("2026-09-30"), 3) == D("2026-10-10")


def test_subtracting_working_days_walks_back_over_the_holiday() -> None:
    assert add_working_days(D("2026-10-08"), -1) == D("2026-09-30")


def test_working_days_in_range_lists_both_ends_and_skips_the_holiday() -> None:
    assert working_days_in_range(D("2026-09-30"), D("2026-10-10")) == [
        D("2026-09-30"),
        D("2026-10-08"),
        D("2026-10-09"),
        D("2026-10-10"),
    ]
    assert working_days_in_range(D("2026-10-10"), D("2026-09-30")) == []


def test_working_days_between_counts_the_end_but_not_the_start() -> None:
    assert working_days_between(D("2026-11-23"), D("2026-11-30")) == 5  # Monday to Monday
    assert working_days_between(D("2026-11-27"), D("2026-11-27")) == 0


def test_working_days_between_is_symmetrical() -> None:
    assert working_days_between(D("2026-11-30"), D("2026-11-23")) == -5
    assert working_days_between(D("2026-10-09"), D("2026-09-25")) == -5


def test_working_days_between_skips_the_national_day_holiday() -> None:
    assert working_days_between(D("2026-09-30"), D("2026-10-08")) == 1
    assert working_days_between(D("2026-09-25"), D("2026-10-09")) == 5


# The agency's overrides -----------------------------------------------------------------


def test_an_agency_closure_on_a_working_day_makes_it_a_day_off() -> None:
    override("2026-11-27", OverrideKind.CLOSURE, "Annual outing")
    assert not is_working_day(D("2026-11-27"))
    assert due_date(D("2026-11-26"), 2) == D("2026-11-30")


def test_an_override_wins_over_the_official_calendar() -> None:
    override("2026-10-05", OverrideKind.WORKDAY)
    override("2026-10-09", OverrideKind.HOLIDAY)
    assert is_working_day(D("2026-10-05"))
    assert not is_working_day(D("2026-10-09"))


def test_the_database_refuses_an_override_of_an_unknown_kind() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarOverride.objects.create(date=D("2026-11-27"), kind="bogus")


# Years the official calendar does not know yet -----------------------------------------


def test_chinese_calendar_knows_2026_but_not_2027() -> None:
    assert year_is_covered(2026)
    assert not year_is_covered(2027)


def test_in_2027_weekdays_work_and_weekends_do_not() -> None:
    assert is_working_day(D("2027-01-04"))  # Monday
    assert not is_working_day(D("2027-01-02"))  # Saturday
    assert not is_working_day(D("2027-01-03"))  # Sunday


def test_in_2027_a_holiday_override_makes_a_weekday_a_day_off() -> None:
    override("2027-10-01", OverrideKind.HOLIDAY, "National Day")
    assert not is_working_day(D("2027-10-01"))


def test_in_2027_a_workday_override_makes_a_saturday_a_working_day() -> None:
    override("2027-10-09", OverrideKind.WORKDAY)
    assert is_working_day(D("2027-10-09"))


def test_a_due_date_crossing_into_2027_uses_the_fallback_and_the_overrides() -> None:
    override("2027-01-01", OverrideKind.HOLIDAY, "New Year's Day")
    # Thu 2026-12-31, (Fri 2027-01-01 off, weekend off), Mon 2027-01-04.
    assert due_date(D("2026-12-31"), 2) == D("2027-01-04")


def test_the_gm_is_warned_in_november_2026_that_2027_is_unknown() -> None:
    assert uncovered_years(D("2026-11-27")) == [2027]
    with translation.override("en"):
        warning = calendar_warning(D("2026-11-27"))
    assert warning is not None
    assert "2027" in warning
    assert "Calendar overrides" in warning


def test_the_gm_is_warned_about_both_years_when_neither_is_known() -> None:
    with translation.override("en"):
        warning = calendar_warning(D("2027-03-01"))
    assert warning is not None
    assert "2027" in warning
    assert "2028" in warning


def test_there_is_no_warning_while_this_and_next_year_are_known() -> None:
    assert calendar_warning(D("2025-06-01")) is None


# The calendar object --------------------------------------------------------------------


def test_a_long_walk_extends_the_loaded_span_with_few_extra_loads() -> None:
    closures = {D("2026-01-05") + timedelta(days=n): "closure" for n in range(400)}
    loads: list[tuple[date, date]] = []

    def loader(first: date, last: date) -> dict[date, str]:
        loads.append((first, last))
        return {d: kind for d, kind in closures.items() if first <= d <= last}

    calendar = WorkingCalendar(D("2026-01-05"), D("2026-01-10"), loader=loader)
    assert calendar.next_working_day(D("2026-01-05")) == D("2027-02-09")
    assert len(loads) <= 5


# Properties -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=30),
)
def test_a_due_date_is_a_working_day_days_minus_one_working_days_after_the_start(
    start: date, days: int
) -> None:
    due = due_date(start, days)
    assert is_working_day(due)
    assert due >= start
    assert working_days_between(next_working_day(start), due) == days - 1
