"""The client's moves along the journey: one private writer of ``Client.status``."""

from __future__ import annotations

from django.db import transaction

from servicebook.accounts.models import User
from servicebook.clients.choices import ClientStatus
from servicebook.clients.models import Client
from servicebook.sales.models import AbandonReason, StageChange
from servicebook.sales.workflows import CLIENT_WORKFLOW


def _transition(
    client: Client,
    target: str,
    *,
    actor: User,
    note: str = "",
    reason: AbandonReason | None = None,
) -> StageChange:
    """Move a locked client to ``target`` if the table allows it, and record the move.

    The only code that writes ``Client.status`` after registration. Callers lock the row
    (``select_for_update``) inside their transaction and check who may make the move.
    """
    CLIENT_WORKFLOW.check(client.status, target)
    change = StageChange.objects.create(
        client=client,
        from_status=client.status,
        to_status=target,
        actor=actor,
        note=note,
        reason=reason,
    )
    client.status = target
    client._history_user = actor  # type: ignore[attr-defined]
    client.save(update_fields=["status", "updated_at"])
    return change


def _locked(client: Client) -> Client:
    """The client row, locked for the rest of the transaction."""
    return Client.objects.select_for_update().get(pk=client.pk)


@transaction.atomic
def client_mark_contracted(*, actor: User, client: Client, note: str = "") -> StageChange:
    """Move a negotiating client to ``contracted``.

    Called only by ``contracts.services.contract_sign`` inside its transaction: a client is
    contracted exactly when a contract is signed.
    """
    return _transition(_locked(client), ClientStatus.CONTRACTED, actor=actor, note=note)
