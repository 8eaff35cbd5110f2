"""The demo client register parsed into typed records, ready for the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from servicebook.clients.choices import (
    ClientStatus,
    ClientType,
    Intent,
    ProductCategory,
    PropertyStage,
)
from servicebook.clients.services import ClientInput, ContactInput, PropertyInput
from servicebook.demo.agency.phones import PhoneBook
from servicebook.demo.agency.register_table import DEMO_YEAR, REGISTER, ROADS, SERVICES, SOURCES


@dataclass(frozen=True)
class DemoClient:
    """One client of the demo register, ready to become the services' inputs."""

    data: ClientInput
    contacts: tuple[ContactInput, ...]
    project: PropertyInput
    registrar: str
    owner: str
    source: str
    status: str
    registered_on: date
    service_codes: tuple[str, ...]


def _blank(value: str) -> str:
    return "" if value == "-" else value


def _fields(line: str, count: int) -> list[str]:
    parts = [_blank(p.strip()) for p in line.split("|")]
    if len(parts) != count:
        raise ValueError(f"Demo register: expected {count} fields in {line!r}")
    return parts


def _area(value: str) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.01")) if value else None


def _contacts(line: str, phones: PhoneBook, city: str) -> tuple[ContactInput, ...]:
    domain, people = _fields(line, 2)
    contacts = []
    for position, person in enumerate(people.split(";")):
        name, title, pinyin, *mobile = person.split()
        primary = position == 0
        contacts.append(
            ContactInput(
                name=name,
                title=title,
                mobile=mobile[0] if mobile else phones.mobile(),
                phone=phones.landline(city) if primary else "",
                fax=phones.landline(city) if primary and phones.rng.random() < 0.4 else "",
                email=f"{pinyin}@{domain}",
                wechat=f"{pinyin}{phones.rng.randint(10, 99)}",
                is_primary=primary,
            )
        )
    return tuple(contacts)


def _address(city: str, district: str, phones: PhoneBook) -> str:
    place = district if district.endswith(("市", "县")) else f"{city}市{district}"
    return f"{place}{ROADS.get(district, '人民路')}{phones.rng.randint(8, 399)}号"


def _project(line: str) -> PropertyInput:
    name, city, district, site, floor, stage = _fields(line, 6)
    return PropertyInput(
        name=name,
        city=city,
        district=district,
        site_area=_area(site),
        floor_area=_area(floor),
        stage=PropertyStage(stage).value if stage else "",
    )


def _client(block: list[str], phones: PhoneBook) -> DemoClient:
    legal, short, group, kind, category = _fields(block[0], 5)
    project = _project(block[1])
    people, source, intent, status, day = _fields(block[3], 5)
    services, needs = _fields(block[4], 2)
    registrar, _, owner = people.partition(">")
    data = ClientInput(
        legal_name=legal,
        short_name=short,
        group_company=group,
        client_type=ClientType(kind).value if kind else "",
        product_category=ProductCategory(category).value if category else "",
        address=_address(project.city, project.district, phones),
        needs=needs,
        intent=Intent(intent).value,
        notes=block[5].strip() if len(block) > 5 else "",
    )
    return DemoClient(
        data=data,
        contacts=_contacts(block[2], phones, project.city),
        project=project,
        registrar=registrar,
        owner=owner,
        source=SOURCES[source],
        status=ClientStatus(status).value,
        registered_on=date(DEMO_YEAR, *map(int, day.split("-"))),
        service_codes=tuple(SERVICES[code] for code in services.split()),
    )


def demo_register(text: str = REGISTER) -> tuple[DemoClient, ...]:
    """The demo clients, in register order; the same every time (seeded phone numbers)."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if line.strip():
            if line[0].isspace():
                blocks[-1].append(line)
            else:
                blocks.append([line])
    phones = PhoneBook(DEMO_YEAR)
    return tuple(_client(block, phones) for block in blocks)
