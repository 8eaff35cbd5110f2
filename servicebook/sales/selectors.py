"""Read models of the sales pipeline for pages; all scoped through visible_to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.clients.choices import STATUS_COLOURS, ClientStatus
from servicebook.clients.models import Client
from servicebook.core.choices import choice_colour
from servicebook.sales import permissions
from servicebook.sales.board import StaffGroup, assignable_staff
from servicebook.sales.choices import FollowUpKind
from servicebook.sales.models import AbandonReason, FollowUp, Quote, StageChange

# Moves back to an earlier stage are offered as secondary buttons.
BACKWARD_MOVES = frozenset(
    {
        (ClientStatus.PROPOSAL, ClientStatus.FOLLOWING_UP),
        (ClientStatus.REPORTED, ClientStatus.FOLLOWING_UP),
        (ClientStatus.NEGOTIATING, ClientStatus.FOLLOWING_UP),
    }
)


@dataclass
class MoveOption:
    """A move the user may make now: the stage it leads to, as a button."""

    target: str
    primary: bool

    @property
    def label(self) -> str:
        return str(ClientStatus(self.target).label)


@dataclass
class TimelineEntry:
    """One event of the journey: a stage move or a follow-up, who and when."""

    at: datetime
    who: str
    title: str
    text: str
    colour: str
    kind: str
    detail: str = ""


@dataclass
class ClientJourney:
    """What the client page shows of the journey: where the client is, what happened and
    what this user may do next (computed with the same predicates the services check)."""

    stage_changes: list[StageChange]
    follow_ups: list[FollowUp]
    moves: list[MoveOption] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    can_assign: bool = False
    staff: list[StaffGroup] = field(default_factory=list)
    can_abandon: bool = False
    abandon_reasons: list[AbandonReason] = field(default_factory=list)
    can_reopen: bool = False
    reopen_label: str = ""
    can_log_follow_up: bool = False
    follow_up_kinds: list[tuple[str, str]] = field(default_factory=list)
    can_check_in: bool = False
    now: datetime | None = None
    today: date | None = None

    @property
    def now_value(self) -> str:
        """Now, as a ``datetime-local`` input wants it."""
        return self.now.strftime("%Y-%m-%dT%H:%M") if self.now else ""

    @property
    def can_act(self) -> bool:
        """Whether the user may do anything at all on the journey."""
        return bool(
            self.moves
            or self.can_assign
            or self.can_abandon
            or self.can_reopen
            or self.can_log_follow_up
            or self.can_check_in
        )


def client_journey(user: User, client: Client, limit: int = 20) -> ClientJourney:
    """The latest moves and follow-ups of a client the user may see, and the actions open
    to the user (staff and reasons loaded only for those who may use them).

    Negotiation rounds have their own panel (``sales/_negotiation.html``)."""
    stage_changes = list(
        StageChange.objects.filter(client=client).select_related("actor", "reason")[:limit]
    )
    follow_ups = list(FollowUp.objects.filter(client=client).select_related("by")[:limit])
    journey = ClientJourney(
        stage_changes=stage_changes,
        follow_ups=follow_ups,
        moves=[
            MoveOption(target, (client.status, target) not in BACKWARD_MOVES)
            for target in permissions.button_moves(user, client)
        ],
        timeline=_timeline(stage_changes, follow_ups)[:limit],
        can_assign=permissions.can_assign(user, client),
        can_abandon=permissions.can_abandon(user, client),
        can_reopen=permissions.can_reopen(user, client),
        reopen_label=str(ClientStatus(permissions.reopen_target(client)).label),
        can_log_follow_up=permissions.can_log_follow_up(user, client),
        can_check_in=permissions.can_check_in(user, client),
        now=timezone.localtime(),
        today=timezone.localdate(),
    )
    _load_choices(journey)
    return journey


def _load_choices(journey: ClientJourney) -> None:
    """The options of the forms the user may use: one query each, none for the others."""
    if journey.can_assign:
        journey.staff = assignable_staff()
    if journey.can_abandon:
        journey.abandon_reasons = list(AbandonReason.objects.filter(is_active=True))
    if journey.can_log_follow_up:
        journey.follow_up_kinds = [
            (value, str(label))
            for value, label in FollowUpKind.choices
            if value != FollowUpKind.CHECK_IN
        ]


def _timeline(changes: list[StageChange], follow_ups: list[FollowUp]) -> list[TimelineEntry]:
    """Moves and follow-ups merged, newest first."""
    entries = [
        TimelineEntry(
            at=c.at,
            who=c.actor.display_name,
            title=f"{ClientStatus(c.from_status).label} → {ClientStatus(c.to_status).label}",
            text=c.note,
            colour=choice_colour(STATUS_COLOURS, c.to_status),
            kind="move",
            detail=c.reason.name if c.reason else "",
        )
        for c in changes
    ]
    entries += [
        TimelineEntry(
            at=f.happened_at,
            who=f.by.display_name,
            title=f.get_kind_display(),
            text=f.summary,
            colour="amber" if f.kind == FollowUpKind.CHECK_IN else "blue",
            kind="check_in" if f.kind == FollowUpKind.CHECK_IN else "follow_up",
            detail=f.next_follow_up_on.isoformat() if f.next_follow_up_on else "",
        )
        for f in follow_ups
    ]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def client_quotes(user: User, client: Client) -> list[Quote]:
    """The client's quotes the user may see, newest first."""
    return list(Quote.objects.visible_to(user).filter(client=client).select_related("author"))
