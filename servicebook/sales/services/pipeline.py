"""The client's moves along the journey: one private writer of ``Client.status``.

Every move is one ``@transaction.atomic`` service: lock the client, check who may make
the move and that the table allows it from where the client is, ``_transition``, and
defer side effects (notifications) until the transaction commits.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import NotificationKind, User
from servicebook.accounts.services.notifications import notify
from servicebook.clients.choices import ClientStatus as C
from servicebook.clients.models import Client
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.sales import permissions
from servicebook.sales.models import AbandonReason, StageChange
from servicebook.sales.workflows import CLIENT_WORKFLOW

# Stages from which assigning an owner also moves the client to ``assigned``.
ASSIGNING_STAGES = frozenset({C.REGISTERED, C.RESEARCHING})


def _transition(
    client: Client,
    target: str,
    *,
    actor: User,
    note: str = "",
    reason: AbandonReason | None = None,
) -> StageChange:
    """Move a locked client to ``target`` if the table allows it, and record the move.

    The only code that writes ``Client.status`` after registration. Callers lock the row
    (``select_for_update``) inside their transaction and check who may make the move.
    """
    CLIENT_WORKFLOW.check(client.status, target)
    change = StageChange.objects.create(
        client=client,
        from_status=client.status,
        to_status=target,
        actor=actor,
        note=note,
        reason=reason,
    )
    client.status = target
    client._history_user = actor  # type: ignore[attr-defined]
    client.save(update_fields=["status", "updated_at"])
    return change


def _locked(client: Client) -> Client:
    """The client row, locked for the rest of the transaction."""
    return Client.objects.select_for_update().get(pk=client.pk)


def _require(allowed: bool, message: str | Promise) -> None:
    """Refuse with ``PermissionDenied`` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message)


def _move(
    actor: User,
    client: Client,
    target: str,
    *,
    sources: Collection[str],
    note: str = "",
    reason: AbandonReason | None = None,
) -> StageChange:
    """Lock, check permission and the stage the move starts from, then transition."""
    locked = _locked(client)
    _require(
        permissions.can_move(actor, locked, target),
        _("You may not move this client to “%(target)s”.") % {"target": C(target).label},
    )
    if locked.status not in sources:
        raise DomainError(
            _("Cannot move from “%(source)s” to “%(target)s”.")
            % {"source": C(locked.status).label, "target": C(target).label}
        )
    change = _transition(locked, target, actor=actor, note=note.strip(), reason=reason)
    client.status = locked.status
    return change


@transaction.atomic
def client_send_brochure(*, actor: User, client: Client, note: str = "") -> StageChange:
    """The company brochure went out to a newly discovered client (递交公司宣传资料)."""
    return _move(actor, client, C.BROCHURE_SENT, sources={C.DISCOVERED}, note=note)


@transaction.atomic
def client_mark_registered(*, actor: User, client: Client, note: str = "") -> StageChange:
    """The client file is complete enough to register (填写客户档案登记表)."""
    return _move(actor, client, C.REGISTERED, sources={C.DISCOVERED, C.BROCHURE_SENT}, note=note)


@transaction.atomic
def client_start_research(*, actor: User, client: Client, note: str = "") -> StageChange:
    """Gathering the client's and its market's details begins (索取与收集资料)."""
    return _move(actor, client, C.RESEARCHING, sources={C.REGISTERED}, note=note)


@transaction.atomic
def client_start_follow_up(*, actor: User, client: Client, note: str = "") -> StageChange:
    """The owner starts following up an assigned client (客户跟进)."""
    return _move(actor, client, C.FOLLOWING_UP, sources={C.ASSIGNED}, note=note)


@transaction.atomic
def client_submit_proposal(*, actor: User, client: Client, note: str = "") -> StageChange:
    """A proposal was submitted or a seminar held (提交建议提案或召开座谈会)."""
    return _move(actor, client, C.PROPOSAL, sources={C.FOLLOWING_UP}, note=note)


@transaction.atomic
def client_report(*, actor: User, client: Client, note: str = "") -> StageChange:
    """The intent is real: reported to the manager or the GM (向经理或总经理汇报)."""
    return _move(actor, client, C.REPORTED, sources={C.FOLLOWING_UP, C.PROPOSAL}, note=note)


@transaction.atomic
def client_start_negotiation(*, actor: User, client: Client, note: str = "") -> StageChange:
    """The manager or GM decides to negotiate (确定谈判方案/报价与议价)."""
    return _move(actor, client, C.NEGOTIATING, sources={C.REPORTED}, note=note)


@transaction.atomic
def client_back_to_follow_up(*, actor: User, client: Client, note: str = "") -> StageChange:
    """Back to following up after a proposal, a report or a negotiation that stalled."""
    sources = {C.PROPOSAL, C.REPORTED, C.NEGOTIATING}
    return _move(actor, client, C.FOLLOWING_UP, sources=sources, note=note)


@transaction.atomic
def client_abandon(
    *, actor: User, client: Client, reason: AbandonReason | None, note: str = ""
) -> StageChange:
    """Give the client up (放弃): the intent is weak. A reason in use is required."""
    if reason is None or not reason.is_active:
        raise DomainError(_("Choose why the client is abandoned."), field="reason")
    open_stages = set(C.values) - permissions.CLOSED_STAGES
    return _move(actor, client, C.ABANDONED, sources=open_stages, note=note, reason=reason)


@transaction.atomic
def client_reopen(*, actor: User, client: Client, note: str = "") -> StageChange:
    """Reopen an abandoned client: back to following up if it has an owner, else registered."""
    target = permissions.reopen_target(_locked(client))
    return _move(actor, client, target, sources={C.ABANDONED}, note=note)


@transaction.atomic
def client_assign(*, actor: User, client: Client, owner: User | None, note: str = "") -> Client:
    """The department manager or the GM gives the client an owner (经理分配).

    From ``registered`` or ``researching`` the client also moves to ``assigned``; at other
    stages only the owner changes (kept in the client file's history). The new owner is
    told in the app once the transaction commits.
    """
    locked = _locked(client)
    _require(
        permissions.can_assign(actor, locked),
        _("Only the department manager or the general manager assigns a client."),
    )
    if owner is None or not owner.is_active:
        raise DomainError(_("Choose an active member of staff as the owner."), field="owner")
    moves = locked.status in ASSIGNING_STAGES
    if locked.owner_id == owner.pk and not moves:
        raise DomainError(_("%(name)s already owns this client.") % {"name": owner}, field="owner")
    if locked.owner_id != owner.pk:
        locked.owner = owner
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=["owner", "updated_at"])
    if moves:
        _transition(locked, C.ASSIGNED, actor=actor, note=note.strip())
    if owner.pk != actor.pk:
        transaction.on_commit(lambda: _tell_owner(actor, locked, owner))
    return locked


def _tell_owner(actor: User, client: Client, owner: User) -> None:
    """The in-app notification of an assignment (after commit)."""
    notify(
        [owner],
        NotificationKind.CLIENT_ASSIGNED,
        url=reverse("clients:detail", args=[client.pk]),
        actor=actor.display_name,
        client=client.display_name,
    )


@transaction.atomic
def client_mark_contracted(*, actor: User, client: Client, note: str = "") -> StageChange:
    """Move a negotiating client to ``contracted``.

    Called only by ``contracts.services.contract_sign`` inside its transaction: a client is
    contracted exactly when a contract is signed.
    """
    return _transition(_locked(client), C.CONTRACTED, actor=actor, note=note)
