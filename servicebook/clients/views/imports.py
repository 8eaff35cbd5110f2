"""Client register import (.xlsx): upload, a row-by-row preview, then import once or discard."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from servicebook.accounts.models import User
from servicebook.catalog.models import ServiceLine
from servicebook.clients import excel, services
from servicebook.clients.choices import ClientStatus, ClientType
from servicebook.clients.models import ClientImport, ImportStatus, InformationSource
from servicebook.clients.services.imports import ImportRow, import_sample
from servicebook.clients.views.exports import attachment_header
from servicebook.core.errors import DomainError
from servicebook.core.forms import add_domain_error
from servicebook.core.phones import format_phone

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SHOWN_ISSUES = 500


class ImportUploadForm(forms.Form):
    """The register file to import."""

    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{excel.XLSX_CONTENT_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 20 MB."))
        return upload


def import_upload(request: HttpRequest) -> HttpResponse:
    """Explain the columns and take a file; a readable file goes on to its preview."""
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ImportUploadForm(*data)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            client_import = services.import_preview(
                actor=request.user,  # type: ignore[arg-type]
                filename=upload.name,
                content=upload.read(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("clients:import_preview", pk=client_import.pk)
    context = {"form": form, "columns": _column_guide(request.user)}  # type: ignore[arg-type]
    return render(request, "clients/import_upload.html", context)


def import_template(request: HttpRequest) -> HttpResponse:
    """The empty register (header row only) to fill in and import."""
    response = HttpResponse(excel.build_template(), content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(
        "客户档案登记本-导入模板.xlsx", "client-register-template.xlsx"
    )
    return response


def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploader's report of a file: counts, issues, a sample; import it or discard it."""
    user: User = request.user  # type: ignore[assignment]
    client_import = get_object_or_404(ClientImport.objects.filter(uploaded_by=user), pk=pk)
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


def _decide(request: HttpRequest, client_import: ClientImport) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "confirm":
            count = services.import_confirm(actor=request.user, client_import=client_import)  # type: ignore[arg-type]
            text = ngettext("Imported %(count)d client.", "Imported %(count)d clients.", count)
            messages.success(request, text % {"count": count})
            return redirect("clients:list")
        if action == "discard":
            services.import_discard(actor=request.user, client_import=client_import)  # type: ignore[arg-type]
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


_HELP = {
    "registration_no": gettext_lazy("Ignored: each imported client gets a new number."),
    "registered_on": gettext_lazy("YYYY-MM-DD or an Excel date; blank means today."),
    "legal_name": gettext_lazy("A company twice in the file is refused the second time."),
    "department": gettext_lazy("Managers only; blank routes the client by its type."),
    "owner": gettext_lazy("Managers only: a username or full name. Others own what they import."),
    "intent": gettext_lazy("Blank means Medium."),
    "status": gettext_lazy("Blank means Registered."),
    "contact_name": gettext_lazy("The primary contact."),
    "mobile": gettext_lazy("e.g. 138 0013 8000"),
    "phone": gettext_lazy("e.g. 0731-8888 6666"),
    "site_area": gettext_lazy("A number, not negative."),
    "floor_area": gettext_lazy("A number, not negative."),
    "services": gettext_lazy("Separate several with 、 , ; or new lines."),
}


def _column_guide(user: User) -> list[dict[str, Any]]:
    """Each column with its headers in both languages and what it accepts."""
    named = {
        "information_source": InformationSource.objects.filter(is_active=True),
        "services": ServiceLine.objects.filter(is_active=True),
    }
    guide = []
    for column in excel.COLUMNS:
        values = [label for _code, label in column.choices.choices] if column.choices else []
        values += [record.name for record in named.get(column.key, [])]
        headers = dict.fromkeys(excel.bilingual(column.label)[1:])
        guide.append(
            {
                "headers": list(headers),
                "required": column.required,
                "help": _HELP.get(column.key, ""),
                "values": values,
                "ignored": column.key in {"owner", "department"} and not user.is_manager,
            }
        )
    return guide
