"""The five forms as PDFs (SPEC §13): in Chinese and in English, the Chinese text set in an
embedded CJK font and extractable; the fax sheet's ticked boxes and the letterhead's logo;
a long monthly log laid out over many pages by the worker's job."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from servicebook.clients.tests.helpers import register
from servicebook.communications.documents import render_document, render_register_pdf
from servicebook.communications.models import DocumentKind, LogKind
from servicebook.communications.services.documents import document_render, document_request
from servicebook.communications.services.letters import letter_draft, letter_mark_sent
from servicebook.communications.tests.test_document_helpers import (
    CHINESE_NAME,
    fax,
    letterhead,
    plan_of,
    project_with_plan,
    service_log,
)
from servicebook.documents.fetcher import LOCAL_BASE_URL, LocalFetcher, stored_file_url
from servicebook.documents.tests.inspect import pdf_fonts, pdf_page_count, pdf_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]


@pytest.fixture(autouse=True)
def _english_pages():
    with translation.override("en"):
        yield


def _assert_chinese_embedded(pdf: bytes, *phrases: str) -> str:
    fonts = pdf_fonts(pdf)
    assert any(font.is_cjk and font.embedded for font in fonts), fonts
    assert all(font.embedded for font in fonts if font.is_cjk)
    text = pdf_text(pdf)
    for phrase in (CHINESE_NAME, *phrases):
        assert phrase in text, phrase
    return text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_pdf_carries_its_chinese_text_in_an_embedded_font(language, ae, mkt_manager):
    letterhead()
    project = project_with_plan(ae, mkt_manager, sign=True)
    pdf = render_document(DocumentKind.PLAN, plan_of(project), language)
    text = _assert_chinese_embedded(pdf, project.client.legal_name, "王建国")
    heading = "项目计划书" if language == "zh-hans" else "Project plan"
    assert heading in text and project.code in text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [LogKind.WEEKLY, LogKind.MONTHLY])
def test_the_service_logs_pdfs_carry_their_chinese_text(language, kind, ae):
    letterhead()
    project = project_with_plan(ae)
    log = service_log(project, kind)
    document_kind = DocumentKind.MONTHLY_LOG if kind == LogKind.MONTHLY else DocumentKind.WEEKLY_LOG
    text = _assert_chinese_embedded(
        render_document(document_kind, log, language), "VI 手册第二稿待客户确认"
    )
    if language == "en":
        label = "Monthly service log" if kind == LogKind.MONTHLY else "Weekly service log"
        assert label in text
    if kind == LogKind.MONTHLY:
        assert "开盘时间未定" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_fax_sheet_pdf_ticks_its_boxes_under_the_letterhead_and_logo(language, ae):
    letterhead(logo=True)
    sheet = fax(ae, urgency=["urgent", "please_comment"])
    pdf = render_document(DocumentKind.FAX_SHEET, sheet, language)
    text = _assert_chinese_embedded(pdf, "湖南麓山置业有限公司", "关于开盘活动方案的确认")
    assert text.count("✓") == 2 and sheet.number in text
    if language == "en":
        assert "Urgent" in text and "Please comment" in text
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 1  # the logo, read from the storage
    logo = images[0].image
    assert logo is not None and logo.size == (120, 60)


def test_a_letterhead_without_a_logo_prints_no_image(ae):
    letterhead()
    pdf = render_document(DocumentKind.FAX_SHEET, fax(ae), "zh-hans")
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_client_register_pdf_lists_the_clients_one_may_see(language, ae, mkt_manager):
    letterhead()
    register(ae, "星沙名都置业有限公司")
    register(mkt_manager, "别人的客户有限公司")
    pdf = render_register_pdf(ae, {}, language)
    text = _assert_chinese_embedded(pdf, "星沙名都置业有限公司")
    assert "别人的客户有限公司" not in text


def test_a_long_monthly_log_is_laid_out_over_many_pages_by_the_worker(ae):
    letterhead()
    project = project_with_plan(ae)
    log = service_log(project, LogKind.MONTHLY, paragraphs=640)
    document = document_request(
        actor=ae, kind=DocumentKind.MONTHLY_LOG, record=log, language="zh-hans"
    )
    rendered = document_render(document.pk)
    with rendered.file.open("rb") as stored:
        pdf = stored.read()
    assert rendered.pages == pdf_page_count(pdf) >= 18
    pages = pdf_text(pdf).split("\n\n")
    assert "第640项" in pages[-1] or "第640项" in pdf_text(pdf)
    assert all(font.embedded for font in pdf_fonts(pdf) if font.is_cjk)


def test_a_pdf_may_read_the_logo_from_the_storage_but_no_other_stored_file(ae):
    agency = letterhead(logo=True)
    fetcher = LocalFetcher(frozenset(), frozenset({agency.logo.name}))
    logo = fetcher.fetch(f"{LOCAL_BASE_URL.rstrip('/')}{stored_file_url(agency.logo.name)}")
    assert logo.read().startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        fetcher.fetch(f"{LOCAL_BASE_URL.rstrip('/')}{stored_file_url('issued/2026/10/plan-1.pdf')}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_consultation_letter_pdf_is_on_the_letterhead_and_asks_for_an_answer(language, ae):
    letterhead()
    project = project_with_plan(ae)
    letter = letter_draft(
        actor=ae,
        project=project,
        addressee=None,
        addressee_name="王建国",
        subject="关于开盘价格表的确认",
        body="请确认附件中的开盘价格表是否按贵司意见修改。",
        answer_days=3,
    )
    draft = render_document(DocumentKind.LETTER, letter, language)
    assert "DRAFT" in pdf_text(draft) or "草稿" in pdf_text(draft)
    letter_mark_sent(actor=ae, letter=letter)
    letter.refresh_from_db()
    text = _assert_chinese_embedded(
        render_document(DocumentKind.LETTER, letter, language), "关于开盘价格表的确认", "王建国"
    )
    assert letter.number in text and project.code in text
