"""Editing a client file; simple-history keeps who changed what, when."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.clients.services import _records
from servicebook.clients.services.inputs import (
    CLIENT_FIELDS,
    ClientInput,
    ContactInput,
    PropertyInput,
)
from servicebook.core.errors import DomainError

_UPDATED = ("normalised_name", "search_text", "department", "owner", "updated_at")


@transaction.atomic
def client_update(
    *,
    actor: User,
    client: Client,
    data: ClientInput,
    contacts: list[ContactInput],
    properties: list[PropertyInput],
) -> Client:
    """Change the client file, its contacts and properties in one transaction.

    Only someone who may see the client may edit it; only a manager changes the owner or
    the department.
    """
    locked = Client.objects.visible_to(actor).select_for_update().filter(pk=client.pk).first()
    if locked is None:
        raise DomainError(_("You cannot edit this client."))
    client = locked
    contacts = _records.check_contacts(contacts)
    if data.owner != client.owner and not actor.is_manager:
        raise DomainError(_("Only a manager can give a client to someone else."), field="owner")
    client.department = _records.route_department(data, actor, client)
    client.owner = data.owner
    _records.apply_fields(client, data)
    client.search_text = _records.search_text(client.registration_no, data, contacts, properties)
    client._history_user = actor  # type: ignore[attr-defined]
    client.save(update_fields=[*CLIENT_FIELDS, *_UPDATED])
    client.services.set(data.services)
    _records.save_contacts(client, contacts, actor=actor)
    _records.save_properties(client, properties, actor=actor)
    return client
