"""Read models of contracts for pages; all scoped through visible_to."""

from __future__ import annotations

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.contracts.models import Contract


def client_contracts(user: User, client: Client) -> list[Contract]:
    """The client's contracts the user may see, with their projects."""
    return list(Contract.objects.visible_to(user).filter(client=client).select_related("project"))
