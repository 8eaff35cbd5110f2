"""Small builders for client tests (the factories live in factories.py)."""

from __future__ import annotations

from typing import Any

from servicebook.accounts.models import User
from servicebook.clients.models import Client
from servicebook.clients.services import ClientInput, ContactInput, PropertyInput, client_register

_counter = {"n": 0}


def register(actor: User, name: str | None = None, **fields: Any) -> Client:
    """Register a client with one contact and one property; unique name and mobile by default."""
    _counter["n"] += 1
    n = _counter["n"]
    mobile = fields.pop("mobile", f"139{n:08d}")
    confirm = fields.pop("confirm", False)
    contacts = fields.pop("contacts", None) or [ContactInput(name=f"联系人{n}", mobile=mobile)]
    return client_register(
        actor=actor,
        data=ClientInput(legal_name=name or f"测试置业{n}号有限公司", **fields),
        contacts=contacts,
        properties=[PropertyInput(name=f"测试花园{n}期", city="长沙")],
        confirm_duplicates=confirm,
    )
