"""PDFs and print views: Chinese text in an embedded font, letterhead, watermark, page numbers."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from servicebook.core.models import AgencySettings
from servicebook.documents import fonts
from servicebook.documents.fetcher import LocalFetcher
from servicebook.documents.fonts import FontMissing, cjk_fonts
from servicebook.documents.pdf import (
    Letterhead,
    letterhead_context,
    render_pdf,
    render_print_html,
)
from servicebook.documents.responses import pdf_response
from servicebook.documents.specimen import TEMPLATE, specimen_context
from servicebook.documents.styles import css_string
from servicebook.documents.tests.inspect import (
    pdf_fonts,
    pdf_page_count,
    pdf_pages,
    pdf_text,
    pdf_title,
)

ROOT = Path(__file__).resolve().parents[3]
TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGES = "documents_tests/pages.html"
LETTERHEAD = Letterhead(
    name_zh="长沙星城房地产营销策划有限公司",
    name_en="Changsha Xingcheng Real Estate Marketing Co., Ltd.",
    address="长沙市岳麓区麓谷大道 88 号",
    phone="073188886666",
    fax="073188886667",
    email="service@xingcheng.example.cn",
)


@pytest.fixture
def test_templates(settings):
    """Let the tests render the templates in ``tests/templates``."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates


@pytest.fixture
def fresh_font_lookup():
    """Forget the cached font lookup before and after the test."""
    cjk_fonts.cache_clear()
    yield
    cjk_fonts.cache_clear()


def pages_pdf(sections: int = 3, rows: int = 8, **kwargs) -> bytes:
    context = {
        "letterhead": LETTERHEAD,
        "sections": range(sections),
        "amounts": [Decimal("1234567.00")] * rows,
        "today": date(2026, 11, 27),
    }
    return render_pdf(PAGES, context, **kwargs)


def sample_pdf(language: str = "zh-hans", **context) -> bytes:
    with translation.override(language):
        return render_pdf(TEMPLATE, {**specimen_context(cjk_fonts()), **context})


@pytest.mark.django_db
def test_a_pdf_carries_the_chinese_text_and_the_agency_letterhead():
    AgencySettings.objects.update_or_create(
        pk=1, defaults={"name_zh": LETTERHEAD.name_zh, "address": LETTERHEAD.address}
    )

    text = pdf_text(sample_pdf())

    assert "客户服务周志" in text
    assert "长沙星城房地产营销策划有限公司" in text
    assert "长沙市岳麓区麓谷大道" in text
    assert "¥1,234,567.00" in text
    assert "¥1,323,000.00" in text  # the total, with thousands separators


@pytest.mark.django_db
def test_the_letterhead_falls_back_to_servicebook_when_the_agency_has_no_name():
    AgencySettings.current()  # a fresh install: no name yet

    assert "Servicebook" in pdf_text(sample_pdf())
    assert "Servicebook</div>" in render_print_html(TEMPLATE, specimen_context(cjk_fonts()))


def test_the_chinese_font_is_embedded_as_a_subset():
    used = pdf_fonts(sample_pdf(letterhead=LETTERHEAD))

    chinese = [font for font in used if font.is_cjk]
    assert chinese, [font.name for font in used]
    assert all(font.embedded and font.subset for font in used), used


def test_a_subset_font_keeps_the_pdf_small():
    assert len(sample_pdf(letterhead=LETTERHEAD)) < 600_000


def test_the_watermark_is_on_every_page_of_a_three_page_document(test_templates):
    pages = pdf_pages(pages_pdf(sections=3, watermark="草稿 DRAFT"))

    assert len(pages) == 3
    assert all("草稿" in page and "DRAFT" in page for page in pages)


def test_no_watermark_is_printed_unless_asked_for(test_templates):
    assert "草稿" not in pdf_text(pages_pdf(sections=1))


def test_pages_are_numbered_in_chinese_by_default(test_templates):
    with translation.override("zh-hans"):
        pages = pdf_pages(pages_pdf(sections=3))
        label = translation.gettext("Page %(n)s of %(total)s")  # the pagination's own words

    assert "页" in label
    for number, page in enumerate(pages, start=1):
        assert label % {"n": number, "total": 3} in page  # 第 1 页，共 3 页


def test_pages_are_numbered_in_english_under_english(test_templates):
    with translation.override("en"):
        pages = pdf_pages(pages_pdf(sections=3))

    assert [f"Page {n} of 3" in page for n, page in enumerate(pages, start=1)] == [True] * 3


def test_an_english_pdf_has_english_labels_and_the_english_agency_name():
    text = pdf_text(sample_pdf("en", letterhead=LETTERHEAD))

    assert "Print test page" in text
    assert "Changsha Xingcheng Real Estate Marketing Co., Ltd." in text
    assert "Phone: 0731-8888 6666" in text
    assert "Fax: 0731-8888 6667" in text
    assert "Page 1 of " in text


def test_the_pdf_title_names_the_document_and_the_agency():
    title = pdf_title(sample_pdf("en", letterhead=LETTERHEAD))

    assert title == "Print test page · 长沙星城房地产营销策划有限公司"


def test_the_print_view_links_the_stylesheet_and_shows_no_app_chrome_or_font_paths():
    with translation.override("en"):
        html = render_print_html(
            TEMPLATE, {**specimen_context(cjk_fonts()), "letterhead": LETTERHEAD}
        )

    assert 'href="/static/documents/print.css"' in html
    assert "data-print" in html and "documents/print.js" in html
    assert "<nav" not in html
    assert "@font-face" not in html and "file://" not in html
    assert '"Page " counter(page) " of " counter(pages)' in html


def test_the_print_view_can_carry_a_watermark_and_a_csp_nonce():
    html = render_print_html(
        TEMPLATE,
        {**specimen_context(cjk_fonts()), "letterhead": LETTERHEAD, "csp_nonce": "n0nce"},
        watermark="样稿",
    )

    assert '<div class="watermark" aria-hidden="true">样稿</div>' in html
    assert 'nonce="n0nce"' in html


def test_a_missing_font_raises_font_missing_naming_the_package_to_install(
    monkeypatch, fresh_font_lookup
):
    monkeypatch.setattr(fonts, "packaged_font", lambda filename: None)
    monkeypatch.setattr(fonts, "system_font", lambda family, *, bold: None)

    with pytest.raises(FontMissing, match="pip install pylopdf-fonts-zh-cn"):
        render_pdf(TEMPLATE, {"letterhead": LETTERHEAD})


def test_the_packaged_font_alone_is_enough(monkeypatch, fresh_font_lookup):
    monkeypatch.setattr(fonts, "system_font", lambda family, *, bold: None)

    found = cjk_fonts()

    assert found.sans is not None and found.sans.name == "NotoSansSC-Regular.otf"
    assert not found.has_bold


def test_system_fonts_are_what_fontconfig_lists_even_if_a_known_path_exists(monkeypatch):
    def fc_list_finds_nothing(*args, **kwargs):
        return subprocess.CompletedProcess(args, 0, stdout="", stderr="")

    monkeypatch.setattr(fonts.subprocess, "run", fc_list_finds_nothing)
    monkeypatch.setattr(fonts, "_known_path", lambda family, *, bold: Path("/fonts/x.ttc"))

    assert fonts.system_font("Noto Sans CJK SC", bold=True) is None


def test_known_font_paths_are_used_where_fc_list_is_not_installed(monkeypatch, tmp_path):
    def no_fc_list(*args, **kwargs):
        raise FileNotFoundError("fc-list")

    (tmp_path / "NotoSansCJK-Bold.ttc").write_bytes(b"")
    monkeypatch.setattr(fonts.subprocess, "run", no_fc_list)
    monkeypatch.setattr(fonts, "KNOWN_SYSTEM_DIRS", (tmp_path / "missing", tmp_path))

    assert fonts.system_font("Noto Sans CJK SC", bold=True) == tmp_path / "NotoSansCJK-Bold.ttc"


def test_the_font_lookup_is_cached():
    assert cjk_fonts() is cjk_fonts()


def test_a_pdf_loads_static_files_but_nothing_from_the_network():
    fetcher = LocalFetcher(frozenset())

    with pytest.raises(ValueError, match="not a static file"):
        fetcher.fetch("https://example.com/logo.png")
    with pytest.raises(ValueError, match="not a static file"):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch("https://servicebook.invalid/static/documents/print.css")
    assert b"@page" in response.read()
    response.close()


def test_css_strings_are_escaped_so_a_translation_cannot_break_the_style_element():
    assert css_string('第 "1" 页</style>') == '"第 \\22 1\\22  页\\3c /style\\3e "'


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_reports_the_chinese_font_embedded(tmp_path):
    path = tmp_path / "test-page.pdf"
    path.write_bytes(sample_pdf(letterhead=LETTERHEAD))

    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    chinese = [line for line in listing if "CJK" in line or "Noto-Sans-SC" in line]
    assert chinese, listing
    assert all(line.split()[-5:-3] == ["yes", "yes"] for line in chinese), listing  # emb, sub


NO_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""
RENDER_IN_A_BARE_PROCESS = """
import sys, django
django.setup()
from servicebook.documents.pdf import Letterhead, render_pdf
from servicebook.documents.fonts import cjk_fonts
from servicebook.documents.specimen import TEMPLATE, specimen_context
context = {**specimen_context(cjk_fonts()), "letterhead": Letterhead(name_zh="长沙星城")}
sys.stdout.buffer.write(render_pdf(TEMPLATE, context))
"""


def test_a_machine_without_any_system_font_prints_chinese_in_the_packaged_font(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(NO_SYSTEM_FONTS.format(cache=tmp_path / "cache"))
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "SERVICEBOOK_VAR_DIR": str(tmp_path),
        "PYTHONWARNINGS": "ignore",
    }
    result = subprocess.run(
        [sys.executable, "-c", RENDER_IN_A_BARE_PROCESS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()

    used = pdf_fonts(result.stdout)
    assert used and all(font.name.split("+")[1].startswith("SB-Noto-") for font in used), used
    assert all(font.embedded and font.subset for font in used)
    assert "长沙星城" in pdf_text(result.stdout) and "客户服务周志" in pdf_text(result.stdout)


def test_render_time_is_reported_for_a_two_page_document(test_templates):
    pages_pdf(sections=1)  # warm up: the font configuration is made once per process
    started = time.perf_counter()
    pdf = pages_pdf(sections=2)
    seconds = time.perf_counter() - started

    print(f"\n2-page PDF: {seconds:.2f} s, {seconds / pdf_page_count(pdf):.2f} s per page")
    assert pdf_page_count(pdf) == 2  # timings are printed, never asserted


def test_a_pdf_response_names_the_file_in_chinese_and_is_not_cached():
    response = pdf_response(b"%PDF-1.7", "报价单-BJ-2026-0001.pdf", as_attachment=True)

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E6%8A%A5%E4%BB%B7%E5%8D%95-BJ-2026-0001.pdf"
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_letterhead_context_reads_the_agency_settings():
    AgencySettings.objects.update_or_create(
        pk=1, defaults={"name_zh": " 长沙星城 ", "name_en": "Xingcheng", "phone": "073188886666"}
    )

    letterhead = letterhead_context()["letterhead"]

    assert (letterhead.name, letterhead.second_name) == ("长沙星城", "Xingcheng")
    assert letterhead.phone == "073188886666"
