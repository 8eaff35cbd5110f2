"""Signing a contract: client contracted and project created in one transaction, GM told."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from servicebook.accounts.models import Notification, NotificationKind
from servicebook.clients.choices import ClientStatus
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.models import Contract
from servicebook.contracts.services import contract_sign
from servicebook.contracts.tests.helpers import accepted_quote, draft_contract, negotiating_client
from servicebook.core.errors import DomainError
from servicebook.core.models import AgencySettings
from servicebook.projects import services as project_services
from servicebook.projects.models import Project
from servicebook.sales.models import StageChange

pytestmark = pytest.mark.django_db

SIGNED_ON = date(2026, 3, 2)


def _large_threshold(amount: str) -> None:
    settings = AgencySettings.current()
    settings.large_contract_threshold = Decimal(amount)
    settings.save()


def test_signing_moves_the_client_to_contracted_and_creates_the_project(ae, mkt_manager):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)
    contract.refresh_from_db()
    client.refresh_from_db()
    assert (contract.status, contract.signed_on, contract.signed_by) == ("signed", SIGNED_ON, ae)
    assert client.status == ClientStatus.CONTRACTED
    change = StageChange.objects.get(client=client)
    assert (change.from_status, change.to_status, change.actor) == ("negotiating", "contracted", ae)
    assert contract.number in change.note
    project = Project.objects.get(contract=contract)
    assert project.client == client
    assert contract.history.count() == 2


def test_if_creating_the_project_fails_nothing_of_the_signing_is_saved(ae, monkeypatch):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)

    def broken(**kwargs):
        raise DomainError("project creation failed")

    monkeypatch.setattr(project_services, "project_create_from_contract", broken)
    with pytest.raises(DomainError, match="project creation failed"):
        contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)
    contract.refresh_from_db()
    client.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT
    assert contract.signed_on is None and contract.signed_by is None
    assert client.status == ClientStatus.NEGOTIATING
    assert not StageChange.objects.filter(client=client).exists()
    assert not Project.objects.exists()
    assert contract.history.count() == 1


def test_a_contract_is_signed_only_once(ae):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)
    with pytest.raises(DomainError):
        contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)
    assert Project.objects.count() == 1


@pytest.mark.parametrize(
    "stage",
    [ClientStatus.REGISTERED, ClientStatus.FOLLOWING_UP, ClientStatus.REPORTED,
     ClientStatus.ABANDONED, ClientStatus.CONTRACTED],
)  # fmt: skip
def test_signing_is_refused_unless_the_client_is_negotiating(ae, stage):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    type(client).objects.filter(pk=client.pk).update(status=stage)  # TEST SETUP
    with pytest.raises(DomainError):
        contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.DRAFT
    assert not Project.objects.exists()


def test_a_cancelled_contract_cannot_be_signed(ae):
    from servicebook.contracts.services import contract_cancel

    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    contract_cancel(actor=ae, contract=contract, reason="重新议价")
    with pytest.raises(DomainError):
        contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)


def test_the_signing_date_cannot_be_in_the_future(ae):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    with pytest.raises(DomainError) as refused:
        contract_sign(actor=ae, contract=contract, signed_on=date.today() + timedelta(days=1))
    assert refused.value.field == "signed_on"


def test_a_large_contract_is_reported_to_the_gm_only_after_commit(
    ae, gm, mkt_manager, django_capture_on_commit_callbacks
):
    _large_threshold("500000.00")
    client = negotiating_client(ae)
    contract = draft_contract(ae, client, [accepted_quote(client, ae, "500000.01")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    told = Notification.objects.get(recipient=gm)
    assert told.kind == NotificationKind.LARGE_CONTRACT
    assert told.url == f"/contracts/{contract.pk}/"
    assert contract.number in told.text and "¥500,000.01" in told.text


def test_a_contract_at_the_threshold_is_not_large_and_the_gm_is_not_told(
    ae, gm, django_capture_on_commit_callbacks
):
    _large_threshold("500000.00")
    client = negotiating_client(ae)
    contract = draft_contract(ae, client, [accepted_quote(client, ae, "500000.00")])
    with django_capture_on_commit_callbacks(execute=True):
        contract_sign(actor=ae, contract=contract, signed_on=SIGNED_ON)
    assert not Notification.objects.filter(kind=NotificationKind.LARGE_CONTRACT).exists()
    assert not Notification.objects.filter(recipient=gm).exists()


def test_the_owner_and_the_department_manager_hear_of_the_new_project(
    ae, mkt_manager, django_capture_on_commit_callbacks
):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    with django_capture_on_commit_callbacks(execute=True):
        contract_sign(actor=mkt_manager, contract=contract, signed_on=SIGNED_ON)
    project = Project.objects.get()
    told = Notification.objects.filter(kind=NotificationKind.PROJECT_CREATED)
    assert {n.recipient for n in told} == {ae, mkt_manager}
    assert {n.url for n in told} == {f"/projects/{project.pk}/"}
