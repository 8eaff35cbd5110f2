"""Read models of the pipeline board (/pipeline/) and the manager's daily summary (/summary/).

Both run a fixed number of queries whatever the number of clients: counts and sums in
one aggregate, lists capped per column or department with a window function.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from servicebook.accounts.models import Department, User
from servicebook.clients.choices import INTENT_COLOURS, STATUS_COLOURS, ClientStatus
from servicebook.clients.models import Client
from servicebook.core.choices import choice_colour
from servicebook.core.workdays import WorkingCalendar
from servicebook.sales.choices import NEGOTIATION_OUTCOME_COLOURS, NegotiationOutcome, QuoteStatus
from servicebook.sales.models import NegotiationRound, Quote
from servicebook.sales.permissions import CLOSED_STAGES
from servicebook.sales.staleness import (
    ONE_DAY,
    end_of_day,
    last_activity,
    stale_cutoff_on,
    stale_days,
    stale_follow_ups,
)

# Columns in journey order; abandoned clients last.
BOARD_STAGES = [s for s in ClientStatus.values if s != ClientStatus.ABANDONED] + [
    ClientStatus.ABANDONED
]
CARDS_PER_COLUMN = 30
ROWS_PER_DEPARTMENT = 20
# What "quoted" means on the board: quotes on their way to the client or agreed, not
# drafts, and not those rejected, declined or replaced by a newer version.
QUOTED_STATUSES = (
    QuoteStatus.SUBMITTED,
    QuoteStatus.APPROVED,
    QuoteStatus.SENT,
    QuoteStatus.ACCEPTED,
)
LIST_LIMIT = 100


@dataclass
class Card:
    """One client on the board: who owns it, its intent, how long it has been quiet."""

    client: Client
    days_quiet: int
    stale: bool

    @property
    def intent_colour(self) -> str:
        return choice_colour(INTENT_COLOURS, self.client.intent)


@dataclass
class Column:
    """One stage of the board: how many clients, what they are quoted, the first cards."""

    status: str
    count: int
    quoted: Decimal
    cards: list[Card]
    more_url: str

    @property
    def label(self) -> str:
        return str(ClientStatus(self.status).label)

    @property
    def colour(self) -> str:
        return choice_colour(STATUS_COLOURS, self.status)

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


@dataclass
class Option:
    """A choice of a filter or a select."""

    value: str
    label: str


@dataclass
class StaffGroup:
    """Active staff of one department, for an owner select."""

    label: str
    people: list[Option]


@dataclass
class Board:
    """The pipeline board and its filters (department and owner for managers)."""

    columns: list[Column]
    departments: list[Option]
    owners: list[Option]
    department: str
    owner: str
    cutoff: date
    stale_days: int

    @property
    def total(self) -> int:
        return sum(c.count for c in self.columns)

    @property
    def quoted(self) -> Decimal:
        return sum((c.quoted for c in self.columns), Decimal(0))


def scope_departments(user: User) -> list[Department]:
    """Departments whose clients the user manages: all for the GM (one query)."""
    departments = Department.objects.order_by("id")
    if not user.is_general_manager:
        departments = departments.filter(pk__in=user.managed_department_ids)
    return list(departments)


def assignable_staff() -> list[StaffGroup]:
    """Active staff grouped by department: the people a client may be given to."""
    staff = User.objects.filter(is_active=True).select_related("department")
    groups: dict[str, list[Option]] = defaultdict(list)
    for person in staff.order_by("department_id", "username"):
        label = person.department.name if person.department else "—"
        groups[label].append(Option(str(person.pk), person.display_name))
    return [StaffGroup(label, people) for label, people in groups.items()]


def _filtered(user: User, params: Mapping[str, Any]) -> tuple[QuerySet[Client], str, str]:
    clients = Client.objects.visible_to(user)
    department = str(params.get("department") or "")
    owner = str(params.get("owner") or "")
    if user.is_manager and department.isdigit():
        clients = clients.filter(department_id=int(department))
    else:
        department = ""
    if user.is_manager and owner == "none":
        clients = clients.filter(owner__isnull=True)
    elif user.is_manager and owner.isdigit():
        clients = clients.filter(owner_id=int(owner))
    else:
        owner = ""
    return clients, department, owner


def _cards(clients: QuerySet[Client], today: date, cutoff: date) -> dict[str, list[Card]]:
    """The first cards of every column in one query, the longest-quiet first."""
    ranked = (
        clients.annotate(last_activity=last_activity())
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("status")],
                order_by=[F("last_activity").asc(), F("id").asc()],
            )
        )
        .filter(rank__lte=CARDS_PER_COLUMN)
        .select_related("owner")
        .order_by("status", "rank")
    )
    cards: dict[str, list[Card]] = defaultdict(list)
    for client in ranked:
        quiet_since = timezone.localdate(client.last_activity)
        stale = client.status == ClientStatus.FOLLOWING_UP and quiet_since <= cutoff
        cards[client.status].append(Card(client, (today - quiet_since).days, stale))
    return cards


def pipeline_board(user: User, params: Mapping[str, Any], today: date) -> Board:
    """Every stage with its count, quoted sum and first cards, for the user's clients."""
    clients, department, owner = _filtered(user, params)
    totals: dict[str, Mapping[str, Any]] = {
        row["status"]: row
        for row in clients.order_by()
        .values("status")
        .annotate(
            count=Count("id", distinct=True),
            quoted=Sum("quotes__total", filter=Q(quotes__status__in=QUOTED_STATUSES)),
        )
    }
    days = stale_days()
    cutoff = stale_cutoff_on(today, days)
    cards = _cards(clients, today, cutoff)
    list_url = reverse("clients:list")
    columns = []
    for status in BOARD_STAGES:
        row = totals.get(status, {})
        query = {"status": status, "department": department, "owner": owner}
        more_url = f"{list_url}?{urlencode({k: v for k, v in query.items() if v})}"
        columns.append(
            Column(
                status,
                row.get("count", 0),
                row.get("quoted") or Decimal(0),
                cards.get(status, []),
                more_url,
            )
        )
    departments, owners = _filter_options(user)
    return Board(columns, departments, owners, department, owner, cutoff, days)


def _filter_options(user: User) -> tuple[list[Option], list[Option]]:
    if not user.is_manager:
        return [], []
    departments = scope_departments(user)
    staff = User.objects.filter(is_active=True).order_by("username")
    if not user.is_general_manager:
        staff = staff.filter(department_id__in=[d.pk for d in departments])
    return (
        [Option(str(d.pk), d.name) for d in departments],
        [Option(str(u.pk), u.display_name) for u in staff],
    )


@dataclass
class NegotiationReport:
    """A negotiation round as the summary lists it, with its outcome's badge."""

    round: NegotiationRound

    @property
    def outcome_label(self) -> str:
        return str(NegotiationOutcome(self.round.outcome).label)

    @property
    def outcome_colour(self) -> str:
        return choice_colour(NEGOTIATION_OUTCOME_COLOURS, self.round.outcome)


@dataclass
class DepartmentDay:
    """One department's part of the daily summary."""

    department: Department
    new_clients: list[Client] = field(default_factory=list)
    unassigned: list[Client] = field(default_factory=list)
    unassigned_total: int = 0
    stale: list[Client] = field(default_factory=list)
    stale_total: int = 0
    quotes: list[Quote] = field(default_factory=list)
    negotiations: list[NegotiationReport] = field(default_factory=list)

    @property
    def unassigned_more(self) -> int:
        return self.unassigned_total - len(self.unassigned)

    @property
    def stale_more(self) -> int:
        return self.stale_total - len(self.stale)

    @property
    def is_quiet(self) -> bool:
        return not (
            self.new_clients or self.unassigned or self.stale or self.quotes or self.negotiations
        )


@dataclass
class DailySummary:
    """What a department manager reviews every day (每天由部门经理汇总), SPEC §2."""

    today: date
    since: date
    cutoff: date
    stale_days: int
    departments: list[DepartmentDay]
    staff: list[StaffGroup]


def _top_per_department(clients: QuerySet[Client], order_by: str) -> QuerySet[Client]:
    """The first rows of each department, each carrying its department's total."""
    return (
        clients.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("department_id")],
                order_by=[F(order_by).asc(), F("id").asc()],
            ),
            department_total=Window(Count("id"), partition_by=[F("department_id")]),
        )
        .filter(rank__lte=ROWS_PER_DEPARTMENT)
        .order_by("department_id", "rank")
    )


def _fill(days: dict[int, DepartmentDay], name: str, clients: QuerySet[Client]) -> None:
    """Put each department's first rows in ``days[…].<name>`` and its total beside them."""
    for client in clients:
        day = days[client.department_id]
        getattr(day, name).append(client)
        setattr(day, f"{name}_total", getattr(client, "department_total", 0))


def daily_summary(user: User, today: date) -> DailySummary:
    """New clients since the last working day, unassigned clients, stale follow-ups,
    quotes waiting for this user's approval and negotiation reports, per department."""
    days = {d.pk: DepartmentDay(d) for d in scope_departments(user)}
    rule_days = stale_days()
    calendar = WorkingCalendar.for_walk(today, -rule_days - 1)
    since = calendar.previous_working_day(today - ONE_DAY)
    cutoff = stale_cutoff_on(today, rule_days, calendar)
    scope = Client.objects.visible_to(user).filter(department_id__in=list(days))
    for client in scope.filter(registered_on__gte=since).select_related("owner")[:LIST_LIMIT]:
        days[client.department_id].new_clients.append(client)
    unassigned = scope.filter(owner__isnull=True).exclude(status__in=CLOSED_STAGES)
    _fill(days, "unassigned", _top_per_department(unassigned, "registered_on"))
    stale = stale_follow_ups(user, today, cutoff).filter(department_id__in=list(days))
    _fill(days, "stale", _top_per_department(stale, "last_activity"))
    for quote in _waiting_quotes(user, list(days)):
        days[quote.client.department_id].quotes.append(quote)
    for negotiation in _negotiation_reports(scope, end_of_day(since - ONE_DAY)):
        days[negotiation.client.department_id].negotiations.append(NegotiationReport(negotiation))
    staff = assignable_staff()
    return DailySummary(today, since, cutoff, rule_days, list(days.values()), staff)


def _waiting_quotes(user: User, department_ids: list[int]) -> QuerySet[Quote]:
    return (
        Quote.objects.awaiting_approval_by(user)
        .filter(client__department_id__in=department_ids)
        .select_related("client", "author")
        .order_by("created_at", "id")[:LIST_LIMIT]
    )


def _negotiation_reports(scope: QuerySet[Client], since: datetime) -> QuerySet[NegotiationRound]:
    return (
        NegotiationRound.objects.filter(client__in=scope, created_at__gte=since)
        .select_related("client", "by", "quote")
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )
