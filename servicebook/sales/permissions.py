"""Who may do what on the client journey (SPEC §2, §11): used by services AND templates.

Pure predicates over the user and the client row: they read only ``owner_id``,
``department_id`` and ``status`` of the client and the user's cached roles and managed
departments, so asking them for many moves costs no query beyond the first.
"""

from __future__ import annotations

from typing import Any

from servicebook.clients.choices import ClientStatus
from servicebook.clients.models import Client
from servicebook.sales.workflows import CLIENT_WORKFLOW

# Stages at which the client is closed: no follow-up, no check-in.
CLOSED_STAGES = frozenset({ClientStatus.ABANDONED, ClientStatus.CONTRACTED})
# Moves that have their own form or happen elsewhere, never a plain button.
NOT_A_BUTTON = frozenset({ClientStatus.ASSIGNED, ClientStatus.ABANDONED, ClientStatus.CONTRACTED})
# Moves only the department manager or the GM make (SPEC §2: the manager assigns and
# decides on negotiation; a quote reaches the client only after approval).
MANAGER_MOVES = frozenset({ClientStatus.ASSIGNED, ClientStatus.NEGOTIATING})


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def manages_client(user: Any, client: Client) -> bool:
    """The GM, or the manager of the client's department."""
    if not _is_staff(user):
        return False
    return bool(user.is_general_manager or client.department_id in user.managed_department_ids)


def owns_client(user: Any, client: Client) -> bool:
    """The client's owner (an active member of staff)."""
    return _is_staff(user) and client.owner_id is not None and client.owner_id == user.pk


def can_see_client(user: Any, client: Client) -> bool:
    """The same rule as ``Client.objects.visible_to`` for one row (SPEC §11)."""
    return owns_client(user, client) or manages_client(user, client)


def can_assign(user: Any, client: Client) -> bool:
    """Only the department manager or the GM assigns or re-assigns the owner."""
    return manages_client(user, client)


def can_move(user: Any, client: Client, target: str) -> bool:
    """Whether ``user`` may move ``client`` to ``target`` (the table is checked apart).

    Contracted is reached only by signing a contract; assigning and starting negotiation
    are the manager's; every other move is the owner's or the manager's.
    """
    if target == ClientStatus.CONTRACTED:
        return False
    if target in MANAGER_MOVES:
        return manages_client(user, client)
    return can_see_client(user, client)


def can_log_follow_up(user: Any, client: Client) -> bool:
    """The owner or a manager logs calls, visits … while the client is open."""
    return client.status not in CLOSED_STAGES and can_see_client(user, client)


def can_check_in(user: Any, client: Client) -> bool:
    """The manager's check-in (过问): managers of the department or the GM, open clients."""
    return client.status not in CLOSED_STAGES and manages_client(user, client)


def can_abandon(user: Any, client: Client) -> bool:
    """Whether the user may give the client up now (the table and the permission)."""
    return CLIENT_WORKFLOW.allows(client.status, ClientStatus.ABANDONED) and can_move(
        user, client, ClientStatus.ABANDONED
    )


def reopen_target(client: Client) -> str:
    """Where a reopened client goes: back to following up if it has an owner."""
    return ClientStatus.FOLLOWING_UP if client.owner_id else ClientStatus.REGISTERED


def can_reopen(user: Any, client: Client) -> bool:
    """Whether the user may reopen an abandoned client."""
    return client.status == ClientStatus.ABANDONED and can_move(user, client, reopen_target(client))


def button_moves(user: Any, client: Client) -> list[str]:
    """The plain moves open to ``user`` from the client's stage, in stage order.

    Assigning, abandoning and reopening have their own forms; contracting has none.
    """
    if client.status == ClientStatus.ABANDONED:
        return []
    return [
        target
        for target in CLIENT_WORKFLOW.targets(client.status)
        if target not in NOT_A_BUTTON and can_move(user, client, target)
    ]
