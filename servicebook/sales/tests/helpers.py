"""Small builders for pipeline tests: a client put at any stage, an abandon reason."""

from __future__ import annotations

from typing import Any

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.clients.tests.helpers import register
from servicebook.sales.models import AbandonReason


def client_at(status: str, registrant: User, **fields: Any) -> Client:
    """A client registered by ``registrant`` and put straight at ``status``.

    A test shortcut past the services (the journey's own tests walk the real moves).
    ``owner=`` overrides the owner (``None`` for an unassigned client).
    """
    client = register(registrant, client_type="mid")
    changes: dict[str, Any] = {"status": status}
    if "owner" in fields:
        changes["owner"] = fields.pop("owner")
    Client.objects.filter(pk=client.pk).update(**changes, **fields)
    client.refresh_from_db()
    return client


def a_reason() -> AbandonReason:
    """The first seeded reason for abandoning a client (意向不强)."""
    return AbandonReason.objects.filter(is_active=True).first()  # type: ignore[return-value]
