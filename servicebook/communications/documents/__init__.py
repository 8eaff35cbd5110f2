"""The printable forms (SPEC §13): for each ``DocumentKind``, its template and its content.

One registry serves the print views, the PDFs made in the request, and the copies the
worker renders (``services.documents.document_render``): ``FORMS[kind]`` names the template
under ``communications/print/``, loads the record by id with what the template needs, and
builds the template's context in the active language. ``render_document`` renders a record
as a PDF in a given language, whatever the language of the person asking.

The client register is not a record but a filtered list: ``register_context`` builds its
context from the client list's own selector, and it is printed in the request only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from servicebook.communications.documents.contexts import (
    Figure,
    LogSection,
    RegisterFilter,
    UrgencyBox,
    fax_context,
    letter_context,
    load_fax,
    load_letter,
    load_log,
    load_plan,
    log_context,
    log_reference,
    plan_context,
    register_context,
    register_params,
    urgency_boxes,
)
from servicebook.communications.documents.plan_excel import XLSX_CONTENT_TYPE, plan_workbook
from servicebook.communications.models import DocumentKind, LogKind, ServiceLog
from servicebook.core.errors import DomainError
from servicebook.documents.pdf import RenderedPdf, render_pdf_pages, render_print_html
from servicebook.projects.models import Project

PRINT_TEMPLATES = "communications/print/"


@dataclass(frozen=True)
class PrintableForm:
    """One form: its template, how to load its record, its context, title and file name."""

    kind: str
    template: str
    load: Callable[[int], Any]
    context: Callable[[Any], dict[str, Any]]
    reference: Callable[[Any], str]  # the record's number or period, in the file name
    project: Callable[[Any], Project | None]

    @property
    def label(self) -> str:
        """The form's name in the active language ("项目计划书")."""
        return str(DocumentKind(self.kind).label)

    def title(self, record: Any) -> str:
        """The document's title in the active language: the form and its reference."""
        return f"{self.label} {self.reference(record)}"

    def file_name(self, record: Any) -> str:
        """The download name in the active language (``项目计划书 XM-2026-0001.pdf``)."""
        return f"{self.title(record)}.pdf"


FORMS: dict[str, PrintableForm] = {
    DocumentKind.PLAN: PrintableForm(
        DocumentKind.PLAN,
        PRINT_TEMPLATES + "plan.html",
        load_plan,
        plan_context,
        lambda plan: plan.project.code,
        lambda plan: plan.project,
    ),
    DocumentKind.WEEKLY_LOG: PrintableForm(
        DocumentKind.WEEKLY_LOG,
        PRINT_TEMPLATES + "service_log.html",
        load_log,
        log_context,
        lambda log: f"{log.project.code} {log_reference(log)}",
        lambda log: log.project,
    ),
    DocumentKind.MONTHLY_LOG: PrintableForm(
        DocumentKind.MONTHLY_LOG,
        PRINT_TEMPLATES + "service_log.html",
        load_log,
        log_context,
        lambda log: f"{log.project.code} {log_reference(log)}",
        lambda log: log.project,
    ),
    DocumentKind.FAX_SHEET: PrintableForm(
        DocumentKind.FAX_SHEET,
        PRINT_TEMPLATES + "fax_sheet.html",
        load_fax,
        fax_context,
        lambda fax: fax.number,
        lambda fax: fax.project,
    ),
    DocumentKind.LETTER: PrintableForm(
        DocumentKind.LETTER,
        PRINT_TEMPLATES + "letter.html",
        load_letter,
        letter_context,
        lambda letter: letter.number or f"{letter.project.code} #{letter.pk}",
        lambda letter: letter.project,
    ),
}
REGISTER_TEMPLATE = PRINT_TEMPLATES + "register.html"


def printable(kind: str) -> PrintableForm:
    """The form of ``kind``; a kind without a printable record is refused."""
    try:
        return FORMS[kind]
    except KeyError:
        raise DomainError(gettext("This form cannot be issued as a document.")) from None


def log_kind(log: ServiceLog) -> str:
    """The document kind of a service log."""
    return DocumentKind.MONTHLY_LOG if log.kind == LogKind.MONTHLY else DocumentKind.WEEKLY_LOG


def render_document_pages(kind: str, record: Any, language: str) -> RenderedPdf:
    """The record's form as a PDF in ``language``, with its page count."""
    form = printable(kind)
    with translation.override(language):
        context = form.context(record)
        return render_pdf_pages(
            form.template, context, watermark=context.get("document_watermark") or None
        )


def render_register_pdf(user: Any, params: Any, language: str) -> bytes:
    """The client register as filtered by ``params``, as a PDF in ``language``."""
    with translation.override(language):
        return render_pdf_pages(REGISTER_TEMPLATE, register_context(user, params)).content


def render_register_html(
    user: Any, params: Any, language: str, extra: dict[str, Any] | None = None
) -> str:
    """The client register as filtered by ``params``, as the print view in ``language``."""
    with translation.override(language):
        context = {**register_context(user, params), **(extra or {})}
        return render_print_html(REGISTER_TEMPLATE, context)


def render_document(kind: str, record: Any, language: str) -> bytes:
    """The record's form as a PDF in ``language`` (the Chinese text in an embedded font)."""
    return render_document_pages(kind, record, language).content


def render_document_html(
    kind: str, record: Any, language: str, extra: dict[str, Any] | None = None
) -> str:
    """The record's form as the browser's print view in ``language``; ``extra`` for the
    toolbar (links, the CSRF token)."""
    form = printable(kind)
    with translation.override(language):
        context = {**form.context(record), **(extra or {})}
        return render_print_html(
            form.template, context, watermark=context.get("document_watermark") or None
        )


__all__ = [
    "FORMS",
    "REGISTER_TEMPLATE",
    "XLSX_CONTENT_TYPE",
    "Figure",
    "LogSection",
    "PrintableForm",
    "RegisterFilter",
    "UrgencyBox",
    "log_kind",
    "plan_workbook",
    "printable",
    "register_context",
    "register_params",
    "render_document",
    "render_document_html",
    "render_document_pages",
    "render_register_html",
    "render_register_pdf",
    "urgency_boxes",
]
