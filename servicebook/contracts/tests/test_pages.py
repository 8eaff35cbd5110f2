"""Contract pages: the list, drawing up, the detail with signing, the client page's panel."""

from __future__ import annotations

import itertools
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.choices import ClientStatus
from servicebook.contracts.choices import ContractStatus
from servicebook.contracts.models import Contract
from servicebook.contracts.services import MilestoneInput, contract_sign, contract_update
from servicebook.contracts.tests.helpers import accepted_quote, draft_contract, negotiating_client
from servicebook.projects.models import Project
from servicebook.sales.models import Quote

pytestmark = pytest.mark.django_db

LIST_QUERIES = 9
DETAIL_QUERIES = 11


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


_serial = itertools.count()


def _grow(owner: User, n: int) -> None:
    """``n`` contracts, every third one signed (so some have projects)."""
    for _ in range(n):
        client = negotiating_client(owner)
        contract = draft_contract(owner, client)
        if next(_serial) % 3 == 0:
            contract_sign(actor=owner, contract=contract, signed_on=date(2026, 3, 2))


def _browser(user: User) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize(
    "url", ["/contracts/", "/contracts/?q=HT&status=draft", "/contracts/?sort=-value&page=1"]
)
def test_the_contract_list_query_count_is_pinned_and_does_not_grow(mkt_manager, ae, url):
    browser = _browser(mkt_manager)
    _grow(ae, 3)
    small = _queries(browser, url)
    _grow(ae, 30)
    assert _queries(browser, url) == small == LIST_QUERIES


def test_the_contract_list_searches_by_number_and_client_and_filters_by_status(ae, gm):
    signed_client = negotiating_client(ae, name="长沙洋湖御景置业有限公司", short_name="洋湖御景")
    signed = draft_contract(ae, signed_client)
    contract_sign(actor=ae, contract=signed, signed_on=date(2026, 3, 2))
    draft = draft_contract(ae, negotiating_client(ae))
    browser = _browser(gm)
    by_client = browser.get("/contracts/?q=洋湖").content.decode()
    assert signed.number in by_client and draft.number not in by_client
    by_number = browser.get(f"/contracts/?q={draft.number}").content.decode()
    assert draft.number in by_number and signed.number not in by_number
    drafts = browser.get("/contracts/?status=draft").content.decode()
    assert draft.number in drafts and signed.number not in drafts
    assert (
        browser.get("/contracts/?status=draft", headers={"HX-Request": "true"}).status_code == 200
    )


def test_the_contract_detail_query_count_does_not_grow_with_changes(ae, mkt_manager):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    browser = _browser(mkt_manager)
    small = _queries(browser, f"/contracts/{contract.pk}/")
    for n in range(4):
        contract_update(
            actor=mkt_manager,
            contract=contract,
            quotes=list(contract.quotes.all()),
            title=f"合同第{n}稿",
            start_on=contract.start_on,
            end_on=contract.end_on,
            services=list(contract.services.all()),
            milestones=[
                MilestoneInput(name=f"第{i}期", amount=contract.value / 4) for i in range(4)
            ],
        )
    assert _queries(browser, f"/contracts/{contract.pk}/") == small == DETAIL_QUERIES


def test_the_new_contract_form_offers_the_accepted_quotes_and_their_services(ae):
    client = negotiating_client(ae)
    quote = accepted_quote(client, ae, "88000.00", service_code="marketing_planning")
    accepted_quote(client, ae, "99000.00", status="sent")
    html = _browser(ae).get(f"/contracts/new/?client={client.pk}").content.decode()
    assert quote.number in html
    assert "99,000.00" not in html
    assert 'value="88000.00"' in html
    service = ServiceLine.objects.get(code="marketing_planning")
    assert re.search(rf'name="services" value="{service.pk}"[^>]*checked', html)
    assert re.search(rf'name="quotes" value="{quote.pk}"[^>]*checked', html)


def _form(quote, services, **extra):
    data = {
        "quotes": [quote.pk],
        "title": "星沙名都营销策划服务合同",
        "start_on": "2026-03-01",
        "end_on": "2026-12-31",
        "value": "",
        "services": [s.pk for s in services],
        "notes": "",
        "milestones-TOTAL_FORMS": "3",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "24",
        "milestones-0-name": "签约后七日内",
        "milestones-0-amount": "30000.00",
        "milestones-1-name": "方案确认",
        "milestones-1-amount": "70000.00",
        "milestones-1-due_on": "2026-06-30",
    }
    data.update(extra)
    return data


def test_drawing_up_a_contract_through_the_form(ae):
    client = negotiating_client(ae)
    quote = accepted_quote(client, ae, "100000.00")
    services = list(ServiceLine.objects.all()[:2])
    response = _browser(ae).post(f"/contracts/new/?client={client.pk}", _form(quote, services))
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/contracts/{contract.pk}/"
    assert contract.value == Decimal("100000.00")
    assert [m.amount for m in contract.milestones.all()] == [Decimal("30000"), Decimal("70000")]


def test_milestones_that_do_not_add_up_are_shown_and_what_was_typed_is_kept(ae):
    client = negotiating_client(ae)
    quote = accepted_quote(client, ae, "100000.00")
    services = list(ServiceLine.objects.all()[:1])
    data = _form(quote, services, **{"milestones-1-amount": "60000.00"})
    response = _browser(ae).post(f"/contracts/new/?client={client.pk}", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Contract.objects.exists()
    assert "¥90,000.00" in html and "¥100,000.00" in html
    assert 'value="签约后七日内"' in html


def test_recording_the_signing_asks_for_confirmation_then_creates_the_project(ae):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    browser = _browser(ae)
    page = browser.get(f"/contracts/{contract.pk}/").content.decode()
    assert f'action="/contracts/{contract.pk}/sign/"' in page
    unconfirmed = browser.post(f"/contracts/{contract.pk}/sign/", {"signed_on": "2026-03-02"})
    assert unconfirmed.status_code == 400
    assert Contract.objects.get().status == ContractStatus.DRAFT
    signed = browser.post(
        f"/contracts/{contract.pk}/sign/", {"signed_on": "2026-03-02", "confirm": "on"}
    )
    assert signed.status_code == 302
    client.refresh_from_db()
    assert client.status == ClientStatus.CONTRACTED
    project = Project.objects.get()
    page = browser.get(f"/contracts/{contract.pk}/").content.decode()
    assert f'href="/projects/{project.pk}/"' in page
    assert f'action="/contracts/{contract.pk}/sign/"' not in page


def test_the_signing_form_explains_when_the_client_is_not_yet_negotiating(ae):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    type(client).objects.filter(pk=client.pk).update(status=ClientStatus.REPORTED)  # TEST SETUP
    page = _browser(ae).get(f"/contracts/{contract.pk}/").content.decode()
    assert f'action="/contracts/{contract.pk}/sign/"' not in page


def test_cancelling_a_draft_through_its_page_needs_a_reason(ae):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    browser = _browser(ae)
    assert browser.post(f"/contracts/{contract.pk}/cancel/", {"reason": ""}).status_code == 400
    done = browser.post(f"/contracts/{contract.pk}/cancel/", {"reason": "客户暂缓"})
    assert done.status_code == 302
    assert Contract.objects.get().status == ContractStatus.CANCELLED
    assert "客户暂缓" in browser.get(f"/contracts/{contract.pk}/").content.decode()


def test_the_client_page_offers_a_contract_once_a_quote_is_accepted_and_links_the_project(
    ae, mkt_manager
):
    client = negotiating_client(ae)
    browser = _browser(mkt_manager)
    create = f'href="/contracts/new/?client={client.pk}"'
    accepted_quote(client, ae, status="sent")
    assert create not in browser.get(f"/clients/{client.pk}/").content.decode()
    accepted_quote(client, ae)
    assert browser.get(f"/clients/{client.pk}/").content.decode().count(create) == 1
    accepted_quote(client, ae)
    assert browser.get(f"/clients/{client.pk}/").content.decode().count(create) == 1
    contract = draft_contract(ae, client, list(Quote.objects.filter(status="accepted")))
    assert create not in browser.get(f"/clients/{client.pk}/").content.decode()
    contract_sign(actor=ae, contract=contract, signed_on=date(2026, 3, 2))
    html = browser.get(f"/clients/{client.pk}/").content.decode()
    assert f'href="/contracts/{contract.pk}/"' in html
    assert f'href="/projects/{Project.objects.get().pk}/"' in html
    assert create not in html
    accepted_quote(client, ae)
    assert browser.get(f"/clients/{client.pk}/").content.decode().count(create) == 1


def test_the_admin_shows_contracts_and_projects_read_only(ae):
    client = negotiating_client(ae)
    contract = draft_contract(ae, client)
    contract_sign(actor=ae, contract=contract, signed_on=date(2026, 3, 2))
    admin = User.objects.create_superuser("root", "root@example.cn", "x")
    browser = _browser(admin)
    assert browser.get("/admin/contracts/contract/").status_code == 200
    assert browser.get(f"/admin/contracts/contract/{contract.pk}/change/").status_code == 200
    assert browser.get("/admin/contracts/contract/add/").status_code == 403
    assert browser.get(f"/admin/contracts/contract/{contract.pk}/delete/").status_code == 403
    project = Project.objects.get()
    assert browser.get(f"/admin/projects/project/{project.pk}/change/").status_code == 200
    assert browser.get("/admin/projects/project/add/").status_code == 403
    before = Contract.objects.get().title
    browser.post(f"/admin/contracts/contract/{contract.pk}/change/", {"title": "改"})
    assert Contract.objects.get().title == before
