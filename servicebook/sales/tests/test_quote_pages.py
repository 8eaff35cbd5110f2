"""Quote pages: they render, hide what a person may not see, keep a fixed query count, and
never hand out an unapproved quote without the preview watermark."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from servicebook.sales import services
from servicebook.sales.choices import QuoteStatus
from servicebook.sales.models import Quote
from servicebook.sales.quote_selectors import PREVIEW_WATERMARK
from servicebook.sales.services import QuoteLineInput
from servicebook.sales.tests.quote_setup import (
    a_line,
    a_quote,
    a_service,
    approved,
    quotable_client,
)

pytestmark = pytest.mark.django_db

CLIENT_NAME = "长沙麓山置业有限公司"


def _browser(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.fixture
def quote(ae):
    client = quotable_client(ae, name=CLIENT_NAME)
    fee = QuoteLineInput.execution_fee(Decimal("1234567.89"), "开盘活动")
    return a_quote(ae, client, a_line("120000.00"), fee, discount=Decimal("5000.00"))


# ---------------------------------------------------------------- pages and visibility


def test_the_list_detail_and_form_pages_render_for_the_author(ae, quote):
    browser = _browser(ae)
    listing = browser.get("/quotes/")
    assert listing.status_code == 200
    assert quote.number in listing.content.decode()
    detail = browser.get(f"/quotes/{quote.pk}/").content.decode()
    assert "¥185,185.18" in detail and "¥300,185.18" in detail  # fee and total
    assert f"/quotes/{quote.pk}/submit/" in detail
    assert browser.get(f"/quotes/{quote.pk}/edit/").status_code == 200
    assert browser.get(f"/quotes/new/?client={quote.client_id}").status_code == 200


@pytest.mark.parametrize("persona", ["ka_manager", "other_ae", "designer", "outsider"])
@pytest.mark.parametrize("page", ["", "edit/", "print/", "pdf/"])
def test_a_quote_the_person_may_not_see_is_not_found(persona, page, request, quote):
    browser = _browser(request.getfixturevalue(persona))
    assert browser.get(f"/quotes/{quote.pk}/{page}").status_code == 404
    assert browser.post(f"/quotes/{quote.pk}/submit/").status_code == 404
    assert quote.number not in browser.get("/quotes/").content.decode()


@pytest.mark.parametrize("persona", ["gm", "mkt_manager", "ae"])
def test_the_gm_the_department_manager_and_the_owner_see_the_quote(persona, request, quote):
    browser = _browser(request.getfixturevalue(persona))
    assert browser.get(f"/quotes/{quote.pk}/").status_code == 200


def test_the_detail_page_offers_only_the_actions_open_to_this_person(ae, mkt_manager, quote):
    _browser(ae).post(f"/quotes/{quote.pk}/submit/")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SUBMITTED
    author_page = _browser(ae).get(f"/quotes/{quote.pk}/").content.decode()
    manager_page = _browser(mkt_manager).get(f"/quotes/{quote.pk}/").content.decode()
    assert f"/quotes/{quote.pk}/approve/" not in author_page
    assert f"/quotes/{quote.pk}/withdraw/" in author_page
    assert f"/quotes/{quote.pk}/approve/" in manager_page
    assert f"/quotes/{quote.pk}/withdraw/" not in manager_page


def test_a_manager_approves_and_the_author_marks_the_quote_sent_through_the_pages(
    ae, mkt_manager, quote
):
    _browser(ae).post(f"/quotes/{quote.pk}/submit/")
    _browser(mkt_manager).post(f"/quotes/{quote.pk}/approve/", {"comment": "同意"})
    _browser(ae).post(f"/quotes/{quote.pk}/send/")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SENT


def test_a_rejection_without_a_comment_is_refused_with_a_message(ae, mkt_manager, quote):
    _browser(ae).post(f"/quotes/{quote.pk}/submit/")
    response = _browser(mkt_manager).post(f"/quotes/{quote.pk}/reject/", follow=True)
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SUBMITTED
    assert "alert-error" in response.content.decode()


def test_the_form_writes_a_quote_with_catalog_lines_and_the_execution_fee(ae):
    client = quotable_client(ae)
    service = a_service()
    data = {
        "client": client.pk,
        "title": "全程营销代理",
        "phase": "第一阶段",
        "discount": "0",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-0-service_line": service.pk,
        "lines-0-description": "市场调研与定位",
        "lines-0-quantity": "2",
        "lines-0-unit": "项",
        "lines-0-unit_price": "50000.00",
        "fee-event_cost": "200000.00",
        "fee-fee_description": "开盘庆典",
    }
    response = _browser(ae).post(f"/quotes/new/?client={client.pk}", data)
    assert response.status_code == 302
    quote = Quote.objects.get(client=client)
    assert (quote.subtotal, quote.total) == (Decimal("130000.00"), Decimal("130000.00"))
    assert [line.kind for line in quote.lines.all()] == ["service", "execution_fee"]


def test_a_form_error_keeps_what_was_typed(ae):
    client = quotable_client(ae)
    data = {
        "title": "报价",
        "discount": "999",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "差旅费",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "100.00",
    }
    response = _browser(ae).post(f"/quotes/new/?client={client.pk}", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "差旅费" in html and "errorlist" in html
    assert not Quote.objects.exists()


def test_the_client_page_lists_the_quotes_and_offers_a_new_one_when_allowed(ae, quote):
    page = _browser(ae).get(f"/clients/{quote.client_id}/").content.decode()
    assert quote.number in page
    assert f"/quotes/new/?client={quote.client_id}" in page
    early = quotable_client(ae, stage="registered")
    page = _browser(ae).get(f"/clients/{early.pk}/").content.decode()
    assert f"/quotes/new/?client={early.pk}" not in page


def test_the_list_filters_waiting_for_my_approval(ae, mkt_manager, quote):
    other = a_quote(ae, quote.client)
    _browser(ae).post(f"/quotes/{quote.pk}/submit/")
    html = _browser(mkt_manager).get("/quotes/?scope=awaiting").content.decode()
    assert quote.number in html and other.number not in html


# ---------------------------------------------------------------- query counts


def _count(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


# session, user, roles, managed departments, the topbar's department and unread count,
# the department filter, the count and the page (ids and rows in one query)
LIST_QUERIES = 9


def test_the_list_costs_the_same_number_of_queries_for_3_and_30_quotes(mkt_manager, ae):
    client = quotable_client(ae)
    browser = _browser(mkt_manager)
    for _ in range(3):
        a_quote(ae, client)
    few = _count(browser, "/quotes/")
    for _ in range(27):
        a_quote(ae, quotable_client(ae))
    many = _count(browser, "/quotes/")
    assert few == many == LIST_QUERIES


# session, user, roles, managed departments, the topbar's department and unread count,
# the quote with its client and author, lines, decisions, history, newer versions
DETAIL_QUERIES = 11


def test_the_detail_page_has_a_fixed_query_count(ae, mkt_manager, quote):
    browser = _browser(mkt_manager)
    first = _count(browser, f"/quotes/{quote.pk}/")
    more_lines = [a_line(str(n)) for n in range(1, 9)]
    services.quote_update(actor=ae, quote=quote, title="更多", lines=more_lines)
    approved(quote, ae, mkt_manager)
    assert first == _count(browser, f"/quotes/{quote.pk}/") == DETAIL_QUERIES


# ---------------------------------------------------------------- print view and PDF


def test_an_unapproved_quote_prints_only_as_a_watermarked_preview(ae, quote):
    html = _browser(ae).get(f"/quotes/{quote.pk}/print/").content.decode()
    assert PREVIEW_WATERMARK in html
    assert 'class="signatures"' not in html


def test_an_approved_quote_prints_with_signatures_and_no_watermark(ae, mkt_manager, quote):
    approved(quote, ae, mkt_manager)
    html = _browser(ae).get(f"/quotes/{quote.pk}/print/").content.decode()
    assert PREVIEW_WATERMARK not in html
    assert 'class="signatures"' in html
    assert CLIENT_NAME in html
    assert "叁拾万零壹佰捌拾伍元壹角捌分" in html  # 300,185.18 in capital numerals


def test_the_print_view_switches_to_english_with_lang_en(ae, quote):
    html = _browser(ae).get(f"/quotes/{quote.pk}/print/?lang=en").content.decode()
    assert '<html lang="en">' in html
    assert "Event execution fee" in html


def _pdf_fonts_embedded(reader: PdfReader) -> list[bool]:
    embedded = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants.get_object()[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded.append(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    return embedded


def test_the_pdf_of_an_approved_quote_embeds_its_chinese_text(ae, mkt_manager, quote):
    approved(quote, ae, mkt_manager)
    response = _browser(ae).get(f"/quotes/{quote.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{quote.number}.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert CLIENT_NAME in text
    assert "NOT APPROVED" not in text
    fonts = _pdf_fonts_embedded(reader)
    assert fonts and all(fonts)


def test_the_pdf_of_an_unapproved_quote_is_a_preview_by_name_and_by_watermark(ae, quote):
    response = _browser(ae).get(f"/quotes/{quote.pk}/pdf/")
    assert "internal-preview" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "NOT APPROVED" in text and "内部预览" in text
