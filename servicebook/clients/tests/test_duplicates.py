"""The duplicate check at registration: the Chinese way of comparing company names, phones."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from servicebook.clients.models import Client, DuplicateLink
from servicebook.clients.names import normalise_company_name
from servicebook.clients.services import ContactInput, DuplicatesFound
from servicebook.clients.tests.helpers import register


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("长沙星河置业有限公司", "长沙星河置业"),
        ("长沙星河置业有限责任公司", "长沙星河置业"),
        ("长沙星河置业（集团）股份有限公司", "长沙星河置业"),
        ("长沙星河置业集团有限公司", "长沙星河置业"),
        ("长沙 星河 置业 有限公司", "长沙星河置业"),
        ("长沙星河置业(湖南)有限公司", "长沙星河置业"),
        ("ＡＢＣ地产有限公司", "abc地产"),
        ("湖南建工集团", "湖南建工"),
        ("公司", "公司"),
    ],
)
def test_company_names_are_compared_without_legal_forms_brackets_spaces_and_width(name, core):
    assert normalise_company_name(name) == core


@pytest.mark.django_db
def test_the_same_company_written_differently_is_flagged(ae):
    existing = register(ae, name="长沙星河置业有限公司")
    with pytest.raises(DuplicatesFound) as found:
        register(ae, name="长沙星河置业（集团）股份有限公司")
    assert [c.client for c in found.value.candidates] == [existing]
    assert Client.objects.count() == 1


@pytest.mark.django_db
def test_the_same_mobile_is_flagged_even_under_another_name(ae):
    register(ae, name="甲公司", mobile="13900001111")
    with pytest.raises(DuplicatesFound) as found:
        register(ae, name="完全不同有限公司", mobile="139 0000 1111")
    assert [r.value for r in found.value.candidates[0].reasons] == ["phone"]


@pytest.mark.django_db
def test_a_confirmed_duplicate_is_registered_and_the_link_recorded(ae):
    existing = register(ae, name="长沙星河置业有限公司")
    new = register(ae, name="长沙星河置业有限责任公司", confirm=True)
    link = DuplicateLink.objects.get(client=new)
    assert (link.existing, link.reason, link.confirmed_by) == (existing, "name", ae)


@pytest.mark.django_db
def test_the_registration_page_shows_duplicates_and_needs_confirmation(ae, other_ae):
    hidden = register(other_ae, name="长沙星河置业有限公司", mobile="13912345678")
    browser = Browser()
    browser.force_login(ae)
    form = {
        "legal_name": "长沙星河置业股份有限公司",
        "intent": "medium",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "李明",
        "contacts-0-mobile": "13800000000",
        "properties-TOTAL_FORMS": "0",
        "properties-INITIAL_FORMS": "0",
    }
    response = browser.post("/clients/new/", form)
    html = response.content.decode()
    assert response.status_code == 200
    assert hidden.registration_no in html
    assert f"/clients/{hidden.pk}/" not in html  # a client ae may not open is not linked
    assert Client.objects.count() == 1

    response = browser.post("/clients/new/", {**form, "confirm_duplicates": "1"})
    assert response.status_code == 302
    assert Client.objects.count() == 2
    assert DuplicateLink.objects.filter(existing=hidden).exists()


@pytest.mark.django_db
def test_editing_a_client_does_not_flag_itself(ae):
    from servicebook.clients.services import ClientInput, client_update

    client = register(ae, name="长沙星河置业有限公司", mobile="13900002222")
    client_update(
        actor=ae,
        client=client,
        data=ClientInput(legal_name="长沙星河置业有限公司", notes="更新", owner=ae),
        contacts=[ContactInput(name="王", mobile="13900002222")],
        properties=[],
    )
