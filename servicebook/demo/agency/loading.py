"""Loading the demo agency through the services: people, clients, later edits, a summary."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.choices import OPENING_STAGES, ClientStatus, Intent, PropertyStage
from servicebook.clients.models import Client, InformationSource
from servicebook.clients.services import (
    client_register,
    client_update,
    inputs_of,
)
from servicebook.core.agency import agency_settings_update
from servicebook.core.database import refresh_statistics
from servicebook.core.models import AgencySettings
from servicebook.demo.agency.delivery import load_demo_delivery
from servicebook.demo.agency.journey import Walk, walk_to
from servicebook.demo.agency.people import LETTERHEAD, assign_managers, load_people
from servicebook.demo.agency.register import DemoClient, demo_register
from servicebook.demo.agency.register_table import LOOK_ALIKES


@dataclass(frozen=True)
class DemoSummary:
    """What one load added, and how much of the demo agency is now on file."""

    people_created: int
    people_total: int
    clients_created: int
    clients_total: int


@dataclass(frozen=True)
class DemoEdit:
    """A later change to a demo client, so its field history shows something."""

    legal_name: str
    actor: str
    intent: str = ""
    owner: str = ""
    notes: str = ""
    property_stage: str = ""
    contact_title: str = ""


EDITS = (
    # Customer Service found it; the Marketing manager hands it to a Marketing AE.
    DemoEdit(
        "长沙望城滨水置业有限公司",
        "mkt_manager",
        owner="ae3",
        notes="客服部转来，由营销事业部跟进。",
    ),
    DemoEdit(
        "长沙开福金霞置业有限公司",
        "ae3",
        intent=Intent.STRONG,
        notes="客户确认二期也交由我司策划。",
    ),
    DemoEdit(
        "湖南梅溪湖投资发展有限公司",
        "ae4",
        property_stage=PropertyStage.PRE_SALE,
        contact_title="营销副总",
    ),
)


@dataclass(frozen=True)
class _References:
    """Rows the register refers to, looked up once: people, sources, service lines."""

    people: dict[str, User]
    sources: dict[str, InformationSource]
    services: dict[str, ServiceLine]


@transaction.atomic
def load_demo_agency(*, today: date | None = None) -> DemoSummary:
    """Load the demo agency's people and client register; what exists is left alone.

    Registration dates later than ``today`` (default: the local date) become ``today``.
    """
    register = demo_register()
    today = today or timezone.localdate()
    if not AgencySettings.current().name_zh:  # keep the agency's own letterhead if set
        agency_settings_update(**LETTERHEAD)
    people, people_created = load_people()
    assign_managers(people)
    created = _load_clients(register, people, today)
    for edit in EDITS:
        if edit.legal_name in created:
            _apply_edit(edit, people)
    _walk_journeys([spec for spec in register if spec.data.legal_name in created], people, today)
    names = [spec.data.legal_name for spec in register]
    load_demo_delivery(people=people, client_names=names, today=today)
    transaction.on_commit(refresh_statistics)
    return DemoSummary(
        people_created=people_created,
        people_total=len(people),
        clients_created=len(created),
        clients_total=Client.objects.filter(legal_name__in=names).count(),
    )


def _load_clients(
    register: tuple[DemoClient, ...], people: dict[str, User], today: date
) -> set[str]:
    """Register the demo clients not yet on file, oldest first; their legal names."""
    names = [spec.data.legal_name for spec in register]
    on_file = set(Client.objects.filter(legal_name__in=names).values_list("legal_name", flat=True))
    refs = _References(
        people=people,
        sources={s.name_zh: s for s in InformationSource.objects.all()},
        services={s.code: s for s in ServiceLine.objects.all()},
    )
    created: set[str] = set()
    for spec in sorted(register, key=lambda spec: spec.registered_on):
        if spec.data.legal_name not in on_file:
            _register(spec, refs, today)
            created.add(spec.data.legal_name)
    return created


def _register(spec: DemoClient, refs: _References, today: date) -> Client:
    """Register one demo client as its registrar would, through ``client_register``."""
    data = replace(
        spec.data,
        information_source=refs.sources.get(spec.source),
        services=[refs.services[code] for code in spec.service_codes if code in refs.services],
        owner=refs.people[spec.owner] if spec.owner else None,
    )
    return client_register(
        actor=refs.people[spec.registrar],
        data=data,
        contacts=[replace(contact) for contact in spec.contacts],
        properties=[replace(spec.project)],
        confirm_duplicates=spec.data.legal_name in LOOK_ALIKES,
        registered_on=min(spec.registered_on, today),
        status=opening_stage(spec.status),
    )


def opening_stage(stage: str) -> str:
    """The stage a demo client is put on file at: later stages are moves on the journey."""
    return stage if stage in OPENING_STAGES else ClientStatus.REGISTERED


def _apply_edit(edit: DemoEdit, people: dict[str, User]) -> None:
    """Change a field or two of a demo client through ``client_update``."""
    client = Client.objects.get(legal_name=edit.legal_name)
    data, contacts, properties = inputs_of(client)
    data.intent = edit.intent or data.intent
    data.notes = edit.notes or data.notes
    if edit.owner:
        data.owner = people[edit.owner]
    if edit.property_stage:
        properties[0].stage = edit.property_stage
    if edit.contact_title:
        contacts[0].title = edit.contact_title
    client_update(
        actor=people[edit.actor],
        client=client,
        data=data,
        contacts=contacts,
        properties=properties,
    )


def _walk_journeys(specs: list[DemoClient], people: dict[str, User], today: date) -> None:
    """Move each newly registered client to its stage in the register, oldest first."""
    walked: dict[str, int] = {}
    names = [spec.data.legal_name for spec in specs]
    clients = {
        c.legal_name: c
        for c in Client.objects.select_related("department__manager", "owner").filter(
            legal_name__in=names
        )
    }
    for spec in sorted(specs, key=lambda s: s.registered_on):
        if spec.status in OPENING_STAGES:
            continue
        client = clients[spec.data.legal_name]
        manager = client.department.manager or people["gm"]
        owner = client.owner or people[spec.owner or _first_ae(client, people)]
        index = walked[spec.status] = walked.get(spec.status, -1) + 1
        walk = Walk(client, owner, manager, min(spec.registered_on, today), today)
        walk_to(walk, spec.status, index)


def _first_ae(client: Client, people: dict[str, User]) -> str:
    """An AE of the client's department to follow up a client nobody owns."""
    for username, person in people.items():
        if person.department_id == client.department_id and "ae" in person.role_codes:
            return username
    return "ae1"
