"""Who sees which client (SPEC §11), proved per persona on every client page."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client as Browser

from servicebook.clients.models import Client
from servicebook.clients.tests.helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(ae, other_ae, mkt_manager, ka_manager, gm):
    """One client owned by ae (Marketing), one by other_ae (Marketing), one group client (KA)."""
    return {
        "own": register(ae, client_type="mid"),
        "colleague": register(other_ae, client_type="small"),
        "key_account": register(other_ae, client_type="group"),
    }


# persona → which of the clients it may open
MATRIX = {
    "gm": {"own", "colleague", "key_account"},
    "mkt_manager": {"own", "colleague"},
    "ka_manager": {"key_account"},
    "ae": {"own"},
    "other_ae": {"colleague", "key_account"},
    "designer": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
@pytest.mark.parametrize("page", ["detail", "edit"])
def test_each_persona_opens_exactly_the_clients_it_may_see(
    request, clients, designer, outsider, persona, page
):
    user = request.getfixturevalue(persona)
    browser = Browser()
    browser.force_login(user)
    for key, client in clients.items():
        response = browser.get(f"/clients/{client.pk}/{'' if page == 'detail' else 'edit/'}")
        expected = 200 if key in MATRIX[persona] else 404
        assert response.status_code == expected, (persona, key, page)


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_the_list_shows_each_persona_only_its_clients(
    request, clients, designer, outsider, persona
):
    user = request.getfixturevalue(persona)
    browser = Browser()
    browser.force_login(user)
    html = browser.get("/clients/").content.decode()
    for key, client in clients.items():
        assert (client.registration_no in html) == (key in MATRIX[persona]), (persona, key)


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_visible_to_matches_the_matrix(request, clients, designer, outsider, persona):
    user = request.getfixturevalue(persona)
    seen = set(Client.objects.visible_to(user).values_list("pk", flat=True))
    assert seen == {clients[k].pk for k in MATRIX[persona]}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_the_excel_export_holds_exactly_the_clients_each_persona_may_see(
    request, clients, designer, outsider, persona
):
    user = request.getfixturevalue(persona)
    browser = Browser()
    browser.force_login(user)
    response = browser.get("/clients/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    exported = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == {clients[k].registration_no for k in MATRIX[persona]}


def test_an_inactive_person_sees_nothing(clients, ae):
    ae.is_active = False
    ae.save(update_fields=["is_active"])
    assert not Client.objects.visible_to(ae).exists()


def test_an_ae_cannot_post_an_edit_to_a_colleagues_client(clients, ae):
    browser = Browser()
    browser.force_login(ae)
    target = clients["colleague"]
    response = browser.post(f"/clients/{target.pk}/edit/", {"legal_name": "改名"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.legal_name != "改名"


def test_every_page_requires_sign_in(clients):
    browser = Browser()
    for url in ["/", "/clients/", f"/clients/{clients['own'].pk}/", "/clients/new/"]:
        response = browser.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
