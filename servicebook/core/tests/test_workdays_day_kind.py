"""Why a day is or is not a working day (``DayKind``), for calendars that mark days off."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from servicebook.core.models import OverrideKind
from servicebook.core.workdays import (
    DayKind,
    WorkingCalendar,
    official_day_kind,
    official_holiday_name,
    official_is_working_day,
)


def _calendar(overrides: dict[date, str] | None = None) -> WorkingCalendar:
    """A calendar with the given overrides and no database."""
    return WorkingCalendar(
        date(2026, 1, 1), date(2026, 12, 31), loader=lambda a, b: dict(overrides or {})
    )


@pytest.mark.parametrize("day", range(1, 8))
def test_the_national_day_holiday_2026_is_a_holiday_even_on_its_weekend(day: int) -> None:
    assert official_day_kind(date(2026, 10, day)) == DayKind.HOLIDAY
    assert official_holiday_name(date(2026, 10, day)) == "National Day"


def test_saturday_october_tenth_2026_is_a_make_up_working_day_for_national_day() -> None:
    saturday = date(2026, 10, 10)
    assert saturday.weekday() == 5
    assert official_day_kind(saturday) == DayKind.MAKEUP
    assert official_day_kind(saturday).is_working
    assert official_holiday_name(saturday) == "National Day"


def test_an_ordinary_weekend_is_a_weekend_and_an_ordinary_weekday_a_workday() -> None:
    assert official_day_kind(date(2026, 10, 17)) == DayKind.WEEKEND
    assert official_day_kind(date(2026, 10, 18)) == DayKind.WEEKEND
    assert official_day_kind(date(2026, 10, 14)) == DayKind.WORKDAY
    assert official_holiday_name(date(2026, 10, 14)) is None


def test_the_kind_agrees_with_the_working_day_answer_on_every_day_of_2026() -> None:
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert official_day_kind(day).is_working == official_is_working_day(day), day
        day += timedelta(days=1)


def test_a_year_the_official_calendar_does_not_know_has_weekdays_and_weekends_only() -> None:
    assert official_day_kind(date(2027, 10, 1)) == DayKind.WORKDAY  # a Friday
    assert official_day_kind(date(2027, 10, 2)) == DayKind.WEEKEND
    assert official_holiday_name(date(2027, 10, 1)) is None


def test_the_agencys_overrides_win_and_say_why() -> None:
    calendar = _calendar(
        {
            date(2026, 10, 17): OverrideKind.WORKDAY,
            date(2026, 10, 14): OverrideKind.CLOSURE,
            date(2026, 10, 15): OverrideKind.HOLIDAY,
            date(2026, 10, 5): OverrideKind.WORKDAY,
        }
    )
    assert calendar.day_kind(date(2026, 10, 17)) == DayKind.MAKEUP
    assert calendar.day_kind(date(2026, 10, 14)) == DayKind.CLOSURE
    assert calendar.day_kind(date(2026, 10, 15)) == DayKind.HOLIDAY
    assert calendar.day_kind(date(2026, 10, 5)) == DayKind.WORKDAY
    assert calendar.day_kind(date(2026, 10, 10)) == DayKind.MAKEUP


def test_the_calendars_kind_agrees_with_its_working_day_answer() -> None:
    calendar = _calendar({date(2026, 10, 17): OverrideKind.WORKDAY})
    day = date(2026, 9, 1)
    while day < date(2026, 12, 1):
        assert calendar.day_kind(day).is_working == calendar.is_working_day(day), day
        day += timedelta(days=1)
