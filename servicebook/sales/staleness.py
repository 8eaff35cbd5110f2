"""Stale follow-ups (SPEC §2): no follow-up and no manager check-in for N working days.

A client's last activity is the later of its latest follow-up (check-ins included) and
its latest stage move; for a client in ``following_up`` that move is the one into
following up, so a client that has just come back to following up is not stale at once.
The working-day rule is turned into one cut-off date, computed once per request, so the
database filters with a plain comparison.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import cast

from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.clients.choices import ClientStatus
from servicebook.clients.models import Client
from servicebook.core.models import AgencySettings
from servicebook.core.workdays import WorkingCalendar
from servicebook.sales.models import FollowUp, StageChange

ONE_DAY = timedelta(days=1)


def stale_cutoff(today: date, days: int, calendar: WorkingCalendar) -> date:
    """The last date D such that activity on or before D is stale on ``today``.

    Stale means ``working_days_between(last_activity_date, today) >= days``: at least
    ``days`` working days after the activity, up to and including today. Counting back,
    the ``days``-th working day on or before today is the earliest day whose activity is
    still fresh, so D is the day before it. ``days <= 0`` makes everything up to today
    stale.
    """
    if days <= 0:
        return today
    last_working_day = calendar.previous_working_day(today)
    earliest_fresh = calendar.add_working_days(last_working_day, -(days - 1))
    return earliest_fresh - ONE_DAY


def stale_days() -> int:
    """N of the rule: working days without activity before a follow-up is stale."""
    return AgencySettings.current().stale_follow_up_days


def stale_cutoff_on(
    today: date, days: int | None = None, calendar: WorkingCalendar | None = None
) -> date:
    """The cut-off of the agency's rule on ``today``: one query for the agency settings
    unless ``days`` is given, one for the calendar unless ``calendar`` is."""
    days = stale_days() if days is None else days
    calendar = calendar or WorkingCalendar.for_walk(today, -days)
    return stale_cutoff(today, days, calendar)


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the agency's time zone (aware)."""
    return timezone.make_aware(datetime.combine(day + ONE_DAY, time.min))


def last_activity() -> Greatest:
    """The latest follow-up or stage move of each client (its creation when neither)."""
    follow_ups = FollowUp.objects.filter(client=OuterRef("pk")).order_by("-happened_at")
    moves = StageChange.objects.filter(client=OuterRef("pk")).order_by("-at")
    latest_follow_up = Subquery(follow_ups.values("happened_at")[:1])
    latest_move = Subquery(moves.values("at")[:1])
    # Greatest is NULL when either side is (SQLite, MySQL), so each side falls back on the
    # other, and on the file's creation only when the client has neither.
    return Greatest(
        Coalesce(latest_follow_up, latest_move, F("created_at")),
        Coalesce(latest_move, latest_follow_up, F("created_at")),
        output_field=DateTimeField(),
    )


def stale_follow_ups(user: User, today: date, cutoff: date | None = None) -> QuerySet[Client]:
    """Clients the user may see, in ``following_up``, without activity for N working days.

    Each carries ``last_activity``; the longest-forgotten come first. One query (plus the
    cut-off's two unless ``cutoff`` is given).
    """
    cutoff = stale_cutoff_on(today) if cutoff is None else cutoff
    clients = (
        Client.objects.visible_to(user)
        .filter(status=ClientStatus.FOLLOWING_UP)
        .annotate(last_activity=last_activity())
        .filter(last_activity__lt=end_of_day(cutoff))
        .select_related("owner", "department")
        .order_by("last_activity", "id")
    )
    return cast("QuerySet[Client]", clients)
