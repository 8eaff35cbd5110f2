"""The forms' pages: print views in both languages, PDFs and the plan in Excel, the client
register as the list filters it, issued copies (polling, download byte for byte), hidden
records as 404 per persona, and query counts that stay fixed as the data grows."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients.tests.helpers import register
from servicebook.communications.models import DocumentStatus, IssuedDocument, LogKind, ServiceLog
from servicebook.communications.services.documents import document_render
from servicebook.communications.tests.test_document_helpers import (
    fax,
    letterhead,
    plan_of,
    project_with_plan,
    service_log,
)
from servicebook.projects.models import Project
from servicebook.projects.services import plan_generate
from servicebook.projects.tests.helpers import project_for

pytestmark = pytest.mark.django_db

HIDDEN = ["other_ae", "ka_manager", "designer", "outsider"]
# Every page: session, user, job roles, managed departments (4). A print view adds no top
# bar. The plan print: + project, services, plan, tasks, dependencies, version, approval,
# primary contact, letterhead (9).
PLAN_PRINT_QUERIES = 13
# The log print: + log with project, primary contact, letterhead.
LOG_PRINT_QUERIES = 7
# The fax print: + fax sheet, letterhead.
FAX_PRINT_QUERIES = 6
# The register print: + count, rows, primary contacts, properties, services (the export's
# selector), letterhead.
REGISTER_PRINT_QUERIES = 10
# The project's documents page: + project, services, plan, logs and count, fax sheets and
# count, copies and count, the top bar's department and unread count.
DOCUMENTS_PAGE_QUERIES = 15
# An issued copy's page: + the copy with its project and author, top bar (2).
ISSUED_PAGE_QUERIES = 7


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _browser(user: User) -> Browser:
    """Signed in as ``user``, who reads the pages in English."""
    user.language = "en"
    user.save(update_fields=["language"])
    browser = Browser()
    browser.force_login(user)
    return browser


def _queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


# ---------------------------------------------------------------- print views


def test_the_plan_prints_in_chinese_and_in_english_whatever_the_page_language(ae, mkt_manager):
    letterhead()
    project = project_with_plan(ae, mkt_manager, sign=True)
    browser = _browser(ae)
    zh = browser.get(f"/projects/{project.pk}/plan/print/?lang=zh-hans").content.decode()
    en = browser.get(f"/projects/{project.pk}/plan/print/?lang=en").content.decode()
    assert '<html lang="zh-hans">' in zh and "项目计划书" in zh and "王建国" in zh
    assert '<html lang="en">' in en and "Project plan" in en and "项目计划书" not in en
    for html in (zh, en):
        assert "长沙星城房地产营销策划有限公司" in html and project.code in html
        assert f"/projects/{project.pk}/plan/pdf/?lang=" in html
        assert f"/projects/{project.pk}/plan/issue/" in html
        assert "csrfmiddlewaretoken" in html
    assert f'href="/projects/{project.pk}/plan/print/?lang=en"' in zh


def test_a_draft_plan_prints_with_the_draft_mark_and_cannot_be_issued(ae):
    project = project_with_plan(ae)
    html = _browser(ae).get(f"/projects/{project.pk}/plan/print/?lang=en").content.decode()
    assert 'class="watermark"' in html and "Draft" in html
    assert "/plan/issue/" not in html


def test_a_project_without_a_plan_sends_the_reader_to_the_plan_page(ae):
    project = project_for(ae)
    browser = _browser(ae)
    for suffix in ("print", "pdf", "xlsx"):
        response = browser.get(f"/projects/{project.pk}/plan/{suffix}/")
        assert (
            response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/plan/"
        )


def test_the_plan_pdf_and_excel_come_in_the_language_asked(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    browser = _browser(ae)
    pdf = browser.get(f"/projects/{project.pk}/plan/pdf/?lang=zh-hans")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert (
        "filename*=utf-8''%E9%A1%B9%E7%9B%AE%E8%AE%A1%E5%88%92%E4%B9%A6"
        in pdf["Content-Disposition"]
    )
    xlsx = browser.get(f"/projects/{project.pk}/plan/xlsx/?lang=en")
    assert "attachment" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "Phase")
    assert header[:4] == ("Phase", "No.", "Key", "Work")
    lines = rows[rows.index(header) + 1 :]
    assert len(lines) == plan_of(project).tasks.count()
    assert isinstance(lines[0][7], datetime)  # a date cell, not text


def test_a_weekly_log_prints_its_sections_and_its_pdf_comes_at_once(ae):
    project = project_with_plan(ae)
    log = service_log(project, LogKind.WEEKLY)
    browser = _browser(ae)
    html = browser.get(f"/projects/{project.pk}/logs/{log.pk}/print/?lang=en").content.decode()
    assert (
        "Weekly service log" in html and "Work done" in html and "VI 手册第二稿待客户确认" in html
    )
    assert "Progress against the plan" not in html
    pdf = browser.get(f"/projects/{project.pk}/logs/{log.pk}/pdf/?lang=zh-hans")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert not IssuedDocument.objects.exists()


def test_a_monthly_log_pdf_goes_through_the_worker_and_is_reused_until_the_log_changes(ae):
    project = project_with_plan(ae)
    log = service_log(project, LogKind.MONTHLY)
    browser = _browser(ae)
    url = f"/projects/{project.pk}/logs/{log.pk}/pdf/?lang=zh-hans"
    first = browser.get(url)
    document = IssuedDocument.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/projects/documents/{document.pk}/"
    assert document.status == DocumentStatus.PENDING  # nothing was laid out in the request
    assert browser.get(url)["Location"] == first["Location"]
    assert IssuedDocument.objects.count() == 1
    log.problems = "新问题"
    log.save(update_fields=["problems", "updated_at"])
    assert browser.get(url)["Location"] != first["Location"]
    assert IssuedDocument.objects.count() == 2


def test_the_monthly_log_prints_its_progress_figures(ae):
    project = project_with_plan(ae)
    log = service_log(project, LogKind.MONTHLY)
    html = _browser(ae).get(f"/projects/{project.pk}/logs/{log.pk}/print/").content.decode()
    assert "Progress against the plan" in html and "Largest slip (working days)" in html


def test_the_fax_sheet_prints_its_ticked_boxes_and_the_letterhead_with_the_logo(ae):
    letterhead(logo=True)
    sheet = fax(ae)
    html = _browser(ae).get(f"/projects/fax/{sheet.pk}/print/?lang=en").content.decode()
    assert html.count('class="box ticked"') == 2 and html.count('class="box"') == 2
    assert 'aria-label="☑"' in html and 'aria-label="☐"' in html
    assert 'class="letterhead-logo" src="data:image/png;base64,' in html
    assert sheet.number in html and "湖南麓山置业有限公司" in html


def test_the_register_prints_the_client_list_as_filtered(ae, mkt_manager):
    mine = register(ae, "星沙名都置业有限公司", client_type="mid")
    register(ae, "岳麓山水地产有限公司", client_type="key")
    register(mkt_manager, "别人的客户有限公司")
    browser = _browser(ae)
    html = browser.get("/projects/documents/register/print/?client_type=mid").content.decode()
    assert mine.legal_name in html and "岳麓山水地产有限公司" not in html
    assert "别人的客户有限公司" not in html
    assert "Client type: Mid-size" in html or "Client type:" in html
    assert "/clients/export.xlsx?client_type=mid&amp;lang=en" in html
    everything = browser.get("/projects/documents/register/print/").content.decode()
    assert "岳麓山水地产有限公司" in everything and "别人的客户有限公司" not in everything
    pdf = browser.get("/projects/documents/register/pdf/?owner=abc&lang=zh-hans")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_register_prints_at_most_its_limit_and_says_so(ae, monkeypatch):
    monkeypatch.setattr("servicebook.communications.documents.contexts.REGISTER_LIMIT", 2)
    for n in range(3):
        register(ae, f"限额测试{n}号有限公司")
    html = _browser(ae).get("/projects/documents/register/print/").content.decode()
    assert "The first 2 of 3 clients are printed" in html


# ---------------------------------------------------------------- issued copies


def test_issuing_from_the_print_view_leads_to_the_copy_that_polls_until_ready(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    browser = _browser(ae)
    response = browser.post(f"/projects/{project.pk}/plan/issue/", {"lang": "en"})
    document = IssuedDocument.objects.get()
    assert response["Location"] == f"/projects/documents/{document.pk}/"
    assert document.language == "en" and document.created_by == ae
    page = browser.get(f"/projects/documents/{document.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page
    assert browser.get(f"/projects/documents/{document.pk}/download/").status_code == 302
    document_render(document.pk)
    partial = browser.get(f"/projects/documents/{document.pk}/", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body and "every 2s" not in body and "data-autodownload" in body
    first = browser.get(f"/projects/documents/{document.pk}/download/")
    second = browser.get(f"/projects/documents/{document.pk}/download/")
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert "attachment" in first["Content-Disposition"]


def test_a_draft_plan_issued_by_hand_is_refused_with_a_message(ae):
    project = project_with_plan(ae)
    response = _browser(ae).post(f"/projects/{project.pk}/plan/issue/", {"lang": "en"})
    assert response.status_code == 302 and "/plan/print/" in response["Location"]
    assert not IssuedDocument.objects.exists()


def test_a_failed_copy_offers_to_try_again(ae):
    sheet = fax(ae)
    browser = _browser(ae)
    browser.post(f"/projects/fax/{sheet.pk}/issue/", {"lang": "zh-hans"})
    document = IssuedDocument.objects.get()
    IssuedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error="FontMissing: no font"
    )
    page = browser.get(f"/projects/documents/{document.pk}/").content.decode()
    assert "FontMissing: no font" in page and f"/documents/{document.pk}/retry/" in page
    browser.post(f"/projects/documents/{document.pk}/retry/")
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING


def test_the_project_documents_page_lists_the_forms_and_the_copies(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    log = service_log(project)
    sheet = fax(ae, project)
    browser = _browser(ae)
    browser.post(f"/projects/fax/{sheet.pk}/issue/", {"lang": "en"})
    html = browser.get(f"/projects/{project.pk}/documents/").content.decode()
    assert f"/projects/{project.pk}/plan/print/" in html
    assert f"/projects/{project.pk}/logs/{log.pk}/print/" in html
    assert f"/projects/fax/{sheet.pk}/" in html and f"Fax sheet {sheet.number}" in html
    assert f"/projects/fax/new/?project={project.pk}" in html


# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize("persona", HIDDEN)
def test_the_forms_of_a_project_one_may_not_see_are_404(request, persona, ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    log = service_log(project, LogKind.MONTHLY)
    sheet = fax(ae, project)
    mine = _browser(ae)
    mine.post(f"/projects/fax/{sheet.pk}/issue/", {"lang": "en"})
    document = IssuedDocument.objects.get()
    document_render(document.pk)
    browser = _browser(request.getfixturevalue(persona))
    base = f"/projects/{project.pk}"
    for url in [
        f"{base}/plan/print/",
        f"{base}/plan/pdf/",
        f"{base}/plan/xlsx/",
        f"{base}/logs/{log.pk}/print/",
        f"{base}/logs/{log.pk}/pdf/",
        f"{base}/documents/",
        f"/projects/fax/{sheet.pk}/",
        f"/projects/fax/{sheet.pk}/print/",
        f"/projects/fax/{sheet.pk}/pdf/",
        f"/projects/fax/{sheet.pk}/edit/",
        f"/projects/documents/{document.pk}/",
        f"/projects/documents/{document.pk}/download/",
    ]:
        assert browser.get(url).status_code == 404, url
    for url in [
        f"{base}/plan/issue/",
        f"{base}/logs/{log.pk}/issue/",
        f"/projects/fax/{sheet.pk}/issue/",
        f"/projects/documents/{document.pk}/retry/",
    ]:
        assert browser.post(url, {"lang": "en"}).status_code == 404, url
    assert IssuedDocument.objects.count() == 1


def test_a_log_is_found_only_under_its_own_project(ae):
    project = project_with_plan(ae)
    other = project_with_plan(ae)
    log = service_log(project)
    assert _browser(ae).get(f"/projects/{other.pk}/logs/{log.pk}/print/").status_code == 404


def test_issuing_needs_a_post(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    assert _browser(ae).get(f"/projects/{project.pk}/plan/issue/").status_code == 405


# ---------------------------------------------------------------- query counts


def _project_with_services(ae: User, mkt_manager: User, codes: list[str]) -> Project:
    project = project_for(ae, services=list(ServiceLine.objects.filter(code__in=codes)))
    plan_generate(actor=ae, project=project, start_on=date(2026, 9, 28))
    return project


def test_the_print_views_query_counts_do_not_grow_with_the_data(ae, mkt_manager):
    letterhead()
    small = _project_with_services(ae, mkt_manager, ["marketing_planning"])
    codes = list(ServiceLine.objects.values_list("code", flat=True))
    large = _project_with_services(ae, mkt_manager, codes)
    assert plan_of(large).tasks.count() >= 3 * plan_of(small).tasks.count()
    browser = _browser(ae)
    for project in (small, large):
        assert _queries(browser, f"/projects/{project.pk}/plan/print/") == PLAN_PRINT_QUERIES
    short = service_log(small, LogKind.WEEKLY, paragraphs=3)
    long = service_log(large, LogKind.MONTHLY, paragraphs=30)
    for log in (short, long):
        url = f"/projects/{log.project_id}/logs/{log.pk}/print/"
        assert _queries(browser, url) == LOG_PRINT_QUERIES
    sheet = fax(ae, small)
    assert _queries(browser, f"/projects/fax/{sheet.pk}/print/") == FAX_PRINT_QUERIES


def test_the_register_print_query_count_does_not_grow_with_the_clients(ae):
    letterhead()
    browser = _browser(ae)
    for n in range(3):
        register(ae, f"三家{n}号有限公司")
    assert _queries(browser, "/projects/documents/register/print/") == REGISTER_PRINT_QUERIES
    for n in range(27):
        register(ae, f"三十家{n}号有限公司")
    assert _queries(browser, "/projects/documents/register/print/") == REGISTER_PRINT_QUERIES


def test_the_documents_and_copy_pages_query_counts_do_not_grow(ae, mkt_manager):
    project = project_with_plan(ae, mkt_manager)
    browser = _browser(ae)
    url = f"/projects/{project.pk}/documents/"
    service_log(project)
    sheet = fax(ae, project)
    browser.post(f"/projects/fax/{sheet.pk}/issue/", {"lang": "en"})
    assert _queries(browser, url) == DOCUMENTS_PAGE_QUERIES
    for n in range(20):
        fax(ae, project, subject=f"第{n}份传真")
        ServiceLog.objects.create(
            project=project,
            kind=LogKind.WEEKLY,
            period_start=date(2025, 1, 6 + (n % 3) * 7).replace(year=2025 - n // 3),
            period_end=date(2025, 1, 12 + (n % 3) * 7).replace(year=2025 - n // 3),
            due_on=date(2025, 1, 13),
        )
        browser.post(f"/projects/fax/{sheet.pk}/issue/", {"lang": "en"})
    assert _queries(browser, url) == DOCUMENTS_PAGE_QUERIES
    document = IssuedDocument.objects.get(pk=IssuedDocument.objects.latest("pk").pk)
    assert _queries(browser, f"/projects/documents/{document.pk}/") == ISSUED_PAGE_QUERIES
