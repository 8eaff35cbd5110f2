"""Shared steps of registering and editing a client: contacts, properties, search text."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import Department, User
from servicebook.clients.models import Client, Contact, PropertyProject
from servicebook.clients.names import normalise_company_name
from servicebook.clients.routing import department_code_for
from servicebook.clients.services.inputs import (
    CLIENT_FIELDS,
    CONTACT_FIELDS,
    PROPERTY_FIELDS,
    ClientInput,
    ContactInput,
    PropertyInput,
)
from servicebook.core.errors import DomainError
from servicebook.core.phones import normalise_phone


def check_contacts(contacts: list[ContactInput]) -> list[ContactInput]:
    """At least one contact; exactly one primary (the first, if none was marked)."""
    contacts = [c for c in contacts if c.name.strip()]
    if not contacts:
        raise DomainError(_("Add at least one contact person."), field="contacts")
    primaries = [c for c in contacts if c.is_primary]
    if len(primaries) > 1:
        raise DomainError(_("Only one contact can be the primary contact."), field="contacts")
    if not primaries:
        contacts[0].is_primary = True
    for contact in contacts:
        contact.mobile = normalise_phone(contact.mobile)
        contact.phone = normalise_phone(contact.phone)
        contact.fax = normalise_phone(contact.fax)
    return contacts


def route_department(data: ClientInput, actor: User, client: Client | None) -> Department:
    """The department chosen by a manager, else routed by client type.

    An edit that keeps the client type keeps the department (a manager may have moved it).
    """
    current = client.department if client is not None else None
    if data.department is not None and data.department != current:
        if not actor.is_manager:
            raise DomainError(_("Only a manager can choose the department."), field="department")
        return data.department
    keeps_type = client is not None and data.client_type == client.client_type
    if current is not None and (data.department or keeps_type):
        return current
    fallback = current.code if current else getattr(actor.department, "code", None)
    return Department.objects.get(code=department_code_for(data.client_type, fallback))


def apply_fields(client: Client, data: ClientInput) -> None:
    """Copy the typed fields onto the client."""
    for name in CLIENT_FIELDS:
        setattr(client, name, getattr(data, name))
    client.normalised_name = normalise_company_name(data.legal_name)


def save_contacts(
    client: Client, contacts: list[ContactInput], *, actor: User, new: bool = False
) -> None:
    """Make the client's contacts exactly ``contacts`` (update, add, remove)."""
    existing = {} if new else {c.id: c for c in client.contacts.all()}
    keep = {c.id for c in contacts if c.id in existing}
    for contact in existing.values():
        if contact.id not in keep:
            contact._history_user = actor  # type: ignore[attr-defined]
            contact.delete()
    if not new:  # the database allows one primary per client at a time: clear the old one
        client.contacts.filter(is_primary=True).update(is_primary=False)
    for data in sorted(contacts, key=lambda c: c.is_primary):
        found = existing.get(data.id) if data.id else None
        contact = found or Contact(client=client)
        for name in CONTACT_FIELDS:
            setattr(contact, name, getattr(data, name))
        contact._history_user = actor  # type: ignore[attr-defined]
        contact.save()


def save_properties(
    client: Client, properties: list[PropertyInput], *, actor: User, new: bool = False
) -> None:
    """Make the client's property projects exactly ``properties``."""
    existing = {} if new else {p.id: p for p in client.properties.all()}
    keep = {p.id for p in properties if p.id in existing}
    for prop in existing.values():
        if prop.id not in keep:
            prop._history_user = actor  # type: ignore[attr-defined]
            prop.delete()
    for data in properties:
        if not data.name.strip():
            continue
        found_prop = existing.get(data.id) if data.id else None
        prop = found_prop or PropertyProject(client=client)
        for name in PROPERTY_FIELDS:
            setattr(prop, name, getattr(data, name))
        prop._history_user = actor  # type: ignore[attr-defined]
        prop.save()


def search_text(
    registration_no: str,
    data: ClientInput,
    contacts: list[ContactInput],
    properties: list[PropertyInput],
) -> str:
    """The text the client list searches: names, contacts, phones, property names."""
    parts = [registration_no, data.legal_name, data.short_name, data.group_company]
    for contact in contacts:
        parts += [contact.name, contact.mobile, contact.phone]
    parts += [p.name for p in properties]
    return " ".join(p for p in parts if p).lower()
