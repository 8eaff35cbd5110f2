"""Read models of the sales pipeline for pages; all scoped through visible_to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.sales.models import FollowUp, NegotiationRound, Quote, StageChange


@dataclass
class ClientJourney:
    """What the client page shows of the journey: where the client is and what happened."""

    stage_changes: list[StageChange]
    follow_ups: list[FollowUp]
    negotiation_rounds: list[NegotiationRound]
    moves: list[Any] = field(default_factory=list)


def client_journey(user: User, client: Client, limit: int = 20) -> ClientJourney:
    """The latest moves, follow-ups and negotiation rounds of a client the user may see."""
    return ClientJourney(
        stage_changes=list(
            StageChange.objects.filter(client=client).select_related("actor", "reason")[:limit]
        ),
        follow_ups=list(FollowUp.objects.filter(client=client).select_related("by")[:limit]),
        negotiation_rounds=list(
            NegotiationRound.objects.filter(client=client).select_related("by", "quote")
        ),
    )


def client_quotes(user: User, client: Client) -> list[Quote]:
    """The client's quotes the user may see, newest first."""
    return list(Quote.objects.visible_to(user).filter(client=client).select_related("author"))
