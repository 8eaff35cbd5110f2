"""Client register export (.xlsx): the list as filtered on screen, as a workbook."""

from __future__ import annotations

from urllib.parse import quote

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from servicebook.clients import excel, selectors
from servicebook.clients.models import Client, Contact

EXPORT_CHUNK = 2000


def client_export(request: HttpRequest) -> HttpResponse:
    """The clients of the list page with the same search, filters and sort, as .xlsx."""
    clients = _with_export_data(selectors.client_list(request.user, request.GET))  # type: ignore[arg-type]
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


def _with_export_data(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Every column of the register in a fixed number of queries per chunk of clients."""
    return clients.prefetch_related(None).prefetch_related(
        Prefetch(
            "contacts",
            queryset=Contact.objects.filter(is_primary=True),
            to_attr="primary_contacts",
        ),
        "properties",
        "services",
    )
