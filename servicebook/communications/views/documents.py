"""The printable forms' pages (SPEC §13): print views, PDFs, the plan in Excel, the client
register, and the copies issued.

Every record comes through ``visible_to`` (a hidden one is a 404). The document's language
is ``?lang=`` (zh-hans or en), independent of the language of the pages. A monthly log's
PDF is never laid out in the request: it is issued (``document_request``) and the page
"being prepared" polls until the worker has rendered it, then downloads it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.communications import documents as forms_registry
from servicebook.communications.models import (
    DocumentKind,
    DocumentStatus,
    IssuedDocument,
    LogKind,
    ServiceLog,
)
from servicebook.communications.selectors import documents as selectors
from servicebook.communications.services.documents import document_request, document_retry
from servicebook.core.errors import DomainError, PermissionDenied
from servicebook.documents.responses import pdf_response
from servicebook.projects.models import Plan, Project

LANGUAGE_NAMES = {"zh-hans": "中文", "en": "English"}

# ---------------------------------------------------------------- the project plan


def plan_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The plan as the client reads it, in the browser (``?lang=`` zh-hans or en)."""
    project, plan = _project_plan(request, pk)
    if plan is None:
        return _no_plan(request, project)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    toolbar = print_toolbar(
        request,
        language,
        pdf_url=reverse("communications:plan_pdf", args=[project.pk]),
        xlsx_url=reverse("communications:plan_xlsx", args=[project.pk]),
        issue_url=None if plan.is_draft else reverse("communications:plan_issue", args=[pk]),
        back_url=reverse("projects:plan", args=[project.pk]),
    )
    html = forms_registry.render_document_html(DocumentKind.PLAN, plan, language, toolbar)
    return HttpResponse(html)


def plan_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The plan as a PDF, made in the request (a plan is a few pages)."""
    project, plan = _project_plan(request, pk)
    if plan is None:
        return _no_plan(request, project)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    form = forms_registry.printable(DocumentKind.PLAN)
    pdf = forms_registry.render_document(DocumentKind.PLAN, plan, language)
    return pdf_response(pdf, _file_name(form, plan, language))


def plan_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The plan as an Excel workbook, its headers in the document language."""
    project, plan = _project_plan(request, pk)
    if plan is None:
        return _no_plan(request, project)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    content = forms_registry.plan_workbook(plan, language)
    response = HttpResponse(content, content_type=forms_registry.XLSX_CONTENT_TYPE)
    form = forms_registry.printable(DocumentKind.PLAN)
    name = _file_name(form, plan, language).removesuffix(".pdf") + ".xlsx"
    return _attachment(response, name)


@require_POST
def plan_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Keep a client copy of the plan as it reads now; on to the copy's page."""
    project, plan = _project_plan(request, pk)
    if plan is None:
        return _no_plan(request, project)
    back = reverse("communications:plan_print", args=[project.pk])
    return issue_copy(request, DocumentKind.PLAN, plan, back)


# ---------------------------------------------------------------- service logs


def log_print(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """A weekly or monthly service log in the browser (``?lang=``)."""
    log = selectors.project_log(request.user, pk, log_pk)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    kind = forms_registry.log_kind(log)
    toolbar = print_toolbar(
        request,
        language,
        pdf_url=reverse("communications:log_pdf", args=[pk, log.pk]),
        issue_url=reverse("communications:log_issue", args=[pk, log.pk]),
        back_url=reverse("communications:log", args=[pk, log.pk]),
    )
    return HttpResponse(forms_registry.render_document_html(kind, log, language, toolbar))


def letter_print(request: AuthenticatedRequest, pk: int, letter_pk: int) -> HttpResponse:
    """A consultation letter in the browser (``?lang=``); a draft carries the DRAFT mark."""
    letter = selectors.project_letter(request.user, pk, letter_pk)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    toolbar = print_toolbar(
        request,
        language,
        pdf_url=reverse("communications:letter_pdf", args=[pk, letter.pk]),
        back_url=reverse("communications:letter", args=[pk, letter.pk]),
    )
    return HttpResponse(
        forms_registry.render_document_html(DocumentKind.LETTER, letter, language, toolbar)
    )


def letter_pdf(request: AuthenticatedRequest, pk: int, letter_pk: int) -> HttpResponse:
    """A consultation letter as a PDF (one or two pages: made in the request)."""
    letter = selectors.project_letter(request.user, pk, letter_pk)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    pdf = forms_registry.render_document(DocumentKind.LETTER, letter, language)
    return pdf_response(
        pdf, _file_name(forms_registry.printable(DocumentKind.LETTER), letter, language)
    )


def log_pdf(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """A weekly log's PDF at once; a monthly log's through the worker.

    A monthly log is issued and the page "being prepared" follows it; asking again while
    the log is unchanged reuses the copy already made.
    """
    log = selectors.project_log(request.user, pk, log_pk)
    language = selectors.document_language(request.user, request.GET.get("lang"))
    kind = forms_registry.log_kind(log)
    if log.kind == LogKind.MONTHLY:
        return _monthly_pdf(request, log, language)
    pdf = forms_registry.render_document(kind, log, language)
    return pdf_response(pdf, _file_name(forms_registry.printable(kind), log, language))


@require_POST
def log_issue(request: AuthenticatedRequest, pk: int, log_pk: int) -> HttpResponse:
    """Keep a client copy of the log as it reads now; on to the copy's page."""
    log = selectors.project_log(request.user, pk, log_pk)
    back = reverse("communications:log_print", args=[pk, log.pk])
    return issue_copy(request, forms_registry.log_kind(log), log, back)


def _monthly_pdf(request: AuthenticatedRequest, log: ServiceLog, language: str) -> HttpResponse:
    kind = forms_registry.log_kind(log)
    fresh = selectors.fresh_copy(request.user, kind, log.pk, language, log.updated_at)
    if fresh is not None:
        return redirect("communications:issued_document", fresh.pk)
    back = reverse("communications:log", args=[log.project_id, log.pk])
    return issue_copy(request, kind, log, back, language=language, announce=False)


# ---------------------------------------------------------------- the client register


def register_print(request: AuthenticatedRequest) -> HttpResponse:
    """The client register as filtered on the client list (same parameters), landscape."""
    language = selectors.document_language(request.user, request.GET.get("lang"))
    params = forms_registry.register_params(request.GET)
    query = _query(params)
    toolbar = print_toolbar(
        request,
        language,
        pdf_url=reverse("communications:register_pdf") + query,
        xlsx_url=reverse("clients:export") + query,
        back_url=reverse("clients:list") + query,
    )
    html = forms_registry.render_register_html(request.user, params, language, toolbar)
    return HttpResponse(html)


def register_pdf(request: AuthenticatedRequest) -> HttpResponse:
    """The client register as a PDF (at most ``REGISTER_LIMIT`` rows; Excel has them all)."""
    language = selectors.document_language(request.user, request.GET.get("lang"))
    pdf = forms_registry.render_register_pdf(request.user, request.GET, language)
    name = f"{gettext('Client register')} {timezone.localdate():%Y-%m-%d}.pdf"
    return pdf_response(pdf, name)


# ---------------------------------------------------------------- issued copies


def issued_document(request: AuthenticatedRequest, doc_pk: int) -> HttpResponse:
    """One issued copy: being prepared (the page polls), ready to download, or failed."""
    document = selectors.issued_document(request.user, doc_pk)
    context = {"document": document, "back_url": _record_url(document)}
    if request.htmx:
        return render(request, "communications/document.html#status", context)
    return render(request, "communications/document.html", context)


def issued_download(request: AuthenticatedRequest, doc_pk: int) -> HttpResponse:
    """The copy's stored bytes, the same on every download; not ready yet → its page."""
    document = selectors.issued_document(request.user, doc_pk)
    if document.status != DocumentStatus.READY:
        return redirect("communications:issued_document", document.pk)
    with document.file.open("rb") as stored:
        content = stored.read()
    return pdf_response(content, document.file_name, as_attachment=True)


@require_POST
def issued_retry(request: AuthenticatedRequest, doc_pk: int) -> HttpResponse:
    """Render a failed copy again."""
    document = selectors.issued_document(request.user, doc_pk)
    try:
        document_retry(actor=request.user, document=document)
    except PermissionDenied as error:
        raise Forbidden(str(error.message)) from error
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("communications:issued_document", document.pk)


def project_documents(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The project's forms to print (plan, logs, fax sheets) and the copies issued."""
    project = selectors.documents_project(request.user, pk)
    context = {"project": project, "docs": selectors.project_documents(project)}
    return render(request, "communications/documents.html", context)


# ---------------------------------------------------------------- shared


def issue_copy(
    request: AuthenticatedRequest,
    kind: str,
    record: Any,
    back_url: str,
    *,
    language: str | None = None,
    announce: bool = True,
) -> HttpResponse:
    """Issue ``record``'s form (``lang`` from the form) and go to the copy's page."""
    language = language or selectors.document_language(request.user, request.POST.get("lang"))
    try:
        document = document_request(actor=request.user, kind=kind, record=record, language=language)
    except PermissionDenied as error:
        raise Forbidden(str(error.message)) from error
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(back_url)
    if announce:
        messages.success(request, gettext("A client copy is being prepared; it is kept as is."))
    return redirect("communications:issued_document", document.pk)


def print_toolbar(
    request: AuthenticatedRequest,
    language: str,
    *,
    pdf_url: str,
    back_url: str,
    issue_url: str | None = None,
    xlsx_url: str | None = None,
) -> dict[str, Any]:
    """The print view's toolbar: languages, PDF (and Excel) in that language, issue, back."""
    lang = f"lang={language}"
    return {
        "toolbar": {
            "language": language,
            "languages": [
                {
                    "code": code,
                    "name": LANGUAGE_NAMES.get(code, code),
                    "active": code == language,
                    "url": _with_lang(request, code),
                }
                for code, _name in settings.LANGUAGES
            ],
            "pdf_url": f"{pdf_url}{'&' if '?' in pdf_url else '?'}{lang}",
            "xlsx_url": f"{xlsx_url}{'&' if '?' in xlsx_url else '?'}{lang}" if xlsx_url else "",
            "issue_url": issue_url or "",
            "back_url": back_url,
        },
        "csrf_token": get_token(request),
    }


def _project_plan(request: AuthenticatedRequest, pk: int) -> tuple[Project, Plan | None]:
    project = selectors.documents_project(request.user, pk)
    return project, selectors.project_plan(project)


def _no_plan(request: AuthenticatedRequest, project: Project) -> HttpResponse:
    messages.info(request, gettext("This project has no plan to print yet."))
    return redirect("projects:plan", project.pk)


def _file_name(form: forms_registry.PrintableForm, record: Any, language: str) -> str:
    with translation.override(language):
        return form.file_name(record)


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    if disposition := content_disposition_header(True, name):
        response["Content-Disposition"] = disposition
    return response


def _with_lang(request: AuthenticatedRequest, code: str) -> str:
    params = request.GET.copy()
    params["lang"] = code
    return f"{request.path}?{params.urlencode()}"


def _query(params: dict[str, str]) -> str:
    return f"?{urlencode(params)}" if params else ""


def _record_url(document: IssuedDocument) -> str:
    """Where the copy's form lives: the print view of its record, else the project's
    documents, else the fax list."""
    kind, object_id, project_id = document.kind, document.object_id, document.project_id
    if kind == DocumentKind.FAX_SHEET and object_id:
        return reverse("communications:fax_sheet", args=[object_id])
    if kind == DocumentKind.PLAN and project_id:
        return reverse("communications:plan_print", args=[project_id])
    if kind in (DocumentKind.WEEKLY_LOG, DocumentKind.MONTHLY_LOG) and project_id and object_id:
        return reverse("communications:log", args=[project_id, object_id])
    if project_id:
        return reverse("communications:project_documents", args=[project_id])
    return reverse("communications:fax_list")
