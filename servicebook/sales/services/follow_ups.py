"""Following a client up: calls, visits, faxes … and the manager's check-ins (过问)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError
from servicebook.sales import permissions
from servicebook.sales.choices import FollowUpKind
from servicebook.sales.models import FollowUp
from servicebook.sales.services.pipeline import _locked, _require


@transaction.atomic
def follow_up_log(
    *,
    actor: User,
    client: Client,
    kind: str,
    summary: str,
    happened_at: datetime | None = None,
    next_follow_up_on: date | None = None,
) -> FollowUp:
    """Log a call, visit, fax, email, WeChat, meeting, brochure, proposal or seminar.

    By the owner or a manager of the client, while the client is open. ``happened_at``
    (aware, default now) may not lie in the future, nor the next follow-up date in the past.
    """
    locked = _locked(client)
    _require(
        permissions.can_log_follow_up(actor, locked),
        _("Only the owner or a manager can log a follow-up of an open client."),
    )
    if kind not in FollowUpKind.values or kind == FollowUpKind.CHECK_IN:
        raise DomainError(_("Choose how the client was followed up."), field="kind")
    if not summary.strip():
        raise DomainError(_("Say what happened."), field="summary")
    now = timezone.now()
    happened_at = happened_at or now
    if timezone.is_naive(happened_at):
        raise ValueError("happened_at must be an aware datetime")
    if happened_at > now:
        raise DomainError(_("A follow-up cannot happen in the future."), field="happened_at")
    if next_follow_up_on is not None and next_follow_up_on < timezone.localdate(now):
        raise DomainError(_("The next follow-up cannot be in the past."), field="next_follow_up_on")
    return FollowUp.objects.create(
        client=locked,
        kind=kind,
        summary=summary.strip(),
        happened_at=happened_at,
        next_follow_up_on=next_follow_up_on,
        by=actor,
    )


@transaction.atomic
def check_in_log(*, actor: User, client: Client, note: str = "") -> FollowUp:
    """The manager checked on the follow-up (过问); it counts as activity for staleness."""
    locked = _locked(client)
    _require(
        permissions.can_check_in(actor, locked),
        _("Only the department manager or the general manager checks in on a client."),
    )
    return FollowUp.objects.create(
        client=locked, kind=FollowUpKind.CHECK_IN, summary=note.strip(), by=actor
    )
