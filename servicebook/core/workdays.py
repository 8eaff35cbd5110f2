"""The working-day calendar: mainland China's official calendar plus the agency's overrides.

A date is a working day when, in this order:

1. a ``CalendarOverride`` row exists for it: ``workday`` makes it one, ``holiday`` and
   ``closure`` make it a day off (the agency's table always wins);
2. the ``chinese_calendar`` package knows its year: the official calendar decides,
   including the weekend days made working days (调休);
3. otherwise (a year the package does not know yet): Monday to Friday work, weekends
   are off. ``calendar_warning`` tells the GM so plainly.

Due-date convention (SPEC §6): a step of N working days that starts on working day S
counts S as day 1 and is due at the end of the N-th working day; a start on a
non-working day first moves to the next working day.

The range functions read the overrides with one query per call through
``WorkingCalendar``; code that asks about many dates should build one
``WorkingCalendar`` and reuse it. Nothing here touches the database at import time.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import chinese_calendar
from django.utils.translation import gettext

from servicebook.core.models import CalendarOverride, OverrideKind

ONE_DAY = timedelta(days=1)
# Calendar days loaded beyond a walk's expected end; the longest official holiday is 9 days.
SPAN_MARGIN_DAYS = 60
# The smallest step by which a calendar extends its loaded span when a walk runs past it.
MIN_EXTENSION_DAYS = 90

OverrideLoader = Callable[[date, date], dict[date, str]]


def load_overrides(first: date, last: date) -> dict[date, str]:
    """The agency's overrides dated ``first``..``last`` inclusive, as date → kind (one query)."""
    rows = (
        CalendarOverride.objects.filter(date__range=(first, last))
        .order_by()
        .values_list("date", "kind")
    )
    return dict(rows)


@functools.lru_cache(maxsize=64)
def year_is_covered(year: int) -> bool:
    """Whether the ``chinese_calendar`` package knows the official calendar of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def official_is_working_day(d: date) -> bool:
    """The official answer without overrides; weekdays only for a year not yet covered."""
    if year_is_covered(d.year):
        return bool(chinese_calendar.is_workday(d))
    return d.weekday() < 5


class DayKind(enum.StrEnum):
    """Why a date is or is not a working day, for calendars that mark days off."""

    WORKDAY = "workday"  # Monday to Friday, working
    MAKEUP = "makeup"  # a weekend day worked instead (调休上班) or made working by an override
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # an official holiday, including its weekend days, or a holiday override
    CLOSURE = "closure"  # the agency is closed (override)

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP)


@functools.lru_cache(maxsize=4096)
def official_day_kind(d: date) -> DayKind:
    """Why ``d`` is or is not an official working day, without overrides (pure).

    Agrees with ``official_is_working_day``: a Saturday worked for National Day is
    ``MAKEUP``, the days of a holiday are ``HOLIDAY`` even on a weekend; a year the
    package does not know has weekdays and weekends only.
    """
    weekend = d.weekday() >= 5
    if not year_is_covered(d.year):
        return DayKind.WEEKEND if weekend else DayKind.WORKDAY
    if chinese_calendar.is_workday(d):
        return DayKind.MAKEUP if weekend else DayKind.WORKDAY
    return DayKind.HOLIDAY if official_holiday_name(d) else DayKind.WEEKEND


def official_holiday_name(d: date) -> str | None:
    """The English name of the official holiday on ``d``, or that a make-up day serves (pure).

    E.g. ``"National Day"`` for 2026-10-01 and for the make-up Saturday 2026-10-10;
    None for other days and for years the package does not know.
    """
    if not year_is_covered(d.year):
        return None
    _on_holiday, name = chinese_calendar.get_holiday_detail(d)
    return str(name) if name else None


def _days(first: date, last: date) -> Iterator[date]:
    """Every date from ``first`` to ``last`` inclusive (none when ``last < first``)."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


class WorkingCalendar:
    """Working days over a span of dates, with the overrides of that span loaded once.

    Asking about a date outside the loaded span extends it with one more query (at
    least doubling it), so a walk of any length costs a handful of queries at most.
    """

    def __init__(self, first: date, last: date, loader: OverrideLoader = load_overrides) -> None:
        first, last = min(first, last), max(first, last)
        self._loader = loader
        self._first = first
        self._last = last
        self._overrides = loader(first, last)

    @classmethod
    def for_span(cls, a: date, b: date) -> WorkingCalendar:
        """A calendar with the overrides from ``a`` to ``b`` loaded (either order)."""
        return cls(a, b)

    @classmethod
    def for_walk(cls, start: date, steps: int) -> WorkingCalendar:
        """A calendar sized for walking ``steps`` working days from ``start`` (back if < 0)."""
        reach = timedelta(days=abs(steps) * 3 + SPAN_MARGIN_DAYS)
        return cls(start, start - reach if steps < 0 else start + reach)

    def _cover(self, d: date) -> None:
        """Load the overrides up to ``d`` if it lies outside the loaded span."""
        step = max(self._last - self._first, timedelta(days=MIN_EXTENSION_DAYS))
        if d > self._last:
            new_last = max(d, self._last + step)
            self._overrides.update(self._loader(self._last + ONE_DAY, new_last))
            self._last = new_last
        elif d < self._first:
            new_first = min(d, self._first - step)
            self._overrides.update(self._loader(new_first, self._first - ONE_DAY))
            self._first = new_first

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day: override, else official calendar, else weekdays."""
        self._cover(d)
        kind = self._overrides.get(d)
        if kind is not None:
            return kind == OverrideKind.WORKDAY
        return official_is_working_day(d)

    def day_kind(self, d: date) -> DayKind:
        """Why ``d`` is or is not a working day; ``day_kind(d).is_working == is_working_day(d)``."""
        self._cover(d)
        kind = self._overrides.get(d)
        if kind == OverrideKind.WORKDAY:
            return DayKind.MAKEUP if d.weekday() >= 5 else DayKind.WORKDAY
        if kind == OverrideKind.HOLIDAY:
            return DayKind.HOLIDAY
        if kind == OverrideKind.CLOSURE:
            return DayKind.CLOSURE
        return official_day_kind(d)

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(d):
            d -= ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """Move ``n`` working days on from ``next_working_day(d)``; n=0 gives that day.

        A negative ``n`` moves back from ``previous_working_day(d)``.
        """
        if n < 0:
            day = self.previous_working_day(d)
            for _ in range(-n):
                day = self.previous_working_day(day - ONE_DAY)
            return day
        day = self.next_working_day(d)
        for _ in range(n):
            day = self.next_working_day(day + ONE_DAY)
        return day

    def due_date(self, start: date, days: int) -> date:
        """The last working day of a step of ``days`` working days starting on ``start``."""
        if days < 1:
            raise ValueError(f"a step lasts at least one working day, not {days}")
        return self.add_working_days(start, days - 1)

    def working_days_in_range(self, a: date, b: date) -> list[date]:
        """The working days from ``a`` to ``b``, both included, in order (empty if b < a)."""
        return [d for d in _days(a, b) if self.is_working_day(d)]

    def working_days_between(self, a: date, b: date) -> int:
        """The number of working days d with a < d <= b; negated when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        return len(self.working_days_in_range(a + ONE_DAY, b))


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day (one query; use ``WorkingCalendar`` in loops)."""
    return WorkingCalendar.for_span(d, d).is_working_day(d)


def next_working_day(d: date) -> date:
    """``d`` itself if it is a working day, else the first working day after it."""
    return WorkingCalendar.for_walk(d, 1).next_working_day(d)


def previous_working_day(d: date) -> date:
    """``d`` itself if it is a working day, else the last working day before it."""
    return WorkingCalendar.for_walk(d, -1).previous_working_day(d)


def add_working_days(d: date, n: int) -> date:
    """Move ``n`` working days on from ``next_working_day(d)``.

    ``n == 0`` gives ``d`` itself when it is a working day, else the next one; a
    negative ``n`` moves back from ``previous_working_day(d)``.
    """
    return WorkingCalendar.for_walk(d, n).add_working_days(d, n)


def due_date(start: date, days: int) -> date:
    """When a step of ``days`` working days starting on ``start`` is due (SPEC §6).

    ``start`` counts as day 1 if it is a working day; otherwise the step starts on the
    next working day. The step is due at the end of the returned day, so
    ``due_date(S, 1) == S`` for a working day S, and a 2-day step started on
    2026-09-30 is due 2026-10-08, after the National Day holiday. ``days`` must be at
    least 1 (``ValueError`` otherwise).
    """
    return WorkingCalendar.for_walk(start, days).due_date(start, days)


def working_days_between(a: date, b: date) -> int:
    """The number of working days d with a < d <= b.

    ``a`` itself is not counted and ``b`` is, so from a Monday to the next Monday of a
    week without holidays gives 5, and from a day to itself gives 0. When ``b`` is
    before ``a`` the result is negative and symmetrical:
    ``working_days_between(a, b) == -working_days_between(b, a)``.
    """
    return WorkingCalendar.for_span(a, b).working_days_between(a, b)


def working_days_in_range(a: date, b: date) -> list[date]:
    """The working days from ``a`` to ``b``, both included, in order (empty if b < a)."""
    return WorkingCalendar.for_span(a, b).working_days_in_range(a, b)


def uncovered_years(today: date) -> list[int]:
    """This year and next year, whichever the official calendar package does not know."""
    return [year for year in (today.year, today.year + 1) if not year_is_covered(year)]


def calendar_warning(today: date) -> str | None:
    """A plain message for the GM when this or next year's official calendar is unknown."""
    years = uncovered_years(today)
    if not years:
        return None
    if len(years) == 1:
        message = gettext(
            "The official holiday calendar for %(year)s is not yet known to Servicebook: "
            "%(year)s dates count weekends plus the agency's own overrides only. Add the "
            "official holidays and make-up working days in Admin → Calendar overrides."
        )
        return message % {"year": years[0]}
    message = gettext(
        "The official holiday calendars for %(first)s and %(second)s are not yet known to "
        "Servicebook: dates in those years count weekends plus the agency's own overrides "
        "only. Add the official holidays and make-up working days in Admin → Calendar "
        "overrides."
    )
    return message % {"first": years[0], "second": years[1]}
