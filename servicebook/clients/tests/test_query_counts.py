"""Client pages run a fixed number of queries, however many clients there are."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from servicebook.clients.services import ContactInput
from servicebook.clients.tests.helpers import register

pytestmark = pytest.mark.django_db

LIST_QUERIES = 13
DETAIL_QUERIES = 22


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


_serial = itertools.count()


def _grow(actor, n):
    for _ in range(n):
        i = next(_serial)
        register(
            actor,
            client_type="mid",
            contacts=[
                ContactInput(name=f"甲{i}", mobile=f"1390000{i:04d}"),
                ContactInput(name="乙"),
            ],
        )


@pytest.mark.parametrize(
    "url", ["/clients/", "/clients/?q=测试", "/clients/?intent=medium&sort=name"]
)
def test_the_client_list_query_count_is_pinned_and_does_not_grow(mkt_manager, ae, url):
    browser = Browser()
    browser.force_login(mkt_manager)
    _grow(ae, 3)
    small = _queries(browser, url)
    _grow(ae, 30)
    assert _queries(browser, url) == small == LIST_QUERIES


def test_the_client_detail_query_count_is_pinned(mkt_manager, ae):
    from servicebook.clients.services import ClientInput, client_update

    browser = Browser()
    browser.force_login(mkt_manager)
    client = register(ae)
    small = _queries(browser, f"/clients/{client.pk}/")
    for n in range(5):
        client_update(
            actor=mkt_manager,
            client=client,
            data=ClientInput(legal_name=client.legal_name, owner=ae, notes=f"第{n}次"),
            contacts=[ContactInput(name=f"联系人{n}", mobile=f"1370000000{n}")],
            properties=[],
        )
    assert _queries(browser, f"/clients/{client.pk}/") == small == DETAIL_QUERIES


def test_the_home_page_query_count_does_not_grow(ae):
    browser = Browser()
    browser.force_login(ae)
    _grow(ae, 2)
    small = _queries(browser, "/")
    _grow(ae, 15)
    assert _queries(browser, "/") == small
