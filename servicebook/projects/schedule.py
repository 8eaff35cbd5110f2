"""Weeks and months of work (周计划 / 月度工作计划, SPEC §5): pure period arithmetic.

A period is an ISO week (Monday to Sunday, ``2026-W41``) or a calendar month
(``2026-10``). A plan task is active in a period when its span ``[start_on, due_on]``
overlaps the period; its working days inside the period are counted with a
``WorkingCalendar`` (make-up Saturdays count, holidays do not). Also here: who may mark a
task done and who writes the weekly note — pure predicates used by the services and the
pages alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal

from servicebook.core.workdays import WorkingCalendar

PeriodKind = Literal["week", "month"]
WEEK: Final[PeriodKind] = "week"
MONTH: Final[PeriodKind] = "month"

# Years a period may fall in: wide enough for any plan, narrow enough that the previous
# and next links never leave what ``date`` can hold.
FIRST_YEAR = 2000
LAST_YEAR = 2099

_WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class Period:
    """A week (Monday–Sunday) or a calendar month, both ends included."""

    kind: PeriodKind
    first: date
    last: date

    @property
    def is_week(self) -> bool:
        return self.kind == WEEK

    @property
    def key(self) -> str:
        """``2026-W41`` for a week, ``2026-10`` for a month (the query-string value)."""
        if self.is_week:
            year, week, _day = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first.year}-{self.first.month:02d}"

    @property
    def year(self) -> int:
        """The ISO year of a week (2026-W53 ends in January 2027), the year of a month."""
        return self.first.isocalendar()[0] if self.is_week else self.first.year

    @property
    def number(self) -> int:
        """The ISO week number, or the month number."""
        return self.first.isocalendar()[1] if self.is_week else self.first.month

    @property
    def params(self) -> dict[str, str]:
        """The query parameters that select this period on a schedule page."""
        return {"week": self.key} if self.is_week else {"period": MONTH, "month": self.key}

    def days(self) -> list[date]:
        """Every day of the period, in order."""
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def previous(self) -> Period:
        """The week or month before this one."""
        if self.is_week:
            return week_of(self.first - timedelta(days=7))
        return month_of(self.first - timedelta(days=1))

    def next(self) -> Period:
        """The week or month after this one."""
        if self.is_week:
            return week_of(self.first + timedelta(days=7))
        return month_of(self.last + timedelta(days=1))

    @property
    def has_previous(self) -> bool:
        return self.previous().first.year >= FIRST_YEAR

    @property
    def has_next(self) -> bool:
        return self.next().last.year <= LAST_YEAR

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def overlaps(self, start: date, end: date) -> bool:
        """Whether ``[start, end]`` shares at least one day with the period."""
        return start <= self.last and end >= self.first

    def week_starts(self) -> list[date]:
        """The Mondays of the weeks that share a day with the period, in order."""
        monday = week_start(self.first)
        mondays = []
        while monday <= self.last:
            mondays.append(monday)
            monday += timedelta(days=7)
        return mondays


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_of(day: date) -> Period:
    """The ISO week (Monday to Sunday) that holds ``day``."""
    monday = week_start(day)
    return Period(WEEK, monday, monday + timedelta(days=6))


def month_of(day: date) -> Period:
    """The calendar month that holds ``day``."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(MONTH, first, following - timedelta(days=1))


def parse_week(text: str) -> Period | None:
    """``2026-W41`` → that ISO week; None for anything else (W53 only in 53-week years)."""
    match = _WEEK_PATTERN.match(text.strip())
    if match is None:
        return None
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return week_of(date.fromisocalendar(year, week, 1))
    except ValueError:
        return None


def parse_month(text: str) -> Period | None:
    """``2026-10`` → October 2026; None for anything else."""
    match = _MONTH_PATTERN.match(text.strip())
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return month_of(date(year, month, 1))


def period_from_params(params: Mapping[str, Any], today: date) -> Period:
    """The period a schedule page shows: ``?week=2026-W41`` or ``?period=month&month=2026-10``.

    Without a (valid) value it is the week, or with ``period=month`` the month, of ``today``.
    """
    if params.get("period") == MONTH:
        return parse_month(str(params.get("month") or "")) or month_of(today)
    return parse_week(str(params.get("week") or "")) or week_of(today)


def days_inside(start: date, end: date, period: Period, calendar: WorkingCalendar) -> int:
    """How many working days of ``[start, end]`` fall inside the period (0 if none)."""
    first, last = max(start, period.first), min(end, period.last)
    return len(calendar.working_days_in_range(first, last))


def is_overdue(due_on: date, done_on: date | None, today: date) -> bool:
    """Not done and due before today (a task is worked to the end of its due date)."""
    return done_on is None and due_on < today
