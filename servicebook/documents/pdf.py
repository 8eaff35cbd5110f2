"""Printable forms: one Django template rendered for the browser's print view or as a PDF.

A form template extends ``documents/base_print.html`` and fills the blocks ``title`` and
``document``. ``render_print_html`` gives the page a print view serves (``window.print()``
prints it without app chrome); ``render_pdf`` lays the same page out with WeasyPrint, the
Chinese text set in an embedded subset of Noto Sans (see ``fonts`` and ADR 0005).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from servicebook.documents.fetcher import LOCAL_BASE_URL, LocalFetcher, stored_file_url
from servicebook.documents.fonts import CjkFonts, FontMissing, cjk_fonts
from servicebook.documents.letterhead import (
    Letterhead,
    current_letterhead,
    letterhead_context,
    logo_data_uri,
)
from servicebook.documents.styles import font_css, page_css, print_stylesheet

__all__ = [
    "FontMissing",
    "Letterhead",
    "Medium",
    "RenderedPdf",
    "current_letterhead",
    "document_context",
    "letterhead_context",
    "render_pdf",
    "render_pdf_pages",
    "render_print_html",
]

Medium = Literal["pdf", "browser"]

# Pango and fontconfig are not thread-safe: one layout at a time per process. The font
# configuration is reused, so the fonts are loaded once, not on every PDF.
_layout_lock = threading.Lock()


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    watermark: str | None = None,
    base_url: str | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` to an A4 PDF in the active language.

    ``watermark`` prints a large diagonal mark (e.g. "草稿") on every page. Relative and
    ``{% static %}`` URLs are read from disk (``base_url`` only changes how relative URLs
    resolve); nothing is fetched from the network. Raises ``FontMissing`` when no Chinese
    font is installed.
    """
    return render_pdf_pages(template_name, context, watermark=watermark, base_url=base_url).content


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF and how many pages it has (PDF files compress their page tree)."""

    content: bytes
    pages: int


def render_pdf_pages(
    template_name: str,
    context: dict[str, Any],
    *,
    watermark: str | None = None,
    base_url: str | None = None,
) -> RenderedPdf:
    """``render_pdf``, also telling the number of pages laid out."""
    fonts = cjk_fonts()
    full_context = document_context(context, medium="pdf", watermark=watermark, fonts=fonts)
    html = render_to_string(template_name, full_context)
    logo = getattr(full_context["letterhead"], "logo", "")
    with _layout_lock:
        document = HTML(
            string=html,
            base_url=base_url or LOCAL_BASE_URL,
            url_fetcher=LocalFetcher(_font_files(fonts), frozenset(filter(None, [logo]))),
        ).render(font_config=_font_configuration())
        pdf: bytes = document.write_pdf()
    return RenderedPdf(pdf, len(document.pages))


def render_print_html(
    template_name: str, context: dict[str, Any], *, watermark: str | None = None
) -> str:
    """Render ``template_name`` as the browser's print view: an A4 sheet and a print button."""
    return render_to_string(
        template_name, document_context(context, medium="browser", watermark=watermark)
    )


def document_context(
    context: dict[str, Any],
    *,
    medium: Medium,
    watermark: str | None = None,
    fonts: CjkFonts | None = None,
) -> dict[str, Any]:
    """``context`` plus what ``base_print.html`` needs (a given ``letterhead`` is kept).

    ``logo_src`` is where the letterhead's logo is read from: its stored-file URL in a PDF
    (``LocalFetcher`` reads the storage), inline data in the browser; "" without a logo.
    """
    letterhead = context.get("letterhead") or current_letterhead()
    return {
        **context,
        "letterhead": letterhead,
        "logo_src": _logo_src(letterhead, medium),
        "medium": medium,
        "watermark": watermark or "",
        "page_css": mark_safe(page_css()),  # generated, its strings CSS-escaped
        "pdf_css": _pdf_css(fonts) if fonts is not None else "",
    }


def _logo_src(letterhead: Letterhead, medium: Medium) -> str:
    logo = getattr(letterhead, "logo", "")
    if not logo:
        return ""
    return stored_file_url(logo) if medium == "pdf" else logo_data_uri(logo)


def _pdf_css(fonts: CjkFonts) -> SafeString:
    return mark_safe(f"{print_stylesheet()}\n{font_css(fonts)}")  # our own CSS


def _font_files(fonts: CjkFonts) -> frozenset[Path]:
    return frozenset(path for path in (fonts.sans, fonts.serif) if path is not None)


@functools.cache
def _font_configuration() -> FontConfiguration:
    return FontConfiguration()
