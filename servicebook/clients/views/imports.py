"""Client register import (.xlsx): upload, a row-by-row preview, then import once or discard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.accounts.models import User
from servicebook.clients import excel, selectors, services
from servicebook.clients.choices import ClientStatus, ClientType
from servicebook.clients.forms import ImportUploadForm
from servicebook.clients.models import ClientImport, ImportStatus
from servicebook.clients.services.imports import ImportRow, import_sample
from servicebook.clients.views.exports import attachment_header
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.phones import format_phone

SHOWN_ISSUES = 500


def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    """Explain the columns and take a file; a readable file goes on to its preview."""
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ImportUploadForm(*data)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            client_import = services.import_preview(
                actor=request.user,
                filename=upload.name,
                content=upload.read(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("clients:import_preview", pk=client_import.pk)
    context = {"form": form, "columns": excel.column_guide(request.user.is_manager)}
    return render(request, "clients/import_upload.html", context)


def import_template(request: AuthenticatedRequest) -> HttpResponse:
    """The empty register (header row only) to fill in and import."""
    response = HttpResponse(excel.build_template(), content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(
        "客户档案登记本-导入模板.xlsx", "client-register-template.xlsx"
    )
    return response


def import_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The uploader's report of a file: counts, issues, a sample; import it or discard it."""
    user = request.user
    client_import = selectors.client_import_for(user, pk)
    if request.method == "POST":
        return _decide(request, client_import)
    issues: list[dict[str, Any]] = client_import.errors
    errors = [i for i in issues if i.get("level", "error") == "error"]
    warnings = [i for i in issues if i.get("level") == "warning"]
    context = {
        "upload": client_import,
        "is_previewed": client_import.status == ImportStatus.PREVIEWED,
        "error_rows": client_import.total_rows - client_import.valid_rows,
        "warning_rows": len({i["row"] for i in warnings}),
        "errors": errors[:SHOWN_ISSUES],
        "errors_hidden": max(len(errors) - SHOWN_ISSUES, 0),
        "warnings": warnings[:SHOWN_ISSUES],
        "warnings_hidden": max(len(warnings) - SHOWN_ISSUES, 0),
        "sample": [_sample_row(row) for row in _sample(user, client_import)],
        "show_owner": user.is_manager,
    }
    return render(request, "clients/import_preview.html", context)


def _decide(request: AuthenticatedRequest, client_import: ClientImport) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "confirm":
            count = services.import_confirm(actor=request.user, client_import=client_import)
            text = ngettext("Imported %(count)d client.", "Imported %(count)d clients.", count)
            messages.success(request, text % {"count": count})
            return redirect("clients:list")
        if action == "discard":
            services.import_discard(actor=request.user, client_import=client_import)
            messages.info(request, _("The file was discarded; nothing was imported."))
            return redirect("clients:import")
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("clients:import_preview", pk=client_import.pk)


def _sample(user: User, client_import: ClientImport) -> list[ImportRow]:
    try:
        return import_sample(actor=user, client_import=client_import)
    except DomainError:  # the stored file can no longer be read (e.g. the row limit changed)
        return []


def _sample_row(row: ImportRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "registered_on": row.registered_on,
        "legal_name": row.data.legal_name,
        "client_type": ClientType(row.data.client_type).label if row.data.client_type else "",
        "contact": row.contact.name,
        "mobile": format_phone(row.contact.mobile or row.contact.phone),
        "property": row.project.name if row.project else "",
        "status": ClientStatus(row.status).label,
        "owner": row.data.owner.display_name if row.data.owner else "",
    }
