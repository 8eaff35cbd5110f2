"""TEST SETUP ONLY — not production code.

Projects sit below contracts (import-linter), so project tests cannot use the contract
services. These helpers write a signed contract row directly through the app registry;
signing end to end is tested in ``contracts/tests``.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.models import Client
from servicebook.clients.tests.helpers import register
from servicebook.projects.models import Project
from servicebook.projects.services import project_create_from_contract

_serial = itertools.count(1)


def signed_contract(
    owner: User,
    client: Client | None = None,
    *,
    status: str = "signed",
    services: list[ServiceLine] | None = None,
    **fields: Any,
) -> Any:
    """TEST SETUP: a contract row in ``status`` for ``client`` (registered by ``owner``)."""
    client = client or register(owner, client_type="mid")
    n = next(_serial)
    contract = apps.get_model("contracts", "Contract").objects.create(
        number=f"HT-T-{n:05d}",
        client=client,
        title=fields.pop("title", f"测试合同{n}"),
        party_a=client.legal_name,
        party_b="Servicebook",
        value=Decimal("100000.00"),
        start_on=date(2026, 3, 1),
        end_on=date(2026, 12, 31),
        signed_on=date(2026, 3, 2) if status == "signed" else None,
        status=status,
        created_by=owner,
        **fields,
    )
    contract.services.set(services if services is not None else ServiceLine.objects.all()[:2])
    return contract


def project_for(owner: User, **fields: Any) -> Project:
    """A project created by the service from a signed contract for a client of ``owner``."""
    return project_create_from_contract(actor=owner, contract=signed_contract(owner, **fields))
