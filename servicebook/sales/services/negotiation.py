"""Negotiation rounds (确定谈判方案/报价与议价): each round is reported to the manager."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.choices import JobRole
from servicebook.accounts.models import Department, NotificationKind, User
from servicebook.accounts.services import notify
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.sales import quote_permissions as can
from servicebook.sales.choices import NegotiationOutcome
from servicebook.sales.models import NegotiationRound, Quote


@transaction.atomic
def negotiation_round_log(
    *,
    actor: User,
    client: Client,
    held_on: date,
    outcome: str,
    summary: str,
    next_step: str = "",
    quote: Quote | None = None,
) -> NegotiationRound:
    """Log the next round (1, 2, 3 … per client) and report it to the department manager.

    By the client's owner or a manager, while the client is reported or negotiating. A
    quote discussed must be this client's and approved (nothing unapproved is discussed
    with the client). The manager — or the GM when the manager logs the round — is told
    after the commit.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.status not in can.NEGOTIATION_STAGES:
        raise DomainError(
            _("Negotiation rounds are logged once the client is reported or negotiating.")
        )
    if not can.can_log_negotiation(actor, client):
        raise PermissionDenied(_("Only the client's owner or a manager can log negotiation."))
    _check_round(client, held_on, outcome, summary, quote)
    number = (
        NegotiationRound.objects.filter(client=client).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    round_ = NegotiationRound.objects.create(
        client=client,
        number=number,
        quote=quote,
        held_on=held_on,
        outcome=outcome,
        summary=summary.strip(),
        next_step=next_step.strip(),
        by=actor,
        reported_to=negotiation_reported_to(client, actor),
    )
    _notify_after_commit(round_, client, actor)
    return round_


def negotiation_reported_to(client: Client, actor: User) -> User | None:
    """The manager of the client's department; the GM when the manager logs it."""
    manager = Department.objects.select_related("manager").get(pk=client.department_id).manager
    if manager is not None and manager.is_active and manager.pk != actor.pk:
        return manager
    return (
        User.objects.filter(roles__role=JobRole.GM, is_active=True)
        .exclude(pk=actor.pk)
        .order_by("pk")
        .first()
    )


def _check_round(
    client: Client, held_on: date, outcome: str, summary: str, quote: Quote | None
) -> None:
    if outcome not in NegotiationOutcome.values:
        raise DomainError(_("Choose how the round ended."), field="outcome")
    if not summary.strip():
        raise DomainError(_("Say what was discussed."), field="summary")
    if held_on > timezone.localdate():
        raise DomainError(_("A round is logged after it was held."), field="held_on")
    if quote is not None:
        if quote.client_id != client.pk:
            raise DomainError(_("That quote is for another client."), field="quote")
        if not can.can_show_to_client(quote):
            raise DomainError(
                _("Only an approved quote can be discussed with the client."), field="quote"
            )


def _notify_after_commit(round_: NegotiationRound, client: Client, actor: User) -> None:
    if round_.reported_to is None:
        return
    recipients = [round_.reported_to]
    params = {
        "actor": actor.display_name,
        "round": round_.number,
        "client": client.display_name,
        "outcome": NegotiationOutcome(round_.outcome).label,
    }
    url = reverse("clients:detail", args=[client.pk]) + "#negotiation"
    transaction.on_commit(
        lambda: notify(recipients, NotificationKind.NEGOTIATION_REPORTED, url=url, **params)
    )
