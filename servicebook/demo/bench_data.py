"""Bench data for ``manage.py bench``: staff, one client with history, bulk clients.

The bench clients are written with ``bulk_create`` in batches, bypassing
django-simple-history, but with the ``search_text`` and ``normalised_name`` the services
would store. The client whose detail page is measured is registered and edited through the
services, so its page has a change history. Only ever run against a throwaway database.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from time import perf_counter

from django.db import connection, transaction
from django.test import override_settings

from servicebook.accounts.models import Department, User
from servicebook.accounts.services import user_create
from servicebook.clients.choices import ClientStatus, ClientType, Intent, ProductCategory
from servicebook.clients.choices import PropertyStage as Stage
from servicebook.clients.models import Client, Contact, InformationSource, PropertyProject
from servicebook.clients.names import normalise_company_name
from servicebook.clients.services import (
    ClientInput,
    ContactInput,
    PropertyInput,
    client_register,
    client_update,
)
from servicebook.core.database import refresh_statistics

Out = Callable[[str], None]

BATCH = 2_000
PROGRESS_EVERY = 10_000
ROWS_PER_CLIENT = 4  # the client, two contacts, one property project
STAFF_PER_DEPARTMENT = 5
MANAGED_DEPARTMENT = "mkt"
CITIES = ("长沙", "株洲", "湘潭", "岳阳", "衡阳", "常德", "益阳", "郴州", "武汉", "广州")
BRANDS = ("星河", "华润", "金茂", "远大", "恒信", "新城", "中建", "碧桂", "绿地", "万和")
WORDS = ("湘江", "岳麓", "梅溪", "洋湖", "天心", "芙蓉", "雨花", "开福", "望城", "浏阳")
TRADES = ("置业", "房地产开发", "地产", "实业", "投资")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = (
    *("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛"),
    *("明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "志强", "海燕", "红梅"),
)
TITLES = ("营销总监", "营销经理", "策划经理", "总经理", "董事长助理", "")
ESTATES = ("花园", "华府", "公馆", "中心", "广场", "国际", "天地", "湾")
FIRST_DAY = date(2019, 1, 1)
DAYS = 2_880
STATUSES = list(ClientStatus.values)
INTENTS = list(Intent.values)
TYPES = list(ClientType.values)
CATEGORIES = list(ProductCategory.values)
STAGES = list(Stage.values)


@dataclass
class Cast:
    """The generated people: the GM, a manager per department, owners per department."""

    gm: User
    manager: User
    departments: list[Department]
    managers: dict[int, User]
    staff: dict[int, list[User]]

    def personas(self) -> list[tuple[str, User]]:
        """Who the pages are measured as: a department manager and the GM."""
        return [("manager", self.manager), ("gm", self.gm)]


@dataclass
class Register:
    """The generated register so far, and what the measured pages ask for."""

    cast: Cast
    sources: list[InformationSource | None]
    detail_pk: int
    search_term: str = ""
    size: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(2026))


def create_cast() -> Cast:
    """The GM, one manager per department and five owners per department, via the service."""
    departments = list(Department.objects.order_by("id"))
    managers: dict[int, User] = {}
    staff: dict[int, list[User]] = {}
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        gm = _person("bench-gm", departments[0], "gm")
        for department in departments:
            managers[department.pk] = _person(
                f"bench-{department.code}-mgr", department, "dept_manager"
            )
            Department.objects.filter(pk=department.pk).update(manager=managers[department.pk])
            staff[department.pk] = [
                _person(f"bench-{department.code}-{n}", department, "ae")
                for n in range(1, STAFF_PER_DEPARTMENT + 1)
            ]
    manager = next(managers[d.pk] for d in departments if d.code == MANAGED_DEPARTMENT)
    return Cast(gm, manager, departments, managers, staff)


def _person(username: str, department: Department, role: str) -> User:
    return user_create(
        username=username,
        full_name=username.replace("bench-", "测试 "),
        password=secrets.token_urlsafe(),
        department=department,
        roles=[role],
    )


def register_detail_client(cast: Cast) -> Client:
    """A client registered and edited twice through the services: a page with history."""
    department = cast.manager.department
    owners = cast.staff[department.pk]  # type: ignore[union-attr]
    data = ClientInput(
        legal_name="长沙基准星河置业有限公司",
        short_name="基准星河",
        client_type=ClientType.MID,
        product_category=ProductCategory.RESIDENTIAL,
        department=department,
        owner=owners[0],
        needs="整合推广",
    )
    contacts = [
        ContactInput(name="基准联系人", title="营销总监", mobile="13700000001", is_primary=True),
        ContactInput(name="基准助理", phone="073100000001"),
    ]
    properties = [PropertyInput(name="基准花园一期", city="长沙", stage=Stage.DESIGN)]
    actor = cast.manager
    client = client_register(
        actor=actor, data=data, contacts=contacts, properties=properties, confirm_duplicates=True
    )
    for owner, intent in ((owners[1], Intent.STRONG), (owners[2], Intent.WEAK)):
        data = replace(data, owner=owner, intent=intent, needs=f"{data.needs}、开盘活动")
        client_update(
            actor=actor,
            client=client,
            data=data,
            contacts=[_contact_input(c) for c in client.contacts.all()],
            properties=[_property_input(p) for p in client.properties.all()],
        )
    return client


def _contact_input(contact: Contact) -> ContactInput:
    names = ("name", "title", "mobile", "phone", "fax", "email", "wechat", "is_primary", "id")
    return ContactInput(**{name: getattr(contact, name) for name in names})


def _property_input(prop: PropertyProject) -> PropertyInput:
    names = ("name", "city", "district", "site_area", "floor_area", "stage", "id")
    return PropertyInput(**{name: getattr(prop, name) for name in names})


def prepare_register() -> Register:
    """The cast, the information sources and the detail client, before any bulk data."""
    cast = create_cast()
    sources: list[InformationSource | None] = [None, *InformationSource.objects.all()]
    return Register(cast, sources, register_detail_client(cast).pk)


def grow(register: Register, size: int, out: Out) -> None:
    """Add bench clients in batches until the register holds ``size`` of them."""
    start, began = register.size, perf_counter()
    for first in range(start, size, BATCH):
        last = min(first + BATCH, size)
        _insert_batch(register, first, last)
        register.size = last
        if last // PROGRESS_EVERY > first // PROGRESS_EVERY or last == size:
            rate = (last - start) / (perf_counter() - began)
            out(
                f"  {last:>9,} clients  {rate:>8,.0f} clients/s  "
                f"{rate * ROWS_PER_CLIENT:>8,.0f} rows/s"
            )
    refresh_statistics()  # as the app does after an import; autovacuum on PostgreSQL
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _insert_batch(register: Register, first: int, last: int) -> None:
    rows = [_client_row(register, i) for i in range(first, last)]
    with transaction.atomic():
        Client.objects.bulk_create([client for client, _, _ in rows], batch_size=BATCH)
        contacts: list[Contact] = []
        projects: list[PropertyProject] = []
        for client, client_contacts, project in rows:
            for contact in client_contacts:
                contact.client_id = client.pk
            project.client_id = client.pk
            contacts += client_contacts
            projects.append(project)
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        PropertyProject.objects.bulk_create(projects, batch_size=BATCH)
    if not register.search_term:
        managed = register.cast.manager.department_id
        register.search_term = next(c[0].name for r, c, _ in rows if r.department_id == managed)


def _client_row(register: Register, i: int) -> tuple[Client, list[Contact], PropertyProject]:
    """Bench client number ``i`` with its two contacts and one property project."""
    rng, cast = register.rng, register.cast
    department = cast.departments[i % len(cast.departments)]
    owners = cast.staff[department.pk]
    owner = None if i % 20 == 19 else owners[(i // 4) % len(owners)]
    city, brand, word = rng.choice(CITIES), rng.choice(BRANDS), rng.choice(WORDS)
    legal_name = f"{city}{brand}{word}{rng.choice(TRADES)}有限公司"
    contacts = [
        Contact(name=_name(rng), title=rng.choice(TITLES), mobile=f"138{i:08d}", is_primary=True),
        Contact(name=_name(rng), mobile=f"139{i:08d}", phone=f"0731{i:08d}"),
    ]
    project = PropertyProject(
        name=f"{brand}{word}{rng.choice(ESTATES)}{i % 5 + 1}期",
        city=city,
        stage=rng.choice(STAGES),
        site_area=Decimal(rng.randrange(5_000, 300_000)),
        floor_area=Decimal(rng.randrange(10_000, 900_000)),
    )
    client = Client(
        registration_no=f"KH-2026-{i:06d}",
        registered_on=FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
        registered_by=owner or cast.managers[department.pk],
        department=department,
        legal_name=legal_name,
        short_name=f"{brand}{word}",
        normalised_name=normalise_company_name(legal_name),
        client_type=TYPES[(i // 4) % len(TYPES)],
        product_category=rng.choice(CATEGORIES),
        information_source=register.sources[i % len(register.sources)],
        intent=INTENTS[i % len(INTENTS)],
        status=STATUSES[(i * 7) % len(STATUSES)],
        owner=owner,
    )
    client.search_text = search_text_for(client, contacts, [project])
    return client, contacts, project


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def search_text_for(
    client: Client, contacts: list[Contact], projects: list[PropertyProject]
) -> str:
    """The same string the services store (``clients.services._records.search_text``)."""
    parts = [client.registration_no, client.legal_name, client.short_name, client.group_company]
    for contact in contacts:
        parts += [contact.name, contact.mobile, contact.phone]
    parts += [p.name for p in projects]
    return " ".join(p for p in parts if p).lower()
