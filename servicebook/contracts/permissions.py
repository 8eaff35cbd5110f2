"""Who may draw up, change, sign or cancel a contract; used by services AND templates."""

from __future__ import annotations

from typing import Any

from servicebook.clients.models import Client
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.models import Contract


def can_draw_up_contract(user: Any, client: Client) -> bool:
    """The client's owner, a manager of the client's department, or the GM."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        user.is_general_manager
        or client.owner_id == user.pk
        or client.department_id in user.managed_department_ids
    )


def can_edit_contract(user: Any, contract: Contract) -> bool:
    """Whether ``user`` may change or cancel ``contract``: a draft, and theirs to draw up."""
    return contract.status == ContractStatus.DRAFT and can_draw_up_contract(user, contract.client)


def can_sign_contract(user: Any, contract: Contract) -> bool:
    """Whether ``user`` may record the signing of ``contract`` (same people, drafts only)."""
    return can_edit_contract(user, contract)
