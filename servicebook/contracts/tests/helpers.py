"""TEST SETUP ONLY — not production code.

The journey services (assign → follow up → report → negotiate) and the quote services
(submit → approve → send → accept) are written in parallel; these helpers put a client
in ``negotiating`` and create an ``accepted`` quote directly with the ORM so contract tests
do not depend on them. No StageChange or approval rows are written.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.choices import ClientStatus
from servicebook.clients.models import Client
from servicebook.clients.tests.helpers import register
from servicebook.contracts.models import Contract
from servicebook.contracts.services import MilestoneInput, contract_create
from servicebook.sales.choices import QuoteStatus
from servicebook.sales.models import Quote, QuoteLine

_serial = itertools.count(1)


def negotiating_client(owner: User, **fields: Any) -> Client:
    """TEST SETUP: a mid-size client owned by ``owner`` (Marketing), forced to negotiating."""
    fields.setdefault("client_type", "mid")
    client = register(owner, **fields)
    Client.objects.filter(pk=client.pk).update(status=ClientStatus.NEGOTIATING)
    client.refresh_from_db()
    return client


def accepted_quote(
    client: Client,
    author: User,
    amount: Decimal | str = "100000.00",
    *,
    service_code: str | None = None,
    status: str = QuoteStatus.ACCEPTED,
) -> Quote:
    """TEST SETUP: a quote in ``status`` (accepted by default) with one catalog service line."""
    amount = Decimal(amount)
    n = next(_serial)
    service = (
        ServiceLine.objects.get(code=service_code)
        if service_code
        else ServiceLine.objects.order_by("position", "id").first()
    )
    quote = Quote.objects.create(
        number=f"BJ-T-{n:05d}",
        client=client,
        title=f"测试报价{n}",
        status=status,
        author=author,
        subtotal=amount,
        total=amount,
    )
    QuoteLine.objects.create(
        quote=quote,
        position=1,
        service_line=service,
        description=service.name_zh if service else "服务",
        unit_price=amount,
        amount=amount,
    )
    return quote


def draft_contract(
    actor: User, client: Client, quotes: list[Quote] | None = None, **terms: Any
) -> Contract:
    """A draft contract through ``contract_create``: whole value paid on signing by default."""
    quotes = quotes if quotes is not None else [accepted_quote(client, actor)]
    value = terms.pop("value", None)
    total = value if value is not None else sum((q.total for q in quotes), Decimal(0))
    terms.setdefault("title", "营销策划服务合同")
    terms.setdefault("start_on", date(2026, 3, 1))
    terms.setdefault("end_on", date(2026, 12, 31))
    terms.setdefault("services", list(ServiceLine.objects.all()[:2]))
    terms.setdefault("milestones", [MilestoneInput(name="签约后", amount=Decimal(total))])
    return contract_create(actor=actor, client=client, quotes=quotes, value=value, **terms)
