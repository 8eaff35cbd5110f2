"""When service logs are due and how late they are (SPEC §7, §9): pure working-day arithmetic.

A weekly log covers a week, Monday to Sunday, and is due on the first working day after the
week's Sunday: the week 2026-09-28 … 10-04 is due on 2026-10-08, after National Day. A
monthly log is due on the third working day of the next month, the first day counting as
day 1 when it is a working day: September 2026 is due on 2026-10-10, the make-up Saturday.

A log is late when it was not sent by the end of its due day; ``late_days`` counts the
working days since (0 when only days off have passed). A period of an active project whose
log is past due and was never drafted is *missing*. Every function takes a
``WorkingCalendar`` so that many dates cost one query for the agency's overrides.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from servicebook.communications.models import LogKind
from servicebook.core.workdays import WorkingCalendar
from servicebook.projects.schedule import Period, month_of, week_of

ONE_DAY = timedelta(days=1)
# A monthly log is due on this working day of the next month.
MONTHLY_DUE_WORKING_DAY = 3


def log_period(kind: str, day: date) -> Period:
    """The week (Monday–Sunday) or the month a log of ``kind`` covering ``day`` reports on."""
    return month_of(day) if kind == LogKind.MONTHLY else week_of(day)


def due_on(kind: str, period: Period, calendar: WorkingCalendar) -> date:
    """The day a log of ``kind`` for ``period`` must be sent by (to the end of that day)."""
    following = period.last + ONE_DAY
    if kind == LogKind.MONTHLY:
        return calendar.due_date(following, MONTHLY_DUE_WORKING_DAY)
    return calendar.next_working_day(following)


def periods_between(kind: str, first: date, last: date) -> list[Period]:
    """The weeks or months that share a day with ``first``..``last``, oldest first."""
    periods: list[Period] = []
    if last < first:
        return periods
    period = log_period(kind, first)
    while period.first <= last:
        periods.append(period)
        period = period.next()
    return periods


class Standing(enum.StrEnum):
    """Where a period's log stands against its due date."""

    ON_TIME = "on_time"  # sent by the end of the due day
    SENT_LATE = "sent_late"  # sent, but after the due day
    OVERDUE = "overdue"  # drafted, not sent, the due day is over
    MISSING = "missing"  # never drafted, the due day is over
    DRAFT = "draft"  # drafted, not sent, not due yet
    TO_DO = "to_do"  # not drafted, not due yet


STANDING_LABELS = {
    Standing.ON_TIME: _("Sent on time"),
    Standing.SENT_LATE: _("Sent late"),
    Standing.OVERDUE: _("Late, not sent"),
    Standing.MISSING: _("Missing"),
    Standing.DRAFT: _("Draft, not due yet"),
    Standing.TO_DO: _("Not due yet"),
}
STANDING_COLOURS = {
    Standing.ON_TIME: "green",
    Standing.SENT_LATE: "orange",
    Standing.OVERDUE: "red",
    Standing.MISSING: "red",
    Standing.DRAFT: "grey",
    Standing.TO_DO: "grey",
}


@dataclass(frozen=True)
class LogStanding:
    """A log's (or a missing log's) standing and, when late, by how many working days."""

    standing: Standing
    late_days: int = 0

    @property
    def is_late(self) -> bool:
        """Flagged: sent late, overdue or missing (the facts the fines will read)."""
        return self.standing in (Standing.SENT_LATE, Standing.OVERDUE, Standing.MISSING)

    @property
    def is_sent(self) -> bool:
        return self.standing in (Standing.ON_TIME, Standing.SENT_LATE)

    @property
    def label(self) -> str:
        return str(STANDING_LABELS[self.standing])

    @property
    def colour(self) -> str:
        return STANDING_COLOURS[self.standing]


def standing(
    due: date,
    *,
    drafted: bool,
    sent_on: date | None,
    today: date,
    calendar: WorkingCalendar,
) -> LogStanding:
    """Where a log due on ``due`` stands on ``today``.

    ``drafted``: a log exists for the period; ``sent_on``: the local date it was sent, if it
    was. Late means not sent by the end of ``due``; the late working days run to the day it
    was sent, or to today while it is not.
    """
    if sent_on is not None:
        if sent_on <= due:
            return LogStanding(Standing.ON_TIME)
        return LogStanding(Standing.SENT_LATE, calendar.working_days_between(due, sent_on))
    if today <= due:
        return LogStanding(Standing.DRAFT if drafted else Standing.TO_DO)
    late = calendar.working_days_between(due, today)
    return LogStanding(Standing.OVERDUE if drafted else Standing.MISSING, late)
