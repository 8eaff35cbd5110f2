"""Factories for client files: every client is registered through ``client_register``.

So registration numbers, routing, search text and history are exactly what the service
makes. Company names and mobiles come from sequences (unique, so the duplicate check
stays quiet unless a test asks for a look-alike); contact names from Faker ``zh_CN``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from servicebook.accounts.tests.factories import UserFactory
from servicebook.clients.choices import (
    ClientStatus,
    ClientType,
    Intent,
    ProductCategory,
    PropertyStage,
)
from servicebook.clients.models import Client, InformationSource
from servicebook.clients.services import (
    ClientInput,
    ContactInput,
    PropertyInput,
    client_register,
)

_PLACES = (
    "星沙", "洋湖", "梅溪", "麓谷", "橘洲", "湘江", "芙蓉", "天心",
    "开福", "雨花", "望城", "浏阳", "宁乡", "暮云", "坪塘", "含浦",
)  # fmt: skip
_WORDS = (
    "名都", "锦城", "御景", "云顶", "嘉园", "鸿基", "盛世", "恒泰",
    "鼎盛", "瑞丰", "泰和", "中天", "宏达", "融汇", "君悦", "金辉",
)  # fmt: skip

# Keyword arguments that shape the contacts, property and registration, not the ClientInput.
_REGISTRATION_KWARGS = ("actor", "registered_on", "status", "confirm_duplicates")
_CONTACT_KWARGS = ("contact_name", "contact_title", "contact_mobile")


def company_name(n: int) -> str:
    """A unique, plausible company name for sequence number ``n``: 长沙星沙名都置业有限公司."""
    cycle = len(_PLACES) * len(_WORDS)
    place = _PLACES[n % len(_PLACES)]
    word = _WORDS[(n // len(_PLACES)) % len(_WORDS)]
    extra = str(n // cycle + 1) if n >= cycle else ""
    return f"长沙{place}{word}{extra}置业有限公司"


def first_information_source() -> InformationSource | None:
    """The first seeded information source (来电咨询)."""
    return InformationSource.objects.order_by("position", "id").first()


class ClientFactory(factory.Factory):
    """A registered mid-size residential client with one primary contact and one property.

    ``actor`` registers it (by default a new Marketing AE, who then owns it). Pass
    ``contacts=[ContactInput(...)]`` or ``properties=[PropertyInput(...)]`` to replace the
    defaults, ``contact_mobile=`` to share a phone, ``confirm_duplicates=True`` for a
    look-alike, ``registered_on=`` and ``status=`` as ``client_register`` takes them.
    """

    class Meta:
        model = Client

    actor = factory.SubFactory(UserFactory)
    legal_name = factory.Sequence(company_name)
    short_name = ""
    group_company = ""
    client_type = ClientType.MID
    product_category = ProductCategory.RESIDENTIAL
    address = "长沙市岳麓区麓谷大道88号"
    information_source = factory.LazyFunction(first_information_source)
    source_detail = ""
    needs = "需要项目营销策划和整合推广。"
    intent = Intent.MEDIUM
    notes = ""
    services = factory.LazyFunction(list)
    department = None
    owner = None
    contact_name = factory.Faker("name", locale="zh_CN")
    contact_title = "营销总监"
    contact_mobile = factory.Sequence(lambda n: f"137{n:08d}")
    contacts = None
    property_name = factory.Sequence(lambda n: f"梅溪湖{n + 1}号院")
    properties = None
    registered_on = None
    status = ClientStatus.REGISTERED
    confirm_duplicates = False

    @classmethod
    def _create(cls, model_class: type[Client], *args: Any, **kwargs: Any) -> Client:
        registration = {name: kwargs.pop(name) for name in _REGISTRATION_KWARGS}
        contact = {name: kwargs.pop(name) for name in _CONTACT_KWARGS}
        contacts = kwargs.pop("contacts")
        property_name = kwargs.pop("property_name")
        properties = kwargs.pop("properties")
        return client_register(
            data=ClientInput(**kwargs),
            contacts=contacts if contacts is not None else [default_contact(**contact)],
            properties=properties if properties is not None else [default_property(property_name)],
            **registration,
        )


def default_contact(*, contact_name: str, contact_title: str, contact_mobile: str) -> ContactInput:
    """The factory's primary contact."""
    return ContactInput(
        name=contact_name, title=contact_title, mobile=contact_mobile, is_primary=True
    )


def default_property(name: str) -> PropertyInput:
    """The factory's property project: a Changsha residential development in design."""
    return PropertyInput(
        name=name,
        city="长沙",
        district="岳麓区",
        site_area=Decimal("32000.00"),
        floor_area=Decimal("86000.00"),
        stage=PropertyStage.DESIGN,
    )
