"""Who may draw up, sign and see a contract: persona × action (SPEC §11)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as Browser

from servicebook.contracts.permissions import can_draw_up_contract, can_sign_contract
from servicebook.contracts.services import contract_sign
from servicebook.contracts.tests.helpers import accepted_quote, draft_contract, negotiating_client
from servicebook.core.errors import PermissionDenied
from servicebook.projects.models import Project

pytestmark = pytest.mark.django_db

# The client is owned by ae1 in Marketing Business.
MATRIX = {
    #               create  sign   view
    "gm":          (True,  True,  True),
    "mkt_manager": (True,  True,  True),
    "ka_manager":  (False, False, False),
    "ae":          (True,  True,  True),
    "other_ae":    (False, False, False),
    "designer":    (False, False, False),
    "outsider":    (False, False, False),
}  # fmt: skip


@pytest.fixture
def setting(ae):
    client = negotiating_client(ae)
    return client, draft_contract(ae, client)


@pytest.mark.parametrize("persona", MATRIX)
def test_who_may_draw_up_a_contract(request, persona, setting):
    user = request.getfixturevalue(persona)
    client, _ = setting
    allowed = MATRIX[persona][0]
    assert can_draw_up_contract(user, client) is allowed
    quote = accepted_quote(client, user if allowed else client.owner)
    if allowed:
        assert draft_contract(user, client, [quote]).created_by == user
    else:
        with pytest.raises(PermissionDenied):
            draft_contract(user, client, [quote])
    status = Browser()
    status.force_login(user)
    expected = 200 if allowed else 404
    assert status.get(f"/contracts/new/?client={client.pk}").status_code == expected


@pytest.mark.parametrize("persona", MATRIX)
def test_who_may_record_a_signing(request, persona, setting):
    user = request.getfixturevalue(persona)
    _, contract = setting
    allowed = MATRIX[persona][1]
    assert can_sign_contract(user, contract) is allowed
    if allowed:
        contract_sign(actor=user, contract=contract, signed_on=date(2026, 3, 2))
        assert Project.objects.filter(contract=contract).exists()
    else:
        with pytest.raises(PermissionDenied):
            contract_sign(actor=user, contract=contract, signed_on=date(2026, 3, 2))
        assert not Project.objects.exists()


@pytest.mark.parametrize("persona", MATRIX)
def test_who_sees_a_contract_and_its_project_and_the_rest_get_a_404(request, persona, setting):
    user = request.getfixturevalue(persona)
    client, contract = setting
    contract_sign(actor=client.owner, contract=contract, signed_on=date(2026, 3, 2))
    project = Project.objects.get()
    browser = Browser()
    browser.force_login(user)
    expected = 200 if MATRIX[persona][2] else 404
    assert browser.get(f"/contracts/{contract.pk}/").status_code == expected
    assert browser.get(f"/projects/{project.pk}/").status_code == expected
    listed = contract.number in browser.get("/contracts/").content.decode()
    assert listed is MATRIX[persona][2]
    assert (project.code in browser.get("/projects/").content.decode()) is MATRIX[persona][2]


@pytest.mark.parametrize("persona", [p for p, (_, _, view) in MATRIX.items() if not view])
def test_a_hidden_contract_cannot_be_signed_or_cancelled_through_its_pages(
    request, persona, setting
):
    user = request.getfixturevalue(persona)
    _, contract = setting
    browser = Browser()
    browser.force_login(user)
    form = {"signed_on": "2026-03-02", "confirm": "on", "reason": "x"}
    assert browser.post(f"/contracts/{contract.pk}/sign/", form).status_code == 404
    assert browser.post(f"/contracts/{contract.pk}/cancel/", form).status_code == 404
    assert browser.get(f"/contracts/{contract.pk}/edit/").status_code == 404
