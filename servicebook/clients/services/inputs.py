"""Typed inputs of the client services, filled by forms, the importer and the demo."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from servicebook.clients.choices import Intent

if TYPE_CHECKING:
    from servicebook.accounts.models import Department, User
    from servicebook.catalog.models import ServiceLine
    from servicebook.clients.models import Client, InformationSource

CLIENT_FIELDS = (
    "legal_name",
    "short_name",
    "group_company",
    "client_type",
    "product_category",
    "address",
    "information_source",
    "source_detail",
    "needs",
    "intent",
    "notes",
)
CONTACT_FIELDS = ("name", "title", "mobile", "phone", "fax", "email", "wechat", "is_primary")
PROPERTY_FIELDS = ("name", "city", "district", "site_area", "floor_area", "stage")


@dataclass
class ContactInput:
    """A contact as typed; ``id`` set when it edits an existing contact."""

    name: str
    title: str = ""
    mobile: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    wechat: str = ""
    is_primary: bool = False
    id: int | None = None


@dataclass
class PropertyInput:
    """A property project as typed; ``id`` set when it edits an existing one."""

    name: str
    city: str = ""
    district: str = ""
    site_area: Decimal | None = None
    floor_area: Decimal | None = None
    stage: str = ""
    id: int | None = None


@dataclass
class ClientInput:
    """The client file's own fields.

    ``department`` overrides the routing by type (managers only); ``owner`` is who follows
    the client up (staff who register a client own it).
    """

    legal_name: str
    short_name: str = ""
    group_company: str = ""
    client_type: str = ""
    product_category: str = ""
    address: str = ""
    information_source: InformationSource | None = None
    source_detail: str = ""
    needs: str = ""
    intent: str = Intent.MEDIUM
    notes: str = ""
    services: list[ServiceLine] = field(default_factory=list)
    department: Department | None = None
    owner: User | None = None


def inputs_of(client: Client) -> tuple[ClientInput, list[ContactInput], list[PropertyInput]]:
    """A client file as it stands, as the inputs ``client_update`` takes (to change a part)."""
    data = ClientInput(
        **{name: getattr(client, name) for name in CLIENT_FIELDS},
        services=list(client.services.all()),
        department=client.department,
        owner=client.owner,
    )
    contacts = [
        ContactInput(id=c.id, **{name: getattr(c, name) for name in CONTACT_FIELDS})
        for c in client.contacts.all()
    ]
    properties = [
        PropertyInput(id=p.id, **{name: getattr(p, name) for name in PROPERTY_FIELDS})
        for p in client.properties.all()
    ]
    return data, contacts, properties
