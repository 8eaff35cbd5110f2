"""Signing a contract (签定合同): the client is contracted and the project exists, at once."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from servicebook.accounts.models import NotificationKind, User
from servicebook.accounts.selectors import general_managers
from servicebook.accounts.services import notify
from servicebook.clients.choices import ClientStatus
from servicebook.clients.models import Client
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.models import Contract
from servicebook.contracts.permissions import can_draw_up_contract
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.core.models import AgencySettings
from servicebook.projects import services as project_services
from servicebook.projects.models import Project
from servicebook.sales.services import client_mark_contracted

CANCEL_REASON_MAX = 100  # simple-history's change-reason column


@transaction.atomic
def contract_sign(*, actor: User, contract: Contract, signed_on: date) -> Contract:
    """Record that ``contract`` was signed on ``signed_on``, in one transaction.

    Locks the contract and its client; the contract must be a draft and the client
    negotiating. Moves the client to ``contracted`` and creates the project explicitly;
    if anything fails nothing is saved. After commit the GMs hear of a large contract and
    the client's owner and department manager of the new project.
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    client = (
        Client.objects.select_for_update().select_related("department").get(pk=contract.client_id)
    )
    contract.client = client
    _check_may_sign(actor, contract, signed_on)
    contract.status = ContractStatus.SIGNED
    contract.signed_on = signed_on
    contract.signed_by = actor
    contract._history_user = actor  # type: ignore[attr-defined]
    contract.save(update_fields=["status", "signed_on", "signed_by"])
    client_mark_contracted(
        actor=actor,
        client=client,
        note=gettext("Contract %(number)s signed on %(date)s.")
        % {"number": contract.number, "date": signed_on.isoformat()},
    )
    project = project_services.project_create_from_contract(actor=actor, contract=contract)
    transaction.on_commit(lambda: _announce(contract, project))
    return contract


@transaction.atomic
def contract_cancel(*, actor: User, contract: Contract, reason: str) -> Contract:
    """Cancel a draft contract with a reason (kept in its history); its quotes are free again."""
    contract = Contract.objects.select_for_update().select_related("client").get(pk=contract.pk)
    if not can_draw_up_contract(actor, contract.client):
        raise PermissionDenied(_("You may not cancel this contract."))
    if contract.status != ContractStatus.DRAFT:
        raise DomainError(_("Only a draft contract can be cancelled."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    if len(reason) > CANCEL_REASON_MAX:
        raise DomainError(
            _("Keep the reason within %(max)s characters.") % {"max": CANCEL_REASON_MAX},
            field="reason",
        )
    contract.status = ContractStatus.CANCELLED
    contract._history_user = actor  # type: ignore[attr-defined]
    contract._change_reason = reason  # type: ignore[attr-defined]
    contract.save(update_fields=["status"])
    return contract


def _check_may_sign(actor: User, contract: Contract, signed_on: date) -> None:
    """Who may sign, and the journey's rule: a draft, a negotiating client, a past date."""
    if not can_draw_up_contract(actor, contract.client):
        raise PermissionDenied(_("You may not record the signing of this contract."))
    if contract.status != ContractStatus.DRAFT:
        raise DomainError(
            _("Only a draft contract can be signed; this one is “%(status)s”.")
            % {"status": contract.status_label}
        )
    if contract.client.status != ClientStatus.NEGOTIATING:
        raise DomainError(
            _("A contract is signed with a client in negotiation; this client is “%(stage)s”.")
            % {"stage": contract.client.status_label}
        )
    if signed_on > timezone.localdate():
        raise DomainError(_("The signing date cannot be in the future."), field="signed_on")


def is_large(contract: Contract) -> bool:
    """Whether the contract's value exceeds the agency's large-project threshold."""
    return contract.value > AgencySettings.current().large_contract_threshold


def _announce(contract: Contract, project: Project) -> None:
    """After commit: a large contract to every GM at once; the new project to owner and manager."""
    client = contract.client
    if is_large(contract):
        notify(
            general_managers(),
            NotificationKind.LARGE_CONTRACT,
            url=reverse("contracts:detail", args=[contract.pk]),
            contract=contract.number,
            client=client.display_name,
            value=f"¥{contract.value:,.2f}",
        )
    notify(
        [u for u in (client.owner, client.department.manager) if u is not None],
        NotificationKind.PROJECT_CREATED,
        url=reverse("projects:detail", args=[project.pk]),
        project=f"{project.code} {project.name}",
        client=client.display_name,
    )
