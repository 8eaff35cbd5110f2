"""Client register export (.xlsx): the list as filtered on screen, as a workbook."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from servicebook.accounts.http import AuthenticatedRequest
from servicebook.clients import excel, selectors

EXPORT_CHUNK = 2000


def client_export(request: AuthenticatedRequest) -> HttpResponse:
    """The clients of the list page with the same search, filters and sort, as .xlsx."""
    clients = selectors.client_export_list(request.user, request.GET)
    content = excel.build_register(clients.iterator(chunk_size=EXPORT_CHUNK))
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    today = timezone.localdate()
    response["Content-Disposition"] = attachment_header(
        f"客户档案登记本-{today:%Y-%m-%d}.xlsx", f"client-register-{today:%Y-%m-%d}.xlsx"
    )
    return response


def attachment_header(filename: str, fallback: str) -> str:
    """An RFC 6266/5987 attachment header: the UTF-8 file name, with an ASCII fallback."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
