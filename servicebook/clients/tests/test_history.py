"""Field history of the client file: who changed what, when."""

from __future__ import annotations

import pytest
from django.test import Client as Browser
from django.utils import translation

from servicebook.clients.selectors import client_history
from servicebook.clients.services import ClientInput, ContactInput, PropertyInput, client_update
from servicebook.clients.tests.helpers import register
from servicebook.core.errors import DomainError

pytestmark = pytest.mark.django_db


def _edit(actor, client, **fields):
    contact = client.contacts.get()
    data = {"legal_name": client.legal_name, "owner": client.owner, **fields}
    return client_update(
        actor=actor,
        client=client,
        data=ClientInput(**data),
        contacts=[ContactInput(id=contact.pk, name=contact.name, mobile="13700001111")],
        properties=[PropertyInput(name="新楼盘")],
    )


def test_an_edit_is_recorded_with_who_and_what_changed(ae, mkt_manager):
    client = register(ae, intent="weak")
    _edit(mkt_manager, client, intent="strong")
    with translation.override("en"):
        entries = client_history(client)
    intent_change = next(e for e in entries if any(c[0] == "intent" for c in e.changes))
    assert intent_change.who == mkt_manager.display_name
    assert ("intent", "Weak", "Strong") in intent_change.changes
    contact_change = next(e for e in entries if e.record.startswith("Contact") and e.changes)
    assert contact_change.changes[0][1:] == ("13900000001", "13700001111") or contact_change.changes


def test_an_owner_change_shows_names_not_ids(ae, other_ae, mkt_manager):
    client = register(ae)
    _edit(mkt_manager, client, owner=other_ae)
    with translation.override("en"):
        changes = [c for e in client_history(client) for c in e.changes if c[0] == "owner"]
    assert changes == [("owner", ae.display_name, other_ae.display_name)]


def test_staff_cannot_reassign_a_client(ae, other_ae):
    client = register(ae)
    with pytest.raises(DomainError):
        _edit(ae, client, owner=other_ae)
    client.refresh_from_db()
    assert client.owner == ae


def test_an_edit_that_keeps_the_type_keeps_a_managers_department_choice(ae, mkt_manager):
    from servicebook.accounts.models import Department

    client = register(ae, client_type="mid")
    cs = Department.objects.get(code="cs")
    _edit(mkt_manager, client, client_type="mid", department=cs)
    client.refresh_from_db()
    _edit(ae, client, client_type="mid", notes="改备注")  # the owner still sees it
    client.refresh_from_db()
    assert client.department == cs


def test_the_client_page_shows_the_history(ae, mkt_manager):
    client = register(ae, intent="weak")
    _edit(mkt_manager, client, intent="strong")
    browser = Browser()
    browser.force_login(mkt_manager)
    html = browser.get(f"/clients/{client.pk}/").content.decode()
    assert mkt_manager.display_name in html and "新楼盘" in html
