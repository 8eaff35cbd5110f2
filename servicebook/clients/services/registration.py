"""Registering a client (填写客户档案登记表), with the duplicate check."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import User
from servicebook.clients.choices import OPENING_STAGES, ClientStatus, DuplicateReason
from servicebook.clients.models import Client, DuplicateLink
from servicebook.clients.names import normalise_company_name
from servicebook.clients.services import _records
from servicebook.clients.services.inputs import ClientInput, ContactInput, PropertyInput
from servicebook.core.errors import DomainError
from servicebook.core.sequences import next_number

REGISTRATION_SERIES = "KH"


@dataclass
class DuplicateCandidate:
    """An existing client that looks like the one being registered, and why."""

    client: Client
    reasons: list[DuplicateReason]


class DuplicatesFound(DomainError):
    """Likely duplicates exist; the registrant must look at them and confirm to go on."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__(
            _("This client may already be registered. Check the list and confirm to go on.")
        )
        self.candidates = candidates


def find_duplicates(
    data: ClientInput, contacts: list[ContactInput], *, exclude_id: int | None = None
) -> list[DuplicateCandidate]:
    """Existing clients with the same normalised company name or a shared mobile/phone.

    Deliberately not scoped by ``visible_to``: two people must not chase one client without
    knowing. Pages show only the number, name, department and owner of a client the
    registrant may not open.
    """
    names = {normalise_company_name(n) for n in (data.legal_name, data.short_name) if n}
    names.discard("")
    phones = {p for c in contacts for p in (c.mobile, c.phone) if p}
    query = Q(normalised_name__in=names) if names else Q(pk__in=[])
    if phones:
        query |= Q(contacts__mobile__in=phones) | Q(contacts__phone__in=phones)
    if exclude_id is not None:
        query &= ~Q(pk=exclude_id)
    matches = (
        Client.objects.filter(query)
        .select_related("department", "owner")
        .prefetch_related("contacts")
        .distinct()
        .order_by("registration_no")[:20]
    )
    reasons: dict[Client, list[DuplicateReason]] = defaultdict(list)
    for client in matches:
        if client.normalised_name in names:
            reasons[client].append(DuplicateReason.NAME)
        if phones & {p for c in client.contacts.all() for p in (c.mobile, c.phone) if p}:
            reasons[client].append(DuplicateReason.PHONE)
    return [DuplicateCandidate(client, found) for client, found in reasons.items()]


@transaction.atomic
def client_register(
    *,
    actor: User,
    data: ClientInput,
    contacts: list[ContactInput],
    properties: list[PropertyInput] | None = None,
    confirm_duplicates: bool = False,
    registered_on: date | None = None,
    status: str = ClientStatus.REGISTERED,
) -> Client:
    """Register a client file with a new ``KH-YYYY-NNNN`` number, in one transaction.

    Raises ``DuplicatesFound`` unless the registrant confirmed the likely duplicates, which
    are then recorded as links. Staff who are not managers own what they register.
    """
    if status not in OPENING_STAGES:
        raise DomainError(_("A new client starts at registration; later stages are moves."))
    contacts = _records.check_contacts(contacts)
    candidates = find_duplicates(data, contacts)
    if candidates and not confirm_duplicates:
        raise DuplicatesFound(candidates)
    owner = data.owner or (None if actor.is_manager else actor)
    if owner != actor and not actor.is_manager and owner is not None:
        raise DomainError(_("Only a manager can give a client to someone else."), field="owner")
    registered_on = registered_on or timezone.localdate()
    number = next_number(REGISTRATION_SERIES, registered_on.year)
    client = Client(
        registration_no=f"{REGISTRATION_SERIES}-{registered_on.year}-{number:04d}",
        registered_on=registered_on,
        registered_by=actor,
        department=_records.route_department(data, actor, None),
        owner=owner,
        status=status,
    )
    _records.apply_fields(client, data)
    properties = properties or []
    client.search_text = _records.search_text(client.registration_no, data, contacts, properties)
    client._history_user = actor  # type: ignore[attr-defined]
    client.save()
    if data.services:
        client.services.add(*data.services)
    _records.save_contacts(client, contacts, actor=actor, new=True)
    _records.save_properties(client, properties, actor=actor, new=True)
    DuplicateLink.objects.bulk_create(
        DuplicateLink(client=client, existing=c.client, reason=reason, confirmed_by=actor)
        for c in candidates
        for reason in c.reasons
    )
    return client
